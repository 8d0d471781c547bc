"""Who may open each action-plan URL.

Leadership and the inclusion office (analyst) write and run plans. Everyone in
the school (every persona with a person record) follows a published school
plan and comments on it; the outsider (an account with no person) does not.
A public plan's progress page and report work without an account. Progress
on an action is reported by its owner only: the faculty persona owns the
action used here; everyone else gets 404.
"""

from typing import Any

from belong.plans.models import Comment
from tests.factories.plans import faculty_action, plan
from tests.matrix import EVERYONE, WITH_PERSON, Entry, personas

OFFICE = personas("analyst", "leadership")


def _plan(w: Any) -> dict[str, Any]:
    return {"pk": plan(w).pk}


def _seeded(w: Any) -> dict[str, Any]:
    plan(w)
    return {}


def _public(w: Any) -> dict[str, Any]:
    return {"pk": plan(w, audience="public", title="Public culture plan").pk}


def _draft(w: Any) -> dict[str, Any]:
    return {"pk": plan(w, published=False, title="Draft plan").pk}


def _action(w: Any) -> dict[str, Any]:
    return {"pk": faculty_action(w).pk}


ENTRIES = [
    Entry("plans:home", WITH_PERSON, kwargs=_seeded),
    # A school plan: its readers are the school; the signed-out are sent to sign in.
    Entry("plans:progress", WITH_PERSON, kwargs=_plan),
    # A public plan: anyone, signed in or not.
    Entry("plans:report_pdf", EVERYONE, kwargs=_public, method="head"),
    Entry(
        "plans:comment",
        WITH_PERSON,
        kwargs=_plan,
        method="post",
        data={"text": "More quiet study rooms, please.", "anonymous": "on"},
        ok_status=302,
    ),
    Entry("plans:public_list", EVERYONE),
    Entry(
        "plans:update",
        personas("faculty"),
        kwargs=_action,
        method="post",
        data={"written_on": "2026-10-14", "status": "on_track", "note": "Begun."},
        ok_status=302,
    ),
    Entry("plans:new", OFFICE),
    Entry("plans:plan", OFFICE, kwargs=_draft),
    Entry(
        "plans:write",
        OFFICE,
        kwargs=lambda w: {**_plan(w), "which": "area"},
        method="post",
        data={"area-title": "Staff hiring"},
        ok_status=302,
    ),
    Entry("plans:publish", OFFICE, kwargs=_draft, method="post", ok_status=302),
    Entry("plans:issue_report", OFFICE, kwargs=_plan, method="post", ok_status=302),
    Entry("plans:comments", OFFICE, kwargs=_plan),
    Entry(
        "plans:triage",
        OFFICE,
        kwargs=lambda w: {**_plan(w), "kind": "named", "comment_pk": str(_named_comment(w))},
        method="post",
        data={},
        ok_status=302,
    ),
]


def _named_comment(w: Any) -> int:
    made = plan(w)
    found = Comment.objects.filter(plan=made).first()
    if found is None:
        found = Comment.objects.create(plan=made, person=w.person("student"), text="Hello")
    return found.pk
