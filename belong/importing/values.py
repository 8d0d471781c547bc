"""The values of a file that an import would not understand, for the value-mapping step.

Before a file is checked, the web import lists, per column mapped to a field
of codes (a choice, or several answers), the distinct values that are neither
the field's codes, labels and crosswalks, nor words it reads as blank, nor
already given a meaning in the import's options. The steward says what each
one means here ("this value in your file means this category"); the answers
are kept in ``ImportOptions.values`` and saved with the mapping.

Values are shown only to the person who uploaded the file, and never tied to
a row or a person.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import IO

from belong.importing.fields import CHOICE, CODES, Schema, normalise
from belong.importing.options import ImportOptions
from belong.importing.problems import ProblemLog
from belong.importing.readers import open_table

MAX_VALUES = 40  # per column
MAX_ROWS = 50_000  # read at most this many rows to find them
_DEFAULT_SPLIT = re.compile(r"[;|]")


def unknown_values(
    fileobj: IO[bytes],
    filename: str,
    mapping: Mapping[str, str],
    schema: Schema,
    options: ImportOptions,
) -> dict[str, list[str]]:
    """``{field: [values in the file it does not know]}`` for the mapped code fields."""
    table = open_table(fileobj, filename, ProblemLog())
    if table is None:
        return {}
    try:
        columns = [
            (table.headers.index(header), schema.by_name[name])
            for header, name in mapping.items()
            if name in schema.by_name
            and schema.by_name[name].kind in (CHOICE, CODES)
            and header in table.headers
        ]
        found: dict[str, dict[str, str]] = {f.name: {} for _, f in columns}
        words = {f.name: options.words(f.name) for _, f in columns}
        for count, (_number, cells) in enumerate(table.rows):
            if count >= MAX_ROWS:
                break
            for index, f in columns:
                raw = cells[index] if index < len(cells) else None
                if not isinstance(raw, str) or not raw.strip():
                    continue
                text = raw.strip()
                whole = normalise(text)
                if whole in f.choices or whole in f.blank_words or whole in words[f.name]:
                    continue
                if f.kind == CODES:
                    separator = options.separator(f.name)
                    parts = text.split(separator) if separator else _DEFAULT_SPLIT.split(text)
                else:
                    parts = [text]
                for part in (p.strip() for p in parts):
                    key = normalise(part)
                    if (
                        not part
                        or key in f.choices
                        or key in f.blank_words
                        or key in words[f.name]
                        or key in found[f.name]
                        or len(found[f.name]) >= MAX_VALUES
                    ):
                        continue
                    found[f.name][key] = part
    finally:
        table.close()
    return {name: sorted(values.values()) for name, values in found.items() if values}
