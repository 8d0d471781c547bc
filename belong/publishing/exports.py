"""Downloading a release's tables as CSV or Excel: groups and figures, never a person.

Files are written by ``core.exports`` (no cell is ever a formula). A
suppressed figure is blank and marked "suppressed" in that row's
``suppressed`` column; a noisy release's files say so in their names.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from django.http import Http404, HttpResponse

from belong.core import exports
from belong.publishing.frozen import tables_for
from belong.publishing.kinds import kind_of


def export_rows(frame: pl.DataFrame) -> tuple[list[str], list[list[Any]]]:
    """A frame's header and rows; lists joined with commas, "suppressed" spelt out."""
    header = list(frame.columns)
    rows: list[list[Any]] = []
    for values in frame.iter_rows():
        row = []
        for name, value in zip(header, values, strict=True):
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            if name == "suppressed":
                value = "suppressed" if value else ""
            row.append(value)
        rows.append(row)
    return header, rows


def offered(release: Any) -> list[tuple[str, str, int]]:
    """(frame, label, rows) for each table the release's kind lets readers download."""
    tables = tables_for(release)
    return [
        (name, label, tables.frame(name).height)
        for name, label in kind_of(release).exports.items()
        if tables.frame(name).height
    ]


def download(release: Any, name: str, fmt: str) -> HttpResponse:
    kind = kind_of(release)
    if name not in kind.exports or fmt not in ("csv", "xlsx"):
        raise Http404("No such export.")
    tables = tables_for(release)
    frame = kind.export_frame(name, tables.frame(name), tables)
    header, rows = export_rows(frame)
    stem = f"belong-release-{release.pk}-{name}"
    if release.shows_noise:
        stem += f"-noise-epsilon-{release.noise_epsilon:g}"
    if fmt == "xlsx":
        return exports.xlsx_response(
            rows, header, filename=f"{stem}.xlsx", sheet=kind.exports[name]
        )
    return exports.csv_response(rows, header, filename=f"{stem}.csv")
