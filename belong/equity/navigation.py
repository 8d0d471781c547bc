"""Outcomes monitoring in the navigation and on the home page."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.core.navigation import Card, NavItem
from belong.equity import frozen, queries
from belong.equity.audiences import ORDER
from belong.equity.models import Release, StageEvent
from belong.importing.models import ImportRun

ITEMS = [
    NavItem(
        "Outcome reports",
        "equity:release_list",
        Permission.VIEW_STAFF_RELEASES,
        "Published releases on recruitment, admissions, hiring, retention and promotion, "
        "compared with the diversity of our patients, community and nation.",
        order=40,
    ),
    NavItem(
        "Published reports",
        "equity:public_release_list",
        None,
        order=39,
        public=True,
        condition=lambda request: not request.user.is_authenticated,
    ),
    NavItem(
        "Build a release",
        "equity:release_build",
        Permission.BUILD_RELEASES,
        "Compute a pipeline's representation, rates and disparities, frozen with its "
        "parameters and suppression pattern, ready to publish.",
        order=41,
    ),
    NavItem(
        "Monitoring setup",
        "equity:setup",
        Permission.BUILD_RELEASES,
        "Pipelines and their stages, school-defined groupings and benchmarks.",
        order=42,
    ),
    NavItem(
        "Stage events",
        "equity:event_import",
        Permission.IMPORT_STAGE_EVENTS,
        "Import who reached which stage, from a file or from the affiliation records.",
        order=43,
    ),
]


def _latest_visible(request: HttpRequest, audiences: tuple[str, ...]) -> Release | None:
    return queries.published_releases_for(request.user).filter(audience__in=audiences).first()


def _headline_card(release: Release) -> Card:
    """A release's headline: how many significant findings, and the first two in words."""
    published = f"published {release.published_at:%d %b %Y}" if release.published_at else ""
    if release.shows_noise:
        return Card(
            release.title,
            f"Figures with noise (ε = {release.noise_epsilon:g}); {published}.",
            url=reverse("equity:release_detail", kwargs={"release_id": release.pk}),
            link_text="Read the release",
            order=40,
        )
    findings = [f["text"] for f in frozen.tables_for(release).findings if f.get("significant")]
    n = release.significant_findings
    return Card(
        release.title,
        f"{n} significant finding{'s' if n != 1 else ''}; {published}.",
        url=reverse("equity:release_detail", kwargs={"release_id": release.pk}),
        link_text="Read the release",
        notes=tuple(findings[:2]),
        order=40,
    )


def home_cards(request: HttpRequest) -> list[Card]:
    user = request.user
    cards: list[Card] = []
    if has_permission(user, Permission.BUILD_RELEASES):
        drafts = queries.drafts().count()
        last = queries.releases_for(user).first()
        body = "No release has been built yet."
        if last is not None:
            body = (
                f"Last built: “{last.title}”, {last.created_at:%d %b %Y}, "
                f"in {last.build_seconds:.1f} s."
            )
        cards.append(
            Card(
                "Outcome releases",
                body,
                figure=f"{drafts:,} draft{'s' if drafts != 1 else ''}",
                url=reverse("equity:release_list"),
                link_text="Releases and drafts",
                order=40,
            )
        )
    elif has_permission(user, Permission.VIEW_LEADERSHIP_RELEASES):
        # The narrowest audience's release is the fullest: tests and findings, no noise.
        latest = next((r for a in ORDER if (r := _latest_visible(request, (a,))) is not None), None)
        if latest is not None:
            cards.append(_headline_card(latest))
    elif has_permission(user, Permission.VIEW_STAFF_RELEASES):
        published = queries.published_releases_for(user)
        latest = published.first()
        cards.append(
            Card(
                "Outcome reports",
                f"Latest: “{latest.title}”."
                if latest
                else "Nothing has been published to staff yet.",
                figure=f"{published.count():,}",
                url=reverse("equity:release_list"),
                link_text="Read the reports",
                order=40,
            )
        )
    if has_permission(user, Permission.IMPORT_STAGE_EVENTS):
        last_run = ImportRun.objects.filter(kind="stage_events").first()
        cards.append(
            Card(
                "Stage events on record",
                f"Last import: {last_run.filename}, {last_run.state_display.lower()}."
                if last_run
                else "No event file imported yet.",
                figure=f"{StageEvent.objects.count():,}",
                url=reverse("equity:event_import"),
                link_text="Import events",
                order=41,
            )
        )
    return cards
