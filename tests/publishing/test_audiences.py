"""Audiences: who reads what, and which releases the differencing guard must set side by side."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders

from belong.equity.staticfiles import PUBLIC_PATH, plotly_js
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


def test_plotly_is_served_from_the_installed_package_and_nothing_else_of_it() -> None:
    assert finders.find(PUBLIC_PATH) == str(plotly_js())
    assert plotly_js().stat().st_size > 1_000_000
    assert finders.find("equity/vendor/widgetbundle.js") is None
