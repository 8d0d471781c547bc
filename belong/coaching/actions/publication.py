"""Publishing a pairing run's result, or discarding the run.

Publishing re-checks everything that changed since the run was made (coaches
who left, caps, new pairings, assessments) and refuses with the reasons.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.coaching import gathering
from belong.coaching.actions.runs import _live_assessments, _open_run, current_pairs
from belong.coaching.changes import fingerprint
from belong.coaching.models import (
    Coach,
    Pairing,
    PairingRun,
    WaitingStudent,
)
from belong.coaching.pairing import (
    find_blocking_pairs,
)
from belong.people.models import Person

Status = PairingRun.Status


def final_blocking_pairs(run: PairingRun, pairs: dict[str, str]) -> list[tuple[str, str]]:
    problem = gathering.problem_from_json(run.inputs["problem"])
    return find_blocking_pairs(problem, pairs)


def _publish_problems(run: PairingRun, pairs: dict[str, str]) -> list[str]:
    """Everything that changed since the run and would make publishing wrong."""
    students = run.inputs.get("students", {})
    person_ids = [info["person"] for info in students.values()]
    names = dict((p.pk, p.display_name) for p in Person.objects.filter(pk__in=person_ids))
    problems: list[str] = []
    active = {
        p.student_id: p
        for p in Pairing.objects.filter(active=True, student_id__in=person_ids).select_related(
            "coach__person"
        )
    }
    for key, info in sorted(students.items()):
        pid = info["person"]
        now = active.get(pid)
        was = info.get("current_coach")
        now_key = gathering.coach_key(now.coach_id) if now else None
        if now_key != was:
            problems.append(
                f"{names.get(pid, key)} "
                + (f"was paired with {now.coach.name}" if now else "lost their coach")
                + " after this run was made. Start a new run to include the change."
            )
    coach_ids = sorted({gathering.key_id(c) for c in pairs.values()})
    coaches = Coach.objects.select_related("person").in_bulk(coach_ids)
    outside = dict(
        Pairing.objects.filter(active=True, coach_id__in=coach_ids)
        .exclude(student_id__in=person_ids)
        .values("coach_id")
        .annotate(n=Count("id"))
        .values_list("coach_id", "n")
    )
    counts = Counter(pairs.values())
    for ckey, n in sorted(counts.items()):
        coach = coaches.get(gathering.key_id(ckey))
        if coach is None:
            problems.append(f"A coach in this run ({ckey}) is no longer on the roster.")
            continue
        if coach.status == Coach.Status.LEFT:
            problems.append(f"{coach.name} has left the program since this run was made.")
        room = coach.capacity - outside.get(coach.pk, 0)
        if n > room:
            problems.append(
                f"{coach.name} now has room for {max(room, 0)} students in this run, but this "
                f"pairing gives them {n}. Raise their cap or adjust the pairing."
            )
    live = _live_assessments(person_ids, coach_ids)
    for skey, ckey in sorted(pairs.items()):
        pid, cid = gathering.key_id(skey), gathering.key_id(ckey)
        if (pid, cid) in live:
            coach = coaches[cid]
            problems.append(
                f"{coach.name} may not coach {names.get(pid, skey)}: {live[(pid, cid)]}. "
                "Adjust the pairing first."
            )
    return problems


def publish_run(
    *,
    by: Any,
    run: PairingRun,
    on: date | None = None,
    notify: bool = True,
    confirmed: str | None = None,
) -> dict[str, int]:
    """Make the chosen, adjusted proposal the school's pairings: all or nothing.

    Checks first that nothing has changed underneath (a student paired
    elsewhere meanwhile, a coach who left or whose cap fell, an assessment
    recorded since) and refuses with every problem listed. Students left
    unpaired wait for the next run, keeping the earliest day they began waiting.

    ``confirmed`` is the fingerprint of the changes the person saw
    (:func:`belong.coaching.changes.publish_preview`); if the pairs differ from
    what they confirmed, nothing is published.
    """
    ensure_permission(by, Permission.MANAGE_PAIRING, run)
    day = on or timezone.localdate()
    with transaction.atomic():
        locked = _open_run(run)
        if not locked.chosen_mode:
            raise ValidationError("Choose the optimal or the stable proposal first.")
        pairs = current_pairs(locked)
        if confirmed is not None and confirmed != fingerprint(locked, pairs):
            raise ValidationError(
                "The pairing to publish has changed since you reviewed it (an adjustment was "
                "made or undone). Review the changes again before publishing."
            )
        problems = _publish_problems(locked, pairs)
        if problems:
            raise ValidationError(problems)
        result = locked.result(locked.chosen_mode)
        adjusted = {gathering.student_key(a.student_id) for a in locked.adjustments.all()}
        explanations = result.get("explanations", {})
        students = locked.inputs["students"]
        active = {
            p.student_id: p
            for p in Pairing.objects.select_for_update().filter(
                active=True, student_id__in=[i["person"] for i in students.values()]
            )
        }
        created = changed = kept = unpaired = 0
        new_rows: list[Pairing] = []
        for skey, info in sorted(students.items()):
            pid = info["person"]
            current = active.get(pid)
            ckey = pairs.get(skey)
            if (
                ckey is not None
                and current is not None
                and current.coach_id == gathering.key_id(ckey)
            ):
                kept += 1
                continue
            if current is not None:
                current.active = False
                current.ended_on = max(day, current.start_date)
                current.end_reason = Pairing.EndReason.CHANGED
                current.save(update_fields=["active", "ended_on", "end_reason"])
                changed += 1
            if ckey is None:
                unpaired += 1
                WaitingStudent.objects.get_or_create(
                    student_id=pid,
                    defaults={"since": day, "reason": WaitingStudent.Reason.UNPAIRED},
                )
                continue
            coach_name = next(
                (c["name"] for c in locked.inputs["problem"]["coaches"] if c["id"] == ckey), ""
            )
            new_rows.append(
                Pairing(
                    student_id=pid,
                    coach_id=gathering.key_id(ckey),
                    start_date=day,
                    end_date=gathering.graduation_day(info.get("cohort"), day),
                    source_run=locked,
                    explanation=(
                        f"Student affairs paired them with {coach_name} when finalising the "
                        "pairing."
                        if skey in adjusted
                        else explanations.get(skey, "")
                    ),
                )
            )
        # The old rows are saved inactive above before the new ones exist, so the
        # one-active-pairing constraint holds at every statement.
        Pairing.objects.bulk_create(new_rows)
        created = len(new_rows)
        WaitingStudent.objects.filter(student_id__in=[gathering.key_id(s) for s in pairs]).delete()
        blocking = len(final_blocking_pairs(locked, pairs))
        locked.status = Status.PUBLISHED
        locked.final_pairs = pairs
        locked.published_by = by
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "final_pairs", "published_by", "published_at"])
        counts = {
            "paired": len(pairs),
            "created": created,
            "changed": changed,
            "kept": kept,
            "unpaired": unpaired,
            "adjustments": len(adjusted),
            "blocking_pairs": blocking,
        }
        audit.record(
            audit.CoachingEvent.PAIRING_RUN_PUBLISHED,
            by=by,
            target=locked,
            detail={
                "mode": locked.chosen_mode,
                "seed": locked.seed,
                "digest": locked.digest,
                "engine_version": locked.engine_version,
                **counts,
            },
        )
        new_ids = list(
            Pairing.objects.filter(source_run=locked, active=True).values_list("pk", flat=True)
        )
        if notify:
            transaction.on_commit(lambda: _notify_paired(new_ids))
    return counts


def _notify_paired(pairing_ids: list[int]) -> None:
    from belong.coaching import tasks

    for pairing_id in pairing_ids:
        tasks.email_pairing_news.enqueue(pairing_id)


def discard_run(*, by: Any, run: PairingRun) -> PairingRun:
    """Set a proposal (or a failed run) aside; it stays in the history."""
    ensure_permission(by, Permission.MANAGE_PAIRING, run)
    with transaction.atomic():
        locked = PairingRun.objects.select_for_update().get(pk=run.pk)
        if locked.status not in (*PairingRun.OPEN, Status.FAILED):
            raise ValidationError(
                f"This run is {locked.get_status_display().lower()}; it cannot be discarded."
            )
        locked.status = Status.DISCARDED
        locked.save(update_fields=["status"])
        audit.record(audit.CoachingEvent.PAIRING_RUN_DISCARDED, by=by, target=locked)
    return locked
