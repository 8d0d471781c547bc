"""Counting: stage events and people into the count tensors every statistic reads.

One pass, all in numpy after a single Polars join: each event gets the row of
its person, stage and year become small integers, and every table is one
``np.bincount`` over a combined index. Counts are of distinct people: a person
with two events at the same stage in the same year counts once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from belong.people.categories import NOT_ANSWERED

from .groupings import RACE_BITS, VARIABLES, EncodedPeople, Grouping, derive_race_codes
from .pipelines import Pipeline

__all__ = ["Counts", "count_pipeline"]


@dataclass
class Counts:
    """Count tensors of one release scope.

    Attributes
    ----------
    totals : ndarray (S, Y)
        People at each stage in each year.
    tables : dict grouping code -> ndarray (S, Y, G)
        People in each group (select-all tables: in each category chosen).
    advanced : dict (transition index) -> dict grouping code -> ndarray (Y, G)
        People at the source stage in year y who reached the target stage.
    advanced_total : ndarray (T, Y)
    nested : ndarray of bool (T, Y)
        True where the people who advanced are exactly the target stage's
        people of that year (cohort pipelines), so they share cells.
    durations : survival input, or None (see :func:`_durations`).

    Counting goes through :class:`_GroupCounter`: each event is counted once
    per *block* of variables into sparse joint counts, and every grouping is
    read off those by a lookup table, instead of one pass over the events per
    grouping.
    """

    years: tuple[int, ...]
    totals: np.ndarray
    tables: dict[str, np.ndarray]
    advanced: list[dict[str, np.ndarray]]
    advanced_total: np.ndarray
    nested: np.ndarray
    durations: dict[str, np.ndarray] | None
    events_in_scope: int
    events_unmatched: int


def _scope_events(
    events: pl.DataFrame,
    pipeline: Pipeline,
    years: Sequence[int] | None,
    units: Sequence[str] | None,
    people: EncodedPeople,
) -> tuple[pl.DataFrame, tuple[int, ...], int]:
    stage_codes = list(pipeline.stage_codes)
    lazy = events.lazy().filter(
        (pl.col("pipeline") == pipeline.code) & pl.col("stage").is_in(stage_codes)
    )
    if units is not None:
        lazy = lazy.filter(pl.col("unit").is_in(list(units)))
    if years is not None:
        lazy = lazy.filter(pl.col("year").is_in(list(years)))
    has_date = "date" in events.columns
    cols = [
        pl.col("person_id").cast(pl.Int64),
        pl.col("stage")
        .replace_strict(stage_codes, list(range(len(stage_codes))), return_dtype=pl.Int32)
        .alias("s"),
        pl.col("year").cast(pl.Int32),
    ]
    if has_date:
        cols.append(pl.col("date").cast(pl.Date))
    index = pl.DataFrame(
        {"person_id": people.person_id, "row": np.arange(len(people), dtype=np.int64)}
    ).lazy()
    scoped = lazy.select(cols)
    joined = scoped.join(index, on="person_id", how="left")
    frame = joined.drop("person_id").collect()
    unmatched = frame["row"].null_count()
    if unmatched:
        frame = frame.drop_nulls("row")
    found = tuple(sorted(set(frame["year"].unique().to_list()))) if years is None else tuple(years)
    return frame, found, unmatched


def count_pipeline(
    people: EncodedPeople,
    events: pl.DataFrame,
    pipeline: Pipeline,
    groupings: Sequence[Grouping],
    *,
    years: Sequence[int] | None = None,
    units: Sequence[str] | None = None,
    as_of: np.datetime64 | None = None,
) -> Counts:
    """Count one pipeline's events by stage, year and every grouping.

    Events of people missing from ``people`` are left out and counted in
    ``events_unmatched`` (the Django layer should have none).
    """
    frame, year_list, unmatched = _scope_events(events, pipeline, years, units, people)
    n_stages, n_years = len(pipeline.stages), len(year_list)
    row = frame["row"].to_numpy().astype(np.int64)
    s = frame["s"].to_numpy().astype(np.int64)
    yr = frame["year"].to_numpy().astype(np.int64)
    if n_years:
        lo = min(year_list)
        year_index = np.full(max(year_list) - lo + 1, -1, dtype=np.int64)
        year_index[np.asarray(year_list) - lo] = np.arange(n_years)
        y = year_index[yr - lo]
    else:
        y = np.zeros(0, dtype=np.int64)
    n_people = len(people)
    sy = s * n_years + y
    # Distinct people per stage-year: unique on one int64 key.
    key = row * (n_stages * n_years) + sy
    # Sort-based unique: numpy's hash-based np.unique is ten times slower here.
    key.sort()
    uniq = key[np.concatenate([[True], key[1:] != key[:-1]])] if key.size else key
    row_u = uniq // (n_stages * n_years)
    sy_u = uniq % (n_stages * n_years)
    n_sy = n_stages * n_years
    totals = np.bincount(sy_u, minlength=n_sy).reshape(n_stages, n_years)

    counter = _GroupCounter(people, groupings)
    tables = counter.count(row_u, sy_u, n_sy)
    tables = {c: t.reshape(n_stages, n_years, -1) for c, t in tables.items()}

    # Transitions.
    stage_of = {c: i for i, c in enumerate(pipeline.stage_codes)}
    s_u = sy_u // n_years
    y_u = sy_u % n_years
    advanced: list[dict[str, np.ndarray]] = []
    adv_total = np.zeros((len(pipeline.transitions), n_years), dtype=np.int64)
    nested = np.zeros((len(pipeline.transitions), n_years), dtype=bool)
    for ti, tr in enumerate(pipeline.transitions):
        a, b = stage_of[tr.source], stage_of[tr.target]
        at_a = s_u == a
        pa, ya = row_u[at_a], y_u[at_a]
        at_b = s_u == b
        if pipeline.year_basis == "cohort":
            # Same cycle: flag every (person, year) at the target stage, then
            # look the source stage's (person, year) pairs up (O(n), no sort).
            flag = np.zeros(n_people * n_years, dtype=bool)
            flag[row_u[at_b] * n_years + y_u[at_b]] = True
            hit = flag[pa * n_years + ya]
        else:
            last_b = np.full(n_people, -1, dtype=np.int64)
            np.maximum.at(last_b, row_u[at_b], y_u[at_b])
            hit = last_b[pa] >= ya
        pa_h, ya_h = pa[hit], ya[hit]
        adv_total[ti] = np.bincount(ya_h, minlength=n_years)
        advanced.append(counter.count(pa_h, ya_h, n_years))
        if pipeline.year_basis == "cohort":
            nested[ti] = adv_total[ti] == totals[b]

    durations = None
    if pipeline.time_to_event is not None and "date" in frame.columns:
        durations = _durations(frame, pipeline, stage_of, as_of)
    return Counts(
        years=year_list,
        totals=totals,
        tables=tables,
        advanced=advanced,
        advanced_total=adv_total,
        nested=nested,
        durations=durations,
        events_in_scope=frame.height,
        events_unmatched=unmatched,
    )


# Variables counted jointly. Every grouping whose variables fall in one block
# is read off that block's joint counts; any other (an analyst's intersection
# across blocks) is counted directly from the events.
_BLOCKS: tuple[tuple[str, ...], ...] = (
    ("race_mask", "citizenship", "sex", "gender_identity"),
    ("sexual_orientation", "first_generation", "disability"),
    ("veteran", "origin", "age_band"),
)
_RACE_DERIVED = {
    "ipeds": ("race_mask", "citizenship"),
    "omb_alone": ("race_mask",),
    "omb_any": ("race_mask",),
}


def _needs(grouping: Grouping) -> set[str]:
    out: set[str] = set()
    for v in grouping.variables:
        out.update(_RACE_DERIVED.get(v, (v,)))
    return out


class _GroupCounter:
    """Counts people per group for every grouping, block by block."""

    def __init__(self, people: EncodedPeople, groupings: Sequence[Grouping]):
        self.groupings = list(groupings)
        self.people = people
        n_masks = 1 << len(RACE_BITS)
        sizes = {
            "race_mask": n_masks,
            **{
                v: len(VARIABLES[v].values)
                for v in VARIABLES
                if v not in ("ipeds", "omb_alone", "omb_any")
            },
        }
        person_codes = {
            "race_mask": people.race_mask.astype(np.int64),
            **{v: c.astype(np.int64) for v, c in people.codes.items()},
        }
        self.blocks: list[tuple[np.ndarray, int, list[tuple[Grouping, np.ndarray]]]] = []
        self.direct: list[Grouping] = []
        placed: set[str] = set()
        for block in _BLOCKS:
            members = [g for g in self.groupings if _needs(g) <= set(block)]
            members = [g for g in members if g.code not in placed]
            if not members:
                continue
            placed.update(g.code for g in members)
            shape = tuple(sizes[v] for v in block)
            code = np.ravel_multi_index(tuple(person_codes[v] for v in block), shape)
            combos = np.unravel_index(np.arange(int(np.prod(shape))), shape)
            synthetic = _synthetic_people(dict(zip(block, combos, strict=True)))
            luts = [(g, _lut(g, synthetic)) for g in members]
            self.blocks.append((code, int(np.prod(shape)), luts))
        self.direct = [g for g in self.groupings if g.code not in placed]

    def count(self, rows: np.ndarray, index: np.ndarray, n_index: int) -> dict[str, np.ndarray]:
        """People per (index, group) for every grouping: code -> (n_index, G)."""
        out: dict[str, np.ndarray] = {}
        for code, n_combo, luts in self.blocks:
            # Sparse joint counts: sort the (index, combo) keys once.
            key = index * n_combo + code[rows]
            key.sort()
            if key.size:
                edges = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1], [True]]))
                uniq, weight = key[edges[:-1]], np.diff(edges)
            else:
                uniq, weight = key, np.zeros(0, dtype=np.int64)
            at, combo = uniq // n_combo, uniq % n_combo
            for g, lut in luts:
                n = len(g)
                if lut.ndim == 1:
                    flat = at * n + lut[combo]
                    out[g.code] = (
                        np.bincount(flat, weights=weight, minlength=n_index * n)
                        .astype(np.int64)
                        .reshape(n_index, n)
                    )
                else:  # select-all: membership matrix (combo, G)
                    member = lut[combo]
                    table = np.zeros((n_index, n), dtype=np.int64)
                    for gi in range(n):
                        table[:, gi] = np.bincount(
                            at[member[:, gi]], weights=weight[member[:, gi]], minlength=n_index
                        ).astype(np.int64)
                    out[g.code] = table
        for g in self.direct:
            n = len(g)
            flat = index * n + g.assign(self.people)[rows]
            out[g.code] = np.bincount(flat, minlength=n_index * n).reshape(n_index, n)
        return {g.code: out[g.code] for g in self.groupings}


def _synthetic_people(values: dict[str, np.ndarray]) -> EncodedPeople:
    """One synthetic person per combination of a block's variables."""
    n = next(iter(values.values())).size
    codes = {
        v: np.full(n, VARIABLES[v].index(NOT_ANSWERED), dtype=np.uint8)
        for v in VARIABLES
        if v not in ("ipeds", "omb_alone", "omb_any")
    }
    for v, c in values.items():
        if v != "race_mask":
            codes[v] = c.astype(np.uint8)
    mask = values.get("race_mask", np.zeros(n, dtype=np.int64)).astype(np.uint16)
    derive_race_codes(codes, mask)
    return EncodedPeople(person_id=np.arange(n), codes=codes, race_mask=mask)


