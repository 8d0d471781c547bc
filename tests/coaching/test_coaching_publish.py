"""Publishing a run: what it changes is shown first, and only what was confirmed is published."""

from __future__ import annotations

import pytest
from django.urls import reverse

from belong.access.models import AuditEvent
from belong.coaching import actions, gathering
from belong.coaching.changes import publish_preview
from belong.coaching.models import Pairing, PairingRun, PairingWeights
from belong.people.models import Person
from tests.factories.coaching import CoachFactory, coaching_world, faculty_person, student_person

pytestmark = pytest.mark.django_db


def _sa(world):  # type: ignore[no-untyped-def]
    return world.user("student_affairs")


@pytest.fixture
def re_pairing(world):  # type: ignore[no-untyped-def]
    """Class of 2027 re-paired: two students with coaches, one without; one student moved."""
    cw = coaching_world(world)
    run = actions.start_run(by=_sa(world), cohorts=[2027], include_paired=True, seed=5)
    run = actions.choose_mode(by=_sa(world), run=run, mode="optimal")
    pairs = actions.runs.current_pairs(run)
    student = world.person("student")
    key = gathering.student_key(student.pk)
    # Whatever the engine proposed, make the world's student move away from their coach.
    if pairs.get(key) == gathering.coach_key(cw.coach.pk):
        actions.adjust_run(
            by=_sa(world), run=run, student=student, to_coach=None, reason="Make room"
        )
    run.refresh_from_db()
    return cw, run


def test_preview_counts_kept_new_moved_and_names_only_those_whose_coach_changes(
    world, re_pairing
) -> None:  # type: ignore[no-untyped-def]
    cw, run = re_pairing
    pairs = actions.runs.current_pairs(run)
    preview = publish_preview(run, pairs)
    active = {p.student_id: p.coach_id for p in Pairing.objects.filter(active=True)}
    expected_kept = expected_new = expected_waiting = 0
    expected_changes = set()
    for key, info in run.inputs["students"].items():
        now = active.get(info["person"])
        then = gathering.key_id(pairs[key]) if key in pairs else None
        if now is None:
            expected_new += then is not None
            expected_waiting += then is None
        elif now == then:
            expected_kept += 1
        else:
            expected_changes.add(info["person"])
    assert (preview.kept, preview.new, preview.still_waiting) == (
        expected_kept,
        expected_new,
        expected_waiting,
    )
    student = world.person("student")
    assert student.pk in expected_changes
    changed = {m.student: m for m in (*preview.moved, *preview.left_without)}
    assert len(changed) == preview.changed == len(expected_changes)
    assert changed[student.display_name].from_coach == cw.coach.name
    assert preview.paired + preview.still_waiting + len(preview.left_without) == len(
        run.inputs["students"]
    )


def test_publishing_refuses_when_the_pairs_changed_since_the_preview(world, re_pairing) -> None:  # type: ignore[no-untyped-def]
    _cw, run = re_pairing
    pairs = actions.runs.current_pairs(run)
    seen = publish_preview(run, pairs).fingerprint
    # Someone else adjusts the proposal after this person reviewed it.
    moved = Person.objects.get(pk=gathering.key_id(sorted(pairs)[0]))
    actions.adjust_run(by=_sa(world), run=run, student=moved, to_coach=None, reason="On leave")
    run.refresh_from_db()
    with pytest.raises(Exception, match="changed since you reviewed it"):
        actions.publish_run(by=_sa(world), run=run, confirmed=seen)
    run.refresh_from_db()
    assert run.status == PairingRun.Status.ADJUSTED
    assert not Pairing.objects.filter(source_run=run).exists()
    fresh = publish_preview(run, actions.runs.current_pairs(run)).fingerprint
    assert fresh != seen
    counts = actions.publish_run(by=_sa(world), run=run, confirmed=fresh)
    assert counts["paired"] == len(actions.runs.current_pairs(run))


