"""One published figure, for one reader: what another module may quote from a release.

A module that shows a number from a release (an action plan's measure) asks
here rather than reading release tables itself. The answer is a figure only
when the release is published to an audience the reader reads (a draft is
never quoted, not even to those who build releases) and the cell holds a value
(a suppressed cell is null in the frozen tables and is never filled in).
Everything else is a :class:`FigureError` saying which.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from belong.publishing.audiences import may_read
from belong.publishing.frozen import tables_for
from belong.publishing.models import HEAVY_FIELDS, Release


class FigureError(Exception):
    """No figure can be shown; the message says why, in words a page can show."""


@dataclass(frozen=True)
class Figure:
    value: float
    release_id: int
    release_title: str
    published_at: datetime | None


def published_figure(
    user: Any, release_id: int, *, table: str, row: Mapping[str, Any], column: str
) -> Figure:
    """The value of ``column`` in the row of ``table`` matching ``row``, as ``user`` may see it.

    ``user`` may be anonymous (the public). Raises :class:`FigureError` when the
    release is not published to an audience ``user`` reads, when there is no
    such table, column or single matching row, or when the cell is suppressed.
    """
    release = Release.objects.defer(*HEAVY_FIELDS).filter(pk=release_id).first()
    if release is None or not release.is_published or not may_read(user, release.audience):
        raise FigureError("That release is not published to this page's readers.")
    frame = tables_for(release).frames.get(table)
    if frame is None:
        raise FigureError(f"The release “{release.title}” has no table “{table}”.")
    missing = [name for name in (*row, column) if name not in frame.columns]
    if missing:
        raise FigureError(f"The table “{table}” has no column {', '.join(sorted(missing))}.")
    rows = [r for r in frame.iter_rows(named=True) if all(r[k] == v for k, v in row.items())]
    if len(rows) != 1:
        where = ", ".join(f"{k} = {v}" for k, v in row.items()) or "no key"
        raise FigureError(f"The table “{table}” has {len(rows)} rows where {where}; name one.")
    value = rows[0][column]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise FigureError("That figure is suppressed in the release (too few people to show).")
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise FigureError(f"“{column}” is not a number in the table “{table}”.")
    return Figure(
        value=float(value),
        release_id=release.pk,
        release_title=release.title,
        published_at=release.published_at,
    )