def _lut(grouping: Grouping, synthetic: EncodedPeople) -> np.ndarray:
    if grouping.additive:
        return grouping.assign(synthetic)
    mask = synthetic.race_mask.astype(np.int64)
    member = np.zeros((mask.size, len(grouping)), dtype=bool)
    for gi, bits in grouping.membership_bits():
        member[:, gi] = (mask & bits) != 0 if bits else mask == 0
    return member


def _durations(
    frame: pl.DataFrame, pipeline: Pipeline, stage_of: dict[str, int], as_of: np.datetime64 | None
) -> dict[str, np.ndarray] | None:
    """Time from the first start event to the first end event after it, per person.

    People who reach a censoring stage first, or neither by ``as_of``, are
    censored at that date. Returns arrays ``row``, ``years``, ``event``.
    """
    tte = pipeline.time_to_event
    assert tte is not None
    dated = frame.drop_nulls("date")
    if dated.is_empty():
        return None
    start = (
        dated.filter(pl.col("s") == stage_of[tte.start])
        .group_by("row")
        .agg(pl.col("date").min().alias("start"))
    )

    def first_after(codes: list[int], name: str) -> pl.DataFrame:
        return (
            dated.filter(pl.col("s").is_in(codes))
            .join(start, on="row")
            .filter(pl.col("date") >= pl.col("start"))
            .group_by("row")
            .agg(pl.col("date").min().alias(name))
        )

    limit = as_of if as_of is not None else dated["date"].max()
    joined = (
        start.join(first_after([stage_of[tte.end]], "end"), on="row", how="left")
        .join(first_after([stage_of[c] for c in tte.censor_at], "exit"), on="row", how="left")
        .with_columns(pl.lit(limit).cast(pl.Date).alias("limit"))
        .with_columns(
            event=pl.col("end").is_not_null()
            & (pl.col("exit").is_null() | (pl.col("end") <= pl.col("exit")))
            & (pl.col("end") <= pl.col("limit")),
        )
        .with_columns(
            stop=pl.when(pl.col("event"))
            .then(pl.col("end"))
            .otherwise(pl.min_horizontal(pl.col("exit"), pl.col("limit")))
        )
        .filter(pl.col("stop") >= pl.col("start"))
        .sort("row")
    )
    days = (joined["stop"] - joined["start"]).dt.total_days().to_numpy()
    return {
        "row": joined["row"].to_numpy().astype(np.int64),
        "years": days / 365.25,
        "event": joined["event"].to_numpy(),
    }
