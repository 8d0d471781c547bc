"""Turn a run's stored results into rows for the side-by-side page: plain data in and out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from belong.coaching.models import PairingRun
from belong.coaching.pairing import ordinal


@dataclass(frozen=True)
class Placement:
    coach: str
    how: str  # "1st choice", "outside their list", "kept their coach", "not paired"
    good: bool


@dataclass(frozen=True)
class PairRow:
    key: str
    student: str
    optimal: Placement
    stable: Placement
    differs: bool
    optimal_explanation: str
    stable_explanation: str
    current: str | None  # after adjustments, when a mode is chosen
    adjusted: bool


@dataclass(frozen=True)
class MetricRow:
    label: str
    optimal: str
    stable: str
    differs: bool


def names(run: PairingRun) -> tuple[dict[str, str], dict[str, str]]:
    problem = run.inputs.get("problem", {})
    students = {s["id"]: s["name"] for s in problem.get("students", [])}
    coaches = {c["id"]: c["name"] for c in problem.get("coaches", [])}
    return students, coaches


def placement(result: dict[str, Any], key: str, coaches: dict[str, str]) -> Placement:
    coach = result.get("pairs", {}).get(key)
    if coach is None:
        return Placement("—", "not paired", False)
    name = coaches.get(coach, coach)
    if key in result.get("kept", []):
        return Placement(name, "kept their coach", True)
    rank = result.get("ranks", {}).get(key)
    if rank:
        return Placement(name, f"{ordinal(rank)} choice", True)
    return Placement(name, "outside their list", False)


def pair_rows(
    run: PairingRun, current: dict[str, str] | None = None, adjusted: set[str] | None = None
) -> list[PairRow]:
    students, coaches = names(run)
    rows = []
    for key in sorted(students, key=lambda k: (students[k].casefold(), k)):
        optimal = placement(run.optimal, key, coaches)
        stable = placement(run.stable, key, coaches)
        now = current.get(key) if current is not None else None
        rows.append(
            PairRow(
                key=key,
                student=students[key],
                optimal=optimal,
                stable=stable,
                differs=run.optimal.get("pairs", {}).get(key)
                != run.stable.get("pairs", {}).get(key),
                optimal_explanation=run.optimal.get("explanations", {}).get(key, ""),
                stable_explanation=run.stable.get("explanations", {}).get(key, ""),
                current=(coaches.get(now, now) if now else None) if current is not None else None,
                adjusted=key in (adjusted or set()),
            )
        )
    return rows


def _mean(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def metric_rows(run: PairingRun) -> list[MetricRow]:
    o, s = run.optimal, run.stable
    if not o or not s:
        return []
    total = len(run.inputs.get("problem", {}).get("students", []))

    def row(label: str, a: str, b: str) -> MetricRow:
        return MetricRow(label, a, b, a != b)

    return [
        row("Students in the run", str(total), str(total)),
        row("Paired", str(len(o["pairs"])), str(len(s["pairs"]))),
        row("Not paired", str(len(o["unmatched"])), str(len(s["unmatched"]))),
        row("Paired outside their list", str(len(o["outside_list"])), str(len(s["outside_list"]))),
        row("Kept their coach", str(len(o["kept"])), str(len(s["kept"]))),
        row("Mean rank (1 = first choice)", _mean(o["mean_rank"]), _mean(s["mean_rank"])),
        row("Blocking pairs", str(len(o["blocking_pairs"])), str(len(s["blocking_pairs"]))),
    ]


def distribution_rows(run: PairingRun) -> list[tuple[str, int, int]]:
    o = dict(run.optimal.get("rank_distribution", []))
    s = dict(run.stable.get("rank_distribution", []))
    labels: list[str] = []
    for label, _ in [
        *run.optimal.get("rank_distribution", []),
        *run.stable.get("rank_distribution", []),
    ]:
        if label not in labels:
            labels.append(label)

    def order(label: str) -> tuple[int, int]:
        head = label.split(" ", 1)[0]
        digits = "".join(ch for ch in head if ch.isdigit())
        return (0, int(digits)) if digits else (1, labels.index(label))

    return [(label, o.get(label, 0), s.get(label, 0)) for label in sorted(labels, key=order)]


@dataclass(frozen=True)
class CoachSeatRow:
    key: str
    name: str
    given: int
    offered: int

    @property
    def free(self) -> int:
        return max(self.offered - self.given, 0)


def coach_seat_rows(run: PairingRun, pairs: dict[str, str]) -> list[CoachSeatRow]:
    """Students given and seats offered for every coach in the run, by name."""
    taken: dict[str, int] = {}
    for coach in pairs.values():
        taken[coach] = taken.get(coach, 0) + 1
    coaches = run.inputs.get("problem", {}).get("coaches", [])
    return sorted(
        (CoachSeatRow(c["id"], c["name"], taken.get(c["id"], 0), c["capacity"]) for c in coaches),
        key=lambda r: (r.name.casefold(), r.key),
    )


def coach_seats(run: PairingRun, pairs: dict[str, str]) -> list[tuple[str, int, int]]:
    """(coach name, students given, seats offered) for every coach in the run."""
    return [(r.name, r.given, r.offered) for r in coach_seat_rows(run, pairs)]


def run_warnings(run: PairingRun) -> list[str]:
    """Warnings of both proposals, once each; those of one proposal only say which."""
    optimal = list(run.optimal.get("warnings", []))
    stable = list(run.stable.get("warnings", []))
    shown = [w for w in optimal if w in stable]
    shown += [f"Optimal proposal: {w}" for w in optimal if w not in stable]
    shown += [f"Stable proposal: {w}" for w in stable if w not in optimal]
    return shown


def blocking_rows(run: PairingRun, limit: int = 200) -> list[tuple[str, str]]:
    """(student name, coach name) for the optimal proposal's blocking pairs."""
    students, coaches = names(run)
    return [
        (students.get(s, s), coaches.get(c, c))
        for s, c in run.optimal.get("blocking_pairs", [])[:limit]
    ]
