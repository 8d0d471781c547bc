"""Accreditation evidence: tables shaped for the LCME data collection instrument (DCI).

Each domain app that holds evidence for an element writes ``<app>/evidence.py``
with ``TABLES``, a list of :class:`Source`; :func:`collect` finds them by
convention (``belong.core.discovery.app_modules``), so this module names no
domain app. A source's ``build(context)`` computes its table from live data,
as of ``context.today``, with every count that could describe fewer than
``context.k`` people hidden by ``belong.privacy`` (and enough others that none
can be worked out), and returns an :class:`EvidenceTable` (or ``None`` when
there is nothing to count yet: the page says so).

Values in a table's rows are plain: text, whole numbers (counts), floats for
shares (0 to 1), days and hours; ``None`` is a hidden figure, drawn "—" and
written "suppressed" in the workbook. Decision record 0034 says what each
table counts and why the tables are live rather than frozen.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from belong.core.discovery import app_modules
from belong.core.tables import DASH, DataTable, Row, cell, fmt_share

# The DCI elements Belong holds evidence for, in the DCI's order, with their titles.
ELEMENTS: dict[str, str] = {
    "3.5": "Learning environment",
    "3.6": "Student mistreatment",
    "12.3": "Personal counseling and well-being programs",
    "12.4": "Student access to health care services",
    "12.5": "Non-involvement of providers of student health services in student assessment",
    "12.6": "Student health and disability insurance",
}

SUPPRESSED = "suppressed"

# How a column's values are written: text, counts, shares (0-1), days or hours.
KINDS = ("text", "count", "share", "days", "hours")


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "count"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.label!r}: kind {self.kind!r} is not one of {KINDS}")


@dataclass(frozen=True)
class Context:
    """What every source is given: the day the figures are as of, and the threshold."""

    today: date
    k: int


@dataclass
class EvidenceTable:
    """One table of evidence: its element, what it counts, its rows, as of which day."""

    element: str
    key: str
    title: str
    description: str
    columns: list[Column]  # the first heads the rows
    rows: list[list[Any]]
    as_of: date
    k: int
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.element not in ELEMENTS:
            raise ValueError(f"{self.key}: no DCI element {self.element!r} in ELEMENTS")
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"{self.key}: a row of {len(row)} values for {len(self.columns)}")

    @property
    def has_suppressed(self) -> bool:
        return any(v is None for row in self.rows for v in row[1:])

    def display(self) -> DataTable:
        """The table as every page draws it (``_components/table.html``)."""
        table = DataTable(
            caption=f"{self.element} {self.title} (as of {self.as_of:%-d %B %Y})",
            corner=self.columns[0].label,
            columns=[(c.label, c.kind != "text") for c in self.columns[1:]],
            empty="Nothing to count yet.",
            k=self.k,
        )
        for head, *values in self.rows:
            table.rows.append(
                Row(
                    str(head),
                    [
                        cell(DASH, suppressed=True, num=c.kind != "text")
                        if v is None
                        else cell(display_value(v, c.kind), num=c.kind != "text")
                        for c, v in zip(self.columns[1:], values, strict=True)
                    ],
                )
            )
        return table

    def sheet_rows(self) -> tuple[list[str], list[list[Any]]]:
        """Header and rows for a workbook: shares as percentages, hidden cells spelt out."""
        header = [c.label + (" (%)" if c.kind == "share" else "") for c in self.columns]
        rows = [
            [sheet_value(v, c.kind) for c, v in zip(self.columns, row, strict=True)]
            for row in self.rows
        ]
        return header, rows


def display_value(value: Any, kind: str) -> str:
    if kind == "count" and isinstance(value, int | float):
        return f"{int(value):,}"
    if kind == "share" and isinstance(value, int | float):
        return fmt_share(value)
    if kind in ("days", "hours") and isinstance(value, int | float):
        return f"{float(value):,.1f}"
    return str(value)


def sheet_value(value: Any, kind: str) -> Any:
    if value is None:
        return SUPPRESSED
    if kind == "share" and isinstance(value, int | float):
        return round(float(value) * 100, 1)
    return value


@dataclass(frozen=True)
class Source:
    """One table an app contributes: its element and a function computing it."""

    element: str
    key: str
    build: Callable[[Context], EvidenceTable | None]


@dataclass
class Section:
    """One DCI element and its tables (and the sources that had nothing to count)."""

    element: str
    title: str
    tables: list[EvidenceTable]
    empty: list[str]


def sources() -> list[Source]:
    """Every app's ``evidence.TABLES``, in the DCI's element order, then by key."""
    found = [s for module in app_modules("evidence") for s in getattr(module, "TABLES", ())]
    order = {code: i for i, code in enumerate(ELEMENTS)}
    return sorted(found, key=lambda s: (order.get(s.element, len(order)), s.key))


def collect(*, today: date, k: int, only: Sequence[str] = ()) -> list[Section]:
    """Every element's tables as of ``today`` (only the elements in ``only``, if given)."""
    context = Context(today=today, k=k)
    by_element: dict[str, Section] = {}
    for source in sources():
        if only and source.element not in only:
            continue
        section = by_element.setdefault(
            source.element, Section(source.element, ELEMENTS[source.element], [], [])
        )
        table = source.build(context)
        if table is None:
            section.empty.append(source.key)
        else:
            section.tables.append(table)
    return list(by_element.values())


def sheet_title(table: EvidenceTable) -> str:
    """A workbook sheet's name: the element and the key's words (Excel allows 31 characters)."""
    words = re.sub(r"[^A-Za-z0-9]+", " ", table.key).strip()
    return f"{table.element} {words}"[:31]
