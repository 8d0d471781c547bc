"""The survey pages: bad input gets a clear message and changes nothing."""

from __future__ import annotations

import datetime

from django.urls import reverse

from belong.access.models import AuditEvent
from belong.anonymity.models import SealedEnvelope
from belong.surveys.actions.responding import submit
from belong.surveys.models import Campaign, Invitation, Participation
from tests.factories.surveys import campaign, full_answers, token_of


def _link(made: Campaign) -> tuple[Invitation, str]:
    invitation = Invitation.objects.filter(campaign=made).order_by("pk").first()
    assert invitation is not None
    return invitation, reverse("surveys:answer", kwargs={"token": token_of(invitation)})


def test_the_form_shows_mode_threshold_and_dimensions_before_any_question(world, client) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=6)
    _, url = _link(made)
    html = client.get(url).content.decode()
    before = html.index("Before you answer")
    assert before < html.index("I feel that I belong at this school.")
    assert "Anonymous:" in html and "fewer than 5 responses" in html
    assert "Gender identity" in html


def test_a_second_submission_through_the_page_is_refused_with_a_clear_message(
    world, client
) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=6)
    _, url = _link(made)
    assert client.post(url, {**full_answers(), "send": "1"}).status_code == 302
    again = client.post(url, {**full_answers(), "send": "1"})
    assert again.status_code == 410 and "already been used" in again.content.decode()
    assert SealedEnvelope.objects.count() == 1 and Participation.objects.count() == 1


def test_a_tampered_link_on_the_page_says_so_and_saves_nothing(world, client) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=6)
    _, url = _link(made)
    bad = url[:-3] + ("x/" if not url.endswith("x/") else "y/")
    response = client.post(bad, {**full_answers(), "send": "1"})
    assert response.status_code == 410 and "not valid" in response.content.decode()
    assert not SealedEnvelope.objects.exists()


def test_a_closed_survey_says_when_it_closed(world, client) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=6)
    _, url = _link(made)
    Campaign.objects.filter(pk=made.pk).update(closes_on=datetime.date(2026, 9, 30))
    response = client.get(url)
    assert (
        response.status_code == 410 and "closed on 30 September 2026" in response.content.decode()
    )


def test_missing_required_answers_are_listed_and_nothing_is_sent(world, client) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=6)
    install = made.version.items.get(code="belong_1")
    install.required = True
    install.save(update_fields=["required"])
    invitation, url = _link(made)
    answers = full_answers()
    del answers["belong_1"]
    response = client.post(url, {**answers, "send": "1"})
    assert response.status_code == 400
    assert "This question needs an answer." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.link_salt and not SealedEnvelope.objects.exists()


def test_saving_progress_keeps_answers_for_the_next_visit(world, client) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=6)
    _, url = _link(made)
    saved = client.post(url, {"comment": "Half way", "belong_2": "4", "save": "1"})
    assert saved.status_code == 200 and "are saved" in saved.content.decode()
    again = client.get(url).content.decode()
    assert "Half way" in again
    assert not SealedEnvelope.objects.exists() and not Participation.objects.exists()


def test_participants_are_listed_only_for_a_confidential_campaign(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("analyst"))
    anonymous = campaign(world, n=6)
    url = reverse("surveys:participants", kwargs={"pk": anonymous.pk})
    assert client.get(url).status_code == 404
    confidential = campaign(world, n=6, mode="confidential", title="Confidential")
    invitation = Invitation.objects.filter(campaign=confidential).select_related("person").first()
    assert invitation is not None
    submit(token=token_of(invitation), answers=full_answers())
    page = client.get(reverse("surveys:participants", kwargs={"pk": confidential.pk}))
    assert page.status_code == 200
    assert invitation.person.institutional_id in page.content.decode()
    assert AuditEvent.objects.filter(verb="surveys.participation.read").count() == 1


def test_the_campaign_page_shows_a_count_never_names(world, client) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=6)
    invitation, _ = _link(made)
    submit(token=token_of(invitation), answers=full_answers())
    client.force_login(world.user("analyst"))
    html = client.get(reverse("surveys:campaign", kwargs={"pk": made.pk})).content.decode()
    assert "1 of 6" in html
    assert 'hx-trigger="every 30s"' in html  # the count refreshes itself while open
    assert invitation.person.institutional_id not in html
    assert invitation.person.legal_family_name not in html


def test_the_home_card_counts_open_surveys_for_the_office_only(world, client) -> None:  # type: ignore[no-untyped-def]
    campaign(world, n=6)
    client.force_login(world.user("analyst"))
    html = client.get(reverse("core:home")).content.decode()
    assert "0 of 6 invited people have answered" in html
    client.force_login(world.user("student"))
    assert "invited people have answered" not in client.get(reverse("core:home")).content.decode()
