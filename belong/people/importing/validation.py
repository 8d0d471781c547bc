"""Check each row on its own and turn its cells into typed values.

Checks that need the records on file (is this person new? when did their
affiliation start?) are made in :mod:`belong.people.importing.plan`.

Privacy: a self-identification value is never repeated in a problem's
reason; names, ids, codes, dates and unit names may be, because the steward
needs them to find the cell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from belong.core.exports import looks_like_formula
from belong.people import categories as cat
from belong.people.importing import fields as F
from belong.people.importing.mapping import Columns
from belong.people.importing.problems import ProblemLog, column_letter
from belong.people.models import Campus, Unit

BLANK: Any = object()  # a blank cell: "leave what is on record"

_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?[eE]\+?\d+$")
_NEGATIVE = re.compile(r"^-\s*\d+(\.\d+)?$")
_YEAR = re.compile(r"^\d{4}(\.0+)?$")
_SLASH_DATE = re.compile(r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$")
_SPREADSHEET_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)
_SPLIT = re.compile(r"[;|,]")
# Unicode category Cc, exactly: C0 controls, DEL and C1 controls.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_YEARS = (1900, 2100)


@dataclass(slots=True)
class RowData:
    """One valid row, typed: what to make true about one person."""

    row: int
    institutional_id: str
    person: dict[str, str] = field(default_factory=dict)
    # Affiliation kind and the given values (unit_id, campus_id, dates, ...), or None.
    affiliation: dict[str, Any] | None = None
    # Self-identification answers given (codes), or None.
    answers: dict[str, Any] | None = None


@dataclass
class Lookups:
    """Units and campuses by code and by name, loaded once per import."""

    unit_codes: dict[str, int]
    unit_names: dict[str, list[int]]
    campus_codes: dict[str, int]
    campus_names: dict[str, list[int]]

    @classmethod
    def load(cls) -> Lookups:
        unit_codes: dict[str, int] = {}
        unit_names: dict[str, list[int]] = {}
        for pk, code, name in Unit.objects.values_list("pk", "code", "name"):
            unit_codes[code.casefold()] = pk
            unit_names.setdefault(" ".join(name.casefold().split()), []).append(pk)
        campus_codes: dict[str, int] = {}
        campus_names: dict[str, list[int]] = {}
        for pk, code, name in Campus.objects.values_list("pk", "code", "name"):
            campus_codes[code.casefold()] = pk
            campus_names.setdefault(" ".join(name.casefold().split()), []).append(pk)
        return cls(unit_codes, unit_names, campus_codes, campus_names)


class CellProblem(Exception):
    """A problem with one cell: raised by the cell readers, caught and logged by the
    row checker (and by other importers that reuse these readers)."""

    def __init__(self, reason: str, code: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


def _shown(value: str, limit: int = 40) -> str:
    text = value if len(value) <= limit else value[: limit - 1] + "…"
    return f"“{text}”"


def _plain_text(f: F.ImportField, raw: Any) -> Any:
    """A cell as stripped text (BLANK when empty), or CellProblem for a type that cannot be text."""
    if raw is None:
        return BLANK
    if isinstance(raw, bool):
        if f.kind == "choice" and "yes" in f.choices.values():
            return "yes" if raw else "no"
        raise CellProblem("is a TRUE/FALSE cell, not text.", "wrong_cell_type")
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        if raw.is_integer():
            return str(int(raw))
        if f.kind in ("id",):
            raise CellProblem("is a number with decimals; ids are text.", "wrong_cell_type")
        return repr(raw)
    if isinstance(raw, dt.datetime | dt.date | dt.time):
        raise CellProblem(
            "is a date or time in the spreadsheet, not text; format the column as Text.",
            "wrong_cell_type",
        )
    text = str(raw).strip()
    return text or BLANK


def _check_text(f: F.ImportField, text: str) -> None:
    if text in _SPREADSHEET_ERRORS:
        raise CellProblem(
            f"is the spreadsheet error {text}: a formula failed where the file was made.",
            "wrong_cell_type",
        )
    if f.kind == "year" and _NEGATIVE.match(text):
        raise CellProblem("is a negative number; a class year is like 2027.", "negative_number")
    if looks_like_formula(text):
        raise CellProblem(
            f"starts with “{text[0]}”, so a spreadsheet would run it as a formula. Remove "
            "that first character (or the formula) and export again.",
            "formula",
        )
    control = _CONTROL.search(text)
    if control is not None:
        raise CellProblem(
            f"contains a control character (U+{ord(control.group()):04X}), such as a line "
            "break inside the cell.",
            "control_character",
        )
    if f.max_length is not None and len(text) > f.max_length:
        raise CellProblem(
            f"is {len(text):,} characters long; at most {f.max_length:,} fit.", "too_long"
        )


def _date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        value = raw.date()
    elif isinstance(raw, dt.date):
        value = raw
    elif isinstance(raw, bool):
        raise CellProblem("is a TRUE/FALSE cell, not a date.", "wrong_cell_type")
    elif isinstance(raw, int | float):
        raise CellProblem(
            f"is the number {raw:g}, not a date. Format the column as a date, or write dates "
            "as YYYY-MM-DD (for example 2024-07-01).",
            "bad_date",
        )
    else:
        text = str(raw).strip()
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            try:
                value = dt.datetime.fromisoformat(text).date()
            except ValueError:
                if _SLASH_DATE.match(text):
                    raise CellProblem(
                        f"{_shown(text)} is ambiguous (day and month could be either way "
                        "round); write dates as YYYY-MM-DD, for example 2024-07-01.",
                        "bad_date",
                    ) from None
                raise CellProblem(
                    f"{_shown(text)} is not a date; write dates as YYYY-MM-DD, for example "
                    "2024-07-01.",
                    "bad_date",
                ) from None
    if not _YEARS[0] <= value.year <= _YEARS[1]:
        raise CellProblem(f"{value.isoformat()} is outside {_YEARS[0]}–{_YEARS[1]}.", "bad_date")
    return value


def _year(raw: Any) -> int:
    if isinstance(raw, bool):
        raise CellProblem("is a TRUE/FALSE cell, not a year.", "wrong_cell_type")
    if isinstance(raw, dt.datetime | dt.date | dt.time):
        raise CellProblem(
            "is a date in the spreadsheet; write the class year alone, like 2027.",
            "wrong_cell_type",
        )
    if isinstance(raw, int | float):
        if raw < 0:
            raise CellProblem("is a negative number; a class year is like 2027.", "negative_number")
        if not float(raw).is_integer():
            raise CellProblem(f"{raw:g} is not a year like 2027.", "bad_year")
        value = int(raw)
    else:
        text = str(raw).strip()
        if not _YEAR.match(text):
            raise CellProblem(f"{_shown(text)} is not a year like 2027.", "bad_year")
        value = int(float(text))
    if not _YEARS[0] <= value <= _YEARS[1]:
        raise CellProblem(f"{value} is outside {_YEARS[0]}–{_YEARS[1]}.", "bad_year")
    return value


def _choice(f: F.ImportField, text: str) -> str | None:
    """A code from a code or a label; None for a registrar's "unknown"."""
    key = F.normalise(text)
    if f.sensitive and key in F.NO_ANSWER_WORDS:
        return None
    code = f.choices.get(key)
    if code is not None:
        return code
    allowed = ", ".join(f.allowed)
    if f.sensitive:
        raise CellProblem(
            f"is not a known answer to {f.label.lower()}; allowed: {allowed} (or their labels).",
            "unknown_category",
        )
    raise CellProblem(
        f"{_shown(text)} is not a known {f.label.lower()}; allowed: {allowed} (or their labels).",
        "unknown_choice",
    )


