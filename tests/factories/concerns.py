"""Concerns fixtures: a report's content, named and anonymous concerns, extra case managers."""

from __future__ import annotations

import datetime
import io
from typing import Any

from belong.access.models import RoleAssignment, User
from belong.concerns import receipts
from belong.concerns.actions import delivery, intake
from belong.concerns.models import Case, Concern
from tests.factories.people import PersonFactory


def tiny_png(**info: Any) -> bytes:
    """A 4 × 3 PNG, with text chunks (``info``) as a camera or editor might add."""
    from PIL import Image, PngImagePlugin

    meta = PngImagePlugin.PngInfo()
    for key, value in info.items():
        meta.add_text(key, value)
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(out, format="PNG", pnginfo=meta)
    return out.getvalue()


def report(**changes: Any) -> intake.Report:
    values: dict[str, Any] = {
        "categories": ["humiliated"],
        "setting": "clerkship",
        "involved_role": "resident",
        "event_month": datetime.date(2026, 9, 1),
        "description": "I was shouted at in front of the team on rounds.",
        "hopes": ["talk"],
    }
    values.update(changes)
    return intake.Report(**values)


def named_case(world: Any, persona: str = "student", mode: str = "named", **changes: Any) -> Case:
    concern = intake.report_with_name(by=world.user(persona), mode=mode, report=report(**changes))
    return Case.objects.get(concern=concern)


def anonymous_case(**changes: Any) -> tuple[Case, receipts.Receipt]:
    """An anonymous concern, sealed and delivered; its case and its receipt."""
    receipt = receipts.new_receipt()
    intake.report_anonymously(report=report(**changes), receipt=receipt)
    delivery.deliver()
    concern = Concern.objects.get(receipt_lookup=receipt.lookup)
    return Case.objects.get(concern=concern), receipt


def concerns_manager(username: str) -> User:
    """One more concerns case manager, with a person record."""
    user = User.objects.create_user(username, email=f"{username}@example.edu")
    PersonFactory(legal_given_name=username.title(), legal_family_name="Manager", user=user)
    RoleAssignment.objects.create(user=user, role="concerns_manager")
    return user
