"""Building a concerns release from every report received.

Whoever may build concern aggregates (``BUILD_CONCERN_AGGREGATES``: the
inclusion-office analyst, who builds and publishes the school's other
aggregates and never sees a case) builds it; it is frozen through
``publishing.actions.freeze_release`` (one transaction, one audit event that
names no figure) and published with publishing's own pages.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.concerns.aggregates.compute import Report, TooFewReports, compute_aggregates
from belong.concerns.models import Concern
from belong.publishing import actions as publishing
from belong.publishing.models import Release

KIND = "concerns"
SUBJECT = "concerns:reports"
DEFAULT_K = 5


def reports() -> list[Report]:
    """Every report, as the aggregates read it: dates, categories, setting, role."""
    rows = Concern.objects.select_related("case").order_by("received_on", "pk")
    out = []
    for concern in rows:
        case = getattr(concern, "case", None)
        out.append(
            Report(
                received_on=concern.received_on,
                closed_on=case.closed_on if case is not None else None,
                categories=tuple(concern.categories),
                setting=concern.setting,
                role=concern.involved_role,
            )
        )
    return out


def build_aggregates(*, by: Any, k: int = DEFAULT_K) -> Release:
    """Compute and freeze the concerns aggregates (frozen, not yet published).

    Refused, with nothing written, for ``k`` under 2 or when there is no report.
    """
    if by is not None:
        ensure_permission(by, Permission.BUILD_CONCERN_AGGREGATES)
    if k < 2:
        raise ValidationError("The smallest count shown must be at least 2.")
    started = time.perf_counter()
    found = reports()
    try:
        result = compute_aggregates(found, k=k)
    except TooFewReports as exc:
        raise ValidationError(str(exc)) from exc
    summary = result["summary"]
    fingerprint = hashlib.sha256(
        repr(
            [(r.received_on, r.closed_on, r.categories, r.setting, r.role) for r in found]
        ).encode()
    ).hexdigest()[:16]
    years = summary["years"]
    return publishing.freeze_release(
        by=by,
        kind=KIND,
        title="Concern reports: counts and time to resolution",
        subject_code=SUBJECT,
        subject_label="Learning-environment concern reports",
        spec={"k": k},
        result=result,
        data_version=fingerprint,
        data_summary={"reports": summary["reports"], "resolved": summary["resolved"]},
        k=k,
        years=years,
        suppression={"hidden_cells": summary["hidden_cells"]},
        suppressed_cells=summary["hidden_cells"],
        build_seconds=time.perf_counter() - started,
        detail={"k": k},
    )


def releases() -> QuerySet[Release]:
    """The concerns releases built so far, newest first."""
    return (
        Release.objects.filter(kind=KIND)
        .only("pk", "title", "status", "audience", "created_at", "k", "kind")
        .order_by("-created_at", "-pk")
    )
