"""Student affairs keeps the roster and assessors, runs a pairing, adjusts it and publishes it."""

from __future__ import annotations

from playwright.sync_api import expect

from belong.coaching.models import Coach, Pairing, PairingRun
from belong.people.models import AssessmentRelationship
from tests.browser.conftest import assert_accessible
from tests.factories.coaching import PRIVATE_TEXT, coaching_world, faculty_person, student_person


def test_student_affairs_runs_adjusts_and_publishes_a_pairing(
    world, page, live_server, sign_in
) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    newcomer = faculty_person(world, "Nadia", with_user=False)
    for i in range(3):
        student_person(world, f"Fresh{i}", cohort=2028, with_user=False)
    sign_in(world.user("student_affairs"))
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Coaching").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coaching roster")
    assert_accessible(page, context="roster")

    page.get_by_role("link", name="Add a coach").click()
    page.get_by_label("Physician").select_option(
        label=f"{newcomer.display_name} ({newcomer.institutional_id})"
    )
    page.get_by_label("Specialty").fill("Family medicine")
    page.get_by_label("Capacity").fill("5")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("is on the roster")
    assert Coach.objects.filter(person=newcomer, capacity=5).exists()

    # The new coach grades one of the entering students: pairing must keep them apart.
    page.get_by_role("link", name="Who assesses whom").click()
    page.get_by_role("link", name="Record an assessment").click()
    page.get_by_label("Assessor").select_option(
        label=f"{newcomer.display_name} ({newcomer.institutional_id})"
    )
    page.get_by_label("Role").select_option("grader")
    page.get_by_label("Course", exact=True).fill("Anatomy")
    graded = world.extra["coaching"].unpaired
    page.get_by_label("One student").select_option(
        label=f"{graded.display_name} ({graded.institutional_id})"
    )
    assert_accessible(page, context="assessment form")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_role("status")).to_contain_text("The assessment is recorded.")
    assert AssessmentRelationship.objects.filter(assessor=newcomer, course="Anatomy").exists()

    page.get_by_role("link", name="Pairing runs").click()
    page.get_by_role("link", name="Run a pairing").click()
    assert_accessible(page, context="new run")
    page.get_by_role("checkbox", name="Class of 2027").check()
    page.get_by_role("checkbox", name="Class of 2028").check()
    page.get_by_role("button", name="Run the pairing").click()
    expect(page.get_by_role("heading", name="The two proposals side by side")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Blocking pairs")).to_be_visible()
    assert_accessible(page, context="run side by side")
    run = PairingRun.objects.get()
    assert run.status == PairingRun.Status.PROPOSED

    page.get_by_role("button", name="Use the optimal proposal").click()
    expect(page.get_by_role("status")).to_contain_text(
        "The optimal proposal is the one to publish."
    )

    # An adjustment that breaks the no-assessor rule is refused, saying why.
    page.get_by_role("link", name="Adjust a student's pairing").click()
    page.get_by_label("Student").select_option(label=graded.display_name)
    newcomer_coach = Coach.objects.get(person=newcomer)
    page.get_by_label("New coach").select_option(value=str(newcomer_coach.pk))
    page.get_by_label("Why").fill("Asked for a family physician")
    page.get_by_role("button", name="Adjust").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    expect(page.locator("#id_to_coach_error")).to_contain_text("Grader or evaluator (Anatomy)")
    assert_accessible(page, context="refused adjustment")
    page.get_by_label("New coach").select_option(label="Leave unpaired")
    page.get_by_role("button", name="Adjust").click()
    expect(page.get_by_role("status")).to_contain_text("pairing is adjusted")

    page.get_by_role("link", name="Review and publish this pairing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Publish pairing run {run.pk}?")
    assert_accessible(page, context="publish confirmation")
    page.get_by_role("button", name="Publish these pairings").click()
    expect(page.get_by_role("status")).to_contain_text("Published:")
    assert_accessible(page, context="published run")
    run.refresh_from_db()
    assert run.status == PairingRun.Status.PUBLISHED
    assert not Pairing.objects.filter(student=graded, active=True).exists()
    assert Pairing.objects.filter(source_run=run, active=True).count() == 3

    page.get_by_role("link", name="Referrals").click()
    expect(page.get_by_role("link", name=cw.other_student.display_name)).to_be_visible()
    page.get_by_role("link", name=cw.other_student.display_name).click()
    expect(page.get_by_text("Happy to talk.")).to_be_visible()
    expect(page.get_by_text(PRIVATE_TEXT)).to_have_count(0)
    assert_accessible(page, context="referral")


def test_a_re_pairing_shows_who_changes_coach_and_publishes_only_when_confirmed(
    world, page, live_server, sign_in
) -> None:  # type: ignore[no-untyped-def]
    from belong.coaching import actions, gathering

    cw = coaching_world(world)
    sa = world.user("student_affairs")
    run = actions.start_run(by=sa, cohorts=[2027], include_paired=True, seed=5)
    run = actions.choose_mode(by=sa, run=run, mode="optimal")
    student = world.person("student")
    # Move the world's student away from their coach, whatever the engine proposed.
    if actions.runs.current_pairs(run).get(
        gathering.student_key(student.pk)
    ) == gathering.coach_key(cw.coach.pk):
        actions.adjust_run(by=sa, run=run, student=student, to_coach=None, reason="Leave")
    sign_in(sa)
    page.goto(f"{live_server.url}/coaching/runs/{run.pk}/")
    page.get_by_role("link", name="Review and publish this pairing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Publish pairing run {run.pk}?")
    changes = page.get_by_role("table", name="Students whose coach changes")
    expect(changes.get_by_role("rowheader", name=student.display_name)).to_be_visible()
    expect(changes).to_contain_text(cw.coach.name)
    expect(page.get_by_role("rowheader", name="Keep the coach they have")).to_be_visible()
    assert_accessible(page, context="re-pairing confirmation")

    # Going back publishes nothing.
    page.get_by_role("link", name="Back to the run, nothing published").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Pairing run {run.pk}")
    run.refresh_from_db()
    assert run.status != PairingRun.Status.PUBLISHED
    assert Pairing.objects.filter(student=student, coach=cw.coach, active=True).exists()

    page.get_by_role("link", name="Review and publish this pairing").click()
    page.get_by_role("button", name="Publish these pairings").click()
    expect(page.get_by_role("status")).to_contain_text("changed)")
    assert_accessible(page, context="published re-pairing")
    run.refresh_from_db()
    assert run.status == PairingRun.Status.PUBLISHED
    assert not Pairing.objects.filter(student=student, coach=cw.coach, active=True).exists()
