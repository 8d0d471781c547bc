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

from belong.publishing.frames import frame_from_records, is_frame

_CACHE_SIZE = 6
_cache: OrderedDict[tuple[Any, ...], FrozenTables] = OrderedDict()
_lock = threading.Lock()


def frames_of(result: Mapping[str, Any]) -> dict[str, pl.DataFrame]:
    """Every table of a frozen result, by name."""
    return {name: frame_from_records(value) for name, value in result.items() if is_frame(value)}


@dataclass(frozen=True)
class FrozenTables:
    """What readers of a release see, parsed: its parameters, findings, summary and frames."""

    parameters: dict[str, Any]
    findings: list[dict[str, Any]]
    summary: dict[str, Any]
    frames: dict[str, pl.DataFrame]

    def frame(self, name: str) -> pl.DataFrame:
        """The frame ``name``, or an empty frame if the release has none of that name."""
        return self.frames.get(name, pl.DataFrame())

    @classmethod
    def of(cls, result: Mapping[str, Any]) -> FrozenTables:
        return cls(
            parameters=dict(result["parameters"]),
            findings=list(result.get("findings", [])),
            summary=dict(result.get("summary", {})),
            frames=frames_of(result),
        )


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
    tables = FrozenTables.of(data)
    with _lock:
        _cache[key] = tables
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return tables
