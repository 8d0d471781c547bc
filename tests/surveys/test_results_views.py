"""The results page: build from a closed campaign, a clear refusal otherwise."""

from __future__ import annotations

from django.urls import reverse

from belong.access.models import AuditEvent
from belong.publishing.models import Release
from belong.surveys.actions.campaigns import close_campaign
from belong.surveys.actions.responding import submit
from tests.factories.surveys import campaign, full_answers, token_of


def _closed(world, n: int = 12):  # type: ignore[no-untyped-def]
    made = campaign(world, n=n)
    for invitation in made.invitations.order_by("pk"):
        submit(token=token_of(invitation), answers=full_answers())
    return close_campaign(by=world.user("analyst"), campaign=made)


def test_building_results_freezes_a_release_and_opens_its_page(world, client) -> None:  # type: ignore[no-untyped-def]
    made = _closed(world)
    client.force_login(world.user("analyst"))
    url = reverse("surveys:campaign_results", kwargs={"pk": made.pk})
    assert "Build the results" in client.get(url).content.decode()
    response = client.post(url, {"correction": "holm"})
    release = Release.objects.get(kind="surveys")
    assert response.status_code == 302
    assert response["Location"] == reverse("publishing:release_detail", args=[release.pk])
    event = AuditEvent.objects.filter(target_id=str(release.pk)).order_by("-pk").first()
    assert event is not None and event.detail["campaign"] == made.pk
    listed = client.get(url).content.decode()
    assert release.title in listed
    page = client.get(reverse("publishing:release_detail", args=[release.pk]))
    assert page.status_code == 200 and "Scale scores" in page.content.decode()
    report = client.get(reverse("publishing:release_report", args=[release.pk]))
    assert report.status_code == 200 and "By Gender identity" in report.content.decode()
    export = client.get(
        reverse("publishing:release_export", args=[release.pk]),
        {"frame": "scales", "format": "csv"},
    )
    assert export.status_code == 200
    assert b'"dimension","group","scale","n","mean"' in export.content


def test_results_of_an_open_campaign_are_refused_and_nothing_is_written(world, client) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=6)
    client.force_login(world.user("analyst"))
    url = reverse("surveys:campaign_results", kwargs={"pk": made.pk})
    assert "built once the campaign has closed" in client.get(url).content.decode()
    response = client.post(url, {"correction": "holm"})
    assert response.status_code == 400
    assert "once the campaign has closed" in response.content.decode()
    assert not Release.objects.exists()


def test_an_unknown_correction_is_refused(world, client) -> None:  # type: ignore[no-untyped-def]
    made = _closed(world)
    client.force_login(world.user("analyst"))
    url = reverse("surveys:campaign_results", kwargs={"pk": made.pk})
    response = client.post(url, {"correction": "bonferroni"})
    assert response.status_code == 400 and "valid choice" in response.content.decode()
    assert not Release.objects.exists()
