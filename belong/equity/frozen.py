"""Reading a frozen release's tables back from its JSON.

A frozen release never changes, so its tables, once parsed into Polars frames,
are kept in a small per-process cache keyed by release id and form (exact or
noisy). A cache entry can never go stale: there is nothing to invalidate.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from belong.equity.analytics import Grouping, ReleaseResult, custom_grouping, intersection
from belong.equity.analytics.groupings import single_grouping

FRAMES: tuple[str, ...] = ReleaseResult.FRAMES
_CACHE_SIZE = 6
_cache: OrderedDict[tuple[Any, ...], FrozenTables] = OrderedDict()
_lock = threading.Lock()


def frame(table: Mapping[str, Any]) -> pl.DataFrame:
    """``{"columns": [...], "rows": [[...], ...]}`` as a Polars frame."""
    columns = list(table.get("columns", []))
    rows = table.get("rows", [])
    if not rows:
        return pl.DataFrame({c: [] for c in columns})
    return pl.DataFrame(rows, schema=columns, orient="row", infer_schema_length=None)


def frames_of(result: Mapping[str, Any]) -> dict[str, pl.DataFrame]:
    return {name: frame(result.get(name) or {}) for name in FRAMES}


def grouping_from_dict(data: Mapping[str, Any]) -> Grouping:
    """Rebuild a :class:`Grouping` from ``Grouping.to_dict()`` (as frozen in a release).

    The analytics core has no ``from_dict``; the three constructors it offers
    rebuild every kind, and the result is checked against the frozen rows.
    """
    kind, variables = data["kind"], list(data["variables"])
    if kind in ("single", "select_all"):
        grouping = single_grouping(variables[0])
    elif kind == "intersection":
        grouping = intersection(variables[0], variables[1])
    else:
        labels = {g["code"]: g["label"] for g in data["groups"]}
        definition: dict[str, Any] = {
            "code": data["code"],
            "label": data["label"],
            "dimension": variables[0],
            "groups": {labels[code]: list(members) for code, members in data["definition"].items()},
        }
        if "other" in labels:
            definition["other_label"] = labels["other"]
        grouping = custom_grouping(definition)
    if grouping.code != data["code"] or list(grouping.groups) != [
        g["code"] for g in data["groups"]
    ]:
        raise ValueError(f"the frozen grouping {data['code']!r} no longer matches its definition")
    return grouping


def result_object(result: Mapping[str, Any]) -> ReleaseResult:
    """A :class:`ReleaseResult` rebuilt from its frozen form (for ``published_cells``)."""
    frames = frames_of(result)
    parameters = dict(result["parameters"])
    return ReleaseResult(
        parameters=parameters,
        findings=list(result.get("findings", [])),
        summary=dict(result.get("summary", {})),
        groupings=tuple(grouping_from_dict(g) for g in parameters["groupings"]),
        **frames,
    )


@dataclass(frozen=True)
class FrozenTables:
    """What readers of a release see, parsed: its parameters, findings, summary and frames."""

    parameters: dict[str, Any]
    findings: list[dict[str, Any]]
    summary: dict[str, Any]
    frames: dict[str, pl.DataFrame]


def tables_for(release: Any) -> FrozenTables:
    """The tables readers of ``release`` see, read and parsed once per process.

    The release may come with its heavy JSON deferred: on a cache miss only the
    one JSON column needed is read.
    """
    # The creation time and data version make the key unique even where a
    # database reuses ids (a rolled-back test, a restored backup).
    key = (int(release.pk), release.created_at, release.data_version, bool(release.shows_noise))
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    column = "noised_result" if release.shows_noise else "result"
    data = type(release).objects.filter(pk=release.pk).values_list(column, flat=True).get()
    tables = FrozenTables(
        parameters=dict(data["parameters"]),
        findings=list(data.get("findings", [])),
        summary=dict(data.get("summary", {})),
        frames=frames_of(data),
    )
    with _lock:
        _cache[key] = tables
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return tables


def forget(release_id: int) -> None:
    """Drop a release from the cache (only its noisy form can appear, once)."""
    with _lock:
        for key in [k for k in _cache if k[0] == release_id]:
            del _cache[key]
