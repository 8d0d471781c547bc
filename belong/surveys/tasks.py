"""Background work for surveys (django-tasks): invitations, reminders, releasing responses.

Arguments are a campaign id and a fixed word: no person, no link, no answer
is ever stored in the task queue. Links are made again from the invitation
when the e-mail is written.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import dateformat, timezone
from django_tasks import task

from belong.access import audit
from belong.anonymity import sealing
from belong.surveys import grouping, links
from belong.surveys.models import Campaign, Invitation, Participation, Response


def answer_url(invitation: Invitation) -> str:
    path = reverse(
        "surveys:answer", kwargs={"token": links.make_token(invitation.pk, invitation.link_salt)}
    )
    base = str(getattr(settings, "BELONG_SITE_URL", "") or "").rstrip("/")
    return f"{base}{path}"


def _body(campaign: Campaign, invitation: Invitation, *, reminder: bool) -> str:
    closes = dateformat.format(campaign.closes_on, "j F Y")
    mode = (
        "Your answers are anonymous: they are stored without your name, account, address or "
        "the time you answered, and nobody (not even the database's administrator) can tell "
        "which answers are yours."
        if campaign.mode == Campaign.Mode.ANONYMOUS
        else "This survey is confidential, not anonymous: the office running it can see that "
        "you answered (never what you answered)."
    )
    opening = (
        "A reminder: you have not answered this survey yet, and it closes soon."
        if reminder
        else f"You are invited to answer “{campaign.title}”."
    )
    return (
        f"{opening}\n\n{mode}\n\nYour personal link (it works once; please do not share it):\n"
        f"{answer_url(invitation)}\n\nThe survey closes on {closes}.\n\n"
        f"This message was sent by {settings.SITE_NAME}."
    )


def _pending(campaign: Campaign) -> list[Invitation]:
    answered = Participation.objects.filter(campaign=campaign).values("person_id")
    return list(
        Invitation.objects.filter(campaign=campaign)
        .exclude(person_id__in=answered)
        .exclude(link_salt="")
        .select_related("person")
    )


@task()
def send_invitations(campaign_id: int, reminder: bool = False) -> int:
    """E-mail every invitee (or, for a reminder, every invitee who has not answered)."""
    campaign = Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.OPEN).first()
    if campaign is None:
        return 0
    sent = 0
    today = timezone.localdate()
    subject = ("Reminder: " if reminder else "") + campaign.title
    invitations = (
        _pending(campaign)
        if reminder
        else list(
            Invitation.objects.filter(campaign=campaign, sent_on__isnull=True).select_related(
                "person"
            )
        )
    )
    for invitation in invitations:
        if not invitation.person.email:
            continue
        sent += send_mail(
            subject, _body(campaign, invitation, reminder=reminder), None, [invitation.person.email]
        )
        if reminder:
            Invitation.objects.filter(pk=invitation.pk).update(reminders=invitation.reminders + 1)
        else:
            Invitation.objects.filter(pk=invitation.pk).update(sent_on=today)
    return sent


def _generalise_batch(campaign: Campaign):  # type: ignore[no-untyped-def]
    def prepare(rows: list[dict]) -> list[dict]:  # type: ignore[type-arg]
        groups = grouping.generalise(
            [r.get("groups", {}) for r in rows], campaign.dimensions, campaign.k
        )
        return [{**r, "groups": g} for r, g in zip(rows, groups, strict=True)]

    return prepare


def release(campaign: Campaign, *, everything: bool = False) -> int:
    """Release a random batch of the campaign's sealed responses (all of them when closing)."""
    prepare = _generalise_batch(campaign)
    if everything:
        released = sealing.release_all(Response, bucket=campaign.bucket, prepare=prepare)
    else:
        released = sealing.release_ready(
            Response, bucket=campaign.bucket, k=campaign.k, prepare=prepare
        )
    if released:
        audit.record_anonymous(
            audit.SurveyEvent.RESPONSES_RELEASED, target=campaign, detail={"released": released}
        )
    return released


def release_open_campaigns() -> int:
    """Release what is ready in every open campaign (``manage.py release_responses``, cron)."""
    return sum(release(c) for c in Campaign.objects.filter(status=Campaign.Status.OPEN))
