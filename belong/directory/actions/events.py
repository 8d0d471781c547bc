"""Events an office announces, and community stories: submitted with consent, then reviewed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.directory.models import Audience, Event, Organization, Story

# Lazy: the author consents to the words shown, in the language shown, and those are kept.
CONSENT_TEXT = gettext_lazy(
    "I agree that the school may publish this story in its directory, under the name I gave, "
    "after review. I can withdraw this consent at any time and the story will be taken down."
)
MAX_STORY = 3000


def save_event(
    *,
    by: Any,
    organization: Organization,
    event: Event | None = None,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    audience: str = "everyone",
    description: str = "",
    place: str = "",
    link: str = "",
    capacity: int | None = None,
    cancelled: bool = False,
) -> Event:
    """Announce (or change) an event of one's own office."""
    ensure_permission(by, Permission.EDIT_DIRECTORY_ENTRIES, organization)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = ["Title: give the event a title."]
    if audience not in Audience.values:
        errors["audience"] = [f"Audience: {audience!r} is not one of the choices."]
    if ends_at <= starts_at:
        errors["ends_at"] = ["Ends: must be after the start."]
    if not place.strip() and not link.strip():
        errors["place"] = ["Place: give a place, or a link for an online event."]
    if capacity is not None and capacity < 1:
        errors["capacity"] = ["Capacity: at least 1, or leave it blank for no limit."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        event = event or Event(organization=organization)
        if event.organization_id != organization.pk:
            raise ValidationError({"organization": ["Organization: the event is another's."]})
        event.title, event.description, event.audience = title.strip(), description, audience
        event.starts_at, event.ends_at = starts_at, ends_at
        event.place, event.link, event.capacity = place.strip(), link.strip(), capacity
        event.cancelled = cancelled
        event.save()
        audit.record(audit.DirectoryEvent.EVENT_SAVED, by=by, target=event)
    return event


def submit_story(*, by: Any, title: str, body: str, byline: str, consent: bool) -> Story:
    """Send a story for review; the author's consent is recorded word for word."""
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied("Sign in to share a story.")
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Title: give your story a title.")]
    if not body.strip():
        errors["body"] = [_("Story: write your story.")]
    elif len(body) > MAX_STORY:
        errors["body"] = [
            _("Story: keep it under %(count)s characters.")
            % {"count": number_format(MAX_STORY, force_grouping=True)}
        ]
    if not byline.strip():
        errors["byline"] = [_("Shown as: say how you would like to be named (or “Anonymous”).")]
    if not consent:
        errors["consent"] = [_("Consent: a story is published only with your consent.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        story = Story.objects.create(
            title=title.strip(),
            body=body.strip(),
            byline=byline.strip(),
            author=by,
            consent_text=str(CONSENT_TEXT),
            consented_at=timezone.now(),
        )
        audit.record(audit.DirectoryEvent.STORY_SUBMITTED, by=by, target=story)
    return story


def review_story(*, by: Any, story: Story, publish: bool) -> None:
    """Publish or decline a submitted story (never one whose consent was withdrawn)."""
    ensure_permission(by, Permission.REVIEW_STORIES, story)
    if story.consent_withdrawn_at is not None:
        raise ValidationError("The author withdrew consent: this story cannot be published.")
    with transaction.atomic():
        story.status = Story.Status.PUBLISHED if publish else Story.Status.DECLINED
        story.reviewed_by = by
        story.reviewed_at = timezone.now()
        story.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        audit.record(
            audit.DirectoryEvent.STORY_REVIEWED,
            by=by,
            target=story,
            detail={"status": story.status},
        )


def withdraw_story_consent(*, by: Any, story: Story) -> None:
    """The author takes their story down; it is never shown again."""
    if story.author_id is None or story.author_id != getattr(by, "pk", None):
        raise PermissionDenied("Only the author can withdraw consent.")
    with transaction.atomic():
        story.consent_withdrawn_at = timezone.now()
        story.status = Story.Status.DECLINED
        story.save(update_fields=["consent_withdrawn_at", "status"])
        audit.record(audit.DirectoryEvent.STORY_CONSENT_WITHDRAWN, by=by, target=story)
