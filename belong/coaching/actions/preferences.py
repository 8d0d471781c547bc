"""Students' coach preferences, the window for them, and the school's weights."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.coaching import queries
from belong.coaching.actions._common import clean_words
from belong.coaching.models import Coach, CoachPreference, PairingWeights, PreferenceWindow
from belong.coaching.pairing import ordinal
from belong.people.assessment import assessor_pairs
from belong.people.models import Campus
from belong.people.queries import person_of

MAX_WEIGHT = 10.0
MAX_SUGGESTIONS = 50


def submit_preferences(
    *,
    by: Any,
    ranked_coach_ids: list[int],
    interests: Any = (),
    languages: Any = (),
    campus: Campus | None = None,
    keep_current_coach: bool = False,
) -> CoachPreference:
    """Save the student's own preferences while the preference window is open.

    Every problem is reported at once: a closed window, too many choices, the
    same coach twice, a coach not taking students, or a coach who assesses
    the student (who may never coach them).
    """
    ensure_permission(by, Permission.CHOOSE_COACH)
    student = person_of(by)
    window = queries.open_preference_window()
    if window is None:
        raise ValidationError(queries.window_closed_message())
    errors: list[str] = []
    if len(ranked_coach_ids) > window.max_choices:
        errors.append(
            f"You ranked {len(ranked_coach_ids)} coaches; rank at most {window.max_choices}."
        )
    coaches = Coach.objects.select_related("person").in_bulk(
        [c for c in ranked_coach_ids if isinstance(c, int)]
    )
    assessed_by = {a for a, s in assessor_pairs([student.pk]) if s == student.pk}
    seen: set[int] = set()
    for position, coach_id in enumerate(ranked_coach_ids, start=1):
        place = f"Your {ordinal(position)} choice"
        coach = coaches.get(coach_id)
        if coach is None or not coach.takes_new_students:
            errors.append(f"{place} is not a coach taking new students; choose from the list.")
            continue
        if coach_id in seen:
            errors.append(f"{place}, {coach.name}, is already on your list.")
        seen.add(coach_id)
        if coach.person_id in assessed_by:
            errors.append(
                f"{place}, {coach.name}, assesses you, and a person who assesses a student "
                "may not be their coach. Choose another coach."
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        preference, created = CoachPreference.objects.update_or_create(
            student=student,
            defaults={
                "ranked_coaches": list(ranked_coach_ids),
                "interests": clean_words(interests),
                "languages": clean_words(languages),
                "campus": campus,
                "keep_current_coach": keep_current_coach,
                "submitted_at": timezone.now(),
            },
        )
        audit.record(
            audit.CoachingEvent.PREFERENCES_SUBMITTED,
            by=by,
            target=preference,
            detail={
                "created": created,
                "choices": len(ranked_coach_ids),
                "interests": len(preference.interests),
                "keep_current_coach": keep_current_coach,
            },
        )
    return preference


def open_preference_window(
    *, by: Any, opens_on: date, closes_on: date, max_choices: int = 5
) -> PreferenceWindow:
    ensure_permission(by, Permission.MANAGE_PAIRING)
    errors: dict[str, list[str]] = {}
    if closes_on < opens_on:
        errors["closes_on"] = [f"Closes on: {closes_on} is before it opens, {opens_on}."]
    if not 1 <= max_choices <= 20:
        errors["max_choices"] = ["Choices: let students rank from 1 to 20 coaches."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        window = PreferenceWindow.objects.create(
            opens_on=opens_on, closes_on=closes_on, max_choices=max_choices, created_by=by
        )
        audit.record(
            audit.CoachingEvent.PREFERENCE_WINDOW_SET,
            by=by,
            target=window,
            detail={"opens_on": opens_on, "closes_on": closes_on, "max_choices": max_choices},
        )
    return window


def save_weights(
    *,
    by: Any,
    interests: float,
    languages: float,
    campus: float,
    specialty: float,
    suggestion_length: int,
    pair_outside_lists: bool,
) -> PairingWeights:
    """Set the school's weights (a new row; earlier ones are kept)."""
    ensure_permission(by, Permission.MANAGE_PAIRING)
    errors: dict[str, list[str]] = {}
    for name, value in (
        ("interests", interests),
        ("languages", languages),
        ("campus", campus),
        ("specialty", specialty),
    ):
        if not 0 <= value <= MAX_WEIGHT:
            errors[name] = [f"{name.title()}: give a weight from 0 to {MAX_WEIGHT:g}."]
    if not 0 <= suggestion_length <= MAX_SUGGESTIONS:
        errors["suggestion_length"] = [
            f"Suggested list length: give a number from 0 to {MAX_SUGGESTIONS}."
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        weights = PairingWeights.objects.create(
            interests=interests,
            languages=languages,
            campus=campus,
            specialty=specialty,
            suggestion_length=suggestion_length,
            pair_outside_lists=pair_outside_lists,
            set_by=by,
            set_at=timezone.now(),
        )
        audit.record(
            audit.CoachingEvent.WEIGHTS_SET,
            by=by,
            target=weights,
            detail={
                "interests": interests,
                "languages": languages,
                "campus": campus,
                "specialty": specialty,
                "suggestion_length": suggestion_length,
                "pair_outside_lists": pair_outside_lists,
            },
        )
    return weights
