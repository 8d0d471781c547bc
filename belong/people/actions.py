"""Every write to people records: keyword-only ``by=``, one transaction, one audit event."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.people import categories as cat
from belong.people.models import (
    Affiliation,
    Person,
    SelfIdentification,
    SelfIdentificationVersion,
)

SINGLE_CHOICE_FIELDS = (*cat.SINGLE_CHOICE_DIMENSIONS, "citizenship")
TEXT_FIELDS = ("race_write_in", "gender_identity_write_in", "sexual_orientation_write_in")


def clean_answers(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and normalise answers; raise ``CategoryError`` naming the field."""
    answers: dict[str, Any] = {}
    race_input = list(raw.get("race") or []) + list(raw.get("race_detailed") or [])
    detailed = [c.strip().lower() for c in raw.get("race_detailed") or [] if str(c).strip()]
    unknown_detail = [c for c in detailed if c not in cat.DETAILED_TO_MINIMUM]
    if unknown_detail:
        raise cat.CategoryError(f"race_detailed: {unknown_detail[0]!r} is not a detailed category")
    answers["race"] = list(cat.normalise_race(race_input))
    answers["race_detailed"] = sorted(set(detailed))
    for name in SINGLE_CHOICE_FIELDS:
        try:
            answers[name] = cat.validate_choice(name, raw.get(name))
        except cat.CategoryError as exc:
            raise cat.CategoryError(f"{name}: {exc}") from None
    for name in TEXT_FIELDS:
        answers[name] = str(raw.get(name) or "").strip()[:200]
    return answers


def _apply(record: SelfIdentification | SelfIdentificationVersion, answers: dict[str, Any]) -> None:
    for name, value in answers.items():
        setattr(record, name, value)
    record.ipeds = cat.derive_ipeds(answers["race"], answers.get("citizenship"))


def save_self_identification(
    *,
    by: Any,
    person: Person,
    answers: Mapping[str, Any],
    source: str = SelfIdentification.Source.SELF,
    audit_event: bool = True,
) -> tuple[SelfIdentification, bool]:
    """Store new answers as a new version; return the record and whether it changed.

    The person may change their own answers; a data steward may correct them
    (recorded as such). Unchanged answers make no new version.
    """
    own = person.user_id is not None and person.user_id == getattr(by, "pk", None)
    if source == SelfIdentification.Source.SELF and not (
        own and has_permission(by, Permission.EDIT_OWN_SELF_ID, person)
    ):
        raise Http404("No such record.")
    if source != SelfIdentification.Source.SELF and not has_permission(
        by, Permission.IMPORT_PEOPLE
    ):
        raise Http404("No such record.")
    cleaned = clean_answers(answers)
    with transaction.atomic():
        current = SelfIdentification.objects.select_for_update().filter(person=person).first()
        if current is not None and current.answers() == cleaned:
            return current, False
        now = timezone.now()
        if current is None:
            current = SelfIdentification(person=person, version=1)
        else:
            current.version += 1
        _apply(current, cleaned)
        current.source = source
        current.updated_at = now
        current.save()
        version = SelfIdentificationVersion(
            person=person,
            version=current.version,
            source=source,
            recorded_at=now,
            recorded_by=by if getattr(by, "is_authenticated", False) else None,
        )
        _apply(version, cleaned)
        version.save()
        if audit_event:
            # Which questions changed, never the answers themselves.
            audit.record(
                "people.self_identification.changed",
                by=by,
                target=person,
                detail={"version": current.version, "source": source},
            )
    return current, True


def update_own_details(*, by: Any, person: Person, preferred_name: str, pronouns: str) -> Person:
    """The person's own name and pronouns (legal name and id come from the registrar)."""
    if person.user_id != getattr(by, "pk", None):
        raise Http404("No such record.")
    with transaction.atomic():
        person.preferred_name = preferred_name.strip()
        person.pronouns = pronouns.strip()
        person.save(update_fields=["preferred_name", "pronouns", "updated_at"])
        audit.record("people.person.details_changed", by=by, target=person)
    return person


def record_affiliation(
    *,
    by: Any,
    person: Person,
    kind: str,
    values: Mapping[str, Any],
    effective: date | None = None,
    audit_event: bool = True,
) -> tuple[Affiliation, str]:
    """Make ``person``'s current affiliation of ``kind`` at a unit match ``values``.

    History is kept: when a tracked field changes, the current row is ended
    the day before ``effective`` and a new row starts on it. Returns the
    current row and what happened: "created", "changed" or "unchanged".
    """
    day = effective or values.get("start_date") or timezone.localdate()
    with transaction.atomic():
        current = (
            Affiliation.objects.select_for_update()
            .filter(person=person, kind=kind, end_date__isnull=True)
            .order_by("-start_date")
            .first()
        )
        candidate = Affiliation(person=person, kind=kind, **values)
        if current is not None:
            same = all(
                getattr(current, f) == getattr(candidate, f) for f in Affiliation.TRACKED_FIELDS
            )
            explicit_end = values.get("end_date")
            if same and explicit_end == current.end_date:
                return current, "unchanged"
            if same:
                current.end_date = explicit_end
                current.save(update_fields=["end_date"])
                outcome = "changed"
                row = current
            else:
                current.end_date = max(current.start_date, day - timedelta(days=1))
                current.save(update_fields=["end_date"])
                candidate.start_date = max(day, current.end_date + timedelta(days=1))
                candidate.recorded_by = by if getattr(by, "is_authenticated", False) else None
                candidate.save()
                outcome, row = "changed", candidate
        else:
            candidate.recorded_by = by if getattr(by, "is_authenticated", False) else None
            candidate.save()
            outcome, row = "created", candidate
        if audit_event:
            audit.record(
                f"people.affiliation.{outcome}",
                by=by,
                target=person,
                detail={"kind": kind, "affiliation": row.pk},
            )
    return row, outcome
