"""On a demo database, every home page says so, with the school's figures."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from belong.core.navigation import Card
from belong.demo.build import current_build


def home_cards(request: HttpRequest) -> list[Card]:
    if not getattr(request.user, "is_authenticated", False):
        return []
    build = current_build()
    if build is None:
        return []
    facts = build.summary
    classes = facts.get("classes") or {}
    return [
        Card(
            _("Demo school"),
            f"Students in {len(classes)} classes ("
            + ", ".join(f"class of {year}: {n:,}" for year, n in classes.items())
            + "). Every person here is invented; no real data is in this database.",
            figure=f"{facts.get('current students', 0):,}",
            notes=(
                f"{facts.get('current faculty', 0):,} faculty, "
                f"{facts.get('current staff', 0):,} staff and "
                f"{facts.get('current residents and fellows', 0):,} residents and fellows; "
                f"{facts.get('people', 0):,} people on record, including former applicants.",
                f"Built from seed {build.seed} at scale {build.scale:g}, aligned to "
                f"{build.aligned_to:%d %B %Y}. Sign in as another role to see what it sees: "
                "manage.py demo_logins lists the accounts.",
            ),
            order=200,  # after the person's own cards: it is about the database, not them
        )
    ]
