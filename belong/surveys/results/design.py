"""A campaign's instrument and settings as plain data, and its responses as columns.

Pure Python and numpy, no database: :mod:`.reading` fills these from the
models, the benchmark and the tests build them directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from belong.surveys.grouping import NOT_SHOWN

ALL = "all"  # the dimension and group of the row for every respondent


@dataclass(frozen=True)
class ItemInfo:
    """One question that takes an answer. ``choices``: ``(value, label)``, lowest first."""

    code: str
    prompt: str
    kind: str  # likert, single, multiple, text
    choices: tuple[tuple[str, str], ...] = ()
    reverse: bool = False
    section: str = ""

    @property
    def points(self) -> tuple[int, ...]:
        return tuple(int(v) for v, _ in self.choices)

    @property
    def favourable(self) -> tuple[int, ...]:
        """The top two points (one on a two-point item); the bottom ones when reverse-scored:
        disagreeing with "I often feel like an outsider" is the favourable answer."""
        points = sorted(self.points)
        top = 2 if len(points) > 2 else 1
        return tuple(points[:top] if self.reverse else points[-top:])


@dataclass(frozen=True)
class ScaleInfo:
    code: str
    label: str
    item_codes: tuple[str, ...]


@dataclass(frozen=True)
class Design:
    """What results need to know about a campaign, declared before it opened."""

    campaign_id: int
    title: str
    instrument: str
    items: tuple[ItemInfo, ...]
    scales: tuple[ScaleInfo, ...]
    dimensions: tuple[str, ...]
    k: int
    comment_k: int
    invited: int
    correction: str = "holm"
    # dimension -> value -> label, for the groups results name.
    group_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    dimension_labels: Mapping[str, str] = field(default_factory=dict)
    period: str = ""  # the round, in words ("October 2026"): the finest date results show

    def item(self, code: str) -> ItemInfo:
        return next(i for i in self.items if i.code == code)

    def label_of(self, dimension: str, value: str) -> str:
        if value == NOT_SHOWN:
            return "Not shown (too few people)"
        return self.group_labels.get(dimension, {}).get(value, value)


@dataclass
class Columns:
    """Responses as columns: one array per item and per declared dimension."""

    n: int
    likert: dict[str, np.ndarray]  # float, NaN where unanswered
    single: dict[str, np.ndarray]  # object: the value chosen, or None
    multiple: dict[str, list[frozenset[str]]]
    text: dict[str, list[str]]
    groups: dict[str, np.ndarray]  # object: each response's group in each declared dimension


def columns_of(
    rows: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]], design: Design
) -> Columns:
    """``(answers, groups)`` rows as columns. Groups of undeclared dimensions are never read."""
    rows = list(rows)
    n = len(rows)
    answers = [a for a, _ in rows]
    likert = {}
    for item in design.items:
        if item.kind == "likert":
            # numpy parses the points ("3" or 3) in C; an unanswered item reads "nan".
            raw = [a.get(item.code) for a in answers]
            cleaned = [v if v not in (None, "") else "nan" for v in raw]
            likert[item.code] = np.array(cleaned, dtype=float)
    single = {
        i.code: _objects([None if a.get(i.code) in (None, "") else str(a[i.code]) for a in answers])
        for i in design.items
        if i.kind == "single"
    }
    multiple = {
        i.code: [frozenset(str(v) for v in a.get(i.code) or ()) for a in answers]
        for i in design.items
        if i.kind == "multiple"
    }
    text = {
        i.code: [str(a.get(i.code) or "") for a in answers]
        for i in design.items
        if i.kind == "text"
    }
    groups = {d: _objects([str(g.get(d, NOT_SHOWN)) for _, g in rows]) for d in design.dimensions}
    return Columns(n, likert, single, multiple, text, groups)


def _objects(values: list[Any]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def scale_scores(design: Design, columns: Columns) -> dict[str, np.ndarray]:
    """Each response's score on each scale (``surveys.scoring``'s rule, vectorised):
    reverse-scored items turned round, NaN under half the items answered."""
    out: dict[str, np.ndarray] = {}
    for scale in design.scales:
        items = [design.item(code) for code in scale.item_codes]
        stacked = np.empty((columns.n, len(items)))
        for j, item in enumerate(items):
            values = columns.likert[item.code]
            if item.reverse:
                values = min(item.points) + max(item.points) - values
            stacked[:, j] = values
        answered = (~np.isnan(stacked)).sum(axis=1)
        total = np.nansum(stacked, axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = total / answered
        out[scale.code] = np.where(answered * 2 >= len(items), mean, np.nan)
    return out


def as_groups(values: Sequence[str]) -> np.ndarray:
    return np.array(list(values), dtype=object)
