"""Every write to people records: keyword-only ``by=``, one transaction, one audit event."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.people import categories as cat
from belong.people.models import (
    Affiliation,
    Invitation,
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


def invite_person(*, by: Any, person: Person, method: str, base_url: str) -> Invitation:
    """Invite ``person`` to Belong at the e-mail address in the school's records.

    By password, an account is made now (or the one made by an earlier
    invitation is kept) with no usable password, and the e-mail carries a
    one-time link to choose one; a new invitation voids the older links. By
    single sign-on, the e-mail asks them to sign in with the school's identity
    provider, which makes the account on first sign-in. ``base_url`` is the
    address the link starts with (``BELONG_SITE_URL``, else the request's).
    """
    from belong.access.models import User
    from belong.people import tasks
    from belong.people.invitations import Standing, invitation_lifetime, standing_of

    ensure_permission(by, Permission.MANAGE_ACCOUNTS)
    if method not in Invitation.Method.values:
        raise ValidationError("Choose how they will sign in.")
    if method == Invitation.Method.SSO and not settings.OIDC_ENABLED:
        raise ValidationError("Single sign-on is not configured: invite them by password.")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        email = person.email.strip()
        name = person.display_name
        if not email:
            raise ValidationError(
                f"{name} has no e-mail address in the school's records, and invitations go "
                "only to that address. Correct the records (a people import) first."
            )
        if Person.objects.filter(email__iexact=email).exclude(pk=person.pk).exists():
            raise ValidationError(
                f"Another person in the records has the address {email}; an invitation "
                "could reach the wrong person. Correct the records first."
            )
        standing = standing_of(person)
        if standing.standing is Standing.DEACTIVATED:
            raise ValidationError(f"{name}'s account is deactivated: reactivate it instead.")
        if standing.standing is Standing.ACTIVE:
            raise ValidationError(f"{name} already has an account.")
        account = person.user
        if account is None and method == Invitation.Method.PASSWORD:
            # Someone known only by another identifier (an applicant's AAMC ID) has no
            # school id yet: their account is named after their record instead.
            username = person.institutional_id or f"person-{person.pk}"
            if User.objects.filter(username__iexact=username).exists():
                raise ValidationError(
                    f"An account named {username} already exists and belongs to someone "
                    "else; nothing was sent."
                )
            if User.objects.filter(email__iexact=email).exists():
                raise ValidationError(
                    f"An account with the address {email} already exists; nothing was sent."
                )
            account = User.objects.create_user(username, email=email)
            account.set_unusable_password()
            account.save(update_fields=["password"])
            person.user = account
            person.save(update_fields=["user", "updated_at"])
        elif account is not None and account.email != email:
            # The records' address changed since the last invitation: follow it.
            account.email = email
            account.save(update_fields=["email"])
        now = timezone.now()
        invitation = Invitation.objects.create(
            person=person,
            account=account,
            method=method,
            email=email,
            invited_by=by,
            invited_at=now,
            expires_at=now + invitation_lifetime(),
        )
        audit.record(
            audit.PeopleEvent.INVITATION_SENT,
            by=by,
            target=person,
            detail={
                "invitation": invitation.pk,
                "method": method,
                "account": account.pk if account is not None else None,
                "again": standing.invitation is not None,
            },
        )
        # Ids only in the task queue: the link is made when the e-mail is sent.
        invitation_id = invitation.pk
        transaction.on_commit(lambda: tasks.email_invitation.enqueue(invitation_id, base_url))
    return invitation


def accept_invitation(*, by: Any, form: Any) -> Any:
    """The invited person chooses a password (``form``: a bound, valid SetPasswordForm
    for ``by``, whose invitation link the view has already checked)."""
    with transaction.atomic():
        account = form.save()
        person = Person.objects.filter(user=account).first()
        audit.record(
            audit.PeopleEvent.INVITATION_ACCEPTED,
            by=by,
            target=person if person is not None else account,
            detail={"method": Invitation.Method.PASSWORD},
        )
    return account
