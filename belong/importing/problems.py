"""Problems found in an import file: where and why, never the sensitive value.

A problem is placed in one of two ways:

* **by row and column**, for tables (CSV, Excel): rows are numbered as a
  spreadsheet shows them (the header is row 1, the first data row 2), columns
  by their header and letter;
* **by JSON path**, for documents (Open Referral HSDS JSON and the like):
  ``$.services[3].name``, as :func:`json_path` writes it.

A problem with neither concerns the whole file.

The kinds of problem are a catalogue per importer: :data:`COMMON_KINDS` are the
engine's own (reading, mapping and typing cells); an importer adds the kinds
only it reports and hands the union to its :class:`ProblemLog`. Nothing is
registered globally, so two importers never see each other's kinds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

ERROR = "error"
NOTE = "note"

Kinds = Mapping[str, str]

# Problem codes and what each means, for the grouped report and the operator guide.
COMMON_KINDS: Kinds = MappingProxyType(
    {
        "empty_file": "The file is empty",
        "not_a_table": "Not a CSV or Excel (.xlsx) file",
        "unreadable_workbook": "The workbook cannot be read",
        "too_large": "Too large once unpacked",
        "encoding": "Not UTF-8 text",
        "damaged_csv": "The CSV cannot be read",
        "damaged_json": "The JSON cannot be read",
        "schema": "Not what the format allows",
        "no_header": "No header row",
        "duplicate_header": "Two columns with the same header",
        "no_rows": "No rows after the header",
        "too_many_rows": "Too many rows",
        "missing_column": "A required column is missing",
        "mapping": "The column mapping is not usable",
        "ragged_row": "More cells than the header has columns",
        "required": "A required value is blank",
        "formula": "Looks like a spreadsheet formula",
        "negative_number": "A negative number",
        "too_long": "Too long",
        "control_character": "Contains a control character",
        "wrong_cell_type": "The spreadsheet cell has the wrong type",
        "bad_date": "Not a date",
        "bad_year": "Not a year",
        "bad_email": "Not an e-mail address",
        "id_mangled": "An id a spreadsheet has reformatted",
        "unknown_choice": "Not a known code",
        "unknown_category": "Not one of the allowed answers",
        "contradiction": "Answers that contradict each other",
        "duplicate_key": "The same key on two rows",
        "changed_during_import": "The records changed while the import ran",
        "failed": "The import stopped on an unexpected error",
        # Notes: worth knowing, not a reason to refuse the file.
        "several_sheets": "Only the first sheet was read",
        "ignored_columns": "Columns not imported",
        "delimiter": "How the columns are separated",
        "format": "How the file was read",
        "changes": "What the import changes",
        "more_problems": "Further problems not listed one by one",
    }
)


def kinds(*catalogues: Kinds) -> Kinds:
    """The engine's kinds with an importer's own on top (read-only)."""
    merged: dict[str, str] = dict(COMMON_KINDS)
    for catalogue in catalogues:
        merged.update(catalogue)
    return MappingProxyType(merged)


def column_letter(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA": the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def json_path(parts: Sequence[str | int]) -> str:
    """``["services", 3, "name"]`` → ``$.services[3].name`` (JSONPath, as RFC 9535 writes it).

    A key that is not a plain identifier is quoted: ``$['service areas'][0]``.
    """
    text = "$"
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _IDENTIFIER.match(part):
            text += f".{part}"
        else:
            escaped = part.replace("\\", "\\\\").replace("'", "\\'")
            text += f"['{escaped}']"
    return text


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    letter: str
    reason: str
    code: str
    level: str = ERROR
    # A JSON path (``$.services[3].name``) for a problem in a document; "" in a table.
    path: str = ""

    def as_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "row": self.row,
            "column": self.column,
            "letter": self.letter,
            "reason": self.reason,
            "code": self.code,
            "level": self.level,
        }
        if self.path:
            record["path"] = self.path
        return record

    @property
    def where(self) -> str:
        return where(self.as_dict())

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


def where(record: Mapping[str, Any]) -> str:
    """Where a stored problem is, in words: “row 4, column “Dept” (D)”, “$.services[3].name”
    or “the file”. The same words on the page, in the CLI and in the problems CSV."""
    path = record.get("path") or ""
    if path:
        return str(path)
    row, column, letter = record.get("row"), record.get("column") or "", record.get("letter") or ""
    place = f"row {row}" if row else "the file"
    if column:
        place += f", column “{column}”"
        if letter:
            place += f" ({letter})"
    elif letter:
        place += f", column {letter}"
    return place


class ProblemLog:
    """Every problem, counted; the first ``limit`` kept one by one.

    A file of garbage can hold millions of problems; the count and the
    per-column summary stay complete while memory stays bounded. ``kinds`` is
    the importer's catalogue: a code outside it is a programming error.
    """

    def __init__(self, kinds: Kinds = COMMON_KINDS, limit: int = 20_000) -> None:
        self.kinds = kinds
        self.limit = limit
        self.errors: list[Problem] = []
        self.notes: list[Problem] = []
        self.error_count = 0
        self.groups: Counter[tuple[str, str]] = Counter()

    def _known(self, code: str) -> None:
        if code not in self.kinds:
            raise ValueError(f"unknown problem code {code!r}")

    def add(self, row: int | None, column: str, letter: str, reason: str, code: str) -> None:
        """A problem in a table (or, with no row and no column, in the whole file)."""
        self._known(code)
        self.error_count += 1
        self.groups[(column, code)] += 1
        if len(self.errors) < self.limit:
            self.errors.append(Problem(row, column, letter, reason, code))

    def add_at(self, path: Sequence[str | int] | str, reason: str, code: str) -> None:
        """A problem in a JSON document, at ``path`` (parts, or a path already written)."""
        self._known(code)
        text = path if isinstance(path, str) else json_path(path)
        self.error_count += 1
        self.groups[(_path_pattern(text), code)] += 1
        if len(self.errors) < self.limit:
            self.errors.append(Problem(None, "", "", reason, code, path=text))

    def note(self, reason: str, code: str, *, row: int | None = None, column: str = "") -> None:
        self._known(code)
        self.notes.append(Problem(row, column, "", reason, code, level=NOTE))

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def truncated(self) -> int:
        return self.error_count - len(self.errors)

    def sorted_errors(self) -> list[Problem]:
        # Table problems by row and column, then document problems in the order found.
        return sorted(
            self.errors,
            key=lambda p: (
                (0, p.row or 0, p.letter.rjust(3), p.code) if not p.path else (1, 0, "", "")
            ),
        )

    def as_records(self) -> list[dict[str, Any]]:
        """For ``ImportRun.problems``: errors in row order, then notes."""
        records = [p.as_dict() for p in self.sorted_errors()]
        if self.truncated:
            listed = Counter(
                (_path_pattern(p.path) if p.path else p.column, p.code) for p in self.errors
            )
            for (column, code), count in sorted(self.groups.items()):
                missing = count - listed[(column, code)]
                if missing:
                    within = f" in “{column}”" if column else ""
                    self.notes.append(
                        Problem(
                            None,
                            column,
                            "",
                            f"{missing:,} more of “{self.kinds[code]}”{within}",
                            "more_problems",
                            level=NOTE,
                        )
                    )
        records.extend(p.as_dict() for p in self.notes)
        return records


_INDEX = re.compile(r"\[\d+\]")


def _path_pattern(path: str) -> str:
    """``$.services[3].name`` → ``$.services[*].name``: the “column” of a document."""
    return _INDEX.sub("[*]", path)


def grouped(
    records: Iterable[dict[str, Any]], kinds: Kinds = COMMON_KINDS, *, rows_shown: int = 12
) -> list[dict[str, Any]]:
    """Errors grouped by column (or path pattern) and kind, with counts and the first
    rows (or paths), for the report."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for record in records:
        if record.get("level") != ERROR:
            continue
        path = record.get("path") or ""
        key = (_path_pattern(path) if path else record.get("column", ""), record.get("code", ""))
        group = groups.setdefault(
            key,
            {
                "column": key[0],
                "code": key[1],
                "kind": kinds.get(key[1], key[1]),
                "count": 0,
                "rows": [],
                "paths": [],
            },
        )
        group["count"] += 1
        if path:
            if len(group["paths"]) < rows_shown:
                group["paths"].append(path)
        elif record.get("row") and len(group["rows"]) < rows_shown:
            group["rows"].append(record["row"])
    return sorted(groups.values(), key=lambda g: (-g["count"], g["column"], g["code"]))


PROBLEMS_CSV_HEADER = [
    "Type",
    "Row",
    "Column letter",
    "Column",
    "JSON path",
    "Kind of problem",
    "What to do",
]


def problems_csv_rows(records: Iterable[dict[str, Any]], kinds: Kinds) -> list[tuple[Any, ...]]:
    """A run's problems as rows of the downloadable CSV (see :data:`PROBLEMS_CSV_HEADER`)."""
    return [
        (
            "problem" if p.get("level") == ERROR else "note",
            p.get("row") or "",
            p.get("letter", ""),
            p.get("column", ""),
            p.get("path", ""),
            kinds.get(p.get("code", ""), ""),
            p.get("reason", ""),
        )
        for p in records
    ]
