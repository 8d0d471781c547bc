"""Who may open each concerns URL.

Reporters' pages for anonymous reports need no account: every persona, signed
in or not, gets the same answer. Named and confidential reports need a person
record. Concern aggregates are built by the analyst. Cases are for concerns
case managers, and a case only for those who may handle it (unassigned, or
assigned to them, never recused; ``tests/concerns/test_access.py`` proves the
other managers see 404).
"""

from typing import Any

from tests.factories.concerns import named_case, tiny_png
from tests.matrix import EVERYONE, WITH_PERSON, Entry, personas

MANAGERS = personas("concerns_manager")
# Concern aggregates are built by the inclusion office, which never sees a case.
OFFICE = personas("analyst")


def _case(w: Any) -> dict[str, Any]:
    return {"pk": named_case(w).pk}


def _own(w: Any) -> dict[str, Any]:
    return {"pk": named_case(w).concern_id}


def _with_attachment(w: Any) -> dict[str, Any]:
    return {"pk": named_case(w, attachment=tiny_png()).pk}


ENTRIES = [
    Entry("concerns:aggregates", OFFICE),
    Entry("concerns:start", EVERYONE),
    Entry("concerns:report_anonymous", EVERYONE),
    Entry("concerns:sent", EVERYONE),
    Entry("concerns:follow_up", EVERYONE),
    Entry("concerns:report", WITH_PERSON, kwargs=lambda w: {"mode": "confidential"}),
    Entry("concerns:own_list", WITH_PERSON),
    Entry("concerns:own", personas("student"), kwargs=_own),
    Entry("concerns:cases", MANAGERS),
    Entry("concerns:case", MANAGERS, kwargs=_case),
    # A download, not a page: HEAD, so the every-page browser test leaves it out.
    Entry("concerns:case_attachment", MANAGERS, kwargs=_with_attachment, method="head"),
    Entry(
        "concerns:case_triage",
        MANAGERS,
        kwargs=_case,
        method="post",
        data={"priority": "routine"},
        ok_status=302,
    ),
    # Without a case manager chosen the form is refused (400), after the access check.
    Entry("concerns:case_assign", MANAGERS, kwargs=_case, method="post", ok_status=400),
    Entry("concerns:case_recuse", MANAGERS, kwargs=_case, method="post", ok_status=302),
    Entry(
        "concerns:case_note",
        MANAGERS,
        kwargs=_case,
        method="post",
        data={"text": "Called the clerkship director."},
        ok_status=302,
    ),
    Entry(
        "concerns:case_reply",
        MANAGERS,
        kwargs=_case,
        method="post",
        data={"text": "Thank you; we are looking into it."},
        ok_status=302,
    ),
    Entry(
        "concerns:case_close",
        MANAGERS,
        kwargs=_case,
        method="post",
        data={"outcome": "We spoke with the resident."},
        ok_status=302,
    ),
]
