"""Every write to people records: keyword-only ``by=``, one transaction, one audit event."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
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


def set_answers(
    record: SelfIdentification | SelfIdentificationVersion, answers: Mapping[str, Any]
) -> None:
    """Put cleaned answers (:func:`clean_answers`) on a record, with the derived IPEDS value."""
    for name, value in answers.items():
        setattr(record, name, value)
    record.ipeds = cat.derive_ipeds(answers["race"], answers.get("citizenship"))


def save_self_identification(
    *, by: Any, person: Person, answers: Mapping[str, Any]
) -> tuple[SelfIdentification, bool]:
    """Store a person's own new answers as a new version; return the record and whether
    it changed. Unchanged answers make no new version. (Imports write answers in bulk,
    in ``people.importing``.)"""
    ensure_permission(by, Permission.EDIT_OWN_SELF_ID, person)
    source = SelfIdentification.Source.SELF
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
        set_answers(current, cleaned)
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
        set_answers(version, cleaned)
        version.save()
        # That they changed, never the answers themselves.
        audit.record(
            audit.PeopleEvent.SELF_IDENTIFICATION_CHANGED,
            by=by,
            target=person,
            detail={"version": current.version, "source": source},
        )
    return current, True


def update_own_details(*, by: Any, person: Person, preferred_name: str, pronouns: str) -> Person:
    """The person's own name and pronouns (legal name and id come from the registrar)."""
    ensure_permission(by, Permission.VIEW_OWN_PROFILE, person)
    with transaction.atomic():
        person.preferred_name = preferred_name.strip()
        person.pronouns = pronouns.strip()
        person.save(update_fields=["preferred_name", "pronouns", "updated_at"])
        audit.record(audit.PeopleEvent.DETAILS_CHANGED, by=by, target=person)
    return person


# Defaults of the tracked fields for a new affiliation row.
_AFFILIATION_DEFAULTS: dict[str, Any] = {
    "campus_id": None,
    "cohort": None,
    "rank": "",
    "track": "",
    "title": "",
    "status": Affiliation.Status.ACTIVE,
}


@dataclass(frozen=True)
class AffiliationChange:
    """What keeping history takes for one person and kind of affiliation.

    ``outcome`` is "created", "changed" or "unchanged". ``end_current`` is the
    new end date of the row on record (None: leave it). ``start`` holds the
    values of a new row to add (None: add none). ``problem`` says why the
    change cannot be made, in words for the person who asked for it.
    """

    outcome: str
    end_current: date | None = None
    start: dict[str, Any] | None = None
    problem: str = ""


def plan_affiliation(
    current: Affiliation | None, values: Mapping[str, Any], *, today: date
) -> AffiliationChange:
    """Decide how to make the latest affiliation of a kind match ``values``. Pure.

    ``current`` is the person's latest row of that kind (by start date), open
    or ended. ``values`` may hold any tracked field (``unit_id``, ``campus_id``,
    ``cohort``, ``rank``, ``track``, ``title``, ``status``) and ``start_date``
    and ``end_date``; a field left out keeps the value on record.

    * No row yet: start one on ``start_date`` (or today).
    * Same tracked values: unchanged, except that a new end date is recorded
      on the row, and a start date after the row ended begins a new period.
    * A tracked value changed: the row on record ends the day before the
      change and a new row starts. The change takes effect on ``start_date``
      when that is later than the recorded start (the source knows when it
      happened), else today; a new row that has already ended takes effect no
      later than its end.

    Start dates on record are never rewritten, so importing the same values
    again changes nothing.
    """
    start, end = values.get("start_date"), values.get("end_date")
    if current is None:
        first_day = start or today
        if end is not None and end < first_day:
            return AffiliationChange(
                "unchanged",
                problem=f"It would end ({end.isoformat()}) before it starts "
                f"({first_day.isoformat()}).",
            )
        row = {**_AFFILIATION_DEFAULTS, **_tracked(values), "start_date": first_day}
        row["end_date"] = end
        return AffiliationChange("created", start=row)
    tracked = {
        name: values[name] if name in values else getattr(current, name)
        for name in Affiliation.TRACKED_FIELDS
    }
    if all(tracked[name] == getattr(current, name) for name in Affiliation.TRACKED_FIELDS):
        if current.end_date is not None and start is not None and start > current.end_date:
            # A new period after the last one ended: re-hired, re-admitted.
            return AffiliationChange(
                "changed", start={**tracked, "start_date": start, "end_date": end}
            )
        if end is not None and end != current.end_date:
            if end < current.start_date:
                return AffiliationChange(
                    "unchanged",
                    problem=f"The end date {end.isoformat()} is before this affiliation's "
                    f"start on record ({current.start_date.isoformat()}).",
                )
            return AffiliationChange("changed", end_current=end)
        return AffiliationChange("unchanged")
    effective = start if start is not None and start > current.start_date else today
    if end is not None and end < effective:
        effective = end
    end_current: date | None
    if current.end_date is not None and current.end_date < effective:
        end_current, first_day = None, effective
    else:
        end_current = max(current.start_date, effective - timedelta(days=1))
        first_day = end_current + timedelta(days=1)
    if end is not None and end < first_day:
        return AffiliationChange(
            "unchanged",
            problem=f"The end date {end.isoformat()} is before this affiliation's start on "
            f"record ({current.start_date.isoformat()}), so the change cannot be dated.",
        )
    return AffiliationChange(
        "changed",
        end_current=end_current,
        start={**tracked, "start_date": first_day, "end_date": end},
    )


def _tracked(values: Mapping[str, Any]) -> dict[str, Any]:
    return {name: values[name] for name in Affiliation.TRACKED_FIELDS if name in values}
