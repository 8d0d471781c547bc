"""Pipeline definitions as data.

A pipeline is an ordered series of stages people pass through (applied ->
interviewed -> offered ...), the exits that leave it (withdrew, dismissed),
milestones off the main line (a leadership appointment), the transitions whose
rates are compared between groups, and optionally one time-to-event pair
(hired -> promoted to associate professor) for survival curves.

``year_basis`` says what the ``year`` of a stage event means:

* ``"cohort"`` -- every event of one pass carries the cohort year (the
  application cycle or the entering class), so a transition is counted within
  one year: of the people who *applied* in the 2021 cycle, how many were
  *interviewed* in that cycle;
* ``"event"`` -- the fiscal year of the event itself (faculty, staff), so a
  transition counts the people who entered the from-stage in year Y and reached
  the to-stage in year Y or later.

The defaults below are plain data; the Django layer stores edited copies with
:meth:`Pipeline.to_dict` / :meth:`Pipeline.from_dict`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["DEFAULT_PIPELINES", "Pipeline", "Stage", "TimeToEvent", "Transition"]


@dataclass(frozen=True)
class Stage:
    """One stage. ``outcome`` completes "<group> <noun> ___ at 0.8 times the rate"."""

    code: str
    label: str
    outcome: str
    kind: Literal["stage", "exit", "milestone"] = "stage"


@dataclass(frozen=True)
class Transition:
    """A rate compared between groups: of those at ``source``, the share reaching ``target``."""

    source: str
    target: str


@dataclass(frozen=True)
class TimeToEvent:
    """Time from ``start`` to ``end``; people leaving through ``censor_at`` are censored there."""

    start: str
    end: str
    censor_at: tuple[str, ...] = ()
    label: str = ""


@dataclass(frozen=True)
class Pipeline:
    """A pipeline definition (see the module docstring)."""

    code: str
    label: str
    noun: str  # plural noun for people in it: "applicants", "faculty members"
    stages: tuple[Stage, ...]
    transitions: tuple[Transition, ...]
    year_basis: Literal["cohort", "event"] = "cohort"
    time_to_event: TimeToEvent | None = None

    def __post_init__(self) -> None:
        codes = [s.code for s in self.stages]
        if len(set(codes)) != len(codes):
            raise ValueError(f"pipeline {self.code}: duplicate stage codes")
        for t in self.transitions:
            if t.source not in codes or t.target not in codes:
                raise ValueError(f"pipeline {self.code}: transition {t} names an unknown stage")
        tte = self.time_to_event
        if tte and not {tte.start, tte.end, *tte.censor_at} <= set(codes):
            raise ValueError(f"pipeline {self.code}: time_to_event names an unknown stage")
        if self.year_basis not in ("cohort", "event"):
            raise ValueError(f"pipeline {self.code}: year_basis must be 'cohort' or 'event'")

    @property
    def stage_codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.stages)

    def stage(self, code: str) -> Stage:
        for s in self.stages:
            if s.code == code:
                return s
        raise KeyError(code)

    def to_dict(self) -> dict[str, Any]:
        tte = self.time_to_event
        return {
            "code": self.code,
            "label": self.label,
            "noun": self.noun,
            "year_basis": self.year_basis,
            "stages": [
                {"code": s.code, "label": s.label, "outcome": s.outcome, "kind": s.kind}
                for s in self.stages
            ],
            "transitions": [[t.source, t.target] for t in self.transitions],
            "time_to_event": None
            if tte is None
            else {
                "start": tte.start,
                "end": tte.end,
                "censor_at": list(tte.censor_at),
                "label": tte.label,
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Pipeline:
        stages = tuple(
            Stage(
                s["code"],
                s["label"],
                s.get("outcome", f"reached {s['label'].lower()}"),
                s.get("kind", "stage"),
            )
            for s in data["stages"]
        )
        transitions = data.get("transitions")
        if transitions is None:
            main = [s.code for s in stages if s.kind == "stage"]
            transitions = list(itertools.pairwise(main))
        tte = data.get("time_to_event")
        return cls(
            code=data["code"],
            label=data["label"],
            noun=data.get("noun", "people"),
            stages=stages,
            transitions=tuple(Transition(a, b) for a, b in transitions),
            year_basis=data.get("year_basis", "cohort"),
            time_to_event=None
            if not tte
            else TimeToEvent(
                tte["start"], tte["end"], tuple(tte.get("censor_at", ())), tte.get("label", "")
            ),
        )


def _chain(*codes: str) -> tuple[Transition, ...]:
    return tuple(Transition(a, b) for a, b in itertools.pairwise(codes))


MD_ADMISSIONS = Pipeline(
    code="md_admissions",
    label="MD admissions and graduation",
    noun="applicants",
    year_basis="cohort",
    stages=(
        Stage("applied", "Applied", "applied"),
        Stage("interviewed", "Interviewed", "were interviewed"),
        Stage("offered", "Offered a place", "were offered places"),
        Stage("matriculated", "Matriculated", "matriculated"),
        Stage("graduated", "Graduated", "graduated"),
        Stage("withdrew", "Withdrew", "withdrew", "exit"),
        Stage("dismissed", "Dismissed", "were dismissed", "exit"),
    ),
    transitions=(
        *_chain("applied", "interviewed", "offered", "matriculated", "graduated"),
        Transition("matriculated", "withdrew"),
        Transition("matriculated", "dismissed"),
    ),
)

RESIDENTS = Pipeline(
    code="residents",
    label="Residents and fellows",
    noun="residents and fellows",
    year_basis="cohort",
    stages=(
        Stage("appointed", "Appointed", "were appointed"),
        Stage("completed", "Completed training", "completed training"),
        Stage("withdrew", "Withdrew", "withdrew", "exit"),
        Stage("dismissed", "Dismissed", "were dismissed", "exit"),
    ),
    transitions=(
        Transition("appointed", "completed"),
        Transition("appointed", "withdrew"),
        Transition("appointed", "dismissed"),
    ),
)

FACULTY = Pipeline(
    code="faculty",
    label="Faculty hiring, retention and promotion",
    noun="faculty members",
    year_basis="event",
    stages=(
        Stage("hired", "Hired", "were hired"),
        Stage("retained_3y", "Retained 3 years", "stayed three years"),
        Stage("retained_5y", "Retained 5 years", "stayed five years"),
        Stage(
            "promoted_associate",
            "Promoted to associate professor",
            "were promoted to associate professor",
        ),
        Stage("promoted_full", "Promoted to full professor", "were promoted to full professor"),
        Stage(
            "leadership_appointment",
            "Appointed to a leadership role",
            "were appointed to leadership roles",
            "milestone",
        ),
        Stage("departed", "Departed", "left the school", "exit"),
    ),
    transitions=(
        *_chain("hired", "retained_3y", "retained_5y"),
        Transition("hired", "promoted_associate"),
        Transition("promoted_associate", "promoted_full"),
        Transition("hired", "leadership_appointment"),
        Transition("hired", "departed"),
    ),
    time_to_event=TimeToEvent(
        "hired", "promoted_associate", ("departed",), "Time from hire to promotion to associate"
    ),
)

STAFF = Pipeline(
    code="staff",
    label="Staff hiring, promotion and separation",
    noun="staff members",
    year_basis="event",
    stages=(
        Stage("hired", "Hired", "were hired"),
        Stage("promoted", "Promoted", "were promoted"),
        Stage("separated", "Separated", "separated from the school", "exit"),
    ),
    transitions=(Transition("hired", "promoted"), Transition("hired", "separated")),
)

DEFAULT_PIPELINES: dict[str, Pipeline] = {
    p.code: p for p in (MD_ADMISSIONS, RESIDENTS, FACULTY, STAFF)
}
