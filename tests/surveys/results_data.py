"""Survey designs and responses built in memory for the results tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from belong.surveys.results.design import Columns, Design, ItemInfo, ScaleInfo, columns_of

AGREE = tuple((str(i), label) for i, label in enumerate(("SD", "D", "N", "A", "SA"), start=1))


def design(
    dimensions: Sequence[str] = ("gender",),
    *,
    k: int = 5,
    comment_k: int = 10,
    items: int = 4,
    invited: int = 100,
    campaign_id: int = 1,
) -> Design:
    questions = tuple(
        ItemInfo(f"q{i}", f"Question {i}", "likert", AGREE, reverse=i == items - 1)
        for i in range(items)
    )
    return Design(
        campaign_id=campaign_id,
        title="Pulse",
        instrument="Pulse",
        items=(*questions, ItemInfo("comment", "Anything else?", "text")),
        scales=(ScaleInfo("all", "All questions", tuple(q.code for q in questions)),),
        dimensions=tuple(dimensions),
        k=k,
        comment_k=comment_k,
        invited=invited,
    )


def columns(
    d: Design,
    groups: Sequence[Mapping[str, str]],
    *,
    seed: int = 0,
    shift: Mapping[tuple[str, str], int] | None = None,
    comments: Sequence[str] = (),
) -> Columns:
    """One response per entry of ``groups``, answers drawn at random (shifted up for groups
    named in ``shift``)."""
    rng = np.random.default_rng(seed)
    rows: list[tuple[dict[str, Any], Mapping[str, str]]] = []
    likert = [i for i in d.items if i.kind == "likert"]
    for r, grouped in enumerate(groups):
        bump = sum(v for (dim, g), v in (shift or {}).items() if grouped.get(dim) == g)
        answers: dict[str, Any] = {
            i.code: str(int(np.clip(rng.integers(1, 6) + bump, 1, 5))) for i in likert
        }
        answers["comment"] = comments[r] if r < len(comments) else ""
        rows.append((answers, grouped))
    return columns_of(rows, d)
