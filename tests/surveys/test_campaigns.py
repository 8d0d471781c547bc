import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from belong.surveys import tasks
from belong.surveys.actions.campaigns import (
    CampaignSettings,
    close_campaign,
    create_campaign,
    open_campaign,
    raise_thresholds,
    send_reminders,
)
from belong.surveys.actions.responding import submit
from belong.surveys.grouping import NOT_SHOWN
from belong.surveys.models import Campaign, InstrumentVersion, Invitation
from tests.factories.surveys import belonging_version, campaign, full_answers, students, token_of


def _settings(**changes):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    values = {
        "title": "Pulse",
        "version": belonging_version(),
        "opens_on": today,
        "closes_on": today + datetime.timedelta(days=7),
        "audience_kinds": ("student",),
        "audience_cohort": 2028,
    }
    values.update(changes)
    return CampaignSettings(**values)


def test_opening_invites_each_person_once_and_makes_the_version_live(world) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=12)
    assert made.status == Campaign.Status.OPEN and made.invited == 12
    assert Invitation.objects.filter(campaign=made).values("person").distinct().count() == 12
    assert made.version.status == InstrumentVersion.Status.LIVE


def test_invitation_e_mails_carry_a_working_single_use_link(world) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=6)
    assert tasks.send_invitations.call(made.pk) == 6
    assert len(mail.outbox) == 6
    assert "/surveys/answer/" in mail.outbox[0].body and "anonymous" in mail.outbox[0].body
    assert Invitation.objects.filter(campaign=made, sent_on=timezone.localdate()).count() == 6


def test_an_audience_smaller_than_k_is_refused_and_nothing_is_written(world) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, opened=False, n=4)
    with pytest.raises(ValidationError, match="4 people, fewer than the threshold of 5"):
        open_campaign(by=world.user("analyst"), campaign=made)
    made.refresh_from_db()
    assert made.status == Campaign.Status.DRAFT and not Invitation.objects.exists()


def test_snapshots_hold_only_declared_dimensions_generalised_to_k(world) -> None:  # type: ignore[no-untyped-def]
    students(world, 6, cohort=2028, genders=("woman",))
    students(world, 1, cohort=2028, genders=("nonbinary",))
    made = campaign(world, opened=True, n=6)  # six more: woman/man alternately
    snaps = list(Invitation.objects.filter(campaign=made).values_list("snapshot", flat=True))
    assert all(set(s) == {"gender"} for s in snaps)
    assert {s["gender"] for s in snaps} <= {"woman", "man", NOT_SHOWN}
    assert "another" not in {s["gender"] for s in snaps}


def test_thresholds_can_only_be_raised(world) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=6)
    raise_thresholds(by=world.user("analyst"), campaign=made, k=6, comment_k=12)
    with pytest.raises(ValidationError, match="can only be raised"):
        raise_thresholds(by=world.user("analyst"), campaign=made, k=5, comment_k=12)
    made.refresh_from_db()
    assert (made.k, made.comment_k) == (6, 12)


def test_settings_below_the_minimum_or_unknown_dimensions_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        create_campaign(
            by=world.user("analyst"),
            settings=_settings(k=3, comment_k=4, dimensions=("religion",), mode="open"),
        )
    text = " ".join(caught.value.messages)
    assert "at least 5" in text and "religion" in text and "“open” is not a mode" in text
    assert not Campaign.objects.exists()


def test_reminders_reach_non_responders_only(world) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=6)
    answered = Invitation.objects.filter(campaign=made).select_related("person").first()
    assert answered is not None
    submit(token=token_of(answered), answers=full_answers())
    send_reminders(by=world.user("analyst"), campaign=made)
    assert tasks.send_invitations.call(made.pk, True) == 5
    assert answered.person.email not in {m.to[0] for m in mail.outbox}


def test_closing_releases_every_sealed_response_and_kills_links(world) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=6)
    invitations = list(Invitation.objects.filter(campaign=made))
    for invitation in invitations[:3]:
        submit(token=token_of(invitation), answers=full_answers())
    assert made.responses.count() == 0
    close_campaign(by=world.user("analyst"), campaign=made)
    assert made.responses.count() == 3
    assert not Invitation.objects.filter(campaign=made).exclude(link_salt="").exists()


def test_the_commands_install_instruments_and_release_ready_batches(world) -> None:  # type: ignore[no-untyped-def]
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("install_instruments", stdout=out)
    assert "WHO-5" in out.getvalue()
    made = campaign(world, n=10)
    for invitation in Invitation.objects.filter(campaign=made):
        submit(token=token_of(invitation), answers=full_answers())
    call_command("release_responses", stdout=out)
    assert "5 responses released." in out.getvalue()
    assert made.responses.count() == 5


def test_a_campaign_past_its_closing_date_is_closed_by_the_system(world) -> None:  # type: ignore[no-untyped-def]
    from belong.surveys.actions.campaigns import close_due_campaigns

    made = campaign(world, n=6)
    for invitation in Invitation.objects.filter(campaign=made)[:2]:
        submit(token=token_of(invitation), answers=full_answers())
    assert close_due_campaigns(today=made.closes_on) == []
    closed = close_due_campaigns(today=made.closes_on + datetime.timedelta(days=1))
    assert [c.pk for c in closed] == [made.pk]
    made.refresh_from_db()
    assert made.status == Campaign.Status.CLOSED and made.responses.count() == 2
