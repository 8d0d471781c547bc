"""Column helpers shared by the frames of a release: hidden values as nulls, label arrays,
the reference group of each row, and the stage x year x group grid."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from .groupings import Grouping


def reference_index(
    grouping: Grouping, sizes: np.ndarray, usable: np.ndarray, k: int, chosen: str | None
) -> np.ndarray:
    """Reference row per leading index (…, G) -> (…): -1 where none qualifies."""
    special = np.asarray(grouping.special)
    eligible = usable & ~special & (sizes >= k)
    if chosen is not None:
        j = grouping.groups.index(chosen)
        return np.where(eligible[..., j], j, -1)
    masked = np.where(eligible, sizes, -1)
    ref = masked.argmax(axis=-1)
    return np.where(masked.max(axis=-1) >= 0, ref, -1)


def labels_of(grouping: Grouping) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (
        np.asarray(grouping.groups, dtype=object),
        np.asarray(grouping.labels, dtype=object),
        np.asarray(grouping.special, dtype=bool),
    )


def opt_int(values: np.ndarray, hidden: np.ndarray) -> pl.Series:
    return (
        pl.Series(values=np.asarray(values, dtype=np.int64)).set(
            pl.Series(values=np.asarray(hidden, dtype=bool)), None
        )
        if hidden.any()
        else pl.Series(values=np.asarray(values, dtype=np.int64))
    )


def opt_bool(values: np.ndarray, hidden: np.ndarray) -> pl.Series:
    series = pl.Series(values=np.asarray(values, dtype=bool))
    return (
        series.set(pl.Series(values=np.asarray(hidden, dtype=bool)), None)
        if hidden.any()
        else series
    )


def opt_float(values: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    return np.where(hidden, np.nan, values)


def grid(n_stages: int, n_years: int, n_groups: int) -> tuple[np.ndarray, ...]:
    s, y, g = np.meshgrid(
        np.arange(n_stages), np.arange(n_years), np.arange(n_groups), indexing="ij"
    )
    return s.ravel(), y.ravel(), g.ravel()


def finish(frame: pl.DataFrame, float_columns: Sequence[str]) -> pl.DataFrame:
    return frame.with_columns([pl.col(c).cast(pl.Float64).fill_nan(None) for c in float_columns])
