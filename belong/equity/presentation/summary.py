"""The two-page summary of a release: what it finds, what is not significant, what is hidden.

One count of significant results is stated, once: the comparisons the release
tested and how many of them are significant after its correction. The
findings listed are the most important of those (``analytics.headlines``),
each gap once however many years it spans.
"""

from __future__ import annotations

from collections import defaultdict

import polars as pl

from belong.equity.analytics.headlines import headlines
from belong.publishing.pages import ReleaseSummary

from .composition import overview
from .labels import Labels, span

SHOWN = 6
NOT_SIGNIFICANT_SHOWN = 4
HIDDEN_GROUPS_SHOWN = 5

_CORRECTION = {
    "holm": "Holm's correction",
    "fdr_bh": "the Benjamini-Hochberg correction",
    "none": "no correction",
}


def summary(labels: Labels) -> ReleaseSummary:
    parameters = labels.parameters
    facts = labels.tables.summary
    out = ReleaseSummary(hidden=hidden_words(labels), figures=[overview(labels)])
    years = span(labels.pooled or labels.years)
    if labels.noisy:
        out.tests_published = False
        out.headline = (
            f"{labels.pipeline['label']}, {years}: who reached each stage, by group, with "
            "deliberate random noise added to every count to protect privacy. Figures with "
            "noise are not tested for significance (the tests would need the exact counts); "
            "read each figure with the interval beside it."
        )
        return out
    found = headlines(parameters, labels.frames)
    significant = [h for h in found if h.significant]
    out.significant = int(facts.get("significant_tests") or 0)
    out.tested = int(facts.get("tests") or 0)
    out.findings = [h.text for h in significant[:SHOWN]]
    out.not_significant = [h.text for h in found if not h.significant][:NOT_SIGNIFICANT_SHOWN]
    correction = _CORRECTION.get(parameters.get("correction", "holm"), "a correction")
    out.headline = (
        f"{labels.pipeline['label']}, {years}. The release makes {out.tested:,} comparisons "
        f"between groups; {out.significant:,} of them are statistically significant after "
        f"{correction} for making so many (significance level {parameters.get('alpha', 0.05)}). "
        "Significant means unlikely to be chance, not why a difference exists."
    )
    if significant:
        out.notes.append(
            "Listed first: decisions at each stage compared with the people who reached the "
            "stage before (the school's own pool), time to promotion, and leaving; comparisons "
            "with a national pool next; comparisons with the population at large last, as "
            "context. The same gap in several years is one finding."
        )
    return out


def hidden_words(labels: Labels) -> list[str]:
    """What is hidden ("—") and why, in sentences: how many figures, and the groups most hidden."""
    cells = labels.frame("cells")
    if cells.is_empty():
        return []
    grouped = cells.filter(pl.col("table") != "all")
    total, hidden = grouped.height, int(grouped["suppressed"].sum())
    k = labels.k or labels.parameters.get("k")
    words = [
        f"{hidden:,} of the {total:,} group figures are hidden (“—”). A figure is hidden when it "
        f"describes fewer than {k} people, or when, with the totals, it would let a hidden "
        "figure be worked out. “—” can stand for any number below that, zero included, so read "
        "nothing into a dash."
    ]
    if not hidden:
        return [f"No figure is hidden: every group has at least {k} people."]
    by_group: dict[tuple[str, str], list[bool]] = defaultdict(list)
    primary = {
        code
        for code, g in labels.groupings.items()
        if g.get("kind", "single") in ("single", "custom")
    }
    for r in grouped.select("table", "group_label", "suppressed").iter_rows():
        if r[0] in primary:
            by_group[(r[0], r[1])].append(bool(r[2]))
    most = sorted(
        ((sum(v) / len(v), key) for key, v in by_group.items() if sum(v)),
        key=lambda item: (-item[0], item[1]),
    )[:HIDDEN_GROUPS_SHOWN]
    for share, (table, label) in most:
        words.append(
            f"{label} ({labels.groupings[table]['label']}): {share:.0%} of its figures are hidden."
        )
    if labels.transitions and not labels.noisy:
        words.append(
            "A rate or a comparison that rests on a hidden figure is hidden too, and is not tested."
        )
    return words
