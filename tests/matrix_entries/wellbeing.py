"""Who may open each well-being URL.

``build_wellbeing`` gives the student persona (class of 2027) a REACH week,
a reflection, two check-ins, a counselling request (routed to the
counselling office, where the case-manager persona works) and a tutoring
request (another office), a waiver with proof, and a calendar feed.

What this proves, among the rest:

* only the student opens their check-ins and reflections: not student
  affairs, not the coach, not the administrator;
* the counselling case manager handles the counselling request and gets 404
  on the tutoring office's (``support_case``, ``support_case_assign``);
* downloads (.ics, the proof) are listed with ``method="head"``: same access
  check, and the page-by-page browser check skips them, since Chromium
  downloads rather than renders such files;
* the calendar feed answers anyone holding its secret address, signed in or not.

The no-assessor rule, and every support URL for a second office and an
assessing case manager, are in ``tests/wellbeing/test_support_access.py``.
"""

from typing import Any

from tests.factories.wellbeing import build_wellbeing
from tests.matrix import EVERYONE, WITH_PERSON, Entry, personas

STUDENT = personas("student")
REQUESTERS = personas("student", "resident")
OFFICE = personas("case_manager")
SA = personas("student_affairs")
DASHBOARD = personas("student_affairs", "leadership")
NOBODY: frozenset[str] = frozenset()


def _pk(key: str) -> Any:
    return lambda w: {"pk": build_wellbeing(w)[key].pk}


def _seeded(w: Any) -> dict[str, Any]:
    build_wellbeing(w)
    return {}


def _latest_checkin(w: Any) -> dict[str, Any]:
    return {"pk": build_wellbeing(w)["checkins"][1].pk}


def _week(w: Any) -> dict[str, Any]:
    return {"pk": build_wellbeing(w)["week"].pk}


def _year(w: Any) -> dict[str, Any]:
    return {"academic_year": build_wellbeing(w)["year"].academic_year}


def _year_pk(w: Any) -> dict[str, Any]:
    return {"pk": build_wellbeing(w)["year"].pk}


def _service(w: Any) -> dict[str, Any]:
    return {"pk": build_wellbeing(w)["services"]["counselling"].pk}


ENTRIES = [
    # REACH, students
    Entry("wellbeing:reach_calendar", STUDENT, kwargs=_seeded),
    Entry("wellbeing:reach_calendar_ics", STUDENT, kwargs=_seeded, method="head"),
    Entry("wellbeing:journal", STUDENT, kwargs=_seeded),
    Entry("wellbeing:journal_entry", STUDENT, kwargs=_pk("reflection")),
    Entry(
        "wellbeing:journal_entry_delete",
        STUDENT,
        kwargs=_pk("reflection"),
        method="post",
        ok_status=302,
    ),
    # REACH, student affairs
    Entry("wellbeing:reach_manage", SA, kwargs=_seeded),
    Entry("wellbeing:reach_week_new", SA),
    Entry("wellbeing:reach_week", SA, kwargs=_week),
    Entry("wellbeing:reach_week_edit", SA, kwargs=_week),
    Entry("wellbeing:reach_session_new", SA, kwargs=_week),
    Entry("wellbeing:reach_session_edit", SA, kwargs=_pk("session")),
    Entry(
        "wellbeing:reach_session_delete",
        SA,
        kwargs=_pk("free_session"),
        method="post",
        ok_status=302,
    ),
    Entry("wellbeing:reach_attendance", SA, kwargs=_pk("session")),
    Entry(
        "wellbeing:reach_cohort_ics",
        SA,
        kwargs=lambda w: _seeded(w) or {"cohort": 2027},
        method="head",
    ),
    # Calendar feed: the secret address is the credential.
    Entry("wellbeing:calendar_feed_settings", WITH_PERSON, kwargs=_seeded),
    Entry("wellbeing:calendar_feed_create", WITH_PERSON, method="post"),
    Entry("wellbeing:calendar_feed_revoke", WITH_PERSON, method="post", ok_status=302),
    Entry(
        "wellbeing:calendar_feed",
        EVERYONE,
        kwargs=lambda w: {"token": build_wellbeing(w)["token"]},
        method="head",
    ),
    # Check-ins: the student alone.
    Entry("wellbeing:checkins", STUDENT, kwargs=_seeded),
    Entry("wellbeing:checkin_new", STUDENT),
    Entry("wellbeing:checkin_result", STUDENT, kwargs=_latest_checkin),
    # Support, students
    Entry("wellbeing:support_home", REQUESTERS, kwargs=_seeded),
    Entry("wellbeing:support_new", REQUESTERS, kwargs=_seeded),
    Entry("wellbeing:support_request", STUDENT, kwargs=_pk("counselling_request")),
    Entry(
        "wellbeing:support_withdraw",
        STUDENT,
        kwargs=_pk("counselling_request"),
        method="post",
        ok_status=302,
    ),
    # Either side of the counselling request may write to it; nobody else.
    Entry(
        "wellbeing:support_message",
        personas("student", "case_manager"),
        kwargs=_pk("counselling_request"),
        method="post",
        data={"body": "Thank you."},
        ok_status=302,
    ),
    # Support, offices. The case manager works in counselling.
    Entry("wellbeing:support_queue", OFFICE, kwargs=_seeded),
    # Another office's request does not exist for them.
    Entry("wellbeing:support_case", NOBODY, kwargs=_pk("tutoring_request")),
    Entry(
        "wellbeing:support_case_update",
        OFFICE,
        kwargs=_pk("counselling_request"),
        method="post",
        data={"action": "acknowledge"},
        ok_status=302,
    ),
    Entry(
        "wellbeing:support_case_assign",
        NOBODY,
        kwargs=_pk("tutoring_request"),
        method="post",
        data={"assignee": ""},
        ok_status=302,
    ),
    # Support services
    Entry("wellbeing:support_services", SA, kwargs=_seeded),
    Entry("wellbeing:support_service_new", SA),
    Entry("wellbeing:support_service_edit", SA, kwargs=_service),
    # Coverage, students
    Entry("wellbeing:coverage_home", STUDENT, kwargs=_seeded),
    Entry("wellbeing:coverage_enrol", STUDENT, kwargs=_year, method="post", ok_status=302),
    Entry("wellbeing:coverage_waiver", STUDENT, kwargs=_year),
    Entry(
        "wellbeing:coverage_proof",
        personas("student", "student_affairs"),
        kwargs=_pk("proof"),
        method="head",
    ),
    # Coverage, student affairs
    Entry("wellbeing:coverage_review_queue", SA, kwargs=_seeded),
    Entry("wellbeing:coverage_review", SA, kwargs=_pk("record")),
    Entry("wellbeing:coverage_years", SA, kwargs=_seeded),
    Entry("wellbeing:coverage_year_new", SA),
    Entry("wellbeing:coverage_year_edit", SA, kwargs=_year_pk),
    Entry("wellbeing:coverage_missing", SA, kwargs=_year),
    # Dashboard: student affairs and leadership; aggregates only.
    Entry("wellbeing:dashboard", DASHBOARD, kwargs=_seeded),
]
