"""Every write in well-being: keyword-only ``by=``, one transaction, one audit event.

Each function checks that ``by`` may do what it asks (raising 404 when not, as
the views would) and validates everything before writing anything, raising
``ValidationError`` with a message that names what is wrong.
"""

from belong.wellbeing.actions.calendar import create_calendar_feed, revoke_calendar_feed
from belong.wellbeing.actions.checkins import submit_checkin
from belong.wellbeing.actions.coverage import (
    enrol_in_school_plan,
    review_waiver,
    save_coverage_year,
    submit_waiver,
)
from belong.wellbeing.actions.reach import (
    delete_reflection,
    delete_session,
    record_attendance,
    save_reflection,
    save_session,
    save_week,
)
from belong.wellbeing.actions.support import (
    acknowledge_request,
    assign_request,
    create_support_request,
    post_support_message,
    reopen_request,
    resolve_request,
    save_support_service,
    withdraw_request,
)

__all__ = [
    "acknowledge_request",
    "assign_request",
    "create_calendar_feed",
    "create_support_request",
    "delete_reflection",
    "delete_session",
    "enrol_in_school_plan",
    "post_support_message",
    "record_attendance",
    "reopen_request",
    "resolve_request",
    "review_waiver",
    "revoke_calendar_feed",
    "save_coverage_year",
    "save_reflection",
    "save_session",
    "save_support_service",
    "save_week",
    "submit_checkin",
    "submit_waiver",
    "withdraw_request",
]
