"""Reads of concerns and cases, always through what the reader may see (policies.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.timezone import localdate

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission, get_object_for
from belong.concerns.models import Case, Concern, Reporter
from belong.people.queries import person_or_none

MANAGER_ROLE = "concerns_manager"


def managers() -> list[Any]:
    """Every active account holding the concerns case manager role, by name."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, role_assignments__role=MANAGER_ROLE)
        .distinct()
    )
    return sorted(users, key=name_of)


def name_of(user: Any) -> str:
    person = person_or_none(user)
    return person.display_name if person is not None else user.get_username()


def cases_for(user: Any) -> QuerySet[Case]:
    """The cases a concerns case manager may see: unassigned or theirs, never recused ones."""
    return (
        Case.objects.exclude(recused=user)
        .exclude(concern__held_until__gt=timezone.localdate())
        .annotate(assigned=Count("assignees", distinct=True))
        .filter(Q(assigned=0) | Q(assignees=user))
        .select_related("concern")
        .distinct()
    )


def held_count() -> int:
    """How many reports are held unread until their reporters' hold ends (a count only)."""
    return Concern.objects.filter(held_until__gt=timezone.localdate()).count()


def own_concerns(user: Any) -> QuerySet[Concern]:
    """A reporter's own named and confidential concerns (anonymous ones are nobody's)."""
    return (
        Concern.objects.filter(case__reporter__user=user)
        .select_related("case")
        .order_by("-received_on")
    )


def reporter_of(concern: Concern) -> Any | None:
    """The account that reported a named or confidential concern; None when anonymous."""
    row = Reporter.objects.filter(case__concern=concern).select_related("user").first()
    return row.user if row is not None else None


@dataclass(frozen=True)
class ThreadEntry:
    """One message in a case's conversation with its reporter."""

    from_reporter: bool
    day: date
    from_belong: bool
    at: datetime | None  # a case manager's reply has a time; a reporter's message the day only
    text: str


def thread(concern: Concern) -> list[ThreadEntry]:
    """The conversation, by day; on one day, the reporter's messages after the replies."""
    case = Case.objects.filter(concern=concern).first()
    replies = case.replies.all() if case is not None else []
    entries = [
        ThreadEntry(False, localdate(r.written_at), r.author_id is None, r.written_at, r.text)
        for r in replies
    ]
    entries += [
        ThreadEntry(True, m.received_on, False, None, m.text) for m in concern.messages.all()
    ]
    # A reporter's message keeps no time, so it cannot be placed among one day's replies.
    return sorted(entries, key=lambda e: (e.day, e.from_reporter, e.at or _NO_TIME))


_NO_TIME = datetime.min.replace(tzinfo=UTC)


def managers_among(user_ids: list[int]) -> list[Any]:
    """Those of ``user_ids`` who hold the concerns case manager role now."""
    return [u for u in managers() if u.pk in set(user_ids)]


# --- audited reads --------------------------------------------------------------------


def list_cases(*, by: Any) -> list[Case]:
    """The cases ``by`` may see, most urgent first; the read is audited."""
    ensure_permission(by, Permission.MANAGE_CONCERNS)
    found = list(cases_for(by).order_by("status", "triage_due", "id"))
    audit.record(audit.ConcernEvent.CASES_READ, by=by, detail={"count": len(found)})
    return found


def open_case_file(*, by: Any, pk: Any) -> Case:
    """One case, if ``by`` may handle it (404 otherwise); the read is audited."""
    case = get_object_for(
        by, Permission.MANAGE_CONCERNS, Case.objects.select_related("concern"), pk=pk
    )
    identity = case.concern.mode != "anonymous"
    audit.record(audit.ConcernEvent.CASE_READ, by=by, target=case, detail={"identity": identity})
    return case


def open_attachment(*, by: Any, pk: Any) -> tuple[Case, bytes] | None:
    """A case's attachment, if ``by`` may handle the case (404 otherwise); audited."""
    case = get_object_for(
        by, Permission.MANAGE_CONCERNS, Case.objects.select_related("concern"), pk=pk
    )
    if case.concern.attachment is None:
        return None
    audit.record(audit.ConcernEvent.ATTACHMENT_READ, by=by, target=case)
    return case, bytes(case.concern.attachment)


def open_own_concern(*, by: Any, pk: Any) -> Concern:
    """One's own named or confidential concern (404 otherwise); the read is audited."""
    concern = get_object_for(by, Permission.REPORT_CONCERN, Concern, pk=pk)
    audit.record(audit.ConcernEvent.OWN_READ, by=by, target=concern)
    return concern
