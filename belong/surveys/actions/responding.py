"""Answering through a single-use link: save progress, then submit once.

No account is needed and none is recorded. On submission, in one
transaction: the answers and the invitee's coarse groups are *sealed* (an
encrypted envelope, released later in a random batch of at least k), the
person's participation is recorded (so reminders skip them), the link is
killed, the draft and the group snapshot are deleted, and an anonymous audit
event (no actor, the day only) says a response arrived. Nothing that is kept
leads from the person to the answers.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import dateformat, timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from belong.access import audit
from belong.anonymity import sealing
from belong.surveys import links
from belong.surveys.models import Campaign, InstrumentVersion, Invitation, Item, Participation
from belong.surveys.models.responses import Response

MAX_TEXT = 5000
USED = gettext_lazy(
    "This link has already been used to answer the survey. Each invitation answers once, "
    "so your answers are already counted."
)


def _check_open(campaign: Campaign) -> None:
    today = timezone.localdate()
    if campaign.status == Campaign.Status.CLOSED or campaign.closes_on < today:
        raise links.LinkError(
            _("“%(title)s” closed on %(day)s; answers can no longer be sent.")
            % {"title": campaign.title, "day": dateformat.format(campaign.closes_on, "j F Y")}
        )
    if campaign.status != Campaign.Status.OPEN or campaign.opens_on > today:
        raise links.LinkError(
            _("“%(title)s” opens on %(day)s.")
            % {"title": campaign.title, "day": dateformat.format(campaign.opens_on, "j F Y")}
        )


def invitation_for(token: str, *, lock: bool = False) -> tuple[Invitation, str]:
    """The invitation a link opens, and the link's nonce; ``LinkError`` says why not."""
    invitation_id, nonce = links.read_token(token)
    qs = Invitation.objects.select_related("campaign__version__instrument")
    if lock:
        # The invitation only: on PostgreSQL a plain FOR UPDATE would also lock the
        # joined campaign, version and instrument rows, so every respondent of a
        # campaign would wait for the one before to commit.
        qs = qs.select_for_update(of=("self",))
    invitation = qs.filter(pk=invitation_id).first()
    if invitation is None:
        raise links.LinkError(links.TAMPERED)
    _check_open(invitation.campaign)
    if not invitation.link_salt:
        raise links.LinkError(USED)
    if not links.nonce_matches(nonce, invitation.pk, invitation.link_salt):
        raise links.LinkError(links.TAMPERED)
    return invitation, nonce


def _clean_one(item: Item, value: Any) -> Any:
    if item.kind in (Item.Kind.LIKERT, Item.Kind.SINGLE):
        if str(value) not in item.values:
            raise ValueError(_("Choose one of the answers offered."))
        return str(value)
    if item.kind == Item.Kind.MULTIPLE:
        chosen = [str(v) for v in (value if isinstance(value, list) else [value])]
        if any(v not in item.values for v in chosen):
            raise ValueError(_("Choose only among the answers offered."))
        return sorted(set(chosen), key=item.values.index)
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise ValueError(
            _("Keep this answer under %(count)s characters.")
            % {"count": number_format(MAX_TEXT, force_grouping=True)}
        )
    return text


def clean_answers(
    version: InstrumentVersion, answers: dict[str, Any], *, complete: bool
) -> dict[str, Any]:
    """Answers checked against the version's items; ``ValidationError`` by item code.

    Blank answers are left out. ``complete`` also requires the required items.
    """
    items = {i.code: i for i in version.items.all() if i.answers}
    errors: dict[str, str] = {}
    unknown = sorted(set(answers) - set(items))
    if unknown:
        errors["__all__"] = _("Not a question of this survey: %(codes)s.") % {
            "codes": ", ".join(unknown)
        }
    clean: dict[str, Any] = {}
    for code, item in items.items():
        value = answers.get(code)
        if value in (None, "", []):
            if complete and item.required:
                errors[code] = _("This question needs an answer.")
            continue
        try:
            clean[code] = _clean_one(item, value)
        except ValueError as exc:
            errors[code] = str(exc)
    if errors:
        raise ValidationError(errors)
    return clean


def save_progress(*, token: str, answers: dict[str, Any]) -> None:
    """Keep unfinished answers, encrypted under a key only the link holds."""
    with transaction.atomic():
        invitation, nonce = invitation_for(token, lock=True)
        clean = clean_answers(invitation.campaign.version, answers, complete=False)
        invitation.draft = links.seal_draft(nonce, clean)
        invitation.save(update_fields=["draft"])


def saved_progress(invitation: Invitation, nonce: str) -> dict[str, Any]:
    return links.open_draft(nonce, invitation.draft)


def submit(*, token: str, answers: dict[str, Any]) -> Campaign:
    """Send the answers, once. All of it happens, or none of it (see the module's docstring)."""
    try:
        with transaction.atomic():
            invitation, _nonce = invitation_for(token, lock=True)
            campaign = invitation.campaign
            clean = clean_answers(campaign.version, answers, complete=True)
            sealing.seal(
                Response,
                bucket=campaign.bucket,
                fields={
                    "campaign_id": campaign.pk,
                    "answers": clean,
                    "groups": invitation.snapshot,
                },
            )
            Participation.objects.create(campaign=campaign, person_id=invitation.person_id)
            invitation.link_salt = ""
            invitation.snapshot = {}
            invitation.draft = None
            invitation.save(update_fields=["link_salt", "snapshot", "draft"])
            # No task is queued here: a queued task's row would carry the exact time of
            # this submission. Batches are released by ``manage.py release_responses``
            # (cron) and when the campaign closes.
            audit.record_anonymous(audit.SurveyEvent.RESPONSE_RECEIVED, target=campaign)
    except IntegrityError:
        # A second submission racing the first: the participation already exists.
        raise links.LinkError(USED) from None
    return campaign
