"""Pairing students with physician coaches: pure Python, no Django.

Two modes are offered side by side so student affairs can see the trade-off:

* :func:`pair_optimal` pairs as many students as seats allow and then gives the
  best total preference (an exact min-cost flow, solved with OR-Tools);
* :func:`pair_stable` gives a pairing no student and coach would both rather
  undo (student-proposing deferred acceptance, coaches holding students by
  coach-left, waiting time, then a seeded lottery).

Demographics are never an input: no record here has a field for them.
``docs/pairing.md`` explains the engine in plain words.
"""

from .engine import (
    compare,
    find_blocking_pairs,
    pair_optimal,
    pair_stable,
    priority_order,
    problem_digest,
    validate,
)
from .explain import ordinal
from .inputs import (
    DEFAULT_FORBIDDEN_REASON,
    CoachSeat,
    ForbiddenPair,
    PairingInputError,
    PairingProblem,
    StudentRequest,
)
from .prepare import DroppedChoice, KeepRefusal
from .rankings import RankingWeights, build_rankings
from .result import ENGINE_VERSION, PairingResult

__all__ = [
    "DEFAULT_FORBIDDEN_REASON",
    "ENGINE_VERSION",
    "CoachSeat",
    "DroppedChoice",
    "ForbiddenPair",
    "KeepRefusal",
    "PairingInputError",
    "PairingProblem",
    "PairingResult",
    "RankingWeights",
    "StudentRequest",
    "build_rankings",
    "compare",
    "find_blocking_pairs",
    "ordinal",
    "pair_optimal",
    "pair_stable",
    "priority_order",
    "problem_digest",
    "validate",
]
