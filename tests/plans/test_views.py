"""The plan pages: bad input answered with what is wrong and nothing saved; others' records 404."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from belong.plans.models import Action, AnonymousComment, Measure, ProgressUpdate
from tests.factories.plans import faculty_action, plan, release


def test_a_measure_on_a_suppressed_figure_is_refused_on_the_page(world, client) -> None:  # type: ignore[no-untyped-def]
    made = plan(world)
    goal = made.areas.get().goals.get()
    suppressed = release()
    client.force_login(world.user("analyst"))
    response = client.post(
        reverse("plans:write", kwargs={"pk": made.pk, "which": "measure"}),
        {
            "measure-goal": goal.pk,
            "measure-label": "Share of hires",
            "measure-baseline": "0.2",
            "measure-target": "0.4",
            "measure-target_on": (timezone.localdate().replace(day=1)).isoformat(),
            "measure-release": suppressed.pk,
            "measure-table": "hires",
            "measure-row": "year=2025, group=urm",
            "measure-column": "share",
        },
    )
    assert response.status_code == 400
    assert "suppressed" in response.content.decode()
    assert not Measure.objects.exists()


def test_a_row_that_is_not_name_value_says_so(world, client) -> None:  # type: ignore[no-untyped-def]
    made = plan(world)
    client.force_login(world.user("analyst"))
    response = client.post(
        reverse("plans:write", kwargs={"pk": made.pk, "which": "measure"}),
        {"measure-row": "year 2025"},
    )
    assert response.status_code == 400
    assert "“year 2025” is not name=value" in response.content.decode()


def test_an_action_due_before_its_start_is_refused_on_the_page(world, client) -> None:  # type: ignore[no-untyped-def]
    made = plan(world)
    before = Action.objects.count()
    client.force_login(world.user("leadership"))
    response = client.post(
        reverse("plans:write", kwargs={"pk": made.pk, "which": "action"}),
        {
            "action-goal": made.areas.get().goals.get().pk,
            "action-title": "Backwards",
            "action-owner_unit": world.counselling_office.pk,
            "action-starts_on": "2026-05-02",
            "action-due_on": "2026-05-01",
        },
    )
    assert response.status_code == 400
    assert "is before the start" in response.content.decode()
    assert Action.objects.count() == before


def test_an_update_posted_by_someone_else_is_404_and_saves_nothing(world, client) -> None:  # type: ignore[no-untyped-def]
    action = faculty_action(world)
    client.force_login(world.user("staff"))
    response = client.post(
        reverse("plans:update", kwargs={"pk": action.pk}),
        {"written_on": timezone.localdate().isoformat(), "status": "done", "note": "Mine now."},
    )
    assert response.status_code == 404
    assert not ProgressUpdate.objects.exists()


def test_triage_of_another_plans_comment_is_404(world, client) -> None:  # type: ignore[no-untyped-def]
    made = plan(world)
    other = plan(world, title="Other plan")
    comment = AnonymousComment.objects.create(
        plan=other, text="Elsewhere", received_on=timezone.localdate()
    )
    client.force_login(world.user("analyst"))
    url = reverse(
        "plans:triage", kwargs={"pk": made.pk, "kind": "anonymous", "comment_pk": str(comment.pk)}
    )
    assert client.post(url, {}).status_code == 404
    bad = reverse("plans:triage", kwargs={"pk": made.pk, "kind": "anonymous", "comment_pk": "nope"})
    assert client.post(bad, {}).status_code == 404


def test_a_school_plan_is_404_to_an_account_without_a_person(world, client) -> None:  # type: ignore[no-untyped-def]
    made = plan(world)
    client.force_login(world.user("outsider"))
    assert client.get(reverse("plans:progress", kwargs={"pk": made.pk})).status_code == 404


def test_a_draft_is_seen_only_by_the_plan_office(world, client) -> None:  # type: ignore[no-untyped-def]
    draft = plan(world, published=False, title="Draft plan")
    client.force_login(world.user("student"))
    assert client.get(reverse("plans:progress", kwargs={"pk": draft.pk})).status_code == 404
    assert client.get(reverse("plans:comment", kwargs={"pk": draft.pk})).status_code == 404
    client.force_login(world.user("leadership"))
    assert client.get(reverse("plans:progress", kwargs={"pk": draft.pk})).status_code == 200
