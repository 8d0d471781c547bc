"""The progress page for its audience, the PDF report (text checked), overdue-update reminders."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from belong.core.browser_setup import PDF_PACKAGES, pdf_libraries_present
from belong.core.env import env_bool
from belong.plans import pdf, reminders, tasks
from belong.plans.actions import feedback
from belong.plans.actions import plans as plan_actions
from belong.plans.actions.measures import set_measure
from belong.plans.actions.progress import write_update
from belong.plans.actions.reports import issue_report
from belong.plans.models import UpdateReminder
from tests.factories.plans import ensure_office_role, faculty_action, office_action, plan, release


def _public_plan_with_measures(world):  # type: ignore[no-untyped-def]
    made = plan(world, audience="public", title="Public culture plan")
    goal = made.areas.get().goals.get()
    public = release(audience="public")
    set_measure(
        by=world.user("analyst"),
        goal=goal,
        label="Share of new faculty hires",
        baseline=0.2,
        target=0.4,
        target_on=timezone.localdate() + timedelta(days=700),
        release_id=public.pk,
        table="hires",
        row={"year": 2025, "group": "all"},
        column="share",
    )
    return made


def _text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_public_plan_reads_without_an_account_and_shows_its_public_figure(world, client) -> None:  # type: ignore[no-untyped-def]
    made = _public_plan_with_measures(world)
    response = client.get(reverse("plans:progress", kwargs={"pk": made.pk}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hold climate listening sessions" in body and "Student Affairs" in body
    assert "Now 0.31" in body and "55% of the way" in body
    assert "Comment on this plan" not in body


def test_the_public_page_leaks_nothing_unpublished(world, client) -> None:  # type: ignore[no-untyped-def]
    """A draft plan, a school plan and a staff release's figure stay off the public page."""
    draft = plan(world, published=False, title="Secret draft")
    school = plan(world, title="School-only plan")
    for hidden in (draft, school):
        response = client.get(reverse("plans:progress", kwargs={"pk": hidden.pk}))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert client.get(reverse("plans:report_pdf", kwargs={"pk": hidden.pk})).status_code == 302
    listing = client.get(reverse("plans:public_list")).content.decode()
    assert "Secret draft" not in listing and "School-only plan" not in listing
    staff = release(audience="staff", share=0.77)
    set_measure(
        by=world.user("analyst"),
        goal=school.areas.get().goals.get(),
        label="Staff-only figure",
        baseline=0.1,
        target=0.9,
        target_on=timezone.localdate() + timedelta(days=90),
        release_id=staff.pk,
        table="hires",
        row={"year": 2025, "group": "all"},
        column="share",
    )
    client.force_login(world.user("student"))
    body = client.get(reverse("plans:progress", kwargs={"pk": school.pk})).content.decode()
    assert "0.77" not in body and "not published to this page" in body
    client.force_login(world.user("faculty"))
    body = client.get(reverse("plans:progress", kwargs={"pk": school.pk})).content.decode()
    assert "Now 0.77" in body


def test_what_changed_since_the_last_report(world, client) -> None:  # type: ignore[no-untyped-def]
    made = plan(world)
    issue_report(by=world.user("leadership"), plan=made)
    plan_actions.add_milestone(
        by=world.user("analyst"),
        action=faculty_action(world),
        title="First session held",
        due_on=timezone.localdate() + timedelta(days=7),
    )
    write_update(
        by=world.user("faculty"),
        action=faculty_action(world),
        written_on=timezone.localdate(),
        status="at_risk",
        note="Rooms are hard to book.",
    )
    client.force_login(world.user("student"))
    body = client.get(reverse("plans:progress", kwargs={"pk": made.pk})).content.decode()
    assert "Was not started" in body and "Rooms are hard to book." in body
    assert "First session held: due" in body


@pytest.mark.skipif(
    not pdf_libraries_present() and not env_bool("BELONG_REQUIRE_BROWSER", False),
    reason="Pango or DejaVu fonts missing: apt-get install -y " + " ".join(PDF_PACKAGES),
)
def test_the_pdf_report_is_a_real_pdf_with_status_changes_and_measures(world, client) -> None:  # type: ignore[no-untyped-def]
    made = _public_plan_with_measures(world)
    issue_report(by=world.user("leadership"), plan=made)
    write_update(
        by=world.user("faculty"),
        action=made.areas.get().goals.get().actions.get(title__startswith="Hold"),
        written_on=timezone.localdate(),
        status="dropped",
        reason="Merged into the town halls.",
        note="Stopped.",
    )
    response = client.get(reverse("plans:report_pdf", kwargs={"pk": made.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = " ".join(_text(response.content).split())
    assert "Public culture plan" in text
    assert "Status by area" in text and "Campus climate" in text
    assert "1 not started, 1 dropped" in text
    assert "Hold climate listening sessions: was not started, now dropped." in text
    assert "Share of new faculty hires" in text and "0.31 (55% of the way)" in text


def test_the_pdf_fetches_nothing_from_the_network() -> None:
    with pytest.raises(pdf.RemoteFetchRefused):
        pdf.refuse_remote("https://example.org/font.woff")
    with pytest.raises(pdf.RemoteFetchRefused):
        pdf.refuse_remote("file:///etc/passwd")


def test_an_overdue_update_reminds_its_owner_once_per_spell(world) -> None:  # type: ignore[no-untyped-def]
    ensure_office_role(world)
    made = plan(world)
    action = faculty_action(world)  # started 60 days ago, no update: overdue after 30
    office = office_action(world)  # started 10 days ago: not overdue yet
    assert reminders.queue_due_reminders().owners == 1
    assert list(UpdateReminder.objects.values_list("action_id", flat=True)) == [action.pk]
    assert reminders.queue_due_reminders().owners == 0
    assert tasks.email_overdue_update.call(action.pk) == 1
    assert mail.outbox[-1].to == [world.person("faculty").email]
    assert action.title in mail.outbox[-1].body
    write_update(
        by=world.user("faculty"),
        action=action,
        written_on=timezone.localdate(),
        status="on_track",
        note="Begun.",
    )
    assert reminders.queue_due_reminders().owners == 0
    later = timezone.now() + timedelta(days=made.update_every_days + 1)
    # The faculty action's new spell, and the office action now overdue too.
    assert reminders.queue_due_reminders(later).owners == 2
    assert tasks.email_overdue_update.call(office.pk) == 1
    assert mail.outbox[-1].to == ["case_manager@example.edu"]


def test_the_reminder_run_releases_ready_anonymous_comments(world) -> None:  # type: ignore[no-untyped-def]
    made = plan(world)
    for i in range(2 * feedback.COMMENT_K):
        feedback.comment(by=world.user("student"), plan=made, text=f"Idea {i}", anonymous=True)
    assert reminders.queue_due_reminders().comments == feedback.COMMENT_K
