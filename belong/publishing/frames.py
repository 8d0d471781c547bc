"""Frozen tables as JSON and back: one table is ``{"columns": [...], "rows": [[...], ...]}``.

Pure Polars, no Django: domain analytics write their frames with
:func:`frame_records` and publishing reads them back with
:func:`frame_from_records`. The form is deterministic (floats rounded to ten
significant digits, dates as ISO text, NaN and infinities as null), so a
frozen release can be compared and fingerprinted.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import polars as pl

__all__ = ["frame_from_records", "frame_records", "is_frame"]


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return float(f"{value:.10g}")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def frame_records(frame: pl.DataFrame) -> dict[str, Any]:
    """A frame as JSON-ready ``columns`` and ``rows``."""
    return {
        "columns": frame.columns,
        "rows": [[_clean(v) for v in row] for row in frame.iter_rows()],
    }


def frame_from_records(table: Mapping[str, Any]) -> pl.DataFrame:
    """One table written by :func:`frame_records` as a frame."""
    columns = list(table.get("columns", []))
    rows = table.get("rows", [])
    if not rows:
        return pl.DataFrame({c: [] for c in columns})
    return pl.DataFrame(rows, schema=columns, orient="row", infer_schema_length=None)


def is_frame(value: Any) -> bool:
    """Whether a value of a frozen result is a table (rather than parameters or findings)."""
    return isinstance(value, Mapping) and "columns" in value and "rows" in value
