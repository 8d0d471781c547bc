"""Scale scores: the mean of a respondent's answers to a scale's items, reversed where marked.

Pure Python. A reverse-scored answer ``v`` on points ``lo..hi`` counts as
``lo + hi - v``. A respondent who answered fewer than half of a scale's items
gets no score for it (``None``), the usual rule for short scales.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ScoredItem:
    code: str
    points: tuple[int, ...]
    reverse: bool = False


def item_value(item: ScoredItem, answer: object) -> float | None:
    if answer in (None, ""):
        return None
    value = int(str(answer))
    if value not in item.points:
        raise ValueError(f"{value} is not a point of {item.code}")
    if item.reverse:
        return float(min(item.points) + max(item.points) - value)
    return float(value)


def scale_score(items: Sequence[ScoredItem], answers: Mapping[str, object]) -> float | None:
    """The mean over answered items, or None if fewer than half were answered."""
    values = [v for v in (item_value(i, answers.get(i.code)) for i in items) if v is not None]
    if not items or len(values) * 2 < len(items):
        return None
    return sum(values) / len(values)
