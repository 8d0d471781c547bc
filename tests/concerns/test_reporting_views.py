"""The reporter's pages: choosing a mode, the receipt step, following up, writing again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from belong.anonymity.models import SealedEnvelope
from belong.concerns.actions import cases, delivery
from belong.concerns.models import Concern, ReporterMessage
from tests.concerns.helpers import FORM, report_anonymously
from tests.factories.concerns import anonymous_case, named_case

pytestmark = pytest.mark.django_db


def test_the_start_page_explains_every_mode_before_anyone_writes(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get(reverse("concerns:start")).content.decode()
    for words in ("Named", "Confidential", "Anonymous", "only the case managers", "no account"):
        assert words in page
    assert "cannot" in page or "nobody can give it back" in page


def test_the_anonymous_form_warns_that_a_lost_receipt_cannot_be_recovered(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get(reverse("concerns:report_anonymous"))
    text = page.content.decode()
    assert "A lost receipt cannot be recovered" in text
    assert page.context["receipt"] in text
    assert text.index("A lost receipt cannot be recovered") < text.index("Send the report")


def test_the_receipt_must_be_typed_back_and_the_warning_ticked(client) -> None:  # type: ignore[no-untyped-def]
    response, receipt = report_anonymously(client, receipt_typed="", understood="")
    assert response.status_code == 400
    assert "type it here to show you have saved it" in response.content.decode()
    assert "tick the box to say you understand" in response.content.decode()
    # The same receipt is shown again, so what was saved still works.
    assert response.context["receipt"] == receipt
    response, _ = report_anonymously(client, receipt_typed="ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567")
    assert "not the receipt shown above" in response.content.decode()
    assert not SealedEnvelope.objects.exists()


def test_a_report_of_only_spaces_is_refused_and_nothing_is_sealed(client) -> None:  # type: ignore[no-untyped-def]
    response, _ = report_anonymously(client, description="    ")
    assert response.status_code == 400
    assert "only spaces were given" in response.content.decode()
    assert not SealedEnvelope.objects.exists()


def test_a_tampered_receipt_field_gets_a_new_receipt_and_nothing_is_sealed(client) -> None:  # type: ignore[no-untyped-def]
    response, _ = report_anonymously(client, receipt="not-a-receipt", receipt_typed="x")
    assert response.status_code == 400
    assert response.context["receipt"] != "not-a-receipt"
    assert not SealedEnvelope.objects.exists()


def test_anonymous_follow_up_reads_replies_and_answers_many_times(world, client) -> None:  # type: ignore[no-untyped-def]
    response, receipt = report_anonymously(client)
    assert response.status_code == 302 and response.url == reverse("concerns:sent")
    delivery.deliver()
    concern = Concern.objects.get()
    cases.reply(by=world.user("concerns_manager"), case=concern.case, text="Can you tell us more?")
    url = reverse("concerns:follow_up")
    typed = " " + receipt.lower().replace("-", " ") + " "
    page = client.post(url, {"receipt": typed})
    assert page.status_code == 200 and "Can you tell us more?" in page.content.decode()
    for n in (1, 2):
        sent = client.post(url, {"receipt": receipt, "text": f"More, part {n}.", "send": "1"})
        assert sent.status_code == 200 and "Your message is sealed" in sent.content.decode()
    assert not ReporterMessage.objects.exists() and SealedEnvelope.objects.count() == 2
    delivery.deliver()
    assert sorted(m.text for m in concern.messages.all()) == ["More, part 1.", "More, part 2."]
    empty = client.post(url, {"receipt": receipt, "text": "  ", "send": "1"})
    assert empty.status_code == 400 and "only spaces were given" in empty.content.decode()


def test_follow_up_with_a_wrong_receipt_says_so_and_too_many_answer_429(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.BELONG_CONCERNS_RECEIPT_FAILURES_PER_HOUR = 2
    url = reverse("concerns:follow_up")
    wrong = client.post(url, {"receipt": "ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567"})
    assert wrong.status_code == 400 and "no report opens" in wrong.content.decode()
    client.post(url, {"receipt": "ABCDE-FGHJK-MNPQR-STVWX-YZ012-34568"})
    locked = client.post(url, {"receipt": "ABCDE-FGHJK-MNPQR-STVWX-YZ012-34569"})
    assert locked.status_code == 429 and "try again" in locked.content.decode()


def test_an_outcome_is_told_to_the_anonymous_reporter(world, client) -> None:  # type: ignore[no-untyped-def]
    case, receipt = anonymous_case()
    cases.close(by=world.user("concerns_manager"), case=case, outcome="The resident was coached.")
    page = client.post(reverse("concerns:follow_up"), {"receipt": receipt.text}).content.decode()
    assert "The case is closed" in page and "The resident was coached." in page


def test_a_named_report_through_the_form_leads_to_its_own_page(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("resident"))
    response = client.post(reverse("concerns:report", kwargs={"mode": "named"}), FORM)
    concern = Concern.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "concerns:own", args=[concern.pk]
    )
    assert concern.mode == "named" and concern.event_month.isoformat() == "2026-09-01"
    page = client.post(response.url, {"text": "It happened again."})
    assert page.status_code == 302
    assert concern.messages.get().text == "It happened again."
    listed = client.get(reverse("concerns:own_list")).content.decode()
    assert reverse("concerns:own", args=[concern.pk]) in listed


def test_a_bad_month_is_refused_by_the_form(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("student"))
    response = client.post(
        reverse("concerns:report", kwargs={"mode": "confidential"}),
        {**FORM, "event_month": "09/2026"},
    )
    assert response.status_code == 400 and "is not a year and month" in response.content.decode()
    assert not Concern.objects.exists()


def test_another_reporters_concern_answers_404(world, client) -> None:  # type: ignore[no-untyped-def]
    case = named_case(world, persona="student")
    client.force_login(world.user("resident"))
    assert client.get(reverse("concerns:own", args=[case.concern_id])).status_code == 404
