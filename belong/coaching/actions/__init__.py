"""Every write in coaching: keyword-only ``by=``, one transaction, one audit event.

Each function checks that ``by`` may do what it asks (raising 404 when not,
as the views would) and validates everything before writing anything,
raising ``ValidationError`` with messages that name what is wrong.
"""

from belong.coaching.actions.meetings import (
    edit_note,
    reschedule_meeting,
    save_goal,
    schedule_meeting,
    set_meeting_status,
    set_note_shared,
    write_note,
)
from belong.coaching.actions.preferences import (
    open_preference_window,
    save_weights,
    submit_preferences,
)
from belong.coaching.actions.publication import discard_run, publish_run
from belong.coaching.actions.referrals import (
    acknowledge_referral,
    close_referral,
    decide_referral,
    propose_referral,
    withdraw_referral,
)
from belong.coaching.actions.roster import (
    coach_leaves,
    end_assessment,
    end_pairing,
    record_assessment,
    save_coach,
)
from belong.coaching.actions.runs import (
    adjust_run,
    choose_mode,
    execute_run,
    start_run,
    undo_adjustments,
    verify_run,
)

__all__ = [
    "acknowledge_referral",
    "adjust_run",
    "choose_mode",
    "close_referral",
    "coach_leaves",
    "decide_referral",
    "discard_run",
    "edit_note",
    "end_assessment",
    "end_pairing",
    "execute_run",
    "open_preference_window",
    "propose_referral",
    "publish_run",
    "record_assessment",
    "reschedule_meeting",
    "save_coach",
    "save_goal",
    "save_weights",
    "schedule_meeting",
    "set_meeting_status",
    "set_note_shared",
    "start_run",
    "submit_preferences",
    "undo_adjustments",
    "verify_run",
    "withdraw_referral",
    "write_note",
]
