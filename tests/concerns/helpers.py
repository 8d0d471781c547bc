"""Filling the reporter's forms as a browser would."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

FORM = {
    "categories": ["humiliated", "remarks_race"],
    "description": "The attending mocked my accent in front of the patient.",
    "setting": "clerkship",
    "setting_detail": "",
    "involved_role": "faculty",
    "event_month": "2026-09",
    "hopes": ["talk"],
}


def report_anonymously(client: Any, **changes: Any) -> tuple[Any, str]:
    """Open the anonymous form, save the receipt shown, send; (response, receipt)."""
    url = reverse("concerns:report_anonymous")
    page = client.get(url)
    receipt = page.context["receipt"]
    data = {**FORM, "receipt": receipt, "receipt_typed": receipt, "understood": "on", **changes}
    return client.post(url, data), receipt
