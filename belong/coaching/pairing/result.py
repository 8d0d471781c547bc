"""What a pairing run reports, and the blocking-pair check both modes share."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

from .explain import Explainer, occupancy, ordinal
from .prepare import DroppedChoice, KeepRefusal, Prepared

#: Recorded with every result so a stored run can be tied to the code that made it.
#: Version 2 seats students outside their lists through one hub and a hand-out
#: (see ``seating.py``): every result is as good as version 1's on every level,
#: but among equally good pairings it may pick another one.
ENGINE_VERSION = "2"

Mode = Literal["optimal", "stable"]


@dataclass(frozen=True)
class PairingResult:
    """One mode's pairing, with everything student affairs needs to judge it.

    Attributes
    ----------
    mode
        ``"optimal"`` or ``"stable"``.
    seed
        The lottery seed used; with the same problem it reproduces this result.
    pairs
        Student id to coach id for every paired student, including those who
        kept their coach and those paired outside their list.
    ranks
        Student id to the rank (1 = first choice) of their coach on their list,
        for students paired from their list in this run.
    kept
        Students who kept their coach, as they asked.
    outside_list
        Students paired with a coach who was not on their list.
    unmatched
        Students left without a coach.
    rank_distribution
        ``(label, count)`` rows: ``("1st choice", n)``, ``("2nd choice", n)``,
        ..., ``("outside list", n)``; and ``("kept their coach", n)`` when any did.
    mean_rank
        Mean of ``ranks`` (``None`` when nobody was paired from a list).
    blocking_pairs
        ``(student_id, coach_id)`` pairs who would both rather be together than
        keep their pairing (see :func:`find_blocking_pairs`). Always empty in
        stable mode.
    explanations
        One plain-words sentence or short paragraph per student in the run.
    warnings
        Things student affairs should know that did not stop the run.
    dropped_choices
        Listed coaches removed because the pair is forbidden.
    keep_refusals
        Keep requests that could not be honoured, with the reason.
    priority_order
        Student ids, strongest claim on a full coach first (coach left, longest
        waiting, lottery). Stable mode decides by it; both modes record it.
    engine_version
        :data:`ENGINE_VERSION` of the code that produced this result.
    """

    mode: Mode
    seed: int
    pairs: dict[str, str]
    ranks: dict[str, int]
    kept: tuple[str, ...]
    outside_list: tuple[str, ...]
    unmatched: tuple[str, ...]
    rank_distribution: tuple[tuple[str, int], ...]
    mean_rank: float | None
    blocking_pairs: tuple[tuple[str, str], ...]
    explanations: dict[str, str]
    warnings: tuple[str, ...]
    dropped_choices: tuple[DroppedChoice, ...]
    keep_refusals: tuple[KeepRefusal, ...]
    priority_order: tuple[str, ...]
    engine_version: str = ENGINE_VERSION

    @property
    def blocking_pair_count(self) -> int:
        """How many blocking pairs this pairing has."""
        return len(self.blocking_pairs)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data, for storing a run and its audit record."""
        return {
            "mode": self.mode,
            "seed": self.seed,
            "engine_version": self.engine_version,
            "pairs": dict(self.pairs),
            "ranks": dict(self.ranks),
            "kept": list(self.kept),
            "outside_list": list(self.outside_list),
            "unmatched": list(self.unmatched),
            "rank_distribution": [[label, n] for label, n in self.rank_distribution],
            "mean_rank": self.mean_rank,
            "blocking_pairs": [list(pair) for pair in self.blocking_pairs],
            "explanations": dict(self.explanations),
            "warnings": list(self.warnings),
            "dropped_choices": [
                {"student_id": d.student_id, "coach_id": d.coach_id, "reason": d.reason}
                for d in self.dropped_choices
            ],
            "keep_refusals": [
                {"student_id": k.student_id, "coach_id": k.coach_id, "reason": k.reason}
                for k in self.keep_refusals
            ],
            "priority_order": list(self.priority_order),
        }


