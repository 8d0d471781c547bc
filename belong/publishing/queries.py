"""Every read of releases a user may see, whatever module built them.

Listings defer the heavy JSON (``models.HEAVY_FIELDS``); a page reads its
tables through ``frozen.tables_for``, once per process.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.publishing import evidence, policies
from belong.publishing.audiences import Audience, readable_audiences
from belong.publishing.models import HEAVY_FIELDS, Release


def releases_for(user: Any, *, kind: str | None = None) -> QuerySet[Release]:
    """Releases ``user`` may open, newest first (heavy tables deferred)."""
    qs = Release.objects.defer(*HEAVY_FIELDS).select_related("created_by", "published_by")
    if kind is not None:
        qs = qs.filter(kind=kind)
    if policies.builds_releases(user):
        return qs
    return qs.filter(status=Release.Status.PUBLISHED, audience__in=readable_audiences(user))


def published_releases_for(user: Any, *, kind: str | None = None) -> QuerySet[Release]:
    """Releases published to an audience ``user`` reads (drafts left out, even for analysts)."""
    qs = Release.objects.defer(*HEAVY_FIELDS).filter(
        status=Release.Status.PUBLISHED, audience__in=readable_audiences(user)
    )
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs.order_by("-published_at", "-pk")


def public_releases() -> QuerySet[Release]:
    return (
        Release.objects.defer(*HEAVY_FIELDS)
        .filter(status=Release.Status.PUBLISHED, audience=Audience.PUBLIC)
        .order_by("-published_at", "-pk")
    )


def release_for(user: Any, release_id: int, *, heavy: bool = False) -> Release:
    """One release ``user`` may open, or 404."""
    qs = Release.objects.all() if heavy else Release.objects.defer(*HEAVY_FIELDS)
    release = qs.filter(pk=release_id).first()
    if release is None or not policies.may_view_release(user, release):
        raise Http404("No such release.")
    return release


def public_release(release_id: int, *, heavy: bool = False) -> Release:
    qs = Release.objects.all() if heavy else Release.objects.defer(*HEAVY_FIELDS)
    release = qs.filter(pk=release_id).first()
    if release is None or not policies.may_view_publicly(release):
        raise Http404("No such release.")
    return release


def drafts(*, kind: str | None = None) -> QuerySet[Release]:
    qs = Release.objects.defer(*HEAVY_FIELDS).filter(status=Release.Status.FROZEN)
    return qs if kind is None else qs.filter(kind=kind)


def accreditation_evidence(user: Any, *, today: date, fmt: str) -> list[evidence.Section]:
    """The accreditation evidence tables as of ``today`` (404 without the permission; audited).

    The threshold is the school's (``PRIVACY_MIN_CELL``); the audit event names
    the format and the day, never a figure.
    """
    if not has_permission(user, Permission.VIEW_ACCREDITATION_EVIDENCE):
        raise Http404("No such page.")
    k = int(settings.PRIVACY_MIN_CELL)
    sections = evidence.collect(today=today, k=k)
    audit.record(
        audit.PublishingEvent.EVIDENCE_READ,
        by=user,
        detail={
            "format": fmt,
            "as_of": today.isoformat(),
            "k": k,
            "tables": sum(len(s.tables) for s in sections),
        },
    )
    return sections
