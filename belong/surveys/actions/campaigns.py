"""Running a campaign: create, open (invite), raise thresholds, remind, close.

Anonymity settings are declared before anything is sent and cannot be
weakened afterwards: mode and dimensions are fixed once the campaign opens
(before any response can exist), and thresholds can only be raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.people.models import Affiliation, Unit
from belong.surveys import grouping, links, queries, tasks
from belong.surveys.models import Campaign, InstrumentVersion, Invitation
from belong.surveys.models.campaigns import MIN_COMMENT_K, MIN_K


@dataclass(frozen=True)
class CampaignSettings:
    title: str
    version: InstrumentVersion
    opens_on: date
    closes_on: date
    audience_kinds: tuple[str, ...]
    mode: str = Campaign.Mode.ANONYMOUS
    k: int = MIN_K
    comment_k: int = MIN_COMMENT_K
    dimensions: tuple[str, ...] = ()
    audience_unit: Unit | None = None
    audience_cohort: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _problems(s: CampaignSettings) -> list[str]:
    found = []
    if not s.title.strip():
        found.append("Give the campaign a title.")
    if s.mode not in Campaign.Mode.values:
        found.append(f"“{s.mode}” is not a mode; choose anonymous or confidential.")
    if s.k < MIN_K:
        found.append(f"The threshold for results must be at least {MIN_K}.")
    if s.comment_k < max(MIN_COMMENT_K, s.k):
        found.append(
            f"The threshold for comments must be at least {MIN_COMMENT_K} and at least the "
            "threshold for results."
        )
    unknown = [d for d in s.dimensions if d not in grouping.DIMENSIONS]
    if unknown:
        found.append(f"Not a dimension results can be cut by: {', '.join(unknown)}.")
    if len(set(s.dimensions)) != len(s.dimensions):
        found.append("A dimension is declared twice.")
    bad_kinds = [k for k in s.audience_kinds if k not in Affiliation.Kind.values]
    if not s.audience_kinds or bad_kinds:
        found.append("Choose who is asked: students, residents, faculty or staff.")
    if s.closes_on < s.opens_on:
        found.append("The campaign cannot close before it opens.")
    return found


def create_campaign(*, by: Any, settings: CampaignSettings) -> Campaign:
    ensure_permission(by, Permission.MANAGE_SURVEYS)
    found = _problems(settings)
    if found:
        raise ValidationError(found)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            title=settings.title.strip(),
            version=settings.version,
            mode=settings.mode,
            k=settings.k,
            comment_k=settings.comment_k,
            dimensions=list(settings.dimensions),
            audience_kinds=list(settings.audience_kinds),
            audience_unit=settings.audience_unit,
            audience_cohort=settings.audience_cohort,
            opens_on=settings.opens_on,
            closes_on=settings.closes_on,
            created_by=by,
        )
        audit.record(
            audit.SurveyEvent.CAMPAIGN_SAVED, by=by, target=campaign, detail={"change": "created"}
        )
    return campaign


def raise_thresholds(*, by: Any, campaign: Campaign, k: int, comment_k: int) -> Campaign:
    """Raise the thresholds; lowering either is refused, whatever the campaign's state."""
    ensure_permission(by, Permission.MANAGE_SURVEYS, campaign)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        found = []
        if k < campaign.k:
            found.append(f"Thresholds can only be raised: results need at least {campaign.k}.")
        if comment_k < campaign.comment_k:
            found.append(
                f"Thresholds can only be raised: comments need at least {campaign.comment_k}."
            )
        if comment_k < k:
            found.append("The threshold for comments cannot be below the one for results.")
        if found:
            raise ValidationError(found)
        campaign.k, campaign.comment_k = k, comment_k
        campaign.save(update_fields=["k", "comment_k"])
        audit.record(
            audit.SurveyEvent.CAMPAIGN_SAVED,
            by=by,
            target=campaign,
            detail={"change": f"thresholds {k} and {comment_k}"},
        )
    return campaign


