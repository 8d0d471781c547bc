from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404
from django.utils import dateformat, timezone

from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.people.models import Person
from belong.people.queries import person_or_none


def require(by: Any, permission: Permission, obj: Any = None) -> None:
    if not has_permission(by, permission, obj):
        raise Http404("No such record.")


def own_person(by: Any) -> Person:
    person = person_or_none(by)
    if person is None:
        raise Http404("This account is not linked to a person record.")
    return person


def when(moment: datetime) -> str:
    """A moment in the school's time zone, as people read it: "Tue 6 Oct 2026, 10:00"."""
    return dateformat.format(timezone.localtime(moment), "D j M Y, H:i")


def clock(moment: datetime) -> str:
    return dateformat.format(timezone.localtime(moment), "H:i")
