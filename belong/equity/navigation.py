"""Outcomes monitoring in the navigation and on the home page."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.core.navigation import Card, NavItem
from belong.equity.actions import KIND
from belong.equity.models import StageEvent
from belong.equity.release_kinds import EquityReleases
from belong.importing.models import ImportRun
from belong.publishing import frozen, queries
from belong.publishing.audiences import ORDER
from belong.publishing.models import Release

ITEMS = [
    NavItem(
        _("Build a release"),
        "equity:release_build",
        Permission.BUILD_RELEASES,
        _(
            "Compute a pipeline's representation, rates and disparities, frozen with its "
            "parameters and suppression pattern, ready to publish."
        ),
        order=41,
    ),
    NavItem(
        _("Monitoring setup"),
        "equity:setup",
        Permission.BUILD_RELEASES,
        _("Pipelines and their stages, school-defined groupings and benchmarks."),
        order=42,
    ),
    NavItem(
        _("Stage events"),
        "equity:event_import",
        Permission.IMPORT_STAGE_EVENTS,
        _("Import who reached which stage, from a file or from the affiliation records."),
        order=43,
    ),
]


def _latest_visible(request: HttpRequest, audiences: tuple[str, ...]) -> Release | None:
    visible = queries.published_releases_for(request.user, kind=KIND)
    return visible.filter(audience__in=audiences).first()


def _headline_card(release: Release) -> Card:
    """A release's headline: its count of significant comparisons, and the two findings that
    matter most for its pipeline (``analytics.headlines``), as its summary states them."""
    published = f"published {release.published_at:%d %b %Y}" if release.published_at else ""
    url = reverse("publishing:release_detail", kwargs={"release_id": release.pk})
    if release.shows_noise:
        return Card(
            release.title,
            f"Figures with noise (ε = {release.noise_epsilon:g}); {published}.",
            url=url,
            link_text=_("Read the release"),
            order=40,
        )
    summary = EquityReleases().summary(release, frozen.tables_for(release))
    return Card(
        release.title,
        f"{summary.significant:,} of {summary.tested:,} comparisons significant; {published}.",
        url=url,
        link_text=_("Read the release"),
        notes=tuple(summary.findings[:2]),
        order=40,
    )


def home_cards(request: HttpRequest) -> list[Card]:
    user = request.user
    cards: list[Card] = []
    if has_permission(user, Permission.BUILD_RELEASES):
        drafts = queries.drafts(kind=KIND).count()
        last = queries.releases_for(user, kind=KIND).first()
        body = "No release has been built yet."
        if last is not None:
            body = (
                f"Last built: “{last.title}”, {last.created_at:%d %b %Y}, "
                f"in {last.build_seconds:.1f} s."
            )
        cards.append(
            Card(
                _("Outcome releases"),
                body,
                figure=f"{drafts:,} draft{'s' if drafts != 1 else ''}",
                url=reverse("publishing:release_list"),
                link_text=_("Releases and drafts"),
                order=40,
            )
        )
    elif has_permission(user, Permission.VIEW_LEADERSHIP_RELEASES):
        # The narrowest audience's release is the fullest: tests and findings, no noise.
        latest = next((r for a in ORDER if (r := _latest_visible(request, (a,))) is not None), None)
        if latest is not None:
            cards.append(_headline_card(latest))
    elif has_permission(user, Permission.VIEW_STAFF_RELEASES):
        published = queries.published_releases_for(user, kind=KIND)
        latest = published.first()
        cards.append(
            Card(
                _("Outcome reports"),
                f"Latest: “{latest.title}”."
                if latest
                else "Nothing has been published to staff yet.",
                figure=f"{published.count():,}",
                url=reverse("publishing:release_list"),
                link_text=_("Read the reports"),
                order=40,
            )
        )
    if has_permission(user, Permission.IMPORT_STAGE_EVENTS):
        last_run = ImportRun.objects.filter(kind="stage_events").first()
        cards.append(
            Card(
                _("Stage events on record"),
                f"Last import: {last_run.filename}, {last_run.state_display.lower()}."
                if last_run
                else "No event file imported yet.",
                figure=f"{StageEvent.objects.count():,}",
                url=reverse("equity:event_import"),
                link_text=_("Import events"),
                order=41,
            )
        )
    return cards
