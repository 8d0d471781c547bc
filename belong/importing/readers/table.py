"""What every table reader returns: a header and a stream of numbered rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

CSV = "csv"
XLSX = "xlsx"
JSON = "json"

Row = tuple[int, list[Any]]


@dataclass
class Table:
    """A header and the rows under it: ``(row number, cells)``, blank rows left out."""

    format: str
    headers: list[str]
    rows: Iterator[Row]
    # About how many data rows there are, for a progress bar (None: unknown).
    size_hint: int | None = None
    notes: list[str] = field(default_factory=list)
    closer: Callable[[], None] | None = None

    def close(self) -> None:
        """Stop reading and release the file (safe to call twice)."""
        close = getattr(self.rows, "close", None)
        if close is not None:
            close()
        if self.closer is not None:
            self.closer()
