"""Plain-words explanations: why each student has the coach they have, or none.

Every sentence here states a fact that holds in the result it describes; the
tests check the ranks and reasons. Stable mode can say *who* took a seat
(students whose coach left, who waited longer, or drew an earlier lottery
number) because that is exactly how stable mode decides. Optimal mode cannot
point at one student: a seat goes where the total works out best, so its
explanation says that instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .inputs import StudentRequest
from .prepare import Prepared

MAX_NAMES = 6


def ordinal(n: int) -> str:
    """``1 -> "1st"``, ``2 -> "2nd"``, ``11 -> "11th"``, ``23 -> "23rd"``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class _Occupancy:
    """Who holds the seats each coach offers in the solve (kept students aside)."""

    count: list[int]
    weakest: list[int]


def occupancy(prepared: Prepared, assign: list[int]) -> _Occupancy:
    count = [0] * len(prepared.coaches)
    weakest = [-1] * len(prepared.coaches)
    for s in prepared.in_game:
        c = assign[s]
        if c >= 0:
            count[c] += 1
            if s > weakest[c]:
                weakest[c] = s
    return _Occupancy(count, weakest)


class Explainer:
    """Builds one explanation per student for one result."""

    def __init__(self, prepared: Prepared, mode: str, assign: list[int], rank: list[int]) -> None:
        self.p = prepared
        self.mode = mode
        self.assign = assign
        self.rank = rank
        self.occ = occupancy(prepared, assign)

    def explain(self, s: int) -> str:
        p = self.p
        parts: list[str] = []
        refusal = p.keep_refusals.get(s)
        if refusal is not None:
            coach = p.coaches[p.coach_pos[refusal.coach_id]]
            parts.append(f"They asked to keep {coach.name}, but {refusal.reason}.")
        if s in p.kept:
            parts.append(f"Kept their coach {p.coaches[p.kept[s]].name}, as they asked.")
        elif self.assign[s] >= 0 and self.rank[s] > 0:
            parts.append(self._paired_in_list(s))
        elif self.assign[s] >= 0:
            parts.append(self._paired_outside_list(s))
        else:
            parts.append(self._unpaired(s))
        for choice in p.dropped.get(s, ()):
            coach = p.coaches[p.coach_pos[choice.coach_id]]
            parts.append(
                f"{coach.name} was taken off their list because they may not be paired "
                f"({choice.reason}); the choices listed after {coach.name} moved up one place."
            )
        return " ".join(parts)

    def _paired_in_list(self, s: int) -> str:
        coach = self.p.coaches[self.assign[s]]
        r = self.rank[s]
        text = f"Paired with {coach.name}, their {ordinal(r)} choice."
        if r > 1:
            text += " " + self._why_not(s, self.p.lists[s][: r - 1], higher=True)
        return text

    def _paired_outside_list(self, s: int) -> str:
        coach = self.p.coaches[self.assign[s]]
        text = f"Paired with {coach.name}, who was not on their list."
        choices = self.p.lists[s]
        if choices:
            text += " " + self._why_not(s, choices, higher=False)
        else:
            text += " Their list had no coach they could be paired with."
        text += (
            " When every coach on a student's list is taken, they are paired with another "
            "coach who has a seat, so that nobody is left out while seats remain."
        )
        return text

    def _unpaired(self, s: int) -> str:
        p = self.p
        text = "Not paired."
        seats = sum(p.seats)
        students = len(p.in_game)
        if seats < students:
            text += (
                f" There were {seats} seats for {students} students in this run, "
                f"so {students - seats} could not be paired."
            )
        choices = p.lists[s]
        if choices:
            text += " " + self._why_not(s, choices, higher=False)
        else:
            text += " Their list had no coach they could be paired with."
        if not p.problem.pair_outside_lists:
            text += " Pairing outside lists was turned off for this run."
        elif seats >= students:
            text += " No coach with a free seat was allowed to coach them."
        elif self.mode == "optimal":
            text += (
                " The remaining seats went where they kept the overall result best; among "
                "equally good choices, students whose coach had left and then those who had "
                "waited longest were paired first."
            )
        else:
            text += (
                " The remaining seats went to other students without a coach, those ahead "
                "in the waiting order first."
            )
        return text

    def _why_not(self, s: int, coaches: list[int], *, higher: bool) -> str:
        """Why each of ``coaches`` (positions on s's list, in order) did not take s."""
        groups: dict[str, list[str]] = {}
        for j, c in enumerate(coaches, start=1):
            groups.setdefault(self._reason(s, c), []).append(
                f"{self.p.coaches[c].name} ({ordinal(j)})"
            )
        total = sum(len(names) for names in groups.values())
        if total == 1:
            ((reason, _),) = groups.items()
            c = coaches[0]
            name = self.p.coaches[c].name
            # One coach that did not take them: either the 1st choice of someone
            # paired with their 2nd, or the whole list of someone who listed one coach.
            lead = "Their 1st choice" if higher else "Their only choice"
            return f"{lead}, {name}, {self._phrase(reason, name, plural=False)}."
        lead = "Their higher choices: " if higher else "Every coach on their list was taken: "
        clauses = [
            f"{_join(names)} {self._phrase(reason, None, plural=len(names) > 1)}"
            for reason, names in groups.items()
        ]
        return lead + "; ".join(clauses) + "."

    def _reason(self, s: int, c: int) -> str:
        p = self.p
        if p.coaches[c].capacity == 0:
            return "no_seats"
        if p.seats[c] == 0:
            return "kept_full"
        if self.occ.count[c] < p.seats[c]:
            # Neither mode leaves a higher choice with a free seat; kept for safety.
            return "unavailable"
        if self.mode == "optimal":
            return "optimal_full"
        weakest = p.students[self.occ.weakest[c]]
        student = p.students[s]
        if weakest.coach_left and not student.coach_left:
            return "coach_left"
        if _waited(weakest) < _waited(student):
            return "waited_longer"
        return "lottery"

    @staticmethod
    def _phrase(reason: str, name: str | None, *, plural: bool) -> str:
        was = "were" if plural else "was"
        had = "had"
        if reason == "no_seats":
            return f"{had} no seats this run"
        if reason == "kept_full":
            return f"{had} every seat taken by students keeping them as their coach"
        if reason == "unavailable":
            return f"{was} not available"
        if reason == "optimal_full":
            whose = f"{name}'s" if name else "their"
            return (
                f"{was} full: {whose} seats went to students for whom the alternative was "
                "worse, to keep the overall result best"
            )
        if reason == "coach_left":
            return f"{was} full with students whose own coach had left, who go first"
        if reason == "waited_longer":
            return f"{was} full with students who had waited longer"
        return f"{was} full with students who had waited as long and drew an earlier lottery number"


def _waited(student: StudentRequest) -> int:
    # No waiting date means the student joined with this run: they waited least.
    since = student.waiting_since
    return since.toordinal() if since is not None else date.max.toordinal() + 1


def _join(names: list[str]) -> str:
    if len(names) > MAX_NAMES:
        shown = names[: MAX_NAMES - 1]
        return ", ".join(shown) + f" and {len(names) - len(shown)} others"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]
