"""The student-affairs dashboard's building blocks, and the sections every app adds.

Contract: an app may have ``belong/<app>/dashboard.py`` with::

    def sections(request: HttpRequest) -> list[Section]: ...

Tables are drawn by the one table component and charts by the one chart
component (``publishing.charts``), each chart beside a table with its figures.
Only people holding VIEW_STUDENT_AFFAIRS_DASHBOARD (student affairs,
leadership) reach the dashboard. Sections hold aggregates only; a link to
individual records (a drill-down) is added only when ``request.user`` holds the
permission that page needs, and the page checks it again. A section must use a
fixed number of queries however many students there are (the dashboard test
counts them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from belong.core.discovery import app_modules
from belong.core.tables import Cell, DataTable, Row


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class RenderedCell:
    text: str
    numeric: bool
    suppressed: bool
    url: str = ""


@dataclass(frozen=True)
class Table:
    """A table of aggregates. The first value of each row is the row's header.

    Values may be ``str``, ``int``, ``float`` (shown with one decimal),
    a :class:`Link`, or ``None`` for a suppressed cell (shown as "—").
    Columns from ``numeric_from`` on are right-aligned.
    """

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    numeric_from: int = 1
    empty: str = "Nothing to show yet."

    def as_data_table(self) -> DataTable:
        """The table as the one table component draws it (``_components/table.html``)."""
        return DataTable(
            caption=self.caption,
            corner=self.columns[0] if self.columns else "",
            columns=[(c, i >= self.numeric_from) for i, c in enumerate(self.columns) if i],
            rows=[
                Row(
                    head.text,
                    [Cell(c.text, c.numeric, c.suppressed, c.url) for c in cells],
                    header_url=head.url,
                )
                for head, cells in self.rendered_rows()
            ],
            empty=self.empty,
        )

    def rendered_rows(self) -> list[tuple[RenderedCell, list[RenderedCell]]]:
        out = []
        for row in self.rows:
            cells = [self._cell(i, value) for i, value in enumerate(row)]
            out.append((cells[0], cells[1:]))
        return out

    def _cell(self, index: int, value: Any) -> RenderedCell:
        numeric = index >= self.numeric_from
        if value is None:
            return RenderedCell("—", numeric, True)
        if isinstance(value, Link):
            return RenderedCell(value.text, numeric, False, value.url)
        if isinstance(value, float):
            return RenderedCell(f"{value:,.1f}", numeric, False)
        if isinstance(value, int):
            return RenderedCell(f"{value:,}", numeric, False)
        return RenderedCell(str(value), numeric, False)


@dataclass(frozen=True)
class Section:
    key: str  # unique; used as the HTML id
    title: str
    order: int = 100
    summary: str = ""
    tables: Sequence[Table] = ()
    notes: Sequence[str] = ()
    links: Sequence[Link] = ()
    figures: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (label, value)
    # Charts drawn by ``publishing.charts`` (each beside a table with its figures).
    charts: Sequence[Any] = ()


def _providers() -> tuple[Any, ...]:
    return app_modules("dashboard", providing="sections")


def collect_sections(request: HttpRequest) -> list[Section]:
    found = [s for module in _providers() for s in module.sections(request)]
    return sorted(found, key=lambda s: (s.order, s.title))
