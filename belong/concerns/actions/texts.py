"""Checks shared by every text a reporter or case manager writes."""

from __future__ import annotations

from django.core.exceptions import ValidationError

MAX_TEXT = 10_000


def required_text(value: str, *, field: str, label: str, limit: int = MAX_TEXT) -> str:
    """``value`` stripped, or a ValidationError on ``field`` saying what is wrong."""
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: [f"{label}: write something; only spaces were given."]})
    if len(text) > limit:
        raise ValidationError(
            {field: [f"{label}: at most {limit:,} characters; this has {len(text):,}."]}
        )
    return text
