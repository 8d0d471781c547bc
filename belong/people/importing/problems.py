"""Problems found in an import file: where (row, column) and why, never the sensitive value.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first
person row 2. A problem with no row concerns the whole file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

ERROR = "error"
NOTE = "note"

# Problem codes and what each means, for the grouped report and the operator guide.
KINDS: dict[str, str] = {
    "empty_file": "The file is empty",
    "not_a_table": "Not a CSV or Excel (.xlsx) file",
    "unreadable_workbook": "The workbook cannot be read",
    "encoding": "Not UTF-8 text",
    "damaged_csv": "The CSV cannot be read",
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
    "unknown_unit": "Unknown unit",
    "ambiguous_unit": "A name shared by several units",
    "unknown_campus": "Unknown campus",
    "unknown_choice": "Not a known code",
    "unknown_category": "Not a known self-identification answer",
    "contradiction": "Answers that contradict each other",
    "dates_out_of_order": "Ends before it starts",
    "duplicate_id": "The same institutional id on two rows",
    "new_person_without_name": "A new person without a legal name",
    "affiliation_without_kind": "Affiliation details without a kind",
    "new_affiliation_without_unit": "A new affiliation without a unit",
    "end_before_record_start": "Ends before the affiliation on record starts",
    "changed_during_import": "The records changed while the import ran",
    # Notes: worth knowing, not a reason to refuse the file.
    "several_sheets": "Only the first sheet was read",
    "ignored_columns": "Columns not imported",
    "delimiter": "How the columns are separated",
    "format": "How the file was read",
    "own_answers_kept": "Answers people gave themselves were kept",
    "changes": "What the import changes",
    "more_problems": "Further problems not listed one by one",
}


def register_kinds(kinds: dict[str, str]) -> None:
    """Add the problem kinds of another importer that reuses this machinery
    (the stage-event import), so its problems are grouped and labelled alike."""
    for code, label in kinds.items():
        KINDS.setdefault(code, label)


def column_letter(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA": the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    letter: str
    reason: str
    code: str
    level: str = ERROR

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "letter": self.letter,
            "reason": self.reason,
            "code": self.code,
            "level": self.level,
        }

    @property
    def where(self) -> str:
        place = f"row {self.row}" if self.row else "the file"
        if self.column:
            place += f", column “{self.column}”"
            if self.letter:
                place += f" ({self.letter})"
        elif self.letter:
            place += f", column {self.letter}"
        return place

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


class ProblemLog:
    """Every problem, counted; the first ``limit`` kept one by one.

    A file of garbage can hold millions of problems; the count and the
    per-column summary stay complete while memory stays bounded.
    """

    def __init__(self, limit: int = 20_000) -> None:
        self.limit = limit
        self.errors: list[Problem] = []
        self.notes: list[Problem] = []
        self.error_count = 0
        self.groups: Counter[tuple[str, str]] = Counter()

    def add(self, row: int | None, column: str, letter: str, reason: str, code: str) -> None:
        if code not in KINDS:
            raise ValueError(f"unknown problem code {code!r}")
        self.error_count += 1
        self.groups[(column, code)] += 1
        if len(self.errors) < self.limit:
            self.errors.append(Problem(row, column, letter, reason, code))

    def note(self, reason: str, code: str, *, row: int | None = None, column: str = "") -> None:
        if code not in KINDS:
            raise ValueError(f"unknown problem code {code!r}")
        self.notes.append(Problem(row, column, "", reason, code, level="note"))

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def truncated(self) -> int:
        return self.error_count - len(self.errors)

    def sorted_errors(self) -> list[Problem]:
        return sorted(self.errors, key=lambda p: (p.row or 0, p.letter.rjust(3), p.code))

    def as_records(self) -> list[dict[str, Any]]:
        """For ``ImportRun.problems``: errors in row order, then notes."""
        records = [p.as_dict() for p in self.sorted_errors()]
        if self.truncated:
            listed = Counter((p.column, p.code) for p in self.errors)
            for (column, code), count in sorted(self.groups.items()):
                missing = count - listed[(column, code)]
                if missing:
                    where = f" in “{column}”" if column else ""
                    self.notes.append(
                        Problem(
                            None,
                            column,
                            "",
                            f"{missing:,} more of “{KINDS[code]}”{where}",
                            "more_problems",
                            level="note",
                        )
                    )
        records.extend(p.as_dict() for p in self.notes)
        return records


def grouped(records: Iterable[dict[str, Any]], *, rows_shown: int = 12) -> list[dict[str, Any]]:
    """Errors grouped by column and kind, with counts and the first rows, for the report."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for record in records:
        if record.get("level") != ERROR:
            continue
        key = (record.get("column", ""), record.get("code", ""))
        group = groups.setdefault(
            key,
            {
                "column": key[0],
                "code": key[1],
                "kind": KINDS.get(key[1], key[1]),
                "count": 0,
                "rows": [],
            },
        )
        group["count"] += 1
        if record.get("row") and len(group["rows"]) < rows_shown:
            group["rows"].append(record["row"])
    return sorted(groups.values(), key=lambda g: (-g["count"], g["column"], g["code"]))
