"""Plain-words findings for a release.

Each finding is one sentence a dean can read without the tables: what was
compared, the size of the difference, and whether it is statistically
significant after the release's multiple-comparison correction, and what that
does and does not mean. Findings name groups, never people, and are built
only from published (unsuppressed) rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from .benchmarks import Benchmark
from .groupings import Grouping
from .pipelines import Pipeline

__all__ = ["findings", "format_p", "group_phrase"]

MAX_SELECTION_FINDINGS = 120

_CORRECTION_WORDS = {
    "holm": "after Holm correction",
    "fdr_bh": "after Benjamini-Hochberg correction",
    "none": "with no correction for multiple comparisons",
}


def format_p(p: float) -> str:
    """``p < 0.001``, ``p = 0.003`` or ``p = 0.41``."""
    if p < 0.001:
        return "p < 0.001"
    if p < 0.01:
        return f"p = {p:.3f}"
    return f"p = {p:.2f}"


def _verdict(p_adjusted: float | None, alpha: float, correction: str, *, prefix: str = "") -> str:
    words = _CORRECTION_WORDS[correction]
    if p_adjusted is None:
        return f"{prefix}not tested"
    if p_adjusted < alpha:
        return f"{prefix}{format_p(p_adjusted)} {words} — unlikely to be chance"
    return (
        f"{prefix}no significant difference ({format_p(p_adjusted)} {words}); "
        "small numbers make this uncertain"
    )


# Tables whose row labels read as adjectives before a noun ("Asian applicants").
_ADJECTIVAL = frozenset(
    {"ipeds", "omb_alone", "omb_any", "sex", "gender_identity", "sexual_orientation"}
)


def group_phrase(
    label: str, special: bool, noun: str, table_label: str, adjectival: bool = True
) -> str:
    """Name a group of people in a sentence.

    "Black or African American applicants"; "applicants in the group “Prefer
    not to answer” (sex)"; "faculty members with age band “45 to 54”".
    """
    if special or label == "All other answers":
        return f"{noun} in the group “{label}” ({_lower(table_label)})"
    if not adjectival:
        return f"{noun} with {_lower(table_label)} “{label}”"
    return f"{label} {noun}"


def _lower(text: str) -> str:
    # Only the first letter: labels carry acronyms (IPEDS, OMB) that must stay.
    return text[:1].lower() + text[1:]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def findings(
    *,
    pipeline: Pipeline,
    spec_alpha: float,
    correction: str,
    groupings: Mapping[str, Grouping],
    representation: pl.DataFrame,
    selection: pl.DataFrame,
    trends: pl.DataFrame,
    survival_tests: pl.DataFrame,
    benchmarks: Mapping[str, Benchmark],
) -> list[dict[str, Any]]:
    """Findings of a release, most important first.

    Included: selection ratios that trip the four-fifths rule or differ
    significantly (significant first, at most ``MAX_SELECTION_FINDINGS``),
    significant trends, significant differences from the benchmark in the
    latest year, and time-to-event comparisons (one "no significant
    difference" line per table where none differ).
    """
    noun = pipeline.noun
    out: list[dict[str, Any]] = []
    label_of = {code: g.label for code, g in groupings.items()}
    adjectival = {code: set(g.variables) <= _ADJECTIVAL for code, g in groupings.items()}

    rows = (
        selection.filter(
            ~pl.col("suppressed")
            & pl.col("has_reference")
            & (pl.col("four_fifths_flag") | pl.col("significant"))
        )
        .sort(
            ["significant", "p_adjusted", "year", "table", "group"],
            descending=[True, False, True, False, False],
            nulls_last=True,
        )
        .head(MAX_SELECTION_FINDINGS)
    )
    for r in rows.iter_rows(named=True):
        target = pipeline.stage(r["target"])
        source = pipeline.stage(r["source"])
        who = group_phrase(
            r["group_label"], r["special"], noun, label_of[r["table"]], adjectival[r["table"]]
        )
        ref = group_phrase(
            r["reference_label"], False, noun, label_of[r["table"]], adjectival[r["table"]]
        )
        flag = "four-fifths rule flagged; " if r["four_fifths_flag"] else ""
        # Everyone in a cohort pipeline starts at its first stage: no need to say so.
        first = pipeline.year_basis == "cohort" and source.code == pipeline.stages[0].code
        among = "" if first else f" who {source.outcome}"
        text = (
            f"In {r['year']}, {who}{among} {target.outcome} at "
            f"{r['ratio']:.2f} times the rate of {ref} "
            f"({r['rate']:.0%} against {r['reference_rate']:.0%}; "
            f"{_verdict(r['p_adjusted'], spec_alpha, correction, prefix=flag)})."
        )
        out.append(
            {
                "kind": "selection",
                "text": _capital(text),
                "significant": bool(r["significant"]),
                "four_fifths_flag": bool(r["four_fifths_flag"]),
                "p_adjusted": r["p_adjusted"],
                "table": r["table"],
                "group": r["group"],
                "year": r["year"],
                "subject": f"{r['source']}>{r['target']}",
            }
        )

    for r in (
        trends.filter(pl.col("significant").fill_null(False))
        .sort(["p_adjusted", "table", "group", "subject"])
        .iter_rows(named=True)
    ):
        direction = "rose" if r["slope_per_year"] > 0 else "fell"
        points = abs(r["slope_per_year"]) * 100
        if r["kind"] == "share":
            stage = pipeline.stage(r["subject"])
            who = r["group_label"] if not r["special"] else f"in the group “{r['group_label']}”"
            text = (
                f"Among {noun} at the stage “{stage.label}”, the share who are {who} "
                f"({_lower(label_of[r['table']])}) {direction} by {points:.1f} percentage points "
                f"a year over {r['years_used']} years "
                f"({_verdict(r['p_adjusted'], spec_alpha, correction)})."
            )
        else:
            source_code, target_code = r["subject"].split(">")
            source, target = pipeline.stage(source_code), pipeline.stage(target_code)
            who = group_phrase(
                r["group_label"], r["special"], noun, label_of[r["table"]], adjectival[r["table"]]
            )
            text = (
                f"The share of {who} who {source.outcome} and then {target.outcome} "
                f"{direction} by {points:.1f} percentage points a year over "
                f"{r['years_used']} years ({_verdict(r['p_adjusted'], spec_alpha, correction)})."
            )
        out.append(
            {
                "kind": "trend",
                "text": _capital(text),
                "significant": True,
                "p_adjusted": r["p_adjusted"],
                "table": r["table"],
                "group": r["group"],
                "subject": r["subject"],
            }
        )

    if representation.height:
        latest = int(representation["year"].max())  # type: ignore[arg-type]
        rows = representation.filter(
            (pl.col("year") == latest)
            & ~pl.col("suppressed")
            & pl.col("significant").fill_null(False)
        ).sort(["stage", "table", "group"])
        order = {c: i for i, c in enumerate(pipeline.stage_codes)}
        rows = rows.sort(pl.col("stage").replace_strict(order, return_dtype=pl.Int64), "group")
        for r in rows.iter_rows(named=True):
            bench = benchmarks[r["table"]]
            stage = pipeline.stage(r["stage"])
            if r["p_adjusted"] >= spec_alpha:
                comparison = "in line with"
            elif r["ratio"] < 1:
                comparison = "below"
            else:
                comparison = "above"
            text = (
                f"In {latest}, {r['group_label']} people were {r['share']:.1%} of {noun} at the "
                f"stage “{stage.label}” (of known race and ethnicity), {r['ratio']:.2f} times "
                f"their {r['benchmark_share']:.1%} share of the {bench.label} — {comparison} it "
                f"({_verdict(r['p_adjusted'], spec_alpha, correction)})."
            )
            out.append(
                {
                    "kind": "representation",
                    "text": text,
                    "significant": bool(r["p_adjusted"] < spec_alpha),
                    "p_adjusted": r["p_adjusted"],
                    "table": r["table"],
                    "group": r["group"],
                    "year": latest,
                    "subject": r["stage"],
                }
            )

    tte = pipeline.time_to_event
    if tte is not None and survival_tests.height:
        end = pipeline.stage(tte.end)
        rows = survival_tests.filter(~pl.col("suppressed") & pl.col("p_adjusted").is_not_null())
        for table in dict.fromkeys(rows["table"].to_list()):
            sub = rows.filter(pl.col("table") == table)
            significant = sub.filter(pl.col("significant"))
            if significant.is_empty():
                text = (
                    f"Time to “{_lower(end.label)}”: no significant difference between groups "
                    f"by {_lower(label_of[table])} ({_CORRECTION_WORDS[correction]})."
                )
                out.append(
                    {
                        "kind": "survival",
                        "text": text,
                        "significant": False,
                        "p_adjusted": None,
                        "table": table,
                        "group": None,
                        "subject": f"{tte.start}>{tte.end}",
                    }
                )
                continue
            for r in significant.iter_rows(named=True):
                who = group_phrase(
                    r["group_label"], r["special"], noun, label_of[table], adjectival[table]
                )
                ref = group_phrase(
                    r["reference_label"], False, noun, label_of[table], adjectival[table]
                )
                pace = "sooner" if r["z"] > 0 else "later"
                median = (
                    f"median {r['median_years']:.1f} years"
                    if r["median_years"] is not None
                    else "median not yet reached"
                )
                text = (
                    f"{who} {end.outcome} {pace} than {ref} ({median}; "
                    f"{_verdict(r['p_adjusted'], spec_alpha, correction)})."
                )
                out.append(
                    {
                        "kind": "survival",
                        "text": _capital(text),
                        "significant": True,
                        "p_adjusted": r["p_adjusted"],
                        "table": table,
                        "group": r["group"],
                        "subject": f"{tte.start}>{tte.end}",
                    }
                )
    return out