def open_campaign(*, by: Any, campaign: Campaign) -> Campaign:
    """Invite the audience: one invitation and one single-use link per person.

    Refused, with nothing written, when the campaign is not a draft, has
    closed, or its audience is smaller than its threshold (results could then
    never be shown without describing fewer than k people). Each invitation
    keeps the person's coarse groups, generalised so that every combination
    is shared by at least k invitees. E-mails go from a background task.
    """
    ensure_permission(by, Permission.MANAGE_SURVEYS, campaign)
    today = timezone.localdate()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != Campaign.Status.DRAFT:
            raise ValidationError("This campaign has already been opened.")
        if campaign.closes_on < today:
            raise ValidationError("The closing date has passed; set a later one first.")
        people = queries.audience(campaign, on=today)
        if len(people) < campaign.k:
            raise ValidationError(
                f"The audience has {len(people)} people, fewer than the threshold of "
                f"{campaign.k}: its results could never be shown. Choose a larger audience."
            )
        raw = queries.snapshots(campaign, people)
        ids = sorted(raw)
        shared = grouping.generalise([raw[i] for i in ids], campaign.dimensions, campaign.k)
        Invitation.objects.bulk_create(
            Invitation(campaign=campaign, person_id=pid, snapshot=snap, link_salt=links.new_salt())
            for pid, snap in zip(ids, shared, strict=True)
        )
        campaign.status = Campaign.Status.OPEN
        campaign.invited = len(ids)
        campaign.save(update_fields=["status", "invited"])
        InstrumentVersion.objects.filter(pk=campaign.version_id).update(
            status=InstrumentVersion.Status.LIVE
        )
        audit.record(
            audit.SurveyEvent.CAMPAIGN_OPENED,
            by=by,
            target=campaign,
            detail={"invitations": len(ids)},
        )
        campaign_id = campaign.pk
        transaction.on_commit(lambda: tasks.send_invitations.enqueue(campaign_id))
    return campaign


def send_reminders(*, by: Any, campaign: Campaign) -> None:
    """Ask the system to remind the invitees who have not answered.

    Whoever asks never sees who they are: the task picks them and writes the
    e-mails; the audit event records only that reminders were asked for.
    """
    ensure_permission(by, Permission.MANAGE_SURVEYS, campaign)
    if campaign.status != Campaign.Status.OPEN:
        raise ValidationError("Reminders go only while the campaign is open.")
    with transaction.atomic():
        audit.record(
            audit.SurveyEvent.REMINDERS_SENT, by=by, target=campaign, detail={"reminders": "asked"}
        )
        campaign_id = campaign.pk
        transaction.on_commit(lambda: tasks.send_invitations.enqueue(campaign_id, True))


def close_campaign(*, by: Any, campaign: Campaign) -> Campaign:
    """Close: links stop working, and every response still sealed is released.

    ``by=None`` is the system closing a campaign whose closing date has passed
    (``close_due_campaigns``).
    """
    if by is not None:
        ensure_permission(by, Permission.MANAGE_SURVEYS, campaign)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != Campaign.Status.OPEN:
            raise ValidationError("Only an open campaign can be closed.")
        campaign.status = Campaign.Status.CLOSED
        campaign.save(update_fields=["status"])
        # Drafts and links of those who never answered are no longer needed.
        Invitation.objects.filter(campaign=campaign).update(link_salt="", draft=None)
        audit.record(audit.SurveyEvent.CAMPAIGN_CLOSED, by=by, target=campaign)
    tasks.release(campaign, everything=True)
    return campaign


def close_due_campaigns(*, today: date | None = None) -> list[Campaign]:
    """Close, as the system, every open campaign whose closing date has passed."""
    today = today or timezone.localdate()
    due = Campaign.objects.filter(status=Campaign.Status.OPEN, closes_on__lt=today)
    return [close_campaign(by=None, campaign=campaign) for campaign in due]