def _codes(f: F.ImportField, text: str) -> list[str] | None:
    if F.normalise(text) in F.NO_ANSWER_WORDS:
        return None
    parts = [p for p in (s.strip() for s in _SPLIT.split(text)) if p]
    codes: list[str] = []
    for position, part in enumerate(parts, start=1):
        code = f.choices.get(F.normalise(part))
        if code is None:
            where = f" (answer {position} of {len(parts)})" if len(parts) > 1 else ""
            raise CellProblem(
                f"holds an answer that is not a {f.label.lower()} code{where}; allowed: "
                f"{', '.join(f.allowed)}, separated by “;”.",
                "unknown_category",
            )
        if code not in codes:
            codes.append(code)
    if cat.PREFER_NOT in codes and len(codes) > 1:
        raise CellProblem(
            "combines “prefer not to answer” with categories; choose one or the other.",
            "contradiction",
        )
    return codes or None


def _lookup(text: str, codes: Mapping[str, int], names: Mapping[str, list[int]], what: str) -> int:
    key = text.casefold()
    if key in codes:
        return codes[key]
    found = names.get(" ".join(key.split()), [])
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise CellProblem(
            f"{len(found)} {what}s are named {_shown(text)}; use the {what}'s code instead.",
            "ambiguous_unit",
        )
    raise CellProblem(
        f"No {what} has the code or name {_shown(text)}.",
        "unknown_unit" if what == "unit" else "unknown_campus",
    )


