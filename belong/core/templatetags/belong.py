from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.core.formatting import duration, phone_number_spans

register = template.Library()


@register.filter
def can(user: Any, permission: str) -> bool:
    """``{% if request.user|can:"view_self_id_records" %}``"""
    return has_permission(user, Permission(permission))


@register.filter
def hours_as_words(hours: float | None) -> str:
    """``{{ service.response_target_hours|hours_as_words }}`` → "5 days"."""
    return "" if hours is None else duration(float(hours))


@register.filter
def phone_links(text: str | None) -> str:
    """Free text with each phone number in it made a ``tel:`` link, everything escaped."""
    return mark_safe(  # noqa: S308 - every piece is escaped by format_html
        "".join(
            format_html('<a href="{}">{}</a>', target, piece) if target else escape(piece)
            for piece, target in phone_number_spans(text or "")
        )
    )
