"""Plain-words findings for a release.

Each finding is one sentence a dean can read without the tables: what was
compared, the size of the difference, and whether it is statistically
significant after the release's multiple-comparison correction, and what that
does and does not mean. Findings name groups, never people, and are built
only from published (unsuppressed) rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from .benchmarks import Benchmark
from .groupings import Grouping
from .pipelines import Pipeline

__all__ = ["PEOPLE_WORDS", "findings", "format_p", "group_phrase", "people_phrase"]

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

# How people name the members of a group where the answer's label is not how one speaks
# of them: "women", not "Woman faculty members".
PEOPLE_WORDS: dict[tuple[str, str], str] = {
    ("sex", "female"): "women",
    ("sex", "male"): "men",
    ("sex", "intersex"): "intersex people",
    ("gender_identity", "woman"): "women",
    ("gender_identity", "man"): "men",
    ("gender_identity", "transgender_woman"): "transgender women",
    ("gender_identity", "transgender_man"): "transgender men",
    ("gender_identity", "nonbinary"): "non-binary or genderqueer people",
    ("gender_identity", "another"): "people of another gender identity",
}


def people_phrase(
    group: str,
    label: str,
    special: bool,
    noun: str,
    table_label: str,
    variables: Sequence[str] = (),
    adjectival: bool = True,
) -> tuple[str, bool]:
    """Name a group of people in a sentence, as people would.

    Returns the phrase and whether it already names the pipeline's people
    (``noun``): "Black or African American applicants" does; "women" and
    "Black or African American women" do not, so the sentence says "among
    applicants" once. "Prefer not to answer" rows are named as a group:
    "applicants in the group “Prefer not to answer” (sex)".
    """
    if special or label == "All other answers":
        return f"{noun} in the group “{label}” ({_lower(table_label)})", True
    if len(variables) == 1 and (variables[0], group) in PEOPLE_WORDS:
        return PEOPLE_WORDS[(variables[0], group)], False
    if len(variables) == 2 and "|" in group:
        first, second = group.split("|", 1)
        word = PEOPLE_WORDS.get((variables[1], second))
        if word is not None and variables[0] in _ADJECTIVAL:
            from .groupings import VARIABLES

            var = VARIABLES.get(variables[0])
            if var is not None and first in var.values:
                return f"{var.labels[var.index(first)]} {word}", False
    if not adjectival:
        return f"{noun} with {_lower(table_label)} “{label}”", True
    return f"{label} {noun}", True


def group_phrase(
    label: str, special: bool, noun: str, table_label: str, adjectival: bool = True
) -> str:
    """Name a group of people in a sentence, with the noun ("Asian applicants")."""
    phrase, _ = people_phrase("", label, special, noun, table_label, (), adjectival)
    return phrase


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
        grouping = groupings[r["table"]]
        who, named = people_phrase(
            r["group"],
            r["group_label"],
            r["special"],
            noun,
            label_of[r["table"]],
            grouping.variables,
            adjectival[r["table"]],
        )
        ref, _ = people_phrase(
            r["reference_group"],
            r["reference_label"],
            False,
            noun,
            label_of[r["table"]],
            grouping.variables,
            adjectival[r["table"]],
        )
        flag = "four-fifths rule flagged; " if r["four_fifths_flag"] else ""
        # Everyone in a cohort pipeline starts at its first stage: no need to say so.
        first = pipeline.year_basis == "cohort" and source.code == pipeline.stages[0].code
        among = "" if first else f" who {source.outcome}"
        lead = (
            f"In {r['year']}, {who}{among}"
            if named
            else (f"In {r['year']}, among {noun}{among}, {who}")
        )
        text = (
            f"{lead} {target.outcome} at "
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
            who, _ = people_phrase(
                r["group"],
                r["group_label"],
                r["special"],
                noun,
                label_of[r["table"]],
                groupings[r["table"]].variables,
                adjectival[r["table"]],
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
            who, _ = people_phrase(
                r["group"],
                r["group_label"],
                False,
                "people",
                label_of[r["table"]],
                groupings[r["table"]].variables,
                adjectival[r["table"]],
            )
            pool = (
                "an availability pool"
                if bench.availability
                else "the population at large, not the pool the school recruits from"
            )
            text = (
                f"In {latest}, {who} made up {r['share']:.1%} of {noun} at the stage "
                f"“{stage.label}” (of those the benchmark describes), {r['ratio']:.2f} times "
                f"their {r['benchmark_share']:.1%} share of the {bench.label} ({pool}) — "
                f"{comparison} it ({_verdict(r['p_adjusted'], spec_alpha, correction)})."
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
                    "availability": bench.availability,
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
                variables = groupings[table].variables
                who, named = people_phrase(
                    r["group"],
                    r["group_label"],
                    r["special"],
                    noun,
                    label_of[table],
                    variables,
                    adjectival[table],
                )
                ref, _ = people_phrase(
                    r["reference_group"],
                    r["reference_label"],
                    False,
                    noun,
                    label_of[table],
                    variables,
                    adjectival[table],
                )
                if not named:
                    who = f"among {noun}, {who}"
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
