"""Pairing runs in Belong: gathering inputs, both modes, adjusting, publishing, repeating."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from belong.access.models import AuditEvent
from belong.coaching import actions, gathering
from belong.coaching.models import (
    Coach,
    CoachPreference,
    Pairing,
    PairingRun,
    WaitingStudent,
)
from belong.coaching.pairing import PairingProblem, StudentRequest, priority_order
from belong.people.assessment import assessor_pairs
from belong.people.models import AssessmentRelationship
from tests.factories.coaching import (
    CoachFactory,
    coaching_world,
    faculty_person,
    student_person,
)

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _class_2028(world, n: int) -> list:  # type: ignore[no-untyped-def]
    return [student_person(world, f"New{i}", cohort=2028, with_user=False) for i in range(n)]


def _coaches(world, caps: list[int]) -> list[Coach]:  # type: ignore[no-untyped-def]
    return [
        CoachFactory(person=faculty_person(world, f"Coach{i}", with_user=False), capacity=cap)
        for i, cap in enumerate(caps)
    ]


def _prefer(student, coaches: list[Coach], **extra) -> CoachPreference:  # type: ignore[no-untyped-def]
    return CoachPreference.objects.create(
        student=student,
        ranked_coaches=[c.pk for c in coaches],
        submitted_at=timezone.now(),
        **extra,
    )


def _sa(world):  # type: ignore[no-untyped-def]
    return world.user("student_affairs")


# --- Gathering the inputs ----------------------------------------------------------


def test_gather_offers_each_coach_their_cap_minus_students_outside_the_run(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)  # the world's coach: cap 3, one student (class of 2027)
    gathered = gathering.gather([2027], seed=1)
    seats = {c.id: c.capacity for c in gathered.problem.coaches}
    assert seats[gathering.coach_key(cw.coach.pk)] == 2
    assert seats[gathering.coach_key(cw.other_coach.pk)] == 2
    # Only the unpaired student of the class is in the run.
    assert [s.id for s in gathered.problem.students] == [gathering.student_key(cw.unpaired.pk)]


def test_gather_bars_every_assessor_with_the_reason_in_words(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    AssessmentRelationship.objects.create(
        assessor=cw.coach.person,
        role=AssessmentRelationship.Role.CLERKSHIP_DIRECTOR,
        cohort=2028,
        course="Surgery Clerkship",
        start_date=datetime.date(2024, 7, 1),
    )
    graded = _class_2028(world, 3)
    AssessmentRelationship.objects.create(
        assessor=cw.other_coach.person,
        role=AssessmentRelationship.Role.GRADER,
        student=graded[0],
        course="Clinical Skills I",
        start_date=datetime.date(2024, 7, 1),
    )
    gathered = gathering.gather([2028], seed=1)
    found = {(f.student_id, f.coach_id): f.reason for f in gathered.problem.forbidden}
    expected_people = assessor_pairs([p.pk for p in graded])
    by_person = {cw.coach.person_id: cw.coach.pk, cw.other_coach.person_id: cw.other_coach.pk}
    expected = {
        (gathering.student_key(s), gathering.coach_key(by_person[a]))
        for a, s in expected_people
        if a in by_person
    }
    assert set(found) == expected
    assert found[(gathering.student_key(graded[1].pk), gathering.coach_key(cw.coach.pk))] == (
        "Clerkship director (Surgery Clerkship)"
    )
    assert found[(gathering.student_key(graded[0].pk), gathering.coach_key(cw.other_coach.pk))] == (
        "Grader or evaluator (Clinical Skills I)"
    )


def test_gather_leaves_out_a_listed_coach_not_in_the_run_and_says_so(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    [student] = _class_2028(world, 1)
    gone = CoachFactory(
        person=faculty_person(world, "Gone", with_user=False), status=Coach.Status.LEFT
    )
    _prefer(student, [gone, cw.coach])
    pref = CoachPreference.objects.get(student=student)
    pref.ranked_coaches = [gone.pk, 999_999, cw.coach.pk]
    pref.save()
    gathered = gathering.gather([2028], seed=1)
    [request] = gathered.problem.students
    assert request.ranking[0] == gathering.coach_key(cw.coach.pk)
    assert any(gone.name in n and "not taking students" in n for n in gathered.notes)
    assert any("no longer on the roster" in n for n in gathered.notes)


def test_gather_never_reads_self_identification(world) -> None:  # type: ignore[no-untyped-def]
    coaching_world(world)
    _class_2028(world, 4)
    with CaptureQueriesContext(connection) as queries:
        gathering.gather([2027, 2028], seed=3)
    sql = " ".join(q["sql"].lower() for q in queries.captured_queries)
    assert "selfidentification" not in sql
    assert "people_person" in sql  # the capture did see the gathering


def test_frozen_problem_thaws_to_the_same_problem(world) -> None:  # type: ignore[no-untyped-def]
    coaching_world(world)
    students = _class_2028(world, 3)
    _prefer(students[0], [], interests=["ethics"], languages=["Spanish"])
    gathered = gathering.gather([2027, 2028], seed=11)
    frozen = gathering.problem_to_json(gathered.problem)
    thawed = gathering.problem_from_json(frozen)
    from belong.coaching.pairing import problem_digest

    assert problem_digest(thawed) == problem_digest(gathered.problem)
    assert gathering.problem_to_json(thawed) == frozen


# --- Running -------------------------------------------------------------------


def test_a_small_run_is_solved_at_once_and_frozen_with_seed_digest_and_version(world) -> None:  # type: ignore[no-untyped-def]
    coaching_world(world)
    _class_2028(world, 3)
    run = actions.start_run(by=_sa(world), cohorts=[2028], seed=42)
    assert run.status == PairingRun.Status.PROPOSED
    assert run.seed == 42 and len(run.digest) == 64 and run.engine_version
    assert run.optimal["mode"] == "optimal" and run.stable["mode"] == "stable"
    assert len(run.optimal["pairs"]) == 3
    verbs = list(
        AuditEvent.objects.filter(target_type="coaching.pairingrun", target_id=str(run.pk))
        .order_by("seq")
        .values_list("verb", "detail", "actor_id")
    )
    assert [v for v, _, _ in verbs] == [
        "coaching.pairing_run.started",
        "coaching.pairing_run.proposed",
    ]
    proposed = verbs[1][1]
    assert proposed["seed"] == 42 and proposed["digest"] == run.digest
    assert proposed["students"] == 3 and proposed["optimal"]["paired"] == 3
    assert verbs[1][2] == _sa(world).pk


def test_the_same_seed_and_inputs_repeat_a_run_exactly(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    for s in _class_2028(world, 5):
        _prefer(s, [cw.other_coach, cw.coach])
    first = actions.start_run(by=_sa(world), cohorts=[2028], seed=5)
    again = actions.start_run(by=_sa(world), cohorts=[2028], seed=5)
    assert again.digest == first.digest
    assert again.optimal == first.optimal and again.stable == first.stable
    assert actions.verify_run(first)


def test_verify_run_notices_a_tampered_result(world) -> None:  # type: ignore[no-untyped-def]
    coaching_world(world)
    _class_2028(world, 2)
    run = actions.start_run(by=_sa(world), cohorts=[2028], seed=5)
    run.optimal["pairs"] = {}
    assert not actions.verify_run(run)


def test_a_run_names_the_classes_that_have_no_students(world) -> None:  # type: ignore[no-untyped-def]
    coaching_world(world)
    with pytest.raises(ValidationError) as caught:
        actions.start_run(by=_sa(world), cohorts=[2027, 1999], seed=1)
    assert "class of 1999" in str(caught.value)
    assert not PairingRun.objects.exists()


def test_only_student_affairs_may_start_a_run(world) -> None:  # type: ignore[no-untyped-def]
    from django.http import Http404

    coaching_world(world)
    for persona in ("coach", "student", "administrator", "leadership"):
        with pytest.raises(Http404):
            actions.start_run(by=world.user(persona), cohorts=[2027])


def test_capacity_below_demand_is_a_warning_and_the_rest_wait(world) -> None:  # type: ignore[no-untyped-def]
    coaching_world(world)  # the two world coaches have 2 free seats each
    _class_2028(world, 6)
    run = actions.start_run(by=_sa(world), cohorts=[2028], seed=9)
    assert run.optimal["warnings"][0] == "4 seats for 6 students: 2 will be unpaired."
    assert len(run.optimal["unmatched"]) == 2
    actions.choose_mode(by=_sa(world), run=run, mode="stable")
    counts = actions.publish_run(by=_sa(world), run=run)
    assert counts["unpaired"] == 2 and counts["created"] == 4
    assert WaitingStudent.objects.filter(reason=WaitingStudent.Reason.UNPAIRED).count() == 2


@pytest.mark.parametrize("backend", ["immediate", "dummy"])
def test_a_large_run_goes_to_the_task_worker(
    world, settings, client_for, backend, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    coaching_world(world)
    _class_2028(world, 3)
    settings.BELONG_PAIRING_INLINE_MAX_STUDENTS = 2
    settings.TASKS = IMMEDIATE if backend == "immediate" else DUMMY
    with django_capture_on_commit_callbacks(execute=True):
        run = actions.start_run(by=_sa(world), cohorts=[2028], seed=4)
    run.refresh_from_db()
    assert run.background and run.task_id
    client = client_for(_sa(world))
    url = reverse("coaching:run_detail", args=[run.pk])
    if backend == "immediate":
        assert run.status == PairingRun.Status.PROPOSED
        return
    # Nothing has run it yet: the page shows progress and polls for it.
    assert run.status == PairingRun.Status.QUEUED
    page = client.get(url).content.decode()
    assert "Waiting to run" in page and 'hx-trigger="every 2s"' in page
    fragment = client.get(url + "?progress=1", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    # The worker picks it up; the next poll asks the page to refresh itself.
    actions.execute_run(run.pk)
    done = client.get(url + "?progress=1", HTTP_HX_REQUEST="true")
    assert done.status_code == 204 and done["HX-Refresh"] == "true"
    assert actions.execute_run(run.pk) is None  # a second worker does nothing


def test_a_run_the_engine_refuses_fails_with_every_problem_and_changes_nothing(
    world, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    coaching_world(world)
    broken = gathering.Gathered(
        problem=PairingProblem(
            students=(StudentRequest("s1", "Ann", ranking=("c404",)),), coaches=(), seed=1
        ),
        students={},
        coaches={},
        weights={},
    )
    monkeypatch.setattr(gathering, "gather", lambda *a, **k: broken)
    run = actions.start_run(by=_sa(world), cohorts=[2027], seed=1)
    assert run.status == PairingRun.Status.FAILED
    assert run.problems == ["student 's1' ranks unknown coach 'c404'"]
    assert not run.optimal and Pairing.objects.count() == 2
    assert AuditEvent.objects.filter(verb="coaching.pairing_run.failed").count() == 1


# --- Adjusting ----------------------------------------------------------------------


@pytest.fixture
def proposal(world):  # type: ignore[no-untyped-def]
    """Class of 2028: four students, two coaches with two free seats each; optimal chosen."""
    cw = coaching_world(world)
    students = _class_2028(world, 4)
    run = actions.start_run(by=_sa(world), cohorts=[2028], seed=21)
    run = actions.choose_mode(by=_sa(world), run=run, mode="optimal")
    return cw, students, run


def test_adjusting_to_a_full_coach_is_refused_with_the_seats(world, proposal) -> None:  # type: ignore[no-untyped-def]
    cw, students, run = proposal
    pairs = actions.runs.current_pairs(run)
    on_coach = [
        s
        for s in students
        if pairs[gathering.student_key(s.pk)] == gathering.coach_key(cw.coach.pk)
    ]
    elsewhere = [s for s in students if s not in on_coach]
    with pytest.raises(ValidationError) as caught:
        actions.adjust_run(
            by=_sa(world), run=run, student=elsewhere[0], to_coach=cw.coach, reason="Asked"
        )
    assert f"{cw.coach.name} has no seat left in this run (2 of 2 taken)" in str(caught.value)
    assert not run.adjustments.exists()


def test_adjusting_to_an_assessor_is_refused_naming_the_role(world, proposal) -> None:  # type: ignore[no-untyped-def]
    cw, students, run = proposal
    pairs = actions.runs.current_pairs(run)
    target = next(
        s
        for s in students
        if pairs[gathering.student_key(s.pk)] != gathering.coach_key(cw.other_coach.pk)
    )
    # The grading starts after the run was made: the live check still catches it.
    AssessmentRelationship.objects.create(
        assessor=cw.other_coach.person,
        role=AssessmentRelationship.Role.GRADER,
        student=target,
        course="Anatomy",
        start_date=datetime.date(2024, 7, 1),
    )
    actions.adjust_run(
        by=_sa(world),
        run=run,
        student=next(
            s
            for s in students
            if pairs[gathering.student_key(s.pk)] == gathering.coach_key(cw.other_coach.pk)
        ),
        to_coach=None,
        reason="Make room",
    )
    with pytest.raises(ValidationError) as caught:
        actions.adjust_run(
            by=_sa(world), run=run, student=target, to_coach=cw.other_coach, reason="Asked"
        )
    text = str(caught.value)
    assert f"{cw.other_coach.name} may not coach {target.display_name}" in text
    assert "Grader or evaluator (Anatomy)" in text


def test_adjusting_refuses_a_student_outside_the_run_and_a_missing_reason(world, proposal) -> None:  # type: ignore[no-untyped-def]
    cw, students, run = proposal
    with pytest.raises(ValidationError, match="is not in this run"):
        actions.adjust_run(
            by=_sa(world), run=run, student=cw.other_student, to_coach=None, reason="x"
        )
    with pytest.raises(ValidationError, match="Why"):
        actions.adjust_run(by=_sa(world), run=run, student=students[0], to_coach=None, reason=" ")


def test_adjustments_are_recorded_audited_and_can_be_undone(world, proposal) -> None:  # type: ignore[no-untyped-def]
    _cw, students, run = proposal
    adjustment = actions.adjust_run(
        by=_sa(world), run=run, student=students[0], to_coach=None, reason="Leave of absence"
    )
    run.refresh_from_db()
    assert run.status == PairingRun.Status.ADJUSTED
    assert gathering.student_key(students[0].pk) not in actions.runs.current_pairs(run)
    event = AuditEvent.objects.get(verb="coaching.pairing_run.adjusted")
    assert event.detail["student"] == students[0].pk and event.detail["to_coach"] is None
    assert "Leave of absence" not in str(event.detail)
    with pytest.raises(ValidationError, match="Undo them"):
        actions.choose_mode(by=_sa(world), run=run, mode="stable")
    assert actions.undo_adjustments(by=_sa(world), run=run) == 1
    run.refresh_from_db()
    assert run.status == PairingRun.Status.PROPOSED and adjustment.pk


# --- Publishing ------------------------------------------------------------------------


def test_publishing_makes_four_year_pairings_with_explanations(world, proposal) -> None:  # type: ignore[no-untyped-def]
    _cw, _students, run = proposal
    counts = actions.publish_run(by=_sa(world), run=run)
    assert counts == {
        "paired": 4,
        "created": 4,
        "changed": 0,
        "kept": 0,
        "unpaired": 0,
        "adjustments": 0,
        "blocking_pairs": len(run.optimal["blocking_pairs"]),
    }
    made = Pairing.objects.filter(source_run=run)
    assert made.count() == 4
    for pairing in made:
        assert pairing.end_date == datetime.date(2028, 6, 30)
        assert pairing.explanation.startswith("Paired with Dr ")
    run.refresh_from_db()
    assert run.status == PairingRun.Status.PUBLISHED and run.final_pairs
    event = AuditEvent.objects.get(verb="coaching.pairing_run.published")
    assert event.detail["mode"] == "optimal" and event.detail["digest"] == run.digest
    assert event.detail["seed"] == 21
    with pytest.raises(ValidationError, match="only a proposed run"):
        actions.publish_run(by=_sa(world), run=run)


def test_publishing_is_refused_whole_when_an_assessment_was_recorded_since(world, proposal) -> None:  # type: ignore[no-untyped-def]
    cw, students, run = proposal
    pairs = actions.runs.current_pairs(run)
    student = next(
        s
        for s in students
        if pairs[gathering.student_key(s.pk)] == gathering.coach_key(cw.coach.pk)
    )
    AssessmentRelationship.objects.create(
        assessor=cw.coach.person,
        role=AssessmentRelationship.Role.GRADER,
        student=student,
        start_date=datetime.date(2024, 7, 1),
    )
    with pytest.raises(ValidationError) as caught:
        actions.publish_run(by=_sa(world), run=run)
    assert f"{cw.coach.name} may not coach {student.display_name}: Grader or evaluator" in str(
        caught.value
    )
    assert not Pairing.objects.filter(source_run=run).exists()
    run.refresh_from_db()
    assert run.status == PairingRun.Status.PROPOSED


def test_publishing_is_refused_when_a_student_was_paired_meanwhile(world, proposal) -> None:  # type: ignore[no-untyped-def]
    _cw, _students, run = proposal
    other = actions.start_run(by=_sa(world), cohorts=[2028], seed=99)
    actions.choose_mode(by=_sa(world), run=other, mode="stable")
    actions.publish_run(by=_sa(world), run=other)
    with pytest.raises(ValidationError) as caught:
        actions.publish_run(by=_sa(world), run=run)
    assert "after this run was made" in str(caught.value)
    assert not Pairing.objects.filter(source_run=run).exists()


def test_publishing_is_refused_when_a_coach_left_or_their_cap_fell(world, proposal) -> None:  # type: ignore[no-untyped-def]
    cw, _students, run = proposal
    Coach.objects.filter(pk=cw.other_coach.pk).update(capacity=1)
    with pytest.raises(ValidationError) as caught:
        actions.publish_run(by=_sa(world), run=run)
    assert f"{cw.other_coach.name} now has room for 0 students" in str(caught.value)


# --- Coaches leaving, waiting, keeping ---------------------------------------------------


def test_a_coach_leaving_puts_their_students_first_in_line(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    moved = actions.coach_leaves(by=_sa(world), coach=cw.other_coach)
    assert moved == 1
    waiting = WaitingStudent.objects.get(student=cw.other_student)
    assert waiting.coach_left and waiting.previous_coach == cw.other_coach
    assert not Pairing.objects.get(pk=cw.other_pairing.pk).active
    gathered = gathering.gather([2027], seed=8)
    keys = {s.id: s for s in gathered.problem.students}
    left = gathering.student_key(cw.other_student.pk)
    assert keys[left].coach_left
    assert gathering.coach_key(cw.other_coach.pk) not in {c.id for c in gathered.problem.coaches}
    assert priority_order(gathered.problem)[0] == left
    with pytest.raises(ValidationError, match="already left"):
        actions.coach_leaves(by=_sa(world), coach=Coach.objects.get(pk=cw.other_coach.pk))


def test_a_student_may_keep_their_coach_in_a_re_pairing_run(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    _prefer(world.person("student"), [cw.other_coach], keep_current_coach=True)
    run = actions.start_run(by=_sa(world), cohorts=[2027], include_paired=True, seed=2)
    key = gathering.student_key(world.person("student").pk)
    assert key in run.optimal["kept"]
    assert "Kept their coach" in run.optimal["explanations"][key]
    actions.choose_mode(by=_sa(world), run=run, mode="optimal")
    counts = actions.publish_run(by=_sa(world), run=run)
    assert counts["kept"] >= 1
    cw.pairing.refresh_from_db()
    assert cw.pairing.active  # untouched, history intact


def test_verify_pairing_run_command_checks_a_stored_run(world) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import CommandError, call_command

    coaching_world(world)
    _class_2028(world, 2)
    run = actions.start_run(by=_sa(world), cohorts=[2028], seed=3)
    call_command("verify_pairing_run", str(run.pk))
    PairingRun.objects.filter(pk=run.pk).update(stable={**run.stable, "pairs": {}})
    with pytest.raises(CommandError, match="does NOT reproduce"):
        call_command("verify_pairing_run", str(run.pk))
    PairingRun.objects.filter(pk=run.pk).update(engine_version="1")
    with pytest.raises(CommandError, match="made by engine version 1; this Belong has engine"):
        call_command("verify_pairing_run", str(run.pk))
    assert AuditEvent.objects.filter(verb="coaching.pairing_run.verified").count() == 3


def test_publishing_tells_students_and_coaches_without_details(
    world, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from django.core import mail

    settings.TASKS = IMMEDIATE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    coaching_world(world)
    [student] = _class_2028(world, 1)
    run = actions.start_run(by=_sa(world), cohorts=[2028], seed=3)
    actions.choose_mode(by=_sa(world), run=run, mode="optimal")
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_run(by=_sa(world), run=run)
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == ["A new coaching student", "You have a coach"]
    coach_mail = next(m for m in mail.outbox if m.subject == "A new coaching student")
    assert student.display_name not in coach_mail.body
    student_mail = next(m for m in mail.outbox if m.subject == "You have a coach")
    coach_name = Pairing.objects.get(student=student, active=True).coach.name
    assert coach_name not in student_mail.body
