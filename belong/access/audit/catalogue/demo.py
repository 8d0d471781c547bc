"""The synthetic demo school."""

from __future__ import annotations

from enum import unique

from belong.access.audit.kinds import EventKind, Kind


@unique
class DemoEvent(EventKind):
    RESET = Kind(
        "demo.reset",
        "Demo school wiped",
        "Every record of an earlier demo school was deleted before building a new one.",
        "{rows} rows",
    )
    BUILT = Kind(
        "demo.built",
        "Demo school built",
        "A synthetic demo school was generated (no real person is in it).",
        "seed {seed}[, scale {scale}]",
    )