def test_the_publish_page_shows_the_changes_and_writes_nothing(
    world, re_pairing, client_for
) -> None:  # type: ignore[no-untyped-def]
    cw, run = re_pairing
    client = client_for(_sa(world))
    before = AuditEvent.objects.filter(verb="coaching.pairing_run.published").count()
    page = client.get(reverse("coaching:run_publish", args=[run.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    student = world.person("student")
    assert "Students whose coach changes" in text
    assert student.display_name in text and cw.coach.name in text
    # Names only: nothing the student told the school about themselves.
    assert "self-identif" not in text.casefold()
    run.refresh_from_db()
    assert run.status != PairingRun.Status.PUBLISHED
    assert AuditEvent.objects.filter(verb="coaching.pairing_run.published").count() == before

    # A POST without the confirmation publishes nothing and sends the person back to review.
    response = client.post(reverse("coaching:run_publish", args=[run.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("coaching:run_publish", args=[run.pk])
    assert not Pairing.objects.filter(source_run=run).exists()

    fingerprint = page.context["preview"].fingerprint
    response = client.post(
        reverse("coaching:run_publish", args=[run.pk]), {"confirmed": fingerprint}
    )
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == PairingRun.Status.PUBLISHED
    assert not Pairing.objects.filter(student=student, coach=cw.coach, active=True).exists()


def test_the_adjust_form_offers_only_coaches_with_a_free_seat(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    full = CoachFactory(person=faculty_person(world, "Fulla", with_user=False), capacity=1)
    roomy = CoachFactory(person=faculty_person(world, "Roomy", with_user=False), capacity=4)
    for i in range(2):
        student_person(world, f"New{i}", cohort=2028, with_user=False)
    run = actions.start_run(by=_sa(world), cohorts=[2028], seed=4)
    run = actions.choose_mode(by=_sa(world), run=run, mode="optimal")
    taken = {c for c in actions.runs.current_pairs(run).values()}
    page = client_for(_sa(world)).get(reverse("coaching:run_adjust", args=[run.pk]))
    choices = dict(page.context["form"].fields["to_coach"].choices)
    seats = {c["id"]: c["capacity"] for c in run.inputs["problem"]["coaches"]}
    for coach in (cw.coach, cw.other_coach, full, roomy):
        key = gathering.coach_key(coach.pk)
        given = sum(1 for c in actions.runs.current_pairs(run).values() if c == key)
        listed = coach.pk in choices
        assert listed == (key in seats and given < seats[key]), coach.name
        if listed:
            assert (
                choices[coach.pk]
                == f"{coach.name} ({seats[key] - given} of {seats[key]} seats free)"
            )
    assert "" in choices  # "Leave unpaired" stays available
    assert taken  # the run paired someone, so some seats are taken


def test_students_left_out_with_outside_lists_off_are_warned_about(world, client_for) -> None:  # type: ignore[no-untyped-def]
    coaching_world(world)
    weights = PairingWeights.current()
    actions.save_weights(
        by=_sa(world),
        interests=weights.interests,
        languages=weights.languages,
        campus=weights.campus,
        specialty=weights.specialty,
        suggestion_length=0,
        pair_outside_lists=False,
    )
    for i in range(3):
        student_person(world, f"Quiet{i}", cohort=2028, with_user=False)
    client = client_for(_sa(world))
    new_page = client.get(reverse("coaching:run_new")).content.decode()
    assert "Pairing outside lists is off" in new_page
    run = actions.start_run(by=_sa(world), cohorts=[2028], seed=9)
    # Nobody listed a coach, so nobody is paired although seats are free.
    assert len(run.optimal["unmatched"]) == 3
    text = client.get(reverse("coaching:run_detail", args=[run.pk])).content.decode()
    assert "Pairing outside lists is off: 3 students are left without a coach" in text
    assert "turn on “Pair students outside their list”" in text
