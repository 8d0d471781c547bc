"""Audiences: who reads what, and which releases the differencing guard must set side by side."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from belong.publishing.audiences import ORDER, Audience, audiences_read_together, readable_audiences


@pytest.mark.parametrize("audience", list(Audience))
def test_every_audience_is_read_beside_every_other_because_leadership_reads_all(audience) -> None:
    assert audiences_read_together(audience) == ORDER


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "audiences"),
    [
        ("student", ("public",)),
        ("resident", ("public",)),
        ("outsider", ("public",)),
        ("faculty", ("staff", "public")),
        ("staff", ("staff", "public")),
        ("coach", ("staff", "public")),  # a physician, on the faculty
        ("leadership", ("leadership", "staff", "public")),
        ("analyst", ("leadership", "staff", "public")),
    ],
)
def test_who_reads_which_audience(world, persona: str, audiences: tuple[str, ...]) -> None:
    assert readable_audiences(world.user(persona)) == audiences


def test_a_signed_out_visitor_reads_the_public_pages_only() -> None:
    assert readable_audiences(AnonymousUser()) == ("public",)
