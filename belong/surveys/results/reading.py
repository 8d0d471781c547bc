"""The one read of survey responses: a closed campaign's design and answers, for results.

Nothing else reads ``surveys.Response`` rows for results: there is no
object rule for a response, and no page shows one. The rows are read as
``(answers, groups)`` pairs, with no key and no week, straight into columns.
"""

from __future__ import annotations

from django.db.models import QuerySet

from belong.people.models import Unit
from belong.publishing.models import Release
from belong.surveys import grouping
from belong.surveys.models import Campaign, Response
from belong.surveys.results.compute import Previous
from belong.surveys.results.design import Columns, Design, ItemInfo, ScaleInfo, columns_of

KIND = "surveys"


def design_of(campaign: Campaign, *, correction: str = "holm") -> Design:
    version = campaign.version
    items = tuple(
        ItemInfo(
            code=i.code,
            prompt=i.prompt,
            kind=i.kind,
            choices=tuple((str(v), str(label)) for v, label in i.choices),
            reverse=i.reverse_scored,
            section=i.section,
        )
        for i in version.items.order_by("position")
        if i.answers
    )
    scales = tuple(
        ScaleInfo(s.code, s.label, tuple(s.item_codes)) for s in version.scales.order_by("code")
    )
    dimensions = tuple(d for d in campaign.dimensions if d in grouping.DIMENSIONS)
    labels = {d: dict(grouping.DIMENSIONS[d].values) for d in dimensions}
    if "unit" in labels:
        labels["unit"] = dict(Unit.objects.values_list("code", "name"))
    for d in dimensions:
        labels[d][grouping.NOT_ANSWERED] = "Not answered"
    return Design(
        campaign_id=campaign.pk,
        title=campaign.title,
        instrument=version.instrument.title,
        items=items,
        scales=scales,
        dimensions=dimensions,
        k=campaign.k,
        comment_k=campaign.comment_k,
        invited=campaign.invited,
        correction=correction,
        group_labels=labels,
        dimension_labels={d: grouping.DIMENSIONS[d].label for d in dimensions},
        period=f"{campaign.opens_on:%B %Y}",
    )


def responses_of(campaign: Campaign, design: Design) -> Columns:
    rows = Response.objects.filter(campaign=campaign).values_list("answers", "groups")
    return columns_of(rows.iterator(chunk_size=2000), design)


def previous_wave(campaign: Campaign) -> Campaign | None:
    """The latest closed campaign of the same instrument to the same audience, before this one."""
    return (
        Campaign.objects.filter(
            version__instrument_id=campaign.version.instrument_id,
            status=Campaign.Status.CLOSED,
            audience_kinds=campaign.audience_kinds,
            audience_unit_id=campaign.audience_unit_id,
            audience_cohort=campaign.audience_cohort,
            closes_on__lt=campaign.opens_on,
        )
        .exclude(pk=campaign.pk)
        .order_by("-closes_on", "-pk")
        .first()
    )


def previous_of(campaign: Campaign, correction: str) -> Previous | None:
    found = previous_wave(campaign)
    if found is None:
        return None
    design = design_of(found, correction=correction)
    columns = responses_of(found, design)
    if columns.n < found.k:
        return None
    return Previous(design, columns, found.title)


def releases_of(campaign: Campaign) -> QuerySet[Release]:
    """The results releases built from ``campaign``, newest first."""
    return (
        Release.objects.filter(kind=KIND, spec__campaign=campaign.pk)
        .only("pk", "title", "status", "audience", "created_at", "k", "kind")
        .order_by("-created_at", "-pk")
    )
