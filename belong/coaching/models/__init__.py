"""Coaching models, one module per concept.

* ``roster``: coaches, the preference window, students' preferences, the
  school's weights, and students waiting for a coach.
* ``runs``: pairing runs (both modes' results, frozen with their inputs),
  adjustments made before publishing, and the pairings themselves.
* ``meetings``: meetings, goals, coaching notes (private to their author),
  referrals to student affairs (only what the student agreed to share), and
  the log of quarterly nudges sent to coaches.

Nothing here has a field for demographics: no pairing input can read them.
"""

from belong.coaching.models.meetings import CoachingNote, Goal, Meeting, QuarterNudge, Referral
from belong.coaching.models.roster import (
    Coach,
    CoachPreference,
    PairingWeights,
    PreferenceWindow,
    WaitingStudent,
)
from belong.coaching.models.runs import Pairing, PairingAdjustment, PairingRun

__all__ = [
    "Coach",
    "CoachPreference",
    "CoachingNote",
    "Goal",
    "Meeting",
    "Pairing",
    "PairingAdjustment",
    "PairingRun",
    "PairingWeights",
    "PreferenceWindow",
    "QuarterNudge",
    "Referral",
    "WaitingStudent",
]
