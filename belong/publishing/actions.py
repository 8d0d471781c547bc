"""Every write of publishing: keyword-only ``by=``, one transaction, one audit event.

``freeze_release`` is how a domain module stores a release it has computed;
``publish_release`` and ``unpublish_release`` show and hide it. ``by`` is the
acting user, or None for the system (the command line, the demo).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.access.locks import hold_transaction_lock
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.publishing import guard
from belong.publishing.audiences import Audience
from belong.publishing.kinds import kind_named
from belong.publishing.models import Publication, Release
from belong.publishing.noise import NoisyRelease


class ActionError(ValueError):
    """A request the action refuses, with a sentence saying why."""


def _require(by: Any, permission: Permission) -> None:
    # The system (None) runs commands and the demo; a user needs the permission.
    if by is not None:
        ensure_permission(by, permission)


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def freeze_release(
    *,
    by: Any,
    kind: str,
    title: str,
    subject_code: str,
    subject_label: str,
    spec: Mapping[str, Any],
    result: Mapping[str, Any],
    data_version: str,
    data_summary: Mapping[str, int],
    k: int,
    years: Sequence[int] = (),
    units: Sequence[str] | None = None,
    suppression: Mapping[str, Any] | None = None,
    suppressed_cells: int = 0,
    significant_findings: int = 0,
    bounded: bool = False,
    build_seconds: float = 0.0,
    noise: NoisyRelease | None = None,
    detail: Mapping[str, Any] | None = None,
) -> Release:
    """Store a computed release, frozen (status: draft, not published).

    ``result`` holds only what may be published (suppressed values null). The
    audit event records the kind, the subject, the data version and
    ``detail`` (the module's parameters), never a value from the tables.
    """
    _require(by, Permission.BUILD_RELEASES)
    kind_named(kind)  # an unknown kind could never be read back
    with transaction.atomic():
        release = Release(
            kind=kind,
            title=title.strip()[:200],
            subject_code=subject_code,
            subject_label=subject_label,
            spec=dict(spec),
            result=dict(result),
            data_version=data_version,
            data_summary=dict(data_summary),
            suppression=dict(suppression or {}),
            suppressed_cells=suppressed_cells,
            significant_findings=significant_findings,
            k=k,
            years=list(years),
            units=list(units) if units else None,
            bounded_contributions=bounded,
            build_seconds=round(build_seconds, 2),
            created_by=_user(by),
        )
        if noise is not None:
            release.record_noise(noise)
        release.save()
        audit.record(
            audit.PublishingEvent.RELEASE_BUILT,
            by=by,
            target=release,
            detail={
                "kind": kind,
                "subject": subject_code,
                "years": release.years,
                "units": release.units,
                "k": k,
                "data_version": data_version,
                "suppressed_cells": suppressed_cells,
                "noise_epsilon": release.noise_epsilon,
                "seconds": release.build_seconds,
                **dict(detail or {}),
            },
        )
    return release


@dataclass
class PublishOutcome:
    release: Release
    published: bool
    report: guard.GuardReport
    message: str = ""


def publish_release(*, by: Any, release: Release, audience: str) -> PublishOutcome:
    """Show a frozen release to an audience, if the guard finds no risk.

    A release built with noise for the public (``Release.is_noised``) shows its
    one noise draw to the public, and its exact figures to the school's
    audiences. Refusals are audited too.
    """
    _require(by, Permission.PUBLISH_RELEASES)
    if audience not in Audience.values:
        raise ActionError("Choose an audience.")
    with transaction.atomic():
        # Two releases published at once must see each other in the guard.
        hold_transaction_lock("publishing.publish")
        release = Release.objects.select_for_update().get(pk=release.pk)
        # The public reads the noisy draw of a release that has one (``Release.shows_noise``).
        noised = audience == Audience.PUBLIC and release.is_noised
        if release.status == Release.Status.PUBLISHED:
            raise ActionError(
                f"This release is already published to {release.get_audience_display().lower()}; "
                "unpublish it first to change its audience."
            )
        report = guard.check_release(release, audience, noised=noised)
        if not report.ok:
            audit.record(
                audit.PublishingEvent.RELEASE_PUBLISH_REFUSED,
                by=by,
                target=release,
                detail={
                    "audience": audience,
                    "risks": report.all_risks,
                    "compared_with": report.compared_with,
                },
            )
            return PublishOutcome(
                release,
                False,
                report,
                "Not published: it could be subtracted from an earlier release.",
            )
        fields = ["status", "audience", "published_at", "published_by"]
        release.status = Release.Status.PUBLISHED
        release.audience = audience
        release.published_at = timezone.now()
        release.published_by = _user(by)
        release.save(update_fields=fields)
        Publication.objects.create(
            release=release,
            audience=audience,
            noised=noised,
            epsilon=release.noise_epsilon if noised else None,
            published_by=_user(by),
            published_at=release.published_at,
            guard_report=report.as_record(),
        )
        audit.record(
            audit.PublishingEvent.RELEASE_PUBLISHED,
            by=by,
            target=release,
            detail={
                "audience": audience,
                "noised": noised,
                "epsilon": release.noise_epsilon if noised else None,
                "compared_with": report.compared_with,
            },
        )
    return PublishOutcome(release, True, report, "Published.")


def unpublish_release(*, by: Any, release: Release) -> Release:
    """Hide a published release again; the release and its publication record are kept."""
    _require(by, Permission.PUBLISH_RELEASES)
    with transaction.atomic():
        release = Release.objects.select_for_update().get(pk=release.pk)
        if release.status != Release.Status.PUBLISHED:
            raise ActionError("This release is not published.")
        audience = release.audience
        release.status = Release.Status.UNPUBLISHED
        release.save(update_fields=["status"])
        Publication.objects.filter(release=release, unpublished_at__isnull=True).update(
            unpublished_at=timezone.now(), unpublished_by=_user(by)
        )
        audit.record(
            audit.PublishingEvent.RELEASE_UNPUBLISHED,
            by=by,
            target=release,
            detail={"audience": audience},
        )
    return release


def resolve_release(*, by: Any, release: Release, audience: str) -> PublishOutcome:
    """Apply the guard's fix and publish: a new frozen release with the named cells hidden.

    The guard is run again on the new release by ``publish_release`` (the fix
    is re-certified against everything the audience has seen at that moment);
    the original release stays as it was, a draft. Refuses with a sentence if
    there is nothing to resolve or no fix was found.
    """
    _require(by, Permission.PUBLISH_RELEASES)
    _require(by, Permission.BUILD_RELEASES)
    if audience not in Audience.values:
        raise ActionError("Choose an audience.")
    with transaction.atomic():
        hold_transaction_lock("publishing.publish")
        release = Release.objects.select_for_update().get(pk=release.pk)
        if release.status == Release.Status.PUBLISHED:
            raise ActionError("This release is already published; there is nothing to resolve.")
        noised = audience == Audience.PUBLIC and release.is_noised
        report = guard.check_release(release, audience, noised=noised)
        if report.ok:
            return publish_release(by=by, release=release, audience=audience)
        if not report.fix_found or report.fix is None:
            raise ActionError(
                "No set of this release's cells could be hidden to make it safe. Build it "
                "again with the units already published together, or with years pooled."
            )
        kind = kind_named(release.kind)
        keys = [cell.key for cell in report.fix.hide]
        try:
            result = kind.hide_cells(release.result, keys)
        except NotImplementedError as exc:
            raise ActionError(
                "This kind of release cannot hide single cells; build it again instead."
            ) from exc
        fixed = freeze_release(
            by=by,
            kind=release.kind,
            title=f"{release.title} (cells hidden for {Audience(audience).label.lower()})",
            subject_code=release.subject_code,
            subject_label=release.subject_label,
            spec=release.spec,
            result=result,
            data_version=release.data_version,
            data_summary=release.data_summary,
            k=release.k,
            years=release.years,
            units=release.units,
            suppression={
                **release.suppression,
                "hidden_by_guard": [list(k) if isinstance(k, tuple) else k for k in keys],
            },
            suppressed_cells=release.suppressed_cells + len(keys),
            significant_findings=release.significant_findings,
            bounded=release.bounded_contributions,
            build_seconds=0.0,
            detail={"resolves": release.pk, "hidden_by_guard": len(keys)},
        )
        # If the fix no longer holds (something was published meanwhile), the new
        # release stays a draft and the refusal is recorded like any other.
        return publish_release(by=by, release=fixed, audience=audience)
