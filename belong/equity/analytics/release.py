"""``compute_release``: every statistic of one pipeline, protected and ready to freeze.

The Django layer reads its tables into two Polars frames (the contract below),
builds a :class:`ReleaseSpec` and calls :func:`compute_release`. The
:class:`ReleaseResult` holds only aggregates with group labels: no person id,
no list of people. ``ReleaseResult.to_dict()`` is JSON-serialisable and
deterministic, so it can be frozen, compared and rendered later.

Input frames
------------
``people``: ``person_id: Int64``, ``race: List(String)`` (minimum categories,
``["prefer_not"]``, or empty/null = not answered), ``citizenship`` and one
String column per single-choice dimension (code, ``"prefer_not"`` or null).

``events``: ``person_id: Int64``, ``pipeline``, ``stage``, ``year: Int32``,
``unit``, and optionally ``date: Date`` (for time-to-event).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from belong.privacy import DEFAULT_K
from belong.publishing.frames import frame_from_records, frame_records

from . import stats, words
from .benchmarks import CENSUS_2020_US, Benchmark
from .counting import Counts, count_pipeline
from .disclosure import Hidden, population_filters, protect
from .groupings import Grouping, default_groupings, encode_people
from .pipelines import DEFAULT_PIPELINES, Pipeline

__all__ = ["ReleaseResult", "ReleaseSpec", "compute_release"]

FOUR_FIFTHS = 0.8
MIN_TREND_POINTS = 3
FISHER_EXPECTED_BELOW = 5.0


@dataclass(frozen=True)
class ReleaseSpec:
    """What a release computes.

    Parameters
    ----------
    pipeline : Pipeline
        The pipeline definition (see :mod:`.pipelines`).
    years : tuple of int, optional
        Years to report; default every year present in the events.
    units : tuple of str, optional
        Unit codes pooled into this release; default all. A per-unit breakdown
        is one release per unit, checked against the pooled release by the
        differencing guard (:meth:`ReleaseResult.published_cells`).
    groupings : tuple of Grouping
        Reporting tables; default :func:`.groupings.default_groupings`.
    benchmarks : tuple of Benchmark
        Reference distributions; each applies to the table named by its scheme.
    reference : mapping grouping code -> group code
        Reference group for selection ratios and survival; default the largest
        group. A group with fewer than ``k`` people, or a "prefer not"/"not
        answered"/"unknown" row, is never the reference.
    k : int
        Small-cell threshold.
    correction : {"holm", "fdr_bh", "none"}
        Multiple-comparison correction across every test of the release.
    alpha : float
        Significance level after correction.
    as_of : date, optional
        End of follow-up for time-to-event; default the latest event date.
    """

    pipeline: Pipeline
    years: tuple[int, ...] | None = None
    units: tuple[str, ...] | None = None
    groupings: tuple[Grouping, ...] = field(default_factory=default_groupings)
    benchmarks: tuple[Benchmark, ...] = (CENSUS_2020_US,)
    reference: Mapping[str, str] = field(default_factory=dict)
    k: int = DEFAULT_K
    correction: str = "holm"
    alpha: float = 0.05
    as_of: dt.date | None = None

    def __post_init__(self) -> None:
        if self.correction not in stats.CORRECTION_METHODS:
            raise ValueError(f"correction must be one of {', '.join(stats.CORRECTION_METHODS)}")
        if not 0 < self.alpha < 1:
            raise ValueError("alpha must be between 0 and 1")
        if isinstance(self.k, bool) or not isinstance(self.k, int) or self.k < 1:
            raise ValueError("k must be a whole number, at least 1")
        codes = {g.code: g for g in self.groupings}
        for table, group in self.reference.items():
            if table not in codes or group not in codes[table].groups:
                raise ValueError(f"reference {table}={group}: no such table or group")

    @classmethod
    def for_pipeline(cls, code: str, **kwargs: Any) -> ReleaseSpec:
        """Spec for one of the default pipelines."""
        return cls(pipeline=DEFAULT_PIPELINES[code], **kwargs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "pipeline": self.pipeline.to_dict(),
            "years": None if self.years is None else list(self.years),
            "units": None if self.units is None else list(self.units),
            "groupings": [g.to_dict() for g in self.groupings],
            "benchmarks": [b.to_dict() for b in self.benchmarks],
            "reference": dict(sorted(self.reference.items())),
            "k": self.k,
            "correction": self.correction,
            "correction_label": stats.CORRECTION_METHODS[self.correction],
            "alpha": self.alpha,
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
        }


@dataclass
class ReleaseResult:
    """Every table of a release, after suppression. Suppressed values are null.

    Frames (one row per cell; ``suppressed`` True means show "—"):

    ``cells``            people per stage, year and group, share of the stage, 95% CI
    ``representation``   share among the benchmark's universe vs the benchmark
    ``transitions``      rate from one stage to another per group, 95% CI
    ``selection``        each group's rate / the reference group's rate, tests
    ``trends``           Cochran-Armitage trend of shares and rates across years
    ``survival``         Kaplan-Meier curve per group at whole years
    ``survival_tests``   log-rank test of each group against the reference
    """

    parameters: dict[str, Any]
    cells: pl.DataFrame
    representation: pl.DataFrame
    transitions: pl.DataFrame
    selection: pl.DataFrame
    trends: pl.DataFrame
    survival: pl.DataFrame
    survival_tests: pl.DataFrame
    findings: list[dict[str, Any]]
    summary: dict[str, Any]
    groupings: tuple[Grouping, ...] = ()

    FRAMES = (
        "cells",
        "representation",
        "transitions",
        "selection",
        "trends",
        "survival",
        "survival_tests",
    )

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable, deterministic form (floats rounded to 10 significant digits)."""
        return {
            "parameters": self.parameters,
            "summary": self.summary,
            "findings": self.findings,
            **{name: frame_records(getattr(self, name)) for name in self.FRAMES},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReleaseResult:
        """Rebuild a result from :meth:`to_dict` (e.g. a frozen release's JSON)."""
        parameters = dict(data["parameters"])
        return cls(
            parameters=parameters,
            summary=dict(data.get("summary", {})),
            findings=list(data.get("findings", [])),
            groupings=tuple(Grouping.from_dict(g) for g in parameters["groupings"]),
            **{name: frame_from_records(data.get(name) or {}) for name in cls.FRAMES},
        )

    def published_cells(self, release: Any = None) -> list[Any]:
        """Published counts as :class:`belong.privacy.PublishedCell` for the differencing guard.

        Populations are described by filters: ``year``, ``unit`` (when the
        release is restricted to units) and the table's dimensions.
        """
        from belong.privacy import PublishedCell

        pipeline = self.parameters["pipeline"]["code"]
        units = self.parameters["units"]
        filters_of = population_filters(self.groupings)
        index = {
            code: {g: i for i, g in enumerate(grp.groups)}
            for code, grp in ((g.code, g) for g in self.groupings)
        }
        out = []
        rows = self.cells.filter(~pl.col("suppressed")).select(
            "stage", "year", "table", "group", "count"
        )
        for stage, year, table, group, count in rows.iter_rows():
            filters: dict[str, Any] = {"year": frozenset({year})}
            if units is not None:
                filters["unit"] = frozenset(units)
            if table != "all":
                filters.update(filters_of[table][index[table][group]])
            out.append(
                PublishedCell(
                    scope=(pipeline, stage),
                    filters=filters,
                    count=count,
                    release=release,
                    key=(stage, year, table, group),
                )
            )
        # Transitions whose advanced people are not a stage's people are new
        # counts: one scope per transition, the source stage's year as cohort.
        own = set(self.summary.get("transitions_with_own_counts", []))
        adv = self.transitions.filter(
            ~pl.col("suppressed")
            & pl.col("advanced").is_not_null()
            & (pl.concat_str("source", pl.lit(">"), "target").is_in(list(own)))
        ).select("source", "target", "year", "table", "group", "advanced")
        for source, target, year, table, group, count in adv.iter_rows():
            filters = {"year": frozenset({year})}
            if units is not None:
                filters["unit"] = frozenset(units)
            filters.update(filters_of[table][index[table][group]])
            subject = f"{source}>{target}"
            out.append(
                PublishedCell(
                    scope=(pipeline, subject),
                    filters=filters,
                    count=count,
                    release=release,
                    key=(subject, year, table, group),
                )
            )
        return out


# --- helpers ------------------------------------------------------------------------------


def _reference_index(
    grouping: Grouping, sizes: np.ndarray, usable: np.ndarray, k: int, chosen: str | None
) -> np.ndarray:
    """Reference row per leading index (…, G) -> (…): -1 where none qualifies."""
    special = np.asarray(grouping.special)
    eligible = usable & ~special & (sizes >= k)
    if chosen is not None:
        j = grouping.groups.index(chosen)
        return np.where(eligible[..., j], j, -1)
    masked = np.where(eligible, sizes, -1)
    ref = masked.argmax(axis=-1)
    return np.where(masked.max(axis=-1) >= 0, ref, -1)


def _labels(grouping: Grouping) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (
        np.asarray(grouping.groups, dtype=object),
        np.asarray(grouping.labels, dtype=object),
        np.asarray(grouping.special, dtype=bool),
    )


def _opt_int(values: np.ndarray, hidden: np.ndarray) -> pl.Series:
    return (
        pl.Series(values=np.asarray(values, dtype=np.int64)).set(
            pl.Series(values=np.asarray(hidden, dtype=bool)), None
        )
        if hidden.any()
        else pl.Series(values=np.asarray(values, dtype=np.int64))
    )


def _opt_bool(values: np.ndarray, hidden: np.ndarray) -> pl.Series:
    series = pl.Series(values=np.asarray(values, dtype=bool))
    return (
        series.set(pl.Series(values=np.asarray(hidden, dtype=bool)), None)
        if hidden.any()
        else series
    )


def _opt_float(values: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    return np.where(hidden, np.nan, values)


# --- main ---------------------------------------------------------------------------------


def compute_release(people: pl.DataFrame, events: pl.DataFrame, spec: ReleaseSpec) -> ReleaseResult:
    """Compute a release: counts, shares, representation, transitions, selection
    ratios, trends and time-to-event, with small-cell suppression and
    plain-words findings.

    Parameters
    ----------
    people, events : polars.DataFrame
        The frames described in the module docstring.
    spec : ReleaseSpec

    Returns
    -------
    ReleaseResult
        Every statistic derived from a suppressed count is suppressed as well.
    """
    pipeline = spec.pipeline
    encoded = encode_people(people)
    as_of = np.datetime64(spec.as_of) if spec.as_of is not None else None
    counts = count_pipeline(
        encoded, events, pipeline, spec.groupings, years=spec.years, units=spec.units, as_of=as_of
    )
    by_code = {g.code: g for g in spec.groupings}
    benchmarks = {b.scheme: b for b in spec.benchmarks if b.scheme in by_code}
    universes = {
        code: np.asarray([g in b.shares for g in by_code[code].groups])
        for code, b in benchmarks.items()
    }
    stage_of = {c: i for i, c in enumerate(pipeline.stage_codes)}
    hidden = protect(
        counts,
        spec.groupings,
        universes,
        k=spec.k,
        nested_transitions=counts.nested,
        stage_pairs=[(stage_of[t.source], stage_of[t.target]) for t in pipeline.transitions],
    )

    cells = _cells_frame(counts, hidden, pipeline, spec)
    representation = _representation_frame(counts, hidden, pipeline, spec, benchmarks, universes)
    transitions, selection = _transition_frames(counts, hidden, pipeline, spec)
    trends = _trend_frame(counts, hidden, pipeline, spec)
    survival, survival_tests = _survival_frames(counts, encoded, pipeline, spec)

    # One family of tests per release, corrected together.
    frames = {
        "representation": representation,
        "selection": selection,
        "trends": trends,
        "survival_tests": survival_tests,
    }
    pieces = [f["p_value"].to_numpy().astype(np.float64) for f in frames.values()]
    family = np.concatenate(pieces) if pieces else np.zeros(0)
    adjusted = stats.adjust_pvalues(family, spec.correction, spec.alpha)
    offset = 0
    for name, frame in frames.items():
        n = frame.height
        adj = adjusted[offset : offset + n]
        offset += n
        frames[name] = frame.with_columns(
            pl.Series("p_adjusted", adj, dtype=pl.Float64).fill_nan(None),
            _opt_bool(adj < spec.alpha, np.isnan(adj)).alias("significant"),
        )
    representation, selection = frames["representation"], frames["selection"]
    trends, survival_tests = frames["trends"], frames["survival_tests"]

    parameters = spec.to_dict()
    parameters["years"] = list(counts.years)
    parameters["as_of"] = parameters["as_of"] or None
    summary = {
        "events_in_scope": counts.events_in_scope,
        "events_without_person": counts.events_unmatched,
        "missing_columns": list(encoded.missing_columns),
        "cells": hidden.n_cells,
        "cells_suppressed": hidden.n_hidden,
        "linked_systems": hidden.linked_systems,
        "tests": int((~np.isnan(family)).sum()),
        "transitions_with_own_counts": [
            f"{t.source}>{t.target}"
            for ti, t in enumerate(pipeline.transitions)
            if not counts.nested[ti].all()
        ],
        "significant_tests": int(np.nansum(adjusted < spec.alpha)),
    }
    findings = words.findings(
        pipeline=pipeline,
        spec_alpha=spec.alpha,
        correction=spec.correction,
        groupings=by_code,
        representation=representation,
        selection=selection,
        trends=trends,
        survival_tests=survival_tests,
        benchmarks=benchmarks,
    )
    return ReleaseResult(
        parameters=parameters,
        cells=cells,
        representation=representation,
        transitions=transitions,
        selection=selection,
        trends=trends,
        survival=survival,
        survival_tests=survival_tests,
        findings=findings,
        summary=summary,
        groupings=tuple(spec.groupings),
    )


def _grid(n_stages: int, n_years: int, n_groups: int) -> tuple[np.ndarray, ...]:
    s, y, g = np.meshgrid(
        np.arange(n_stages), np.arange(n_years), np.arange(n_groups), indexing="ij"
    )
    return s.ravel(), y.ravel(), g.ravel()


def _cells_frame(
    counts: Counts, hidden: Hidden, pipeline: Pipeline, spec: ReleaseSpec
) -> pl.DataFrame:
    stages = np.asarray(pipeline.stage_codes, dtype=object)
    years = np.asarray(counts.years, dtype=np.int32)
    parts: list[pl.DataFrame] = []
    n_stages, n_years = counts.totals.shape
    # The stage totals, as table "all".
    s, y, _ = _grid(n_stages, n_years, 1)
    tot = counts.totals.ravel()
    tot_hidden = hidden.totals.ravel()
    parts.append(
        pl.DataFrame(
            {
                "stage": stages[s].tolist(),
                "year": years[y],
                "table": "all",
                "group": "all",
                "group_label": "Everyone",
                "special": False,
                "count": _opt_int(tot, tot_hidden),
                "total": _opt_int(tot, tot_hidden),
                "share": _opt_float(np.where(tot > 0, 1.0, np.nan), tot_hidden),
                "ci_low": np.full(tot.size, np.nan),
                "ci_high": np.full(tot.size, np.nan),
                "suppressed": tot_hidden,
            }
        )
    )
    for grouping in spec.groupings:
        table = counts.tables[grouping.code]
        n_groups = table.shape[2]
        s, y, g = _grid(n_stages, n_years, n_groups)
        count = table.ravel()
        total = counts.totals[s, y]
        cell_hidden = hidden.tables[grouping.code].ravel()
        total_hidden = hidden.totals[s, y]
        low, high = stats.wilson_interval(count, total)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = count / total
        # A share needs its count and its denominator.
        blocked = cell_hidden | total_hidden
        codes, labels, special = _labels(grouping)
        parts.append(
            pl.DataFrame(
                {
                    "stage": stages[s].tolist(),
                    "year": years[y],
                    "table": grouping.code,
                    "group": codes[g].tolist(),
                    "group_label": labels[g].tolist(),
                    "special": special[g],
                    "count": _opt_int(count, cell_hidden),
                    "total": _opt_int(total, total_hidden),
                    "share": _opt_float(share, blocked),
                    "ci_low": _opt_float(low, blocked),
                    "ci_high": _opt_float(high, blocked),
                    "suppressed": cell_hidden,
                }
            )
        )
    return _finish(pl.concat(parts, how="vertical"), ["share", "ci_low", "ci_high"])


def _finish(frame: pl.DataFrame, float_columns: Sequence[str]) -> pl.DataFrame:
    return frame.with_columns([pl.col(c).cast(pl.Float64).fill_nan(None) for c in float_columns])


def _representation_frame(
    counts: Counts,
    hidden: Hidden,
    pipeline: Pipeline,
    spec: ReleaseSpec,
    benchmarks: Mapping[str, Benchmark],
    universes: Mapping[str, np.ndarray],
) -> pl.DataFrame:
    stages = np.asarray(pipeline.stage_codes, dtype=object)
    years = np.asarray(counts.years, dtype=np.int32)
    by_code = {g.code: g for g in spec.groupings}
    parts: list[pl.DataFrame] = []
    n_stages, n_years = counts.totals.shape
    for code, bench in benchmarks.items():
        grouping = by_code[code]
        member = universes[code]
        cols = np.flatnonzero(member)
        table = counts.tables[code][:, :, cols]
        s, y, j = _grid(n_stages, n_years, cols.size)
        g = cols[j]
        count = table.ravel()
        universe = counts.tables[code][:, :, cols].sum(axis=2)[s, y]
        expected = np.asarray([bench.shares[grouping.groups[i]] for i in cols])[j]
        blocked = hidden.tables[code][s, y, g] | hidden.universe[code][s, y]
        with np.errstate(divide="ignore", invalid="ignore"):
            share = count / universe
            ratio = np.where(expected > 0, share / expected, np.nan)
        low, high = stats.wilson_interval(count, universe)
        live = ~blocked & (universe > 0)
        pvalue = np.full(count.size, np.nan)
        if live.any():
            pvalue[live] = stats.binomial_test(count[live], universe[live], expected[live])
        codes, labels, _special = _labels(grouping)
        parts.append(
            pl.DataFrame(
                {
                    "stage": stages[s].tolist(),
                    "year": years[y],
                    "table": code,
                    "benchmark": bench.code,
                    "group": codes[g].tolist(),
                    "group_label": labels[g].tolist(),
                    "count": _opt_int(count, blocked),
                    "universe": _opt_int(universe, hidden.universe[code][s, y]),
                    "share": _opt_float(share, blocked),
                    "ci_low": _opt_float(low, blocked),
                    "ci_high": _opt_float(high, blocked),
                    "benchmark_share": expected,
                    "ratio": _opt_float(ratio, blocked),
                    "p_value": pvalue,
                    "suppressed": blocked,
                }
            )
        )
    if not parts:
        return pl.DataFrame(
            schema={
                "stage": pl.String,
                "year": pl.Int32,
                "table": pl.String,
                "benchmark": pl.String,
                "group": pl.String,
                "group_label": pl.String,
                "count": pl.Int64,
                "universe": pl.Int64,
                "share": pl.Float64,
                "ci_low": pl.Float64,
                "ci_high": pl.Float64,
                "benchmark_share": pl.Float64,
                "ratio": pl.Float64,
                "p_value": pl.Float64,
                "suppressed": pl.Boolean,
            }
        )
    return _finish(
        pl.concat(parts, how="vertical"), ["share", "ci_low", "ci_high", "ratio", "p_value"]
    )


def _transition_frames(
    counts: Counts, hidden: Hidden, pipeline: Pipeline, spec: ReleaseSpec
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rates per group, and each group's rate against its reference group's.

    All transitions and groupings are stacked into flat arrays first, so every
    statistic runs once over the whole release.
    """
    stage_of = {c: i for i, c in enumerate(pipeline.stage_codes)}
    years = np.asarray(counts.years, dtype=np.int32)
    n_years = years.size
    cols: dict[str, list[np.ndarray]] = {
        k: []
        for k in (
            "ti",
            "table",
            "y",
            "g",
            "e",
            "x",
            "b",
            "e_hidden",
            "observed",
            "ref",
            "ref_e",
            "ref_x",
            "group",
            "label",
            "special",
            "ref_group",
            "ref_label",
        )
    }
    tables = [g.code for g in spec.groupings]
    for ti, tr in enumerate(pipeline.transitions):
        a = stage_of[tr.source]
        # A cohort with nobody advancing at all has not been observed yet (the
        # class of 2024 has not graduated), rather than a rate of zero.
        observed = counts.advanced_total[ti] > 0
        for tix, grouping in enumerate(spec.groupings):
            entered = counts.tables[grouping.code][a]  # (Y, G)
            adv = counts.advanced[ti][grouping.code]
            e_hidden = hidden.tables[grouping.code][a]
            blocked = e_hidden | hidden.advanced[ti][grouping.code] | ~observed[:, None]
            n_groups = entered.shape[1]
            y, g = (
                m.ravel()
                for m in np.meshgrid(np.arange(n_years), np.arange(n_groups), indexing="ij")
            )
            ref = _reference_index(
                grouping, entered, ~blocked, spec.k, spec.reference.get(grouping.code)
            )  # (Y,)
            ry = np.where(ref >= 0, ref, 0)
            codes, labels, special = _labels(grouping)
            size = y.size
            cols["ti"].append(np.full(size, ti))
            cols["table"].append(np.full(size, tix))
            cols["y"].append(y)
            cols["g"].append(g)
            cols["e"].append(entered.ravel())
            cols["x"].append(adv.ravel())
            cols["b"].append(blocked.ravel())
            cols["e_hidden"].append(e_hidden.ravel())
            cols["observed"].append(observed[y])
            cols["ref"].append(ref[y])
            cols["ref_e"].append(entered[np.arange(n_years), ry][y])
            cols["ref_x"].append(adv[np.arange(n_years), ry][y])
            cols["group"].append(codes[g])
            cols["label"].append(labels[g])
            cols["special"].append(special[g])
            none = np.asarray(None, dtype=object)
            cols["ref_group"].append(np.where(ref >= 0, codes[ry], none)[y])
            cols["ref_label"].append(np.where(ref >= 0, labels[ry], none)[y])
    if not cols["ti"]:
        return pl.DataFrame(), pl.DataFrame()
    c = {k: np.concatenate(v) for k, v in cols.items()}
    e, x, b = c["e"], c["x"], c["b"]
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = x / e
    low, high = stats.wilson_interval(x, e)
    sources = np.asarray([t.source for t in pipeline.transitions], dtype=object)[c["ti"]]
    targets = np.asarray([t.target for t in pipeline.transitions], dtype=object)[c["ti"]]
    table_codes = np.asarray(tables, dtype=object)[c["table"]]
    base = {
        "source": sources.tolist(),
        "target": targets.tolist(),
        "year": years[c["y"]],
        "table": table_codes.tolist(),
        "group": c["group"].tolist(),
        "group_label": c["label"].tolist(),
        "special": c["special"].astype(bool),
    }
    transitions = pl.DataFrame(
        {
            **base,
            "entered": _opt_int(e, c["e_hidden"]),
            "advanced": _opt_int(x, b),
            "rate": _opt_float(rate, b),
            "ci_low": _opt_float(low, b),
            "ci_high": _opt_float(high, b),
            "observed": c["observed"].astype(bool),
            "suppressed": b,
        }
    )

    # Selection ratios against the reference group of each year.
    has_ref = c["ref"] >= 0
    keep = c["g"] != c["ref"]
    sel_blocked = b | ~has_ref
    ref_e, ref_x = c["ref_e"], c["ref_x"]
    with np.errstate(divide="ignore", invalid="ignore"):
        ref_rate = ref_x / ref_e
        ratio = rate / ref_rate
    z, p_z = stats.two_proportion_z(x, e, ref_x, ref_e)
    # Fisher's exact test where a 2x2 expected count falls under 5.
    grand = e + ref_e
    col1 = x + ref_x
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = np.minimum.reduce(
            [
                e * col1 / grand,
                e * (grand - col1) / grand,
                ref_e * col1 / grand,
                ref_e * (grand - col1) / grand,
            ]
        )
    use_fisher = (expected < FISHER_EXPECTED_BELOW) & ~sel_blocked & keep
    pvalue = np.where(sel_blocked | ~keep, np.nan, p_z)
    if use_fisher.any():
        pvalue[use_fisher] = stats.fisher_exact_test(
            x[use_fisher], (e - x)[use_fisher], ref_x[use_fisher], (ref_e - ref_x)[use_fisher]
        )
    test = np.where(
        sel_blocked, np.asarray(None, dtype=object), np.where(use_fisher, "fisher", "z")
    )
    selection = pl.DataFrame(
        {
            **base,
            "reference_group": pl.Series(c["ref_group"].tolist(), dtype=pl.String),
            "reference_label": pl.Series(c["ref_label"].tolist(), dtype=pl.String),
            "rate": _opt_float(rate, sel_blocked),
            "reference_rate": _opt_float(ref_rate, sel_blocked),
            "ratio": _opt_float(ratio, sel_blocked),
            "four_fifths_flag": _opt_bool(ratio < FOUR_FIFTHS, sel_blocked | np.isnan(ratio)),
            "test": pl.Series(test.tolist(), dtype=pl.String),
            "z": _opt_float(np.where(use_fisher, np.nan, z), sel_blocked),
            "p_value": pvalue,
            "suppressed": b,
            "has_reference": has_ref,
        }
    ).filter(pl.Series(keep))
    transitions = _finish(transitions, ["rate", "ci_low", "ci_high"])
    selection = _finish(selection, ["rate", "reference_rate", "ratio", "z", "p_value"])
    return transitions, selection


def _trend_frame(
    counts: Counts, hidden: Hidden, pipeline: Pipeline, spec: ReleaseSpec
) -> pl.DataFrame:
    """Trends over the *published* years only.

    A trend statistic is a function of its inputs; computed over a series that
    includes a suppressed year, it could be solved for that year's count. So
    suppressed years are left out of the trend (and listed), and a series with
    fewer than three published years gets no trend.
    """
    years = np.asarray(counts.years, dtype=np.float64)
    n_years = years.size
    stage_of = {c: i for i, c in enumerate(pipeline.stage_codes)}
    series_meta: list[tuple[str, str, str]] = []  # (kind, subject, table)
    xs, ns, ok = [], [], []
    group_rows: list[np.ndarray] = []
    for grouping in spec.groupings:
        for s, stage in enumerate(pipeline.stage_codes):
            x = counts.tables[grouping.code][s].T  # (G, Y)
            n = np.broadcast_to(counts.totals[s], x.shape)
            blocked = (hidden.tables[grouping.code][s] | hidden.totals[s][:, None]).T
            xs.append(x)
            ns.append(n)
            ok.append(~blocked & (n > 0))
            series_meta.extend(("share", stage, grouping.code) for _ in range(x.shape[0]))
            group_rows.append(np.arange(x.shape[0]))
        # Event-year pipelines: recent cohorts have had less time to advance,
        # so a trend in their rates would mostly measure follow-up time.
        if pipeline.year_basis != "cohort":
            continue
        for ti, tr in enumerate(pipeline.transitions):
            a = stage_of[tr.source]
            x = counts.advanced[ti][grouping.code].T
            n = counts.tables[grouping.code][a].T
            observed = counts.advanced_total[ti] > 0
            blocked = (hidden.tables[grouping.code][a] | hidden.advanced[ti][grouping.code]).T
            xs.append(x)
            ns.append(n)
            ok.append(~blocked & (n > 0) & observed[None, :])
            series_meta.extend(
                ("rate", f"{tr.source}>{tr.target}", grouping.code) for _ in range(x.shape[0])
            )
            group_rows.append(np.arange(x.shape[0]))
    x_all = np.concatenate(xs)
    n_all = np.concatenate(ns)
    ok_all = np.concatenate(ok)
    g_all = np.concatenate(group_rows)
    n_series = x_all.shape[0]
    sid = np.repeat(np.arange(n_series), n_years).reshape(n_series, n_years)
    t = np.broadcast_to(years, x_all.shape)
    res = stats.cochran_armitage(sid[ok_all], x_all[ok_all], n_all[ok_all], t[ok_all])
    pad = n_series - res["z"].size
    for key in res:
        fill = np.nan if res[key].dtype.kind == "f" else 0
        res[key] = np.concatenate([res[key], np.full(pad, fill, dtype=res[key].dtype)])
    points = ok_all.sum(axis=1)
    enough = points >= MIN_TREND_POINTS
    by_code = {g.code: g for g in spec.groupings}
    kinds, subjects, tables = (np.asarray(v, dtype=object) for v in zip(*series_meta, strict=True))
    groups = [by_code[tab].groups[gi] for tab, gi in zip(tables, g_all, strict=True)]
    labels = [by_code[tab].labels[gi] for tab, gi in zip(tables, g_all, strict=True)]
    special = [by_code[tab].special[gi] for tab, gi in zip(tables, g_all, strict=True)]
    excluded = [
        [int(v) for v in years[~row & (n_row > 0)]]
        for row, n_row in zip(ok_all, n_all, strict=True)
    ]
    frame = pl.DataFrame(
        {
            "kind": kinds.tolist(),
            "subject": subjects.tolist(),
            "table": tables.tolist(),
            "group": groups,
            "group_label": labels,
            "special": special,
            "years_used": points.astype(np.int64),
            "years_excluded": pl.Series(excluded, dtype=pl.List(pl.Int64)),
            "slope_per_year": np.where(enough, res["slope"], np.nan),
            "z": np.where(enough, res["z"], np.nan),
            "p_value": np.where(enough, res["pvalue"], np.nan),
            "suppressed": ~enough,
        }
    )
    return _finish(frame, ["slope_per_year", "z", "p_value"])


def _survival_frames(
    counts: Counts, encoded: Any, pipeline: Pipeline, spec: ReleaseSpec
) -> tuple[pl.DataFrame, pl.DataFrame]:
    curve_schema = {
        "table": pl.String,
        "group": pl.String,
        "group_label": pl.String,
        "years": pl.Int64,
        "survival": pl.Float64,
        "reached": pl.Float64,
        "at_risk": pl.Int64,
        "suppressed": pl.Boolean,
    }
    test_schema = {
        "table": pl.String,
        "group": pl.String,
        "group_label": pl.String,
        "special": pl.Boolean,
        "reference_group": pl.String,
        "reference_label": pl.String,
        "people": pl.Int64,
        "events": pl.Int64,
        "median_years": pl.Float64,
        "z": pl.Float64,
        "p_value": pl.Float64,
        "suppressed": pl.Boolean,
    }
    dur = counts.durations
    if dur is None or not dur["row"].size:
        return pl.DataFrame(schema=curve_schema), pl.DataFrame(schema=test_schema)
    k = spec.k
    horizon = math.floor(dur["years"].max()) if dur["years"].size else 0
    grid = np.arange(0, horizon + 1, dtype=np.float64)
    curve_parts: list[pl.DataFrame] = []
    test_parts: list[pl.DataFrame] = []
    for grouping in spec.groupings:
        if grouping.kind not in ("single", "custom"):
            continue  # intersections are too fine and select-all rows overlap
        g_of = grouping.assign(encoded)[dur["row"]]
        n_groups = len(grouping)
        size = np.bincount(g_of, minlength=n_groups)
        events = np.bincount(
            g_of, weights=dur["event"].astype(np.float64), minlength=n_groups
        ).astype(np.int64)
        # A curve is a list of event times: publish it only for groups with at
        # least k people and k events, and each point only while k are at risk.
        shown = (size >= k) & (events >= k)
        km = stats.kaplan_meier(g_of, dur["years"], dur["event"], n_groups)
        surv = np.ones((n_groups, grid.size))
        risk = np.zeros((n_groups, grid.size), dtype=np.int64)
        order = np.lexsort((dur["years"], g_of))
        sorted_g, sorted_t = g_of[order], dur["years"][order]
        for gi in range(n_groups):
            sel = km["group"] == gi
            times, values = km["time"][sel], km["survival"][sel]
            idx = np.searchsorted(times, grid, side="right") - 1
            surv[gi] = np.where(idx >= 0, values[np.maximum(idx, 0)] if values.size else 1.0, 1.0)
            # At risk at t: people whose follow-up lasts at least t.
            lo, hi = np.searchsorted(sorted_g, [gi, gi + 1])
            risk[gi] = (hi - lo) - np.searchsorted(sorted_t[lo:hi], grid, side="left")
        point_hidden = ~shown[:, None] | (risk < k)
        codes, labels, special = _labels(grouping)
        gg, tt = (
            m.ravel() for m in np.meshgrid(np.arange(n_groups), np.arange(grid.size), indexing="ij")
        )
        ph = point_hidden.ravel()
        curve_parts.append(
            pl.DataFrame(
                {
                    "table": grouping.code,
                    "group": codes[gg].tolist(),
                    "group_label": labels[gg].tolist(),
                    "years": grid[tt].astype(np.int64),
                    "survival": _opt_float(surv.ravel(), ph),
                    "reached": _opt_float(1 - surv.ravel(), ph),
                    "at_risk": _opt_int(risk.ravel(), ph),
                    "suppressed": ph,
                },
                schema_overrides={"years": pl.Int64},
            )
        )
        median = np.full(n_groups, np.nan)
        for gi in range(n_groups):
            sel = km["group"] == gi
            below = np.flatnonzero(km["survival"][sel] <= 0.5)
            if below.size:
                median[gi] = km["time"][sel][below[0]]
        ref = int(_reference_index(grouping, size, shown, k, spec.reference.get(grouping.code)))
        z = np.full(n_groups, np.nan)
        p = np.full(n_groups, np.nan)
        if ref >= 0:
            z, p = stats.logrank_against(g_of, dur["years"], dur["event"], n_groups, ref)
            z = np.where(shown, z, np.nan)
            p = np.where(shown, p, np.nan)
        keep = np.arange(n_groups) != ref
        test_parts.append(
            pl.DataFrame(
                {
                    "table": grouping.code,
                    "group": codes.tolist(),
                    "group_label": labels.tolist(),
                    "special": special,
                    "reference_group": [codes[ref] if ref >= 0 else None] * n_groups,
                    "reference_label": [labels[ref] if ref >= 0 else None] * n_groups,
                    "people": _opt_int(size, size < k),
                    "events": _opt_int(events, ~shown),
                    "median_years": _opt_float(median, ~shown),
                    "z": z,
                    "p_value": p,
                    "suppressed": ~shown,
                },
                schema=test_schema,
            ).filter(pl.Series(keep))
        )
    curves = _finish(pl.concat(curve_parts, how="vertical"), ["survival", "reached"])
    tests = _finish(pl.concat(test_parts, how="vertical"), ["median_years", "z", "p_value"])
    return curves, tests
