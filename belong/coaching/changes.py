"""What publishing a pairing run would change, shown before anything is written.

A re-pairing run can move students who already have a coach. Student affairs
sees, before publishing, how many keep their coach, how many get a first
coach, and the name of every student whose coach changes or who would be left
without one, and confirms that exact set of changes: the confirmation carries
a fingerprint of the pairs, and publishing refuses if they changed meanwhile.

Only names are shown: the people who are moved and the coaches they move
between, never anything a student told the school about themselves.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from belong.coaching import gathering
from belong.coaching.models import Coach, Pairing, PairingRun
from belong.people.models import Person


@dataclass(frozen=True)
class Move:
    """One student whose coach changes; ``to_coach`` is ``None`` when they are left without one."""

    student: str
    from_coach: str
    to_coach: str | None


@dataclass(frozen=True)
class PublishPreview:
    """Counts and names of what publishing would do, and the fingerprint to confirm."""

    kept: int
    new: int
    moved: tuple[Move, ...]
    left_without: tuple[Move, ...]
    still_waiting: int
    fingerprint: str

    @property
    def paired(self) -> int:
        return self.kept + self.new + len(self.moved)

    @property
    def changed(self) -> int:
        """Students who have a coach today and a different one, or none, after publishing."""
        return len(self.moved) + len(self.left_without)

    @property
    def changes_current_pairings(self) -> bool:
        return bool(self.changed)


def fingerprint(run: PairingRun, pairs: dict[str, str]) -> str:
    """A short digest of exactly what would be published for this run."""
    blob = json.dumps([run.pk, sorted(pairs.items())], separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def publish_preview(run: PairingRun, pairs: dict[str, str]) -> PublishPreview:
    """Compare ``pairs`` (student key -> coach key) with the pairings in force today.

    Students are those of the run; a student with no coach today who gets one is
    *new*; one whose coach stays the same is *kept*; one whose coach changes is
    *moved*; one who has a coach today and none in ``pairs`` is *left without*.
    """
    students = run.inputs.get("students", {})
    person_ids = [info["person"] for info in students.values()]
    names = {p.pk: p.display_name for p in Person.objects.filter(pk__in=person_ids)}
    active = dict(
        Pairing.objects.filter(active=True, student_id__in=person_ids).values_list(
            "student_id", "coach_id"
        )
    )
    coach_ids = {*active.values(), *(gathering.key_id(c) for c in pairs.values())}
    coach_names = {
        c.pk: c.name for c in Coach.objects.select_related("person").in_bulk(coach_ids).values()
    }
    kept = new = still_waiting = 0
    moved: list[Move] = []
    left_without: list[Move] = []
    for key, info in students.items():
        pid = info["person"]
        now = active.get(pid)
        target = pairs.get(key)
        then = gathering.key_id(target) if target is not None else None
        name = names.get(pid, key)
        if now is None:
            if then is None:
                still_waiting += 1
            else:
                new += 1
        elif then == now:
            kept += 1
        elif then is None:
            left_without.append(Move(name, coach_names.get(now, ""), None))
        else:
            moved.append(Move(name, coach_names.get(now, ""), coach_names.get(then, "")))

    def by_name(move: Move) -> tuple[str, str]:
        return (move.student.casefold(), move.student)

    return PublishPreview(
        kept=kept,
        new=new,
        moved=tuple(sorted(moved, key=by_name)),
        left_without=tuple(sorted(left_without, key=by_name)),
        still_waiting=still_waiting,
        fingerprint=fingerprint(run, pairs),
    )
