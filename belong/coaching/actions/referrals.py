"""Referrals from a coach to student affairs, sent only with the student's consent.

The coach proposes; the student decides what, if anything, is sent; student
affairs sees only that. What was proposed and not shared is erased when the
student decides, so it cannot reach anyone later.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.coaching.models import Pairing, Referral

MAX_MESSAGE = 2000
Status = Referral.Status


def propose_referral(*, by: Any, pairing: Pairing, areas: list[str], message: str = "") -> Referral:
    """The coach suggests a referral; nothing reaches student affairs until the student agrees."""
    ensure_permission(by, Permission.COACH_STUDENTS, pairing)
    message = message.strip()
    errors: dict[str, list[str]] = {}
    unknown = [a for a in areas if a not in Referral.Area.values]
    if not areas or unknown:
        errors["areas"] = ["What it is about: tick at least one of the listed areas."]
    if len(message) > MAX_MESSAGE:
        errors["message"] = [f"Message: keep it under {MAX_MESSAGE:,} characters."]
    if Referral.objects.filter(pairing=pairing, status=Status.AWAITING_CONSENT).exists():
        errors.setdefault("areas", []).extend(
            [
                "A referral for this student is already waiting for their answer; withdraw it "
                "before proposing another."
            ]
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        referral = Referral.objects.create(
            pairing=pairing,
            coach_id=pairing.coach_id,
            student_id=pairing.student_id,
            proposed_areas=sorted(set(areas), key=Referral.Area.values.index),
            proposed_message=message,
        )
        audit.record(
            audit.CoachingEvent.REFERRAL_PROPOSED,
            by=by,
            target=referral,
            detail={"pairing": pairing.pk, "areas": len(referral.proposed_areas)},
        )
        transaction.on_commit(lambda: _notify_student(referral.pk))
    return referral


def _notify_student(referral_id: int) -> None:
    from belong.coaching import tasks

    tasks.email_referral_news.enqueue(referral_id, "student")


def _notify_student_affairs(referral_id: int) -> None:
    from belong.coaching import tasks

    tasks.email_referral_news.enqueue(referral_id, "student_affairs")


def _lock(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().get(pk=referral.pk)


def withdraw_referral(*, by: Any, referral: Referral) -> Referral:
    ensure_permission(by, Permission.COACH_STUDENTS, referral)
    with transaction.atomic():
        locked = _lock(referral)
        if locked.status != Status.AWAITING_CONSENT:
            raise ValidationError(
                "The student has already answered; this referral cannot be withdrawn."
            )
        locked.status = Status.WITHDRAWN
        locked.proposed_areas = []
        locked.proposed_message = ""
        locked.decided_at = timezone.now()
        locked.save()
        audit.record(audit.CoachingEvent.REFERRAL_WITHDRAWN, by=by, target=locked)
    return locked


def decide_referral(
    *,
    by: Any,
    referral: Referral,
    consent: bool,
    share_areas: list[str] = (),  # type: ignore[assignment]
    share_message: bool = False,
    student_words: str = "",
) -> Referral:
    """The student agrees to send (choosing what is shared) or declines.

    Only areas the coach proposed can be shared. Whatever the answer, the
    proposal itself is erased: after this, the referral holds only what the
    student chose to send.
    """
    ensure_permission(by, Permission.CHOOSE_COACH, referral)
    student_words = student_words.strip()
    with transaction.atomic():
        locked = _lock(referral)
        if locked.status != Status.AWAITING_CONSENT:
            raise ValidationError("You have already answered this referral.")
        if consent:
            areas = [a for a in locked.proposed_areas if a in set(share_areas)]
            errors: dict[str, list[str]] = {}
            if set(share_areas) - set(locked.proposed_areas):
                errors["share_areas"] = ["What to share: choose among the areas your coach named."]
            if not areas and not student_words and not (share_message and locked.proposed_message):
                errors.setdefault("share_areas", []).extend(
                    ["What to share: choose at least one thing to send, or decline the referral."]
                )
            if len(student_words) > MAX_MESSAGE:
                errors["student_words"] = [
                    f"In your own words: keep it under {MAX_MESSAGE:,} characters."
                ]
            if errors:
                raise ValidationError(errors)
            locked.shared_areas = areas
            locked.shared_message = locked.proposed_message if share_message else ""
            locked.student_words = student_words
            locked.status = Status.SENT
        else:
            locked.status = Status.DECLINED
        locked.proposed_areas = []
        locked.proposed_message = ""
        locked.decided_at = timezone.now()
        locked.save()
        audit.record(
            audit.CoachingEvent.REFERRAL_CONSENTED
            if consent
            else audit.CoachingEvent.REFERRAL_DECLINED,
            by=by,
            target=locked,
            detail={
                "areas_shared": len(locked.shared_areas),
                "message_shared": bool(locked.shared_message),
                "own_words": bool(locked.student_words),
            },
        )
        if consent:
            transaction.on_commit(lambda: _notify_student_affairs(locked.pk))
    return locked


def acknowledge_referral(*, by: Any, referral: Referral) -> Referral:
    """Student affairs takes the referral up (and will be in touch with the student)."""
    ensure_permission(by, Permission.MANAGE_PAIRING, referral)
    with transaction.atomic():
        locked = _lock(referral)
        if locked.status != Status.SENT:
            raise ValidationError("This referral has already been taken up.")
        locked.status = Status.ACKNOWLEDGED
        locked.acknowledged_by = by
        locked.acknowledged_at = timezone.now()
        locked.save()
        audit.record(audit.CoachingEvent.REFERRAL_ACKNOWLEDGED, by=by, target=locked)
    return locked


def close_referral(*, by: Any, referral: Referral) -> Referral:
    ensure_permission(by, Permission.MANAGE_PAIRING, referral)
    with transaction.atomic():
        locked = _lock(referral)
        if locked.status == Status.CLOSED:
            raise ValidationError("This referral is already closed.")
        locked.status = Status.CLOSED
        locked.closed_at = timezone.now()
        if locked.acknowledged_at is None:
            locked.acknowledged_by = by
            locked.acknowledged_at = locked.closed_at
        locked.save()
        audit.record(audit.CoachingEvent.REFERRAL_CLOSED, by=by, target=locked)
    return locked
