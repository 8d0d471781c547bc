"""Building a results release from a closed campaign.

Whoever runs surveys (``MANAGE_SURVEYS``) builds it; it is frozen through
``publishing.actions.freeze_release`` (one transaction, one audit event that
names the campaign and never a figure) and published with publishing's own
pages, where the guard compares it with everything the audience has seen.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import Any

from django.core.exceptions import ValidationError

from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.publishing import actions as publishing
from belong.publishing.models import Release
from belong.surveys.models import Campaign
from belong.surveys.results import reading
from belong.surveys.results.compute import compute_results
from belong.surveys.results.protection import TooFewResponses
from belong.surveys.results.stats import CORRECTIONS


def build_results(
    *, by: Any, campaign: Campaign, correction: str = "holm", seed: int | None = None
) -> Release:
    """Compute and freeze the results of ``campaign`` (frozen, not yet published).

    Refused, with nothing written, while the campaign is still open (answers
    are still arriving and sealed ones are not yet released), under ``k``
    responses, or for an unknown correction. ``seed`` fixes the comments' order
    (the demo); by default it is drawn afresh.
    """
    if by is not None:
        ensure_permission(by, Permission.MANAGE_SURVEYS, campaign)
    if correction not in CORRECTIONS:
        raise ValidationError(f"“{correction}” is not a correction; choose Holm or BH.")
    campaign = Campaign.objects.select_related("version__instrument").get(pk=campaign.pk)
    if campaign.status != Campaign.Status.CLOSED:
        raise ValidationError("Results are built once the campaign has closed.")
    started = time.perf_counter()
    design = reading.design_of(campaign, correction=correction)
    columns = reading.responses_of(campaign, design)
    previous = reading.previous_of(campaign, correction)
    try:
        result = compute_results(
            design,
            columns,
            previous=previous,
            seed=secrets.randbits(32) if seed is None else seed,
        )
    except TooFewResponses as exc:
        raise ValidationError(str(exc)) from exc
    instrument = campaign.version.instrument
    summary = result["summary"]
    fingerprint = hashlib.sha256(
        f"{campaign.pk}:{columns.n}:{campaign.k}:{campaign.comment_k}".encode()
    ).hexdigest()[:16]
    return publishing.freeze_release(
        by=by,
        kind=reading.KIND,
        title=f"{campaign.title}: results",
        subject_code=f"survey:{instrument.code}",
        subject_label=instrument.title,
        spec={"campaign": campaign.pk, "correction": correction},
        result=result,
        data_version=fingerprint,
        data_summary={"responses": columns.n, "invited": campaign.invited},
        k=campaign.k,
        years=[campaign.opens_on.year],
        suppression={"hidden_groups": summary["hidden_groups"]},
        suppressed_cells=summary["hidden_groups"],
        significant_findings=summary["significant"],
        build_seconds=time.perf_counter() - started,
        detail={"campaign": campaign.pk, "correction": correction},
    )
