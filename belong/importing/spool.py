"""Checked rows kept on disk between the check and the write, a chunk at a time."""

from __future__ import annotations

import pickle  # only reads back what this process has just written
import tempfile
from collections.abc import Iterator
from itertools import islice
from typing import Any


class Spool:
    """An unnamed temporary file (deleted when closed, invisible to other processes
    on POSIX) keeps memory flat however long the file is, and spares re-reading a
    slow workbook inside the write transaction."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self.chunks = 0

    def add(self, rows: list[Any]) -> None:
        pickle.dump(rows, self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.chunks += 1

    def __iter__(self) -> Iterator[list[Any]]:
        self.file.seek(0)
        for _ in range(self.chunks):
            yield pickle.load(self.file)  # noqa: S301 (our own rows, written above)

    def close(self) -> None:
        self.file.close()


def chunks(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(islice(rows, size)):
        yield chunk
