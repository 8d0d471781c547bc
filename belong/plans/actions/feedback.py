"""Listening sessions, comments (named or anonymous) and the office's triage.

An anonymous comment is sealed, not written: it becomes an
``AnonymousComment`` only when :func:`release_comments` (from the background
run, never from the request) opens a random batch of at least ``COMMENT_K``,
exactly as survey responses are released (decision records 0017 and 0024).
Nothing kept — row, audit event, request line, task — says who wrote it or when.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.anonymity import sealing
from belong.people.models import Person
from belong.plans.models import (
    Action,
    AnonymousComment,
    AnonymousCommentAnswer,
    Area,
    Comment,
    ListeningSession,
    Plan,
    Theme,
)

MAX_TEXT = 3000
# Anonymous comments are released in random batches of at least this many.
COMMENT_K = 5


def bucket_of(plan: Plan) -> str:
    return f"plans.comments.{plan.pk}"


def record_session(
    *, by: Any, plan: Plan, kind: str, held_on: date, audience: str, notes: str
) -> ListeningSession:
    ensure_permission(by, Permission.MANAGE_PLANS, plan)
    if kind not in ListeningSession.Kind.values:
        raise ValidationError({"kind": f"“{kind}” is not a kind of listening session."})
    if not notes.strip():
        raise ValidationError({"notes": "Write what was heard at the session."})
    with transaction.atomic():
        session = ListeningSession.objects.create(
            plan=plan, kind=kind, held_on=held_on, audience=audience, notes=notes.strip()
        )
        audit.record(audit.PlanEvent.SESSION_SAVED, by=by, target=session)
    return session


def _clean_comment(plan: Plan, text: str, area: Area | None) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write a comment before sending it."})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": f"Keep a comment under {MAX_TEXT:,} characters."})
    if area is not None and area.plan_id != plan.pk:
        raise ValidationError({"area": "That area belongs to another plan."})
    return text


def comment(
    *, by: Any, plan: Plan, text: str, area: Area | None = None, anonymous: bool
) -> Comment | None:
    """Comment on a published plan; anonymous comments are sealed and return nothing."""
    ensure_permission(by, Permission.FOLLOW_PLANS, plan)
    clean = _clean_comment(plan, text, area)
    if anonymous:
        with transaction.atomic():
            sealing.seal(
                AnonymousComment,
                bucket=bucket_of(plan),
                fields={"plan_id": plan.pk, "area_id": area.pk if area else None, "text": clean},
            )
            audit.record_anonymous(audit.PlanEvent.ANONYMOUS_COMMENT_RECEIVED, target=plan)
        return None
    person = Person.objects.filter(user=by).first()
    if person is None:
        raise ValidationError({"text": "Only members of the school can comment under their name."})
    with transaction.atomic():
        named = Comment.objects.create(plan=plan, area=area, person=person, text=clean)
        audit.record(audit.PlanEvent.COMMENT_RECEIVED, by=by, target=plan)
    return named


def release_comments(plan: Plan, *, everything: bool = False) -> int:
    """Release a random batch of sealed anonymous comments (a transaction of its own)."""
    bucket = bucket_of(plan)
    if everything:
        released = sealing.release_all(AnonymousComment, bucket=bucket)
    else:
        released = sealing.release_ready(AnonymousComment, bucket=bucket, k=COMMENT_K)
    if released:
        audit.record_anonymous(
            audit.PlanEvent.ANONYMOUS_COMMENTS_RELEASED, target=plan, detail={"released": released}
        )
    return released


def triage(
    *,
    by: Any,
    plan: Plan,
    comment: Comment | AnonymousComment,
    theme_name: str = "",
    actions: Iterable[Action] = (),
) -> None:
    """Put a comment under a theme (created on first use) and link the actions that answer it."""
    ensure_permission(by, Permission.MANAGE_PLANS, plan)
    if comment.plan_id != plan.pk:
        raise ValidationError({"comment": "That comment is about another plan."})
    chosen = list(actions)
    foreign = [a.title for a in chosen if a.goal.area.plan_id != plan.pk]
    if foreign:
        raise ValidationError({"actions": f"Not actions of this plan: {', '.join(foreign)}."})
    with transaction.atomic():
        theme = None
        if theme_name.strip():
            theme, _ = Theme.objects.get_or_create(plan=plan, name=theme_name.strip()[:120])
        comment.theme = theme
        comment.save(update_fields=["theme"])
        if isinstance(comment, Comment):
            comment.actions.set(chosen)
        else:
            AnonymousCommentAnswer.objects.filter(comment=comment).delete()
            AnonymousCommentAnswer.objects.bulk_create(
                AnonymousCommentAnswer(comment=comment, action=a) for a in chosen
            )
        audit.record(
            audit.PlanEvent.COMMENT_TRIAGED,
            by=by,
            target=plan,
            detail={"change": f"theme {theme.name if theme else 'none'}, {len(chosen)} actions"},
        )
