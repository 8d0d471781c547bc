"""What a results release publishes to the guard, and how the guard's fix hides cells.

Every exact count a reader can work out is a published cell: the responses
of each shown cut, and within it the answers to each scale and item, the
favourable answers and the answers at each point (share × answers). A cut
is described by its dimension alone (``{"gender": {"woman"}}``; everyone has
no filter), counted in a scope of its campaign, so releases of the same
campaign are compared cut by cut and every wave's cells go into the one
system the guard solves for an audience.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import polars as pl

from belong.privacy import PublishedCell
from belong.publishing.frames import frame_from_records, frame_records
from belong.surveys.results.design import ALL

CUT_FRAMES = ("scales", "favourable", "distribution", "gaps")


def _filters(dimension: str, group: str) -> dict[str, frozenset[str]]:
    return {} if dimension == ALL else {dimension: frozenset({group})}


def published_cells(result: Mapping[str, Any], label: str) -> list[PublishedCell]:
    campaign = result["parameters"]["campaign"]
    cells: list[PublishedCell] = []

    def add(scope: tuple[Any, ...], dimension: str, group: str, count: int) -> None:
        cells.append(
            PublishedCell(
                scope=scope,
                filters=_filters(dimension, group),
                count=count,
                release=label,
                key=(dimension, group),
            )
        )

    cuts = frame_from_records(result["cuts"])
    for dimension, group, _, n in cuts.iter_rows():
        if n is not None:
            add(("survey responses", campaign), dimension, group, n)
    for dimension, group, scale, n, *_ in frame_from_records(result["scales"]).iter_rows():
        if n is not None:
            add(("survey scale", campaign, scale), dimension, group, n)
    for dimension, group, item, n, share, *_ in frame_from_records(
        result["favourable"]
    ).iter_rows():
        if n is not None:
            add(("survey item", campaign, item), dimension, group, n)
            add(("survey favourable", campaign, item), dimension, group, round(share * n))
    for dimension, group, item, value, n, share in frame_from_records(
        result["distribution"]
    ).iter_rows():
        if n is not None and share is not None:
            add(("survey answer", campaign, item, value), dimension, group, round(share * n))
    return cells


def hide_cells(result: Mapping[str, Any], keys: list[Any]) -> dict[str, Any]:
    """A copy of ``result`` with the cuts of ``keys`` hidden, every figure of theirs removed,
    and a partner hidden in any dimension left with a single hidden group."""
    out = copy.deepcopy(dict(result))
    hide = {tuple(k) for k in keys}
    if (ALL, ALL) in hide:
        raise NotImplementedError("the figures for everyone cannot be hidden alone")
    cuts = frame_from_records(out["cuts"]).to_dicts()
    for row in cuts:
        if (row["dimension"], row["group"]) in hide:
            row["responses"] = None
    for dimension in {r["dimension"] for r in cuts if r["dimension"] != ALL}:
        mine = [r for r in cuts if r["dimension"] == dimension]
        shown = sorted((r for r in mine if r["responses"]), key=lambda r: r["responses"])
        if len(mine) - len(shown) == 1 and shown:
            shown[0]["responses"] = None
    gone = {(r["dimension"], r["group"]) for r in cuts if r["responses"] is None}
    frame = frame_from_records(out["cuts"])
    responses = pl.Series("responses", [r["responses"] for r in cuts], dtype=pl.Int64)
    out["cuts"] = frame_records(frame.with_columns(responses))
    for name in CUT_FRAMES:
        rows = frame_from_records(out[name])
        kept = [
            i
            for i, (d, g) in enumerate(zip(rows["dimension"], rows["group"], strict=True))
            if (d, g) not in gone
        ]
        out[name] = frame_records(rows[kept])
    out["summary"] = {**out["summary"], "hidden_groups": len(gone)}
    return out
