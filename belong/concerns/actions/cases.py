"""What concerns case managers do to a case. Each write: one transaction, one audit event."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.concerns import queries
from belong.concerns.actions.checkins import notify_reporter
from belong.concerns.actions.texts import required_text
from belong.concerns.models import Case, CaseNote, Reply


def _open(by: Any, case: Case) -> None:
    ensure_permission(by, Permission.MANAGE_CONCERNS, case)
    if case.status == Case.Status.CLOSED:
        raise ValidationError("This case is closed; nothing more can be added to it.")


def triage(*, by: Any, case: Case, priority: str, title_ix_referred: bool = False) -> Case:
    """Set the case's priority, note a Title IX referral, and open it."""
    _open(by, case)
    if priority not in Case.Priority.values:
        raise ValidationError({"priority": ["Priority: choose routine or urgent."]})
    today = timezone.localdate()
    with transaction.atomic():
        case.priority = priority
        if case.status == Case.Status.NEW:
            case.status = Case.Status.OPEN
            case.triaged_on = today
        if title_ix_referred and case.title_ix_referred_on is None:
            case.title_ix_referred_on = today
        case.save(update_fields=["priority", "status", "triaged_on", "title_ix_referred_on"])
        audit.record(
            audit.ConcernEvent.CASE_TRIAGED,
            by=by,
            target=case,
            detail={"priority": priority, "title_ix_referred": bool(case.title_ix_referred_on)},
        )
    return case


def assign(*, by: Any, case: Case, managers: Iterable[Any]) -> Case:
    """Give the case to these case managers (one or more; never a recused one)."""
    _open(by, case)
    chosen = {u.pk: u for u in managers}
    allowed = {u.pk for u in queries.managers()}
    recused = set(case.recused.values_list("pk", flat=True))
    if not chosen:
        raise ValidationError({"managers": ["Case managers: choose at least one."]})
    if set(chosen) - allowed:
        raise ValidationError({"managers": ["Case managers: choose only concerns case managers."]})
    if set(chosen) & recused:
        raise ValidationError(
            {"managers": ["Case managers: someone chosen is recused from this case."]}
        )
    with transaction.atomic():
        case.assignees.set(chosen.values())
        audit.record(
            audit.ConcernEvent.CASE_ASSIGNED,
            by=by,
            target=case,
            detail={"assignees": sorted(queries.name_of(u) for u in chosen.values())},
        )
    return case


def recuse(*, by: Any, case: Case) -> None:
    """Step aside: the case manager is involved, and will no longer see the case."""
    ensure_permission(by, Permission.MANAGE_CONCERNS, case)
    with transaction.atomic():
        case.assignees.remove(by)
        case.recused.add(by)
        audit.record(audit.ConcernEvent.CASE_RECUSED, by=by, target=case)


def add_note(*, by: Any, case: Case, text: str) -> CaseNote:
    """A restricted note, seen only by the case managers of this case."""
    _open(by, case)
    checked = required_text(text, field="text", label="Note")
    with transaction.atomic():
        note = CaseNote.objects.create(
            case=case, author=by, written_at=timezone.now(), text=checked
        )
        audit.record(audit.ConcernEvent.CASE_NOTE_ADDED, by=by, target=case)
    return note


def reply(*, by: Any, case: Case, text: str) -> Reply:
    """Write to the reporter: read with the receipt, or signed in (named reporters are told)."""
    _open(by, case)
    checked = required_text(text, field="text", label="Reply")
    with transaction.atomic():
        message = Reply.objects.create(
            case=case, author=by, written_at=timezone.now(), text=checked
        )
        audit.record(audit.ConcernEvent.CASE_REPLIED, by=by, target=case)
        notify_reporter(case)
    return message


def close(*, by: Any, case: Case, outcome: str) -> Case:
    """Close the case; the outcome is shown to the reporter."""
    _open(by, case)
    checked = required_text(outcome, field="outcome", label="Outcome told to the reporter")
    with transaction.atomic():
        case.outcome = checked
        case.status = Case.Status.CLOSED
        case.closed_on = timezone.localdate()
        case.save(update_fields=["outcome", "status", "closed_on"])
        audit.record(audit.ConcernEvent.CASE_CLOSED, by=by, target=case)
        notify_reporter(case)
    return case
