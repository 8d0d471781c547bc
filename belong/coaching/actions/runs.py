"""A pairing run from start to publication.

1. :func:`start_run` records the run and its seed. Small runs are solved
   at once, in the request; larger ones go to the task worker (see
   :data:`INLINE_MAX_STUDENTS`) and the run page shows their progress.
2. :func:`execute_run` gathers the inputs, solves both modes and stores
   both results with the seed, digest and engine version.
3. Student affairs chooses a mode (:func:`choose_mode`), may move students
   (:func:`adjust_run`, refused if it breaks a cap or the no-assessor rule),
   and publishes (:func:`publish_run`): pairings are made, all or nothing.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.coaching import gathering
from belong.coaching.models import (
    Coach,
    PairingAdjustment,
    PairingRun,
)
from belong.coaching.pairing import (
    ENGINE_VERSION,
    PairingInputError,
    compare,
    problem_digest,
)
from belong.people.models import Person

# A class of a thousand students and a hundred and fifty coaches solves in a
# fraction of a second, so student affairs sees the result at once and the run
# does not depend on the task worker. Larger runs (a whole health system, the
# worst case of about 2 s at 5,000 × 1,000 plus gathering the inputs) go to the
# worker and the run page follows their progress.
INLINE_MAX_STUDENTS = 1000
MAX_SEED = 2**63 - 1
Status = PairingRun.Status


def inline_limit() -> int:
    return int(getattr(settings, "BELONG_PAIRING_INLINE_MAX_STUDENTS", INLINE_MAX_STUDENTS))


def start_run(
    *,
    by: Any,
    cohorts: list[int],
    include_paired: bool = False,
    seed: int | None = None,
    inline: bool | None = None,
) -> PairingRun:
    """Record a new run for these classes and solve it (now, or on the task worker).

    ``inline`` forces the choice (the demo build solves in its own transaction);
    by default runs above :func:`inline_limit` students go to the worker.
    """
    ensure_permission(by, Permission.MANAGE_PAIRING)
    known = set(gathering.current_cohorts())
    errors: dict[str, list[str]] = {}
    if not cohorts:
        errors["cohorts"] = ["Classes: choose at least one class to pair."]
    unknown = sorted(set(cohorts) - known)
    if unknown:
        errors["cohorts"] = [
            "Classes: no current students in the class of "
            + ", ".join(str(c) for c in unknown)
            + "."
        ]
    if seed is not None and not 0 <= seed <= MAX_SEED:
        errors["seed"] = ["Seed: give a whole number from 0 upwards, or leave it empty."]
    if errors:
        raise ValidationError(errors)
    seed = secrets.randbelow(2**31) if seed is None else seed
    size = len(gathering.current_students(cohorts))
    background = size > inline_limit() if inline is None else not inline
    with transaction.atomic():
        run = PairingRun.objects.create(
            cohorts=sorted(set(cohorts)),
            include_paired=include_paired,
            seed=seed,
            status=Status.QUEUED,
            stage="Waiting for the task worker" if background else "Starting",
            background=background,
            created_by=by,
        )
        audit.record(
            audit.CoachingEvent.PAIRING_RUN_STARTED,
            by=by,
            target=run,
            detail={
                "cohorts": run.cohorts,
                "seed": seed,
                "include_paired": include_paired,
                "background": background,
            },
        )
        if background:
            transaction.on_commit(lambda: _enqueue(run.pk))
    if not background:
        execute_run(run.pk)
        run.refresh_from_db()
    return run


def _enqueue(run_id: int) -> None:
    from belong.coaching import tasks

    result = tasks.run_pairing.enqueue(run_id)
    PairingRun.objects.filter(pk=run_id, task_id="").update(task_id=str(result.id)[:64])


def _stage(run_id: int, stage: str, **fields: Any) -> None:
    # Its own short write, so the run page sees progress while the solve runs.
    PairingRun.objects.filter(pk=run_id).update(stage=stage, **fields)


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    return {
        "paired": len(result["pairs"]),
        "unmatched": len(result["unmatched"]),
        "outside_list": len(result["outside_list"]),
        "blocking_pairs": len(result["blocking_pairs"]),
        "mean_rank": result["mean_rank"],
    }


def execute_run(run_id: int) -> PairingRun | None:
    """Gather inputs, solve both modes and store the results. Safe to call twice.

    Returns ``None`` if the run was not waiting to run (already done, or
    taken by another worker).
    """
    now = timezone.now()
    claimed = PairingRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=now, stage="Gathering preferences, seats and assessors"
    )
    if not claimed:
        return None
    run = PairingRun.objects.select_related("created_by").get(pk=run_id)
    try:
        gathered = gathering.gather(run.cohorts, seed=run.seed, include_paired=run.include_paired)
        problem = gathered.problem
        _stage(run_id, f"Solving both modes for {len(problem.students)} students")
        digest = problem_digest(problem)
        optimal, stable = compare(problem)
    except PairingInputError as exc:
        with transaction.atomic():
            PairingRun.objects.filter(pk=run_id).update(
                status=Status.FAILED,
                stage="",
                problems=list(exc.problems),
                finished_at=timezone.now(),
            )
            audit.record(
                audit.CoachingEvent.PAIRING_RUN_FAILED,
                by=run.created_by,
                target=run,
                detail={"problems": len(exc.problems)},
            )
        run.refresh_from_db()
        return run
    except Exception:
        PairingRun.objects.filter(pk=run_id).update(
            status=Status.FAILED,
            stage="",
            problems=[
                "Belong could not finish this run because of an unexpected error; it has been "
                "logged. Nothing was changed. Try again, or ask the administrator."
            ],
            finished_at=timezone.now(),
        )
        raise
    with transaction.atomic():
        PairingRun.objects.filter(pk=run_id).update(
            status=Status.PROPOSED,
            stage="",
            digest=digest,
            engine_version=ENGINE_VERSION,
            inputs={
                "problem": gathering.problem_to_json(problem),
                "students": gathered.students,
                "coaches": gathered.coaches,
                "weights": gathered.weights,
            },
            notes=gathered.notes,
            optimal=optimal.as_dict(),
            stable=stable.as_dict(),
            finished_at=timezone.now(),
        )
        audit.record(
            audit.CoachingEvent.PAIRING_RUN_PROPOSED,
            by=run.created_by,
            target=run,
            detail={
                "seed": run.seed,
                "digest": digest,
                "engine_version": ENGINE_VERSION,
                "students": len(problem.students),
                "coaches": len(problem.coaches),
                "seats": sum(c.capacity for c in problem.coaches),
                "forbidden_pairs": len(problem.forbidden),
                "optimal": _summary(optimal.as_dict()),
                "stable": _summary(stable.as_dict()),
            },
        )
    run.refresh_from_db()
    return run


def verify_run(run: PairingRun) -> bool:
    """Solve the frozen inputs again; True if both stored results are reproduced exactly."""
    if not run.inputs:
        return False
    problem = gathering.problem_from_json(run.inputs["problem"])
    if problem_digest(problem) != run.digest or run.engine_version != ENGINE_VERSION:
        return False
    optimal, stable = compare(problem)
    return optimal.as_dict() == run.optimal and stable.as_dict() == run.stable


# --- Choosing, adjusting, publishing --------------------------------------------


def _open_run(run: PairingRun) -> PairingRun:
    locked = PairingRun.objects.select_for_update().get(pk=run.pk)
    if not locked.is_open:
        raise ValidationError(
            f"This run is {locked.get_status_display().lower()}; only a proposed run can be "
            "changed."
        )
    return locked


def choose_mode(*, by: Any, run: PairingRun, mode: str) -> PairingRun:
    """Take the optimal or the stable proposal as the one to adjust and publish."""
    ensure_permission(by, Permission.MANAGE_PAIRING, run)
    if mode not in PairingRun.Mode.values:
        raise ValidationError("Choose the optimal or the stable proposal.")
    with transaction.atomic():
        locked = _open_run(run)
        if locked.chosen_mode != mode and locked.adjustments.exists():
            raise ValidationError(
                "This proposal has adjustments. Undo them before switching to the other mode."
            )
        locked.chosen_mode = mode
        locked.save(update_fields=["chosen_mode"])
        audit.record(
            audit.CoachingEvent.PAIRING_RUN_MODE_CHOSEN, by=by, target=locked, detail={"mode": mode}
        )
    return locked


def current_pairs(run: PairingRun) -> dict[str, str]:
    """Student key → coach key of the chosen proposal with every adjustment applied."""
    if not run.chosen_mode:
        return {}
    pairs = dict(run.result(run.chosen_mode).get("pairs", {}))
    for adj in run.adjustments.order_by("at", "pk"):
        key = gathering.student_key(adj.student_id)
        if adj.to_coach_id is None:
            pairs.pop(key, None)
        else:
            pairs[key] = gathering.coach_key(adj.to_coach_id)
    return pairs


def seats_in_run(run: PairingRun) -> dict[str, int]:
    """Coach key → seats offered in this run (their cap minus students outside the run)."""
    return {c["id"]: c["capacity"] for c in run.inputs.get("problem", {}).get("coaches", [])}


def _forbidden_reasons(run: PairingRun) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for student, coach, reason in run.inputs.get("problem", {}).get("forbidden", []):
        earlier = found.get((student, coach))
        found[(student, coach)] = f"{earlier}; {reason}" if earlier else reason
    return found


def _live_assessments(student_ids: list[int], coach_ids: list[int]) -> dict[tuple[int, int], str]:
    """(student person id, coach id) → reason, for assessments in force today."""
    coach_by_person = dict(Coach.objects.filter(pk__in=coach_ids).values_list("person_id", "pk"))
    found: dict[tuple[int, int], str] = {}
    for pair in gathering.forbidden_pairs(student_ids, coach_by_person):
        key = (gathering.key_id(pair.student_id), gathering.key_id(pair.coach_id))
        earlier = found.get(key)
        found[key] = f"{earlier}; {pair.reason}" if earlier else pair.reason
    return found


def adjust_run(
    *,
    by: Any,
    run: PairingRun,
    student: Person,
    to_coach: Coach | None,
    reason: str,
) -> PairingAdjustment:
    """Move one student in the chosen proposal to another coach (or leave them unpaired).

    Refused with a message naming the problem if the student is not in the
    run, the coach is not in it or has no seat left, or the coach assesses
    the student.
    """
    ensure_permission(by, Permission.MANAGE_PAIRING, run)
    reason = reason.strip()
    with transaction.atomic():
        locked = _open_run(run)
        if not locked.chosen_mode:
            raise ValidationError("Choose the optimal or the stable proposal first.")
        skey = gathering.student_key(student.pk)
        if skey not in locked.inputs.get("students", {}):
            raise ValidationError(
                {"student": [f"Student: {student.display_name} is not in this run."]}
            )
        pairs = current_pairs(locked)
        from_key = pairs.get(skey)
        errors: dict[str, list[str]] = {}
        if not reason:
            errors["reason"] = ["Why: say in a few words why this change is made."]
        if to_coach is None:
            if from_key is None:
                errors["to_coach"] = [
                    f"New coach: {student.display_name} is already unpaired in this proposal."
                ]
        else:
            ckey = gathering.coach_key(to_coach.pk)
            seats = seats_in_run(locked)
            if ckey not in seats:
                errors["to_coach"] = [
                    f"New coach: {to_coach.name} is not taking students in this run."
                ]
            elif ckey == from_key:
                errors["to_coach"] = [
                    f"New coach: {student.display_name} is already paired with {to_coach.name}."
                ]
            else:
                taken = sum(1 for c in pairs.values() if c == ckey)
                if taken >= seats[ckey]:
                    errors["to_coach"] = [
                        f"New coach: {to_coach.name} has no seat left in this run "
                        f"({taken} of {seats[ckey]} taken). Move one of their students "
                        "elsewhere first, or choose another coach."
                    ]
                why = _forbidden_reasons(locked).get((skey, ckey)) or _live_assessments(
                    [student.pk], [to_coach.pk]
                ).get((student.pk, to_coach.pk))
                if why:
                    errors.setdefault("to_coach", []).append(
                        f"New coach: {to_coach.name} may not coach {student.display_name}: "
                        f"{why}. A person who assesses a student may not be their coach."
                    )
        if errors:
            raise ValidationError(errors)
        adjustment = PairingAdjustment.objects.create(
            run=locked,
            student=student,
            from_coach_id=gathering.key_id(from_key) if from_key else None,
            to_coach=to_coach,
            reason=reason[:300],
            by=by,
            at=timezone.now(),
        )
        locked.status = Status.ADJUSTED
        locked.save(update_fields=["status"])
        audit.record(
            audit.CoachingEvent.PAIRING_RUN_ADJUSTED,
            by=by,
            target=locked,
            detail={
                "adjustment": adjustment.pk,
                "student": student.pk,
                "from_coach": adjustment.from_coach_id,
                "to_coach": adjustment.to_coach_id,
            },
        )
    return adjustment


def undo_adjustments(*, by: Any, run: PairingRun) -> int:
    """Drop every adjustment, back to the chosen proposal as the engine made it."""
    ensure_permission(by, Permission.MANAGE_PAIRING, run)
    with transaction.atomic():
        locked = _open_run(run)
        removed, _ = locked.adjustments.all().delete()
        locked.status = Status.PROPOSED
        locked.save(update_fields=["status"])
        audit.record(
            audit.CoachingEvent.PAIRING_RUN_ADJUSTMENTS_UNDONE,
            by=by,
            target=locked,
            detail={"removed": removed},
        )
    return removed
