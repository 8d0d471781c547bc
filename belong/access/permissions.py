"""Everything a person can be allowed to do in Belong, as one enum.

Roles (``roles.py``) grant sets of these; ``policies.has_permission`` answers
whether a user holds one, optionally for a particular object.
"""

from enum import StrEnum


class Permission(StrEnum):
    # One's own record: every signed-in person with a Person record.
    VIEW_OWN_PROFILE = "view_own_profile"
    EDIT_OWN_SELF_ID = "edit_own_self_id"

    # People records (names, affiliations; never demographics).
    VIEW_PEOPLE = "view_people"
    IMPORT_PEOPLE = "import_people"
    # The school's units (school, programs, departments, offices) and campuses.
    MANAGE_UNITS = "manage_units"
    # Individual self-identification answers of other people (audited).
    VIEW_SELF_ID_RECORDS = "view_self_id_records"

    # Administration.
    MANAGE_ROLES = "manage_roles"
    # Invite a person from the directory to an account; deactivate, reactivate.
    MANAGE_ACCOUNTS = "manage_accounts"
    VIEW_AUDIT_LOG = "view_audit_log"

    # Outcomes monitoring.
    BUILD_RELEASES = "build_releases"
    PUBLISH_RELEASES = "publish_releases"
    MANAGE_PIPELINES = "manage_pipelines"
    MANAGE_BENCHMARKS = "manage_benchmarks"
    IMPORT_STAGE_EVENTS = "import_stage_events"
    VIEW_LEADERSHIP_RELEASES = "view_leadership_releases"
    VIEW_STAFF_RELEASES = "view_staff_releases"

    # Coaching.
    MANAGE_PAIRING = "manage_pairing"
    COACH_STUDENTS = "coach_students"
    CHOOSE_COACH = "choose_coach"

    # Well-being and support.
    SUBMIT_CHECKIN = "submit_checkin"
    REQUEST_SUPPORT = "request_support"
    HANDLE_SUPPORT_REQUESTS = "handle_support_requests"
    MANAGE_REACH = "manage_reach"
    REVIEW_COVERAGE = "review_coverage"
    VIEW_STUDENT_AFFAIRS_DASHBOARD = "view_student_affairs_dashboard"
    # A student's own side of REACH weeks and health coverage.
    ATTEND_REACH = "attend_reach"
    MANAGE_OWN_COVERAGE = "manage_own_coverage"
    # Which office answers which kind of support request, and how fast.
    MANAGE_SUPPORT_SERVICES = "manage_support_services"

    # Surveys: build instruments, run campaigns (responses are anonymous records).
    MANAGE_SURVEYS = "manage_surveys"

    # Learning-environment concerns: report one (named or confidential; anonymous
    # reports need no account), and handle cases as a concerns case manager.
    REPORT_CONCERN = "report_concern"
    MANAGE_CONCERNS = "manage_concerns"
    # Action plans: write and run plans (leadership, the inclusion office).
    MANAGE_PLANS = "manage_plans"
    # Everyone in the school: follow the school's plans, comment on them, and
    # report progress on the actions they own (object rule: their own only).
    FOLLOW_PLANS = "follow_plans"
    REPORT_ACTION_PROGRESS = "report_action_progress"
    # Build releases of concern-report aggregates (small cells hidden; never a case).
    BUILD_CONCERN_AGGREGATES = "build_concern_aggregates"
    # Directory: an office keeps its own entries (services, locations, contacts) current.
    EDIT_DIRECTORY_ENTRIES = "edit_directory_entries"
    # Directory: import a whole Open Referral HSDS file (every office's entries).
    IMPORT_DIRECTORY = "import_directory"
    # Community stories: review before publication.
    REVIEW_STORIES = "review_stories"
    # Accreditation evidence: the LCME tables, live aggregates with small cells hidden.
    VIEW_ACCREDITATION_EVIDENCE = "view_accreditation_evidence"
