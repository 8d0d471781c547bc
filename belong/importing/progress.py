"""How far a background run has got: rows done of rows expected, per phase.

The worker writes it and the run page reads it (polled with htmx). It lives in
a small file beside the waiting uploads, not in the database: an applying run
holds all its writes in one open transaction, and a progress row written
inside it would stay invisible until the end (on SQLite, no other connection
may write at all meanwhile). The upload folder must already be shared by the
web processes and the task worker, since the worker reads the upload from it.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from belong.importing.uploads import upload_dir

_SUFFIX = ".progress"
# At most one write per this many seconds (and always at a phase's start and end).
_EVERY = 0.5


@dataclass(frozen=True)
class Progress:
    phase: str
    done: int
    total: int | None

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))


def _path(run_id: int) -> Path:
    return upload_dir() / f"run-{int(run_id)}{_SUFFIX}"


def read(run_id: int) -> Progress | None:
    try:
        data = json.loads(_path(run_id).read_text())
        return Progress(str(data["phase"]), int(data["done"]), data.get("total"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def clear(run_id: int) -> None:
    _path(run_id).unlink(missing_ok=True)


class Writer:
    """A progress callback (``(phase, done, total)``) that writes at most twice a second."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.phase = ""
        self.last = 0.0

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        finished = total is not None and done >= total
        if phase == self.phase and not finished and now - self.last < _EVERY:
            return
        self.phase, self.last = phase, now
        path = _path(self.run_id)
        temporary = path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as out:
            json.dump(asdict(Progress(phase, done, total)), out)
        os.replace(temporary, path)  # readers never see half a file
