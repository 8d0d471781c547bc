"""What a dean reads first: the findings that matter most for a pipeline, one sentence each.

A release makes hundreds of comparisons; its per-year findings repeat the same
gap once a year and list comparisons with the general population beside
decisions the school makes. Headlines are read from the frozen frames and:

* lead with a gap no single year could show: significant across the years taken
  together (``pooled``, Cochran-Mantel-Haenszel) while every year alone could be
  chance; and warn when pooling averages gaps that change direction;
* join the years of one comparison into one sentence ("in every year
  2018–2024, significant in 7 of 7 years");
* rank by what matters for the stage: a selection decision compared with the
  people who reached the stage before it (the school's own availability pool:
  applicants for interviews, interviewees for offers) and time to promotion
  first; then leaving (withdrawal, departure); then comparisons with a
  benchmark that is an availability pool for the stage (a national applicant
  or faculty pool); then trends; comparisons with the population at large come
  last, as context, never as a headline;
* prefer the plain tables (race and ethnicity, sex) over intersections and
  select-all tables, and say each gap once, under its plainest grouping;
* name groups as people do ("women", "men").

Pure Python on the frozen frames: it reads published rows only, so it can
neither reveal nor depend on a suppressed figure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from .pooled_words import pooled_sentences
from .words import _ADJECTIVAL, people_phrase

__all__ = ["Headline", "headlines"]

# How much a kind of comparison matters to a reader of the pipeline.
SELECTION = 100.0
TIME_TO_EVENT = 95.0
LEAVING = 85.0
AVAILABILITY_POOL = 80.0
TREND = 45.0
GENERAL_POPULATION = 10.0
MILESTONE = 70.0
# A gap no single year could show, clear across the years together, leads the summary.
POOLED_LEADS = 1000.0
# Plain tables first: an intersection or a select-all table says the same gap less plainly.
TABLE_WEIGHT = {"single": 1.0, "custom": 0.95, "intersection": 0.75, "select_all": 0.7}
# The questions the school's commitments name first; others (veteran status, age...) follow.
PRIMARY = frozenset({"ipeds", "sex", "gender_identity"})
RACE_SCHEMES = frozenset({"ipeds", "omb_alone", "omb_any"})

_CORRECTION = {
    "holm": "after Holm correction",
    "fdr_bh": "after Benjamini-Hochberg correction",
    "none": "with no correction for multiple comparisons",
}


@dataclass(frozen=True)
class Headline:
    text: str
    significant: bool
    score: float
    kind: str
    key: tuple[str, ...]


def _span(years: list[int]) -> str:
    years = sorted(set(years))
    if len(years) == 1:
        return f"in {years[0]}"
    if years == list(range(years[0], years[-1] + 1)):
        return f"in every year {years[0]}–{years[-1]}"
    return "in " + ", ".join(str(y) for y in years[:-1]) + f" and {years[-1]}"


def _range(values: list[float]) -> str:
    low, high = min(values), max(values)
    return f"{low:.2f}" if f"{low:.2f}" == f"{high:.2f}" else f"{low:.2f}–{high:.2f}"


def _year_words(parameters: Mapping[str, Any], years: list[int]) -> str:
    pooled = parameters.get("pooled_years") or []
    if pooled:
        return f"over {min(pooled)}–{max(pooled)} pooled"
    return _span(years)


class _Groupings:
    def __init__(self, parameters: Mapping[str, Any]):
        self.by_code = {g["code"]: g for g in parameters["groupings"]}

    def label(self, table: str) -> str:
        return str(self.by_code[table]["label"])

    def weight(self, table: str) -> float:
        weight = TABLE_WEIGHT.get(self.by_code[table].get("kind", "single"), 0.7)
        variables = set(self.variables(table))
        return weight if variables & PRIMARY else weight * 0.6

    def family(self, table: str) -> str:
        """Tables that say the same thing: the three race schemes are one family."""
        variables = self.variables(table)
        return "race" if variables and variables[0] in RACE_SCHEMES else "/".join(variables)

    def variables(self, table: str) -> tuple[str, ...]:
        return tuple(self.by_code[table].get("variables", ()))

    def adjectival(self, table: str) -> bool:
        return set(self.variables(table)) <= _ADJECTIVAL

    def phrase(
        self, table: str, group: str, label: str, special: bool, noun: str
    ) -> tuple[str, bool]:
        return people_phrase(
            group,
            label,
            special,
            noun,
            self.label(table),
            self.variables(table),
            self.adjectival(table),
        )


def text_key(who: str, ref: str) -> str:
    """The same comparison under two tables (sex and gender identity both give "women") is
    one finding: identify it by the words it is said in."""
    return f"{who}|{ref}".lower()


def _sentence(who: str, named: bool, noun: str, rest: str) -> str:
    text = f"{who} {rest}" if named else f"among {noun}, {who} {rest}"
    return text[:1].upper() + text[1:]


def headlines(parameters: Mapping[str, Any], frames: Mapping[str, pl.DataFrame]) -> list[Headline]:
    """Every headline of a frozen release, most important first (see the module docstring)."""
    pipeline = parameters["pipeline"]
    noun = pipeline.get("noun", "people")
    stages = {s["code"]: s for s in pipeline["stages"]}
    first = pipeline["stages"][0]["code"] if pipeline["stages"] else ""
    cohort = pipeline.get("year_basis") == "cohort"
    correction = _CORRECTION.get(parameters.get("correction", "holm"), "after correction")
    groupings = _Groupings(parameters)
    out: list[Headline] = []

    selection = frames.get("selection", pl.DataFrame())
    if selection.height and "p_adjusted" in selection.columns:
        tested = selection.filter(
            ~pl.col("suppressed") & pl.col("p_adjusted").is_not_null() & pl.col("has_reference")
        )
        keys = ["table", "group", "source", "target"]
        for key, part in tested.group_by(keys, maintain_order=True):
            table, group, source, target = (str(v) for v in key)
            rows = part.sort("year").to_dicts()
            significant = [r for r in rows if r["significant"]]
            # Worth a look though not significant: a four-fifths gap that would be
            # significant alone, but not after correcting for every comparison made.
            flagged = [
                r
                for r in rows
                if r["four_fifths_flag"] and (r["p_value"] or 1) < 0.05 and not r["special"]
            ]
            shown = significant or flagged
            if not shown:
                continue
            r0 = shown[-1]
            who, named = groupings.phrase(table, group, r0["group_label"], r0["special"], noun)
            ref, _ = groupings.phrase(
                table, r0["reference_group"], r0["reference_label"], False, noun
            )
            target_stage, source_stage = stages[target], stages[source]
            among = "" if (cohort and source == first) else f" who {source_stage['outcome']}"
            ratios = [float(r["ratio"]) for r in shown]
            rates = (
                f" ({r0['rate']:.0%} against {r0['reference_rate']:.0%})" if len(shown) == 1 else ""
            )
            years = [int(r["year"]) for r in shown]
            verdict = (
                f"significant {correction} in {len(significant)} of {len(rows)} "
                f"year{'s' if len(rows) != 1 else ''} compared"
                if significant
                else "not significant: it could be chance at these numbers"
            )
            if len(rows) == 1 and significant:
                verdict = f"significant {correction}"
            rest = (
                f"{target_stage['outcome']} at {_range(ratios)} times the rate of {ref}{rates} "
                f"{_year_words(parameters, years)} ({verdict})."
            )
            subject = f"{who}{among}"
            text = _sentence(subject, named, noun, rest)
            base = {"exit": LEAVING, "milestone": MILESTONE}.get(
                target_stage.get("kind"), SELECTION
            )
            effect = max(abs(math.log(min(max(v, 0.25), 4.0))) for v in ratios)
            consistency = len(significant) / len(rows)
            score = (
                base * groupings.weight(table) * (0.5 + 0.5 * consistency) * (1 + min(effect, 1.5))
            )
            if r0["special"]:
                score *= 0.5  # "prefer not to answer" rows matter less than the groups
            out.append(
                Headline(
                    text,
                    bool(significant),
                    score,
                    "selection",
                    (source, target, groupings.family(table), group, r0["reference_group"] or ""),
                )
            )

    for s in pooled_sentences(parameters, frames.get("pooled", pl.DataFrame()), selection):
        base = {"exit": LEAVING, "milestone": MILESTONE}.get(s.kind, SELECTION)
        if s.significant and s.years_alone_inconclusive:
            base = POOLED_LEADS
        effect = abs(math.log(min(max(s.odds_ratio, 0.25), 4.0)))
        score = base * groupings.weight(s.table) * (1 + min(effect, 1.5))
        key = (s.source, s.target, groupings.family(s.table), s.group, "pooled")
        out.append(Headline(s.text, s.significant, score, "pooled", key))

    survival = frames.get("survival_tests", pl.DataFrame())
    tte = pipeline.get("time_to_event")
    if tte and survival.height and "significant" in survival.columns:
        end = stages[tte["end"]]
        for r in survival.filter(
            ~pl.col("suppressed") & pl.col("significant").fill_null(False)
        ).to_dicts():
            who, named = groupings.phrase(
                r["table"], r["group"], r["group_label"], r["special"], noun
            )
            ref, _ = groupings.phrase(
                r["table"], r["reference_group"], r["reference_label"], False, noun
            )
            pace = "sooner" if (r["z"] or 0) > 0 else "later"
            median = (
                f"half had by {r['median_years']:.1f} years"
                if r["median_years"] is not None
                else "fewer than half had yet"
            )
            rest = f"{end['outcome']} {pace} than {ref} ({median}; significant {correction})."
            text = _sentence(who, named, noun, rest)
            score = TIME_TO_EVENT * groupings.weight(r["table"]) * 2
            out.append(Headline(text, True, score, "survival", (tte["end"], text_key(who, ref))))

    representation = frames.get("representation", pl.DataFrame())
    benchmarks = {b["scheme"]: b for b in parameters.get("benchmarks", [])}
    if representation.height and "significant" in representation.columns:
        latest = int(representation["year"].max())  # type: ignore[arg-type]
        rows = representation.filter(
            (pl.col("year") == latest)
            & ~pl.col("suppressed")
            & pl.col("significant").fill_null(False)
        ).to_dicts()
        for r in rows:
            bench = benchmarks.get(r["table"])
            if bench is None:
                continue
            stage = stages[r["stage"]]
            pool = bool(bench.get("availability")) and (
                not bench.get("stages") or r["stage"] in bench["stages"]
            )
            who, _ = groupings.phrase(r["table"], r["group"], r["group_label"], False, "people")
            context = (
                "an availability pool"
                if pool
                else "the population at large: context, not a pool the school recruits from"
            )
            direction = "below" if r["ratio"] < 1 else "above"
            text = (
                f"{who[:1].upper() + who[1:]} made up {r['share']:.1%} of {noun} at the stage "
                f"“{stage['label']}” {_year_words(parameters, [latest])}, {r['ratio']:.2f} times "
                f"their {r['benchmark_share']:.1%} share of the {bench['label']} ({context}) — "
                f"{direction} it (significant {correction})."
            )
            base = AVAILABILITY_POOL if pool else GENERAL_POPULATION
            effect = abs(math.log(max(float(r["ratio"]), 1e-6)))
            score = base * groupings.weight(r["table"]) * (1 + min(effect, 1.5))
            out.append(
                Headline(text, True, score, "representation", (r["stage"], text_key(who, "")))
            )

    trends = frames.get("trends", pl.DataFrame())
    if trends.height and "significant" in trends.columns:
        for r in trends.filter(pl.col("significant").fill_null(False)).to_dicts():
            direction = "rose" if r["slope_per_year"] > 0 else "fell"
            points = abs(r["slope_per_year"]) * 100
            who, _ = groupings.phrase(
                r["table"], r["group"], r["group_label"], r["special"], "people"
            )
            if r["kind"] == "share":
                stage = stages[r["subject"]]
                text = (
                    f"Among {noun} at the stage “{stage['label']}”, the share of {who} "
                    f"{direction} by {points:.1f} percentage points a year over "
                    f"{r['years_used']} years (significant {correction})."
                )
            else:
                source, target = (stages[c] for c in r["subject"].split(">"))
                text = (
                    f"The share of {who} who {source['outcome']} and then {target['outcome']} "
                    f"{direction} by {points:.1f} percentage points a year over "
                    f"{r['years_used']} years (significant {correction})."
                )
            score = TREND * groupings.weight(r["table"]) * (1 + min(points / 5, 1.0))
            key = (r["kind"], r["subject"], groupings.family(r["table"]), r["group"])
            out.append(Headline(text, True, score, "trend", key))

    out.sort(key=lambda h: (not h.significant, -h.score))
    # Say each gap once, under its plainest table (the first after ranking).
    seen: set[tuple[str, tuple[str, ...]]] = set()
    said: set[str] = set()
    unique = []
    for h in out:
        identity = (h.kind, h.key)
        if identity in seen or h.text in said:
            continue
        seen.add(identity)
        said.add(h.text)
        unique.append(h)
    return unique
