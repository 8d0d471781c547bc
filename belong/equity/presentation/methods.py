"""How an outcome release's figures were made, beyond what publishing states for every release."""

from __future__ import annotations

from belong.publishing.pages import Fact

from .benchmark import benchmark_words
from .labels import Labels, span


def methods(labels: Labels, release: object) -> list[Fact]:
    parameters = labels.parameters
    pipeline = parameters["pipeline"]
    basis = (
        "every stage of one pass counts in its cohort's year"
        if pipeline.get("year_basis") == "cohort"
        else "each stage counts in the year it happened"
    )
    facts = [
        Fact("Pipeline", f"{pipeline['label']} ({pipeline.get('year_basis')} years: {basis})"),
    ]
    if labels.pooled:
        facts.append(
            Fact(
                "Years",
                f"{span(labels.pooled)}, pooled into one period so that each figure counts "
                "more people (and, with noise, the noise is small beside it).",
            )
        )
    else:
        facts.append(Fact("Years", span(labels.years)))
    units = parameters.get("units")
    facts.append(Fact("Units", ", ".join(units) if units else "All units pooled"))
    facts.append(
        Fact("Reporting tables", "; ".join(g["label"] for g in parameters.get("groupings", [])))
    )
    if not labels.noisy:
        summary = labels.tables.summary
        facts.append(
            Fact(
                "Tests",
                f"{summary.get('tests', 0):,} comparisons, corrected together "
                f"({parameters.get('correction_label') or parameters.get('correction')}), "
                f"significance level {parameters.get('alpha')}; "
                f"{summary.get('significant_tests', 0):,} significant.",
            )
        )
        if summary.get("pooled_tests"):
            facts.append(
                Fact(
                    "All years together",
                    f"{summary['pooled_tests']:,} of the comparisons pool the years: each "
                    "group against everyone else, year by year, combined by the "
                    "Cochran-Mantel-Haenszel test (Mantel-Haenszel odds ratio, "
                    "Robins-Breslow-Greenland interval); the Breslow-Day test says whether the "
                    "gap was the same every year. Years with a hidden figure are left out.",
                )
            )
    for b in parameters.get("benchmarks", []):
        text = b["label"]
        if b.get("source"):
            text += f". Source: {b['source']}"
        if b.get("notes"):
            text += f". {b['notes']}"
        facts.append(Fact("Benchmark", f"{text}. It is {benchmark_words(b)}."))
    if getattr(release, "bounded_contributions", False):
        facts.append(
            Fact("Counting", "Each person is counted in one pass through the pipeline only.")
        )
    return facts
