"""The one table model every page draws with ``_components/table.html``.

A :class:`DataTable` is a caption, the header of the row-header column
(``corner``), the column headers (each numeric or not), and rows that each
start with a header cell. A cell is text, or suppressed (drawn as "—" with
"suppressed" for screen readers), and may link somewhere. The component puts
the table in a labelled region that scrolls sideways on its own when it is
wider than the screen, so the page never does.

Formatting helpers say how Belong writes a figure: counts with thousands
separators, shares as percentages with one decimal, p-values as words use
them, and "—" for anything hidden.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

DASH = "—"

__all__ = [
    "DASH",
    "Cell",
    "DataTable",
    "Row",
    "cell",
    "fmt_count",
    "fmt_interval",
    "fmt_p",
    "fmt_ratio",
    "fmt_share",
]


def fmt_count(value: Any) -> str:
    return DASH if value is None else f"{int(value):,}"


def fmt_share(value: Any, digits: int = 1) -> str:
    return DASH if value is None else f"{float(value) * 100:.{digits}f}%"


def fmt_ratio(value: Any) -> str:
    return DASH if value is None else f"{float(value):.2f}"


def fmt_p(value: Any) -> str:
    """``p < 0.001``, ``p = 0.003`` or ``p = 0.41``; "—" for none."""
    if value is None:
        return DASH
    p = float(value)
    if p < 0.001:
        return "p < 0.001"
    if p < 0.01:
        return f"p = {p:.3f}"
    return f"p = {p:.2f}"


def fmt_interval(low: Any, high: Any) -> str:
    if low is None or high is None:
        return DASH
    return f"{float(low) * 100:.1f}–{float(high) * 100:.1f}%"


@dataclass
class Cell:
    text: str
    num: bool = True
    suppressed: bool = False
    url: str = ""


@dataclass
class Row:
    header: str
    cells: list[Cell]
    flagged: bool = False
    special: bool = False
    header_url: str = ""


@dataclass
class DataTable:
    """A table as the component draws it (see the module docstring)."""

    caption: str
    corner: str
    columns: list[tuple[str, bool]]  # (label, numeric)
    rows: list[Row] = field(default_factory=list)
    note: str = ""
    empty: str = "Nothing to show yet."
    # The smallest cell shown, for the legend of "—" (None: say nothing of k).
    k: int | None = None

    @property
    def has_suppressed(self) -> bool:
        return any(c.suppressed for r in self.rows for c in r.cells)

    @classmethod
    def of_values(
        cls,
        caption: str,
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        numeric_from: int = 1,
        empty: str = "Nothing to show yet.",
        note: str = "",
    ) -> DataTable:
        """A table from plain rows: the first value heads the row; ``None`` is suppressed.

        Values may be text, whole numbers (written with separators), other
        numbers (one decimal), or ``(text, url)`` pairs for a link.
        """
        table = cls(
            caption=caption,
            corner=columns[0] if columns else "",
            columns=[(c, i + 1 >= numeric_from) for i, c in enumerate(columns[1:])],
            empty=empty,
            note=note,
        )
        for values in rows:
            head, *rest = values
            text, url = _text_and_url(head)
            table.rows.append(
                Row(
                    text,
                    [_value_cell(v, numeric=i + 1 >= numeric_from) for i, v in enumerate(rest)],
                    header_url=url,
                )
            )
        return table


def cell(text: str, *, suppressed: bool = False, num: bool = True, url: str = "") -> Cell:
    return Cell(DASH if suppressed else text, num, suppressed, url)


def _text_and_url(value: Any) -> tuple[str, str]:
    if isinstance(value, tuple) and len(value) == 2:
        return str(value[0]), str(value[1])
    return str(value), ""


def _value_cell(value: Any, *, numeric: bool) -> Cell:
    if value is None:
        return cell("", suppressed=True, num=numeric)
    if isinstance(value, bool):
        return cell("Yes" if value else "No", num=False)
    if isinstance(value, int):
        return cell(f"{value:,}", num=numeric)
    if isinstance(value, float):
        return cell(f"{value:,.1f}", num=numeric)
    text, url = _text_and_url(value)
    return cell(text, num=numeric, url=url)
