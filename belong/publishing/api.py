"""Published releases, exactly as the caller's audiences read them.

A caller lists and opens only releases published to an audience its token's
roles read (drafts never, even for those who build releases), and reads each
release's tables as its readers download them from the release's page: the
exact tables for the school's audiences, the noisy draw for a release
published to the public with noise, a suppressed figure empty (``null``) with
its row marked in the ``suppressed`` column. No table lists a person.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema

from belong.core.api_common import ERRORS, Paging, page_of
from belong.publishing import queries
from belong.publishing.frozen import tables_for
from belong.publishing.kinds import kind_of
from belong.publishing.models import Release

PREFIX = "releases"
router = Router(tags=["Releases"])


class TableOut(Schema):
    name: str
    label: str
    columns: list[str]
    rows: list[list[Any]]


class ReleaseOut(Schema):
    id: int
    kind: str
    title: str
    subject: str
    audience: str
    published_at: datetime | None
    years: list[int]
    k: int
    suppressed_cells: int
    noisy: bool
    noise_epsilon: float | None
    tables: list[str]


class ReleaseTablesOut(ReleaseOut):
    data: list[TableOut]


class ReleasesPage(Schema):
    total: int
    page: int
    pages: int
    per_page: int
    releases: list[ReleaseOut]


def _release(release: Release) -> dict[str, Any]:
    kind = kind_of(release)
    return {
        "id": release.pk,
        "kind": release.kind,
        "title": release.title,
        "subject": release.subject_label,
        "audience": release.audience,
        "published_at": release.published_at,
        "years": list(release.years or []),
        "k": release.k,
        "suppressed_cells": release.suppressed_cells,
        "noisy": release.shows_noise,
        "noise_epsilon": release.noise_epsilon if release.shows_noise else None,
        "tables": list(kind.exports),
    }


def _tables(release: Release) -> list[dict[str, Any]]:
    kind = kind_of(release)
    tables = tables_for(release)
    out = []
    for name, label in kind.exports.items():
        frame = kind.export_frame(name, tables.frame(name), tables)
        out.append({"name": name, "label": label, "columns": frame.columns, "rows": frame.rows()})
    return out


@router.get("/", response={200: ReleasesPage, **ERRORS}, url_name="releases")
def releases(request: HttpRequest, paging: Query[Paging], kind: str = "") -> dict[str, Any]:
    """Releases published to the audiences the token reads, newest first."""
    rows, counts = page_of(queries.published_releases_for(request.user, kind=kind or None), paging)
    return {**counts, "releases": [_release(r) for r in rows]}


@router.get("/{release_id}", response={200: ReleaseTablesOut, **ERRORS}, url_name="release")
def release(request: HttpRequest, release_id: int) -> dict[str, Any]:
    """One release and its tables, as its readers download them."""
    found = queries.published_releases_for(request.user).filter(pk=release_id).first()
    if found is None:
        raise Http404("No such release.")
    return {**_release(found), "data": _tables(found)}