class RowChecker:
    """Checks rows against the mapping and the units on file; logs every problem."""

    def __init__(
        self, columns: Columns, lookups: Lookups, log: ProblemLog, *, strict_width: bool = True
    ) -> None:
        self.columns = columns
        # CSV: a value beyond the last header means the row's cells have shifted
        # (an unquoted comma), so it is a problem. A workbook's cells cannot
        # shift: a stray value there is only noted, like any column without a header.
        self.strict_width = strict_width
        self.stray: set[int] = set()
        self.lookups = lookups
        self.log = log
        self.seen: dict[str, int] = {}
        self.mapped = [
            (F.BY_NAME[name], index, columns.headers[index], column_letter(index))
            for name, index in sorted(columns.index.items(), key=lambda item: item[1])
        ]
        self.width = len(columns.headers)

    def _problem(self, row: int, name: str, reason: str, code: str) -> None:
        self.log.add(row, self.columns.header(name), self.columns.letter(name), reason, code)

    def value(self, f: F.ImportField, raw: Any) -> Any:
        """One cell → its typed value or BLANK; raises CellProblem."""
        if f.kind == "date":
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                return BLANK
            if isinstance(raw, str):
                _check_text(f, raw.strip())
            return _date(raw)
        if f.kind == "year":
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                return BLANK
            if isinstance(raw, str):
                _check_text(f, raw.strip())
            return _year(raw)
        text = _plain_text(f, raw)
        if text is BLANK:
            return BLANK
        _check_text(f, text)
        if f.kind == "id":
            if _SCIENTIFIC.match(text):
                raise CellProblem(
                    f"{_shown(text)} looks like a number a spreadsheet shortened to scientific "
                    "notation, which loses digits. Format the column as Text and export again.",
                    "id_mangled",
                )
            return text
        if f.kind == "email":
            try:
                validate_email(text)
            except ValidationError:
                raise CellProblem(
                    f"{_shown(text)} is not an e-mail address.", "bad_email"
                ) from None
            return text
        if f.kind == "choice":
            code = _choice(f, text)
            return BLANK if code is None else code
        if f.kind == "codes":
            codes = _codes(f, text)
            return BLANK if codes is None else codes
        if f.kind == "unit":
            return _lookup(text, self.lookups.unit_codes, self.lookups.unit_names, "unit")
        if f.kind == "campus":
            return _lookup(text, self.lookups.campus_codes, self.lookups.campus_names, "campus")
        return text

    def check(self, row: int, cells: list[Any]) -> RowData | None:
        """The row's typed values, or None if it has a problem (all of them logged)."""
        ok = True
        values: dict[str, Any] = {}
        failed: set[str] = set()
        for f, index, header, letter in self.mapped:
            raw = cells[index] if index < len(cells) else None
            try:
                value = self.value(f, raw)
            except CellProblem as problem:
                self.log.add(row, header, letter, _sentence(problem.reason), problem.code)
                failed.add(f.name)
                continue
            if value is not BLANK:
                values[f.name] = value
        ok = not failed
        if len(cells) > self.width:
            extra = [i for i in range(self.width, len(cells)) if _filled(cells[i])]
            if extra and not self.strict_width:
                self.stray.update(extra)
            elif extra:
                self.log.add(
                    row,
                    "",
                    column_letter(extra[0]),
                    f"This row has a value in column {column_letter(extra[0])}, beyond the "
                    f"last header (column {column_letter(self.width - 1)}); a comma inside an "
                    "unquoted cell often causes this.",
                    "ragged_row",
                )
                ok = False
        ident = values.get("institutional_id")
        if ident is None:
            if "institutional_id" not in failed:
                self._problem(
                    row,
                    "institutional_id",
                    "The institutional id is blank; every row needs one.",
                    "required",
                )
            ok = False
        else:
            first = self.seen.get(ident)
            if first is not None:
                self._problem(
                    row,
                    "institutional_id",
                    f"The institutional id {_shown(ident)} is also on row {first}; each person "
                    "may have only one row.",
                    "duplicate_id",
                )
                ok = False
            else:
                self.seen[ident] = row
        affiliation = {k: values[k] for k in F.AFFILIATION_FIELDS if k in values}
        if (
            affiliation
            and "affiliation_kind" not in affiliation
            and "affiliation_kind" not in failed
        ):
            given = ", ".join(F.BY_NAME[k].label.lower() for k in affiliation)
            self._problem(
                row,
                "affiliation_kind",
                f"The row has affiliation details ({given}) but no affiliation kind; say which "
                "kind (student, faculty...).",
                "affiliation_without_kind",
            )
            ok = False
        start, end = affiliation.get("start_date"), affiliation.get("end_date")
        if start is not None and end is not None and end < start:
            self._problem(
                row,
                "end_date",
                f"The end date {end.isoformat()} is before the start date {start.isoformat()}.",
                "dates_out_of_order",
            )
            ok = False
        if not ok:
            return None
        assert ident is not None
        answers = {k: values[k] for k in F.SELF_ID_FIELDS if k in values}
        if cat.PREFER_NOT in answers.get("race", ()) and answers.get("race_detailed"):
            self._problem(
                row,
                "race",
                "This cell combines “prefer not to answer” with a detailed category; choose "
                "one or the other.",
                "contradiction",
            )
            return None
        if "race" in answers:
            # Detailed codes given in the race column belong with the detailed answer.
            detailed = [c for c in answers["race"] if c in cat.DETAILED_TO_MINIMUM]
            if detailed:
                answers["race"] = [c for c in answers["race"] if c not in detailed]
                answers["race_detailed"] = sorted(
                    set(answers.get("race_detailed", [])) | set(detailed)
                )
        return RowData(
            row=row,
            institutional_id=ident,
            person={
                k: values[k] for k in F.PERSON_FIELDS if k in values and k != "institutional_id"
            },
            affiliation=affiliation or None,
            answers=answers or None,
        )


def _sentence(reason: str) -> str:
    """ "is not a date" → "This cell is not a date"; whole sentences stay as they are."""
    return "This cell " + reason if reason[:1].islower() else reason


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())
