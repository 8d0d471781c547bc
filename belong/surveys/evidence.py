"""LCME element 3.5 (learning environment) for the accreditation evidence (``publishing.evidence``).

The latest closed climate survey of students: the latest closed campaign to
students that declared the class year as a dimension. Each Likert item's
favourable share, for every respondent and per class, computed with the
results' own protection (``results.protection.cuts_for``: a class is hidden
under ``k`` responses, with a partner beside it; ``results.figures``: an item
answered by fewer than ``k`` in a cut is hidden), ``k`` being the larger of
the school's threshold and the campaign's own. A closed campaign's responses
never change, so these figures are the same whenever they are read.
"""

from __future__ import annotations

from dataclasses import replace

from belong.publishing.evidence import Column, Context, EvidenceTable, Source
from belong.surveys.grouping import NOT_SHOWN
from belong.surveys.models import Campaign
from belong.surveys.results import figures, protection
from belong.surveys.results.design import ALL
from belong.surveys.results.reading import design_of, responses_of

YEAR_DIMENSION = "cohort"


def latest_climate_campaign() -> Campaign | None:
    """The latest closed campaign to students with results by class year."""
    for campaign in Campaign.objects.filter(status=Campaign.Status.CLOSED).order_by(
        "-closes_on", "-pk"
    ):
        if "student" in (campaign.audience_kinds or []) and YEAR_DIMENSION in (
            campaign.dimensions or []
        ):
            return campaign
    return None


def climate(context: Context) -> EvidenceTable | None:
    """Favourable shares of each climate item, for all students and per class year."""
    campaign = latest_climate_campaign()
    if campaign is None:
        return None
    design = design_of(campaign)
    design = replace(design, k=max(design.k, context.k), dimensions=(YEAR_DIMENSION,))
    columns = responses_of(campaign, design)
    try:
        cuts = protection.cuts_for(columns.groups, design.dimensions, design.k, columns.n)
    except protection.TooFewResponses:
        return None
    favourable, _ = figures.item_rows(design, columns, cuts)
    shares = {(r["group"], r["item"]): r["favourable"] for r in favourable}
    groups = [c for c in cuts if c.dimension in (ALL, YEAR_DIMENSION)]
    labels = [
        "All students"
        if c.dimension == ALL
        else "Class not shown (too few people)"
        if c.group == NOT_SHOWN
        else f"Class of {design.label_of(c.dimension, c.group)}"
        for c in groups
    ]
    rows = [
        [item.prompt, *(shares.get((c.group, item.code)) for c in groups)]
        for item in design.items
        if item.kind == "likert"
    ]
    responses = [c.n if c.shown else None for c in groups]
    return EvidenceTable(
        element="3.5",
        key="surveys-climate",
        title=f"Learning-environment climate: {campaign.title}",
        description=(
            f"The latest closed climate survey of students ({campaign.title}, "
            f"{campaign.opens_on:%-d %B %Y} to {campaign.closes_on:%-d %B %Y}; "
            f"{columns.n:,} anonymous responses of {campaign.invited:,} invited). Each item's "
            "favourable share (agree or strongly agree; disagree for a reverse-worded item), "
            "for all students and per class year."
        ),
        columns=[Column("Item", "text"), *(Column(label, "share") for label in labels)],
        rows=rows,
        as_of=context.today,
        k=design.k,
        notes=[
            f"Responses per group: {', '.join(_count(v) for v in responses)} "
            f"({', '.join(labels)}).",
            "A class with fewer than k responses is hidden, with another beside it so that it "
            "cannot be worked out from the total.",
        ],
    )


def _count(value: int | None) -> str:
    return "hidden" if value is None else f"{value:,}"


TABLES = [Source("3.5", "surveys-climate", climate)]
