"""Coaching URLs: who may open each, with the world's own records.

The world's coach opens their own student's records here; that they can
never open another coach's is proven for every object URL in
``tests/coaching/test_coaching_isolation.py``.
"""

from tests.factories.coaching import coaching_world, proposed_run
from tests.matrix import Entry, personas

STUDENT = personas("student")
COACH = personas("coach")
BOTH = personas("student", "coach")
AFFAIRS = personas("student_affairs")
REDIRECT = 302


def cw(w):  # type: ignore[no-untyped-def]
    return coaching_world(w)


ENTRIES = [
    # The student's side.
    Entry("coaching:my_coaching", STUDENT, kwargs=lambda w: cw(w) and {}),
    Entry("coaching:choose", STUDENT, kwargs=lambda w: cw(w) and {}),
    Entry(
        "coaching:referral_decide",
        STUDENT,
        kwargs=lambda w: {"referral_id": cw(w).referral.pk},
    ),
    # A calendar file, not a page: HEAD proves who may fetch it without the
    # browser suite trying to render a download.
    Entry("coaching:meetings_ics", BOTH, kwargs=lambda w: cw(w) and {}, method="head"),
    # Goals: the student and their coach.
    Entry("coaching:goal_new", BOTH, kwargs=lambda w: {"pairing_id": cw(w).pairing.pk}),
    Entry("coaching:goal_edit", BOTH, kwargs=lambda w: {"goal_id": cw(w).goal.pk}),
    # The coach's side: their own student only.
    Entry("coaching:my_students", COACH, kwargs=lambda w: cw(w) and {}),
    Entry("coaching:student_detail", COACH, kwargs=lambda w: {"pairing_id": cw(w).pairing.pk}),
    Entry("coaching:meeting_new", COACH, kwargs=lambda w: {"pairing_id": cw(w).pairing.pk}),
    Entry("coaching:note_new", COACH, kwargs=lambda w: {"pairing_id": cw(w).pairing.pk}),
    Entry("coaching:referral_new", COACH, kwargs=lambda w: {"pairing_id": cw(w).pairing.pk}),
    Entry("coaching:meeting_edit", COACH, kwargs=lambda w: {"meeting_id": cw(w).meeting.pk}),
    Entry(
        "coaching:meeting_status",
        COACH,
        kwargs=lambda w: {"meeting_id": cw(w).meeting.pk},
        method="post",
        data={"status": "cancelled"},
        ok_status=REDIRECT,
    ),
    Entry("coaching:note_edit", COACH, kwargs=lambda w: {"note_id": cw(w).private_note.pk}),
    Entry(
        "coaching:note_share",
        COACH,
        kwargs=lambda w: {"note_id": cw(w).private_note.pk},
        method="post",
        data={"shared": "1"},
        ok_status=REDIRECT,
    ),
    Entry(
        "coaching:referral_withdraw",
        COACH,
        kwargs=lambda w: {"referral_id": cw(w).referral.pk},
        method="post",
        ok_status=REDIRECT,
    ),
    # Student affairs: roster, assessors, runs, referrals. Never notes.
    Entry("coaching:roster", AFFAIRS, kwargs=lambda w: cw(w) and {}),
    Entry("coaching:coach_new", AFFAIRS, kwargs=lambda w: cw(w) and {}),
    Entry("coaching:coach_edit", AFFAIRS, kwargs=lambda w: {"coach_id": cw(w).coach.pk}),
    Entry(
        "coaching:coach_leave",
        AFFAIRS,
        kwargs=lambda w: {"coach_id": cw(w).other_coach.pk},
        method="post",
        ok_status=REDIRECT,
    ),
    Entry(
        "coaching:pairing_end",
        AFFAIRS,
        kwargs=lambda w: {"pairing_id": cw(w).other_pairing.pk},
        method="post",
        data={"reason": "other"},
        ok_status=REDIRECT,
    ),
    Entry("coaching:unpaired", AFFAIRS, kwargs=lambda w: cw(w) and {}),
    Entry("coaching:assessors", AFFAIRS, kwargs=lambda w: cw(w) and {}),
    Entry("coaching:assessor_new", AFFAIRS, kwargs=lambda w: cw(w) and {}),
    Entry(
        "coaching:assessor_end",
        AFFAIRS,
        kwargs=lambda w: {"relationship_id": cw(w).assessment.pk},
        method="post",
        ok_status=REDIRECT,
    ),
    Entry("coaching:settings", AFFAIRS, kwargs=lambda w: cw(w) and {}),
    Entry("coaching:runs", AFFAIRS, kwargs=lambda w: proposed_run(w) and {}),
    Entry("coaching:run_new", AFFAIRS, kwargs=lambda w: cw(w) and {}),
    Entry("coaching:run_detail", AFFAIRS, kwargs=lambda w: {"run_id": proposed_run(w).pk}),
    Entry(
        "coaching:run_mode",
        AFFAIRS,
        kwargs=lambda w: {"run_id": proposed_run(w).pk},
        method="post",
        data={"mode": "stable"},
        ok_status=REDIRECT,
    ),
    Entry("coaching:run_adjust", AFFAIRS, kwargs=lambda w: {"run_id": proposed_run(w).pk}),
    Entry(
        "coaching:run_undo",
        AFFAIRS,
        kwargs=lambda w: {"run_id": proposed_run(w).pk},
        method="post",
        ok_status=REDIRECT,
    ),
    Entry("coaching:run_publish", AFFAIRS, kwargs=lambda w: {"run_id": proposed_run(w).pk}),
    Entry(
        "coaching:run_discard",
        AFFAIRS,
        kwargs=lambda w: {"run_id": proposed_run(w).pk},
        method="post",
        ok_status=REDIRECT,
    ),
    Entry("coaching:referrals", AFFAIRS, kwargs=lambda w: cw(w) and {}),
    Entry(
        "coaching:referral_detail",
        AFFAIRS,
        kwargs=lambda w: {"referral_id": cw(w).other_referral.pk},
    ),
]
