"""Rates from one stage to another per group, and selection ratios with their tests."""

from __future__ import annotations

import numpy as np
import polars as pl

from . import stats
from ._columns import finish, labels_of, opt_bool, opt_float, opt_int, reference_index
from .counting import Counts
from .disclosure import Hidden
from .pipelines import Pipeline
from .spec import ReleaseSpec

FOUR_FIFTHS = 0.8
FISHER_EXPECTED_BELOW = 5.0


def transition_frames(
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
            ref = reference_index(
                grouping, entered, ~blocked, spec.k, spec.reference.get(grouping.code)
            )  # (Y,)
            ry = np.where(ref >= 0, ref, 0)
            codes, labels, special = labels_of(grouping)
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
            "entered": opt_int(e, c["e_hidden"]),
            "advanced": opt_int(x, b),
            "rate": opt_float(rate, b),
            "ci_low": opt_float(low, b),
            "ci_high": opt_float(high, b),
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
    # A group (or reference) with nobody at the source stage has no rate, so no
    # test: it stays out of the family that Holm/BH correct together.
    untested = sel_blocked | ~keep | (e <= 0) | (ref_e <= 0)
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
    use_fisher = (expected < FISHER_EXPECTED_BELOW) & ~untested
    pvalue = np.where(untested, np.nan, p_z)
    if use_fisher.any():
        pvalue[use_fisher] = stats.fisher_exact_test(
            x[use_fisher], (e - x)[use_fisher], ref_x[use_fisher], (ref_e - ref_x)[use_fisher]
        )
    test = np.where(untested, np.asarray(None, dtype=object), np.where(use_fisher, "fisher", "z"))
    selection = pl.DataFrame(
        {
            **base,
            "reference_group": pl.Series(c["ref_group"].tolist(), dtype=pl.String),
            "reference_label": pl.Series(c["ref_label"].tolist(), dtype=pl.String),
            "rate": opt_float(rate, sel_blocked),
            "reference_rate": opt_float(ref_rate, sel_blocked),
            "ratio": opt_float(ratio, sel_blocked),
            "four_fifths_flag": opt_bool(ratio < FOUR_FIFTHS, sel_blocked | np.isnan(ratio)),
            "test": pl.Series(test.tolist(), dtype=pl.String),
            "z": opt_float(np.where(use_fisher | untested, np.nan, z), sel_blocked),
            "p_value": pvalue,
            "suppressed": b,
            "has_reference": has_ref,
        }
    ).filter(pl.Series(keep))
    transitions = finish(transitions, ["rate", "ci_low", "ci_high"])
    selection = finish(selection, ["rate", "reference_rate", "ratio", "z", "p_value"])
    return transitions, selection
