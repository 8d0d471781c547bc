"""Roles, defined in code, each with a plain-English description.

A person's roles come from two places: explicit assignments made by an
administrator (``RoleAssignment``), and their active affiliations (a current
student affiliation makes someone a student, and so on; the people app answers
that through ``access.persons``). Privileged roles are
only ever assigned explicitly, and every assignment is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from belong.access.permissions import Permission as P

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class Role:
    code: str
    name: str | StrPromise
    description: str | StrPromise
    permissions: frozenset[P]
    # Assigned by an administrator (True) or implied by an affiliation (False).
    assignable: bool = True
    # A role that acts for one unit (an office, a department) must name it.
    scoped: bool = False


# Everyone with a person record may also report a learning-environment concern under
# their name, follow the school's plans and report progress on the actions they own.
_OWN = frozenset(
    {
        P.VIEW_OWN_PROFILE,
        P.EDIT_OWN_SELF_ID,
        P.REPORT_CONCERN,
        P.FOLLOW_PLANS,
        P.REPORT_ACTION_PROGRESS,
    }
)

STUDENT = Role(
    "student",
    # Students read their role on the home page, in English or Spanish (decision 0033).
    _("Student"),
    _(
        "A medical student. Sees and edits their own information and self-identification, "
        "chooses a coach, keeps private well-being check-ins, asks for support and manages "
        "their health coverage. Nobody else sees their individual check-ins."
    ),
    _OWN
    | {
        P.CHOOSE_COACH,
        P.SUBMIT_CHECKIN,
        P.REQUEST_SUPPORT,
        P.ATTEND_REACH,
        P.MANAGE_OWN_COVERAGE,
    },
    assignable=False,
)
RESIDENT = Role(
    "resident",
    _("Resident or fellow"),
    _(
        "A resident or fellow. Sees and edits their own information and self-identification "
        "and can ask for support."
    ),
    _OWN | {P.REQUEST_SUPPORT},
    assignable=False,
)
FACULTY = Role(
    "faculty",
    "Faculty",
    "A faculty member. Sees their own information and the outcome reports published to all "
    "faculty and staff.",
    _OWN | {P.VIEW_STAFF_RELEASES},
    assignable=False,
)
STAFF = Role(
    "staff",
    "Staff",
    "A staff member. Sees their own information and the outcome reports published to all "
    "faculty and staff.",
    _OWN | {P.VIEW_STAFF_RELEASES},
    assignable=False,
)
COACH = Role(
    "coach",
    "Coach",
    "A physician coach. Sees only the students paired with them: meetings, goals and their "
    "own private notes. Never sees another coach's students or any student's check-in scores.",
    _OWN | {P.COACH_STUDENTS},
)
ANALYST = Role(
    "analyst",
    "Inclusion-office analyst",
    "Builds and publishes outcome releases: pipelines, benchmarks, groupings; builds survey "
    "instruments and runs survey campaigns; writes and runs action plans with leadership; "
    "builds releases of concern-report counts; reads the accreditation evidence. Works only "
    "with aggregates in which small cells are suppressed; never sees an individual's answers "
    "or a concern case.",
    _OWN
    | {
        P.BUILD_RELEASES,
        P.PUBLISH_RELEASES,
        P.MANAGE_PIPELINES,
        P.MANAGE_BENCHMARKS,
        P.VIEW_LEADERSHIP_RELEASES,
        P.VIEW_STAFF_RELEASES,
        P.MANAGE_SURVEYS,
        P.MANAGE_PLANS,
        P.BUILD_CONCERN_AGGREGATES,
        P.VIEW_ACCREDITATION_EVIDENCE,
    },
)
DATA_STEWARD = Role(
    "data_steward",
    "Data steward",
    "Keeps the people data right: the school's units, and imports of people, affiliations and "
    "stage events; may read "
    "an individual's self-identification to check it against the source records. Every such "
    "read is audited. Does not build or publish outcome releases: whoever reads identified "
    "answers does not also publish aggregates of them.",
    # Separation of duties (docs/decisions/0010-data-steward-separation-of-duties.md).
    _OWN
    | {
        P.VIEW_PEOPLE,
        P.IMPORT_PEOPLE,
        P.MANAGE_UNITS,
        P.VIEW_SELF_ID_RECORDS,
        P.IMPORT_STAGE_EVENTS,
    },
)
CASE_MANAGER = Role(
    "case_manager",
    "Case manager",
    "Works in one support office (counselling, tutoring, advising, disability resources...). "
    "Sees and answers only the support requests routed to that office, and keeps that "
    "office's directory entries current.",
    _OWN | {P.HANDLE_SUPPORT_REQUESTS, P.EDIT_DIRECTORY_ENTRIES},
    scoped=True,
)
CONCERNS_MANAGER = Role(
    "concerns_manager",
    "Concerns case manager",
    "Handles reports of mistreatment and other learning-environment concerns: triages them, "
    "assigns them, keeps restricted notes, answers the reporter and tells them the outcome. "
    "Sees a case only while it waits to be assigned or once assigned to it, never one they are "
    "recused from; sees who reported only for named and confidential reports.",
    _OWN | {P.MANAGE_CONCERNS},
)
STUDENT_AFFAIRS = Role(
    "student_affairs",
    "Student-affairs officer",
    "Runs coaching pairing, REACH weeks, health-coverage review and the list of support "
    "services, reviews community stories for the directory, and reads the student-affairs "
    "dashboard and the accreditation evidence. Sees cohort aggregates of well-being, never "
    "individual check-ins.",
    _OWN
    | {
        P.VIEW_PEOPLE,
        P.MANAGE_PAIRING,
        P.MANAGE_REACH,
        P.REVIEW_COVERAGE,
        P.VIEW_STUDENT_AFFAIRS_DASHBOARD,
        P.MANAGE_SUPPORT_SERVICES,
        P.REVIEW_STORIES,
        P.VIEW_ACCREDITATION_EVIDENCE,
    },
)
LEADERSHIP = Role(
    "leadership",
    "Leadership",
    "The dean and senior committee. Read the outcome releases published to leadership and the "
    "student-affairs dashboard and the accreditation evidence (aggregates only), and write and "
    "run the school's action plans.",
    _OWN
    | {
        P.VIEW_LEADERSHIP_RELEASES,
        P.VIEW_STAFF_RELEASES,
        P.VIEW_STUDENT_AFFAIRS_DASHBOARD,
        P.MANAGE_PLANS,
        P.VIEW_ACCREDITATION_EVIDENCE,
    },
)
ADMINISTRATOR = Role(
    "administrator",
    "Administrator",
    "Invites people from the directory to Belong, deactivates and reactivates accounts, "
    "assigns roles, reads the audit log and imports the directory from an HSDS file. Does not, "
    "by this role alone, see anyone's self-identification, well-being, coaching or support "
    "records.",
    _OWN | {P.VIEW_PEOPLE, P.MANAGE_ROLES, P.MANAGE_ACCOUNTS, P.VIEW_AUDIT_LOG, P.IMPORT_DIRECTORY},
)

ROLES: dict[str, Role] = {
    r.code: r
    for r in (
        STUDENT,
        RESIDENT,
        COACH,
        FACULTY,
        STAFF,
        ANALYST,
        DATA_STEWARD,
        CASE_MANAGER,
        CONCERNS_MANAGER,
        STUDENT_AFFAIRS,
        LEADERSHIP,
        ADMINISTRATOR,
    )
}

ASSIGNABLE_ROLE_CHOICES = [(r.code, r.name) for r in ROLES.values() if r.assignable]