def blocking_positions(prepared: Prepared, assign: list[int]) -> list[tuple[int, int]]:
    """Blocking pairs as ``(student position, coach position)``.

    A student and a coach block when the coach is on the student's list above
    their current coach (or the student has none, or one from outside their
    list), and the coach either has a free seat or holds a student with a weaker
    claim. Students who kept their coach are outside the solve; their seats are
    simply not on offer.
    """
    occ = occupancy(prepared, assign)
    seats = prepared.seats
    found: list[tuple[int, int]] = []
    for s in prepared.in_game:
        choices = prepared.lists[s]
        mine = assign[s]
        for c in choices:
            if c == mine:
                break
            if seats[c] > 0 and (occ.count[c] < seats[c] or occ.weakest[c] > s):
                found.append((s, c))
    return found


def _result_warnings(prepared: Prepared, assign: list[int]) -> list[str]:
    """Warnings that depend on the pairing made, not only on the input."""
    if prepared.problem.pair_outside_lists:
        return []
    left = [s for s in prepared.in_game if assign[s] < 0]
    taken = sum(1 for s in prepared.in_game if assign[s] >= 0)
    free = sum(prepared.seats) - taken
    if not left or free <= 0:
        return []
    empty = sum(1 for s in left if not prepared.lists[s])
    students = "1 student is" if len(left) == 1 else f"{len(left)} students are"
    seats = "1 seat is" if free == 1 else f"{free} seats are"
    why = (
        "every coach on their list was full or may not coach them"
        if not empty
        else f"every coach on their list was full or may not coach them ({empty} had no "
        "coach they could be paired with on their list at all)"
    )
    return [
        f"Pairing outside lists is off: {students} left without a coach although {seats} "
        f"still free, because {why}. To pair them, turn on “Pair students outside their "
        "list” in the pairing settings and run again, or move them one by one to a coach "
        "with a free seat before publishing."
    ]


def build_result(
    prepared: Prepared, mode: Mode, assign: list[int], rank: list[int]
) -> PairingResult:
    """Assemble the public result from the solver's per-position arrays."""
    students = prepared.students
    coaches = prepared.coaches
    for s, c in prepared.kept.items():
        assign[s] = c

    order = sorted(range(len(students)), key=lambda s: students[s].id)
    pairs = {students[s].id: coaches[assign[s]].id for s in order if assign[s] >= 0}
    ranks = {students[s].id: rank[s] for s in order if s not in prepared.kept and rank[s] > 0}
    kept = tuple(students[s].id for s in order if s in prepared.kept)
    outside = tuple(
        students[s].id for s in order if s not in prepared.kept and assign[s] >= 0 and rank[s] == 0
    )
    unmatched = tuple(students[s].id for s in order if assign[s] < 0)

    counts = Counter(ranks.values())
    distribution = [
        (f"{ordinal(r)} choice", counts.get(r, 0)) for r in range(1, max(counts, default=0) + 1)
    ]
    distribution.append(("outside list", len(outside)))
    if kept:
        distribution.append(("kept their coach", len(kept)))
    mean_rank = sum(ranks.values()) / len(ranks) if ranks else None

    blocking = tuple(
        (students[s].id, coaches[c].id) for s, c in blocking_positions(prepared, assign)
    )
    explainer = Explainer(prepared, mode, assign, rank)
    explanations = {students[s].id: explainer.explain(s) for s in order}

    return PairingResult(
        mode=mode,
        seed=int(prepared.problem.seed),
        pairs=pairs,
        ranks=ranks,
        kept=kept,
        outside_list=outside,
        unmatched=unmatched,
        rank_distribution=tuple(distribution),
        mean_rank=mean_rank,
        blocking_pairs=tuple(sorted(blocking)),
        explanations=explanations,
        warnings=(*prepared.warnings, *_result_warnings(prepared, assign)),
        dropped_choices=tuple(d for s in sorted(prepared.dropped) for d in prepared.dropped[s]),
        keep_refusals=tuple(prepared.keep_refusals[s] for s in sorted(prepared.keep_refusals)),
        priority_order=tuple(s.id for s in students),
    )
