"""Hiding single cells of a frozen outcome release: the audience guard's fix, applied.

The guard (``belong.publishing.guard``) names cells by ``PublishedCell.key``:
``(stage, year, table, group)`` for a stage's count, ``("a>b", year, table,
group)`` for a transition's own count. Hiding one hides every published
figure that implies it: the count, its share and interval, the rows of the
transitions and selection tables that start or end at that stage for that
group and year (a rate times a published count is a count), and the
representation row. Identifying columns stay; every other value becomes null
(shown "—"), ``suppressed`` becomes true, and a test's ``significant`` false.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

_KEEP = {
    "stage",
    "source",
    "target",
    "year",
    "table",
    "group",
    "group_label",
    "special",
    "benchmark",
    "reference_group",
    "reference_label",
    "has_reference",
    "total",
    "kind",
    "subject",
}


def _hide_rows(frame: dict[str, Any], matches: Any) -> int:
    columns = frame.get("columns") or []
    hidden = 0
    for row in frame.get("rows") or []:
        record = dict(zip(columns, row, strict=True))
        if not matches(record):
            continue
        hidden += 1
        for position, column in enumerate(columns):
            if column == "suppressed":
                row[position] = True
            elif column == "significant":
                row[position] = False
            elif column not in _KEEP:
                row[position] = None
    return hidden


def hide_cells(result: Mapping[str, Any], keys: Iterable[Any]) -> dict[str, Any]:
    """A copy of ``result`` with the cells named by ``keys`` hidden everywhere they show."""
    out = copy.deepcopy(dict(result))
    stage_cells: set[tuple[Any, Any, Any, Any]] = set()
    transition_cells: set[tuple[Any, Any, Any, Any, Any]] = set()
    for key in keys:
        subject, year, table, group = key
        if isinstance(subject, str) and ">" in subject:
            source, target = subject.split(">", 1)
            transition_cells.add((source, target, year, table, group))
        else:
            stage_cells.add((subject, year, table, group))

    def stage_row(r: dict[str, Any]) -> bool:
        return (r.get("stage"), r.get("year"), r.get("table"), r.get("group")) in stage_cells

    def flow_row(r: dict[str, Any]) -> bool:
        year, table, group = r.get("year"), r.get("table"), r.get("group")
        if (r.get("source"), r.get("target"), year, table, group) in transition_cells:
            return True
        return any(
            (stage, year, table, group) in stage_cells for stage in (r["source"], r["target"])
        )

    for name, matches in (("cells", stage_row), ("representation", stage_row)):
        if out.get(name):
            _hide_rows(out[name], matches)
    for name in ("transitions", "selection"):
        if out.get(name):
            _hide_rows(out[name], flow_row)
    return out
