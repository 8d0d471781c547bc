"""Read one cell as its field says: typed value, BLANK, or a :class:`CellProblem`.

Privacy: a sensitive field's value is never repeated in a problem's reason;
names, ids, codes, dates and unit names may be, because the person fixing the
file needs them to find the cell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from belong.core.exports import looks_like_formula
from belong.importing import fields as F

BLANK: Any = object()  # a blank cell: "leave what is on record"

# Importer-supplied readers for the kinds the engine does not know: text → value,
# raising CellProblem (a unit by its code or name, a campus...).
Lookups = Mapping[str, Callable[[str], Any]]

_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?[eE]\+?\d+$")
_NEGATIVE = re.compile(r"^-\s*\d+(\.\d+)?$")
_YEAR = re.compile(r"^\d{4}(\.0+)?$")
_SLASH_DATE = re.compile(r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$")
_SPREADSHEET_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)
# Answers are separated by “;” or “|” unless the import states its own separator.
# Never by a comma by default: labels such as “Hispanic, Latino, or of Spanish
# Origin” hold commas.
_SPLIT = re.compile(r"[;|]")
# Unicode category Cc, exactly: C0 controls, DEL and C1 controls.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# The same, less tab, line feed and carriage return (allowed in multiline text).
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
YEARS = (1900, 2100)


class CellProblem(Exception):
    """A problem with one cell: raised by the cell readers, caught and logged by the
    importer's row checker with the row and column."""

    def __init__(self, reason: str, code: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


def shown(value: str, limit: int = 40) -> str:
    """A value from the file, quoted and shortened, for a reason."""
    text = value if len(value) <= limit else value[: limit - 1] + "…"
    return f"“{text}”"


def sentence(reason: str) -> str:
    """ "is not a date" → "This cell is not a date"; whole sentences stay as they are."""
    return "This cell " + reason if reason[:1].islower() else reason


def filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _plain_text(f: F.Field, raw: Any) -> Any:
    """A cell as stripped text (BLANK when empty), or CellProblem for a type that cannot be text."""
    if raw is None:
        return BLANK
    if isinstance(raw, bool):
        if f.kind == F.CHOICE and "yes" in f.choices.values():
            return "yes" if raw else "no"
        raise CellProblem("is a TRUE/FALSE cell, not text.", "wrong_cell_type")
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        if raw.is_integer():
            return str(int(raw))
        if f.kind == F.ID:
            raise CellProblem("is a number with decimals; ids are text.", "wrong_cell_type")
        return repr(raw)
    if isinstance(raw, dt.datetime | dt.date | dt.time):
        raise CellProblem(
            "is a date or time in the spreadsheet, not text; format the column as Text.",
            "wrong_cell_type",
        )
    text = str(raw).strip()
    return text or BLANK


def check_text(f: F.Field, text: str) -> None:
    """The checks every text cell passes: no formula, no control character, not too long."""
    if text in _SPREADSHEET_ERRORS:
        raise CellProblem(
            f"is the spreadsheet error {text}: a formula failed where the file was made.",
            "wrong_cell_type",
        )
    if f.kind == F.YEAR and _NEGATIVE.match(text):
        raise CellProblem("is a negative number; a class year is like 2027.", "negative_number")
    if f.refuse_formulas and looks_like_formula(text):
        raise CellProblem(
            f"starts with “{text[0]}”, so a spreadsheet would run it as a formula. Remove "
            "that first character (or the formula) and export again.",
            "formula",
        )
    control = (_CONTROL_MULTILINE if f.multiline else _CONTROL).search(text)
    if control is not None:
        name = "a NUL byte" if control.group() == "\x00" else "a control character"
        raise CellProblem(
            f"contains {name} (U+{ord(control.group()):04X})"
            + ("." if f.multiline else ", such as a line break inside the cell."),
            "control_character",
        )
    if f.max_length is not None and len(text) > f.max_length:
        raise CellProblem(
            f"is {len(text):,} characters long; at most {f.max_length:,} fit.", "too_long"
        )


def read_date(raw: Any) -> dt.date:
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
                        f"{shown(text)} is ambiguous (day and month could be either way "
                        "round); write dates as YYYY-MM-DD, for example 2024-07-01.",
                        "bad_date",
                    ) from None
                raise CellProblem(
                    f"{shown(text)} is not a date; write dates as YYYY-MM-DD, for example "
                    "2024-07-01.",
                    "bad_date",
                ) from None
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise CellProblem(f"{value.isoformat()} is outside {YEARS[0]}–{YEARS[1]}.", "bad_date")
    return value


def read_year(raw: Any) -> int:
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
            raise CellProblem(f"{shown(text)} is not a year like 2027.", "bad_year")
        value = int(float(text))
    if not YEARS[0] <= value <= YEARS[1]:
        raise CellProblem(f"{value} is outside {YEARS[0]}–{YEARS[1]}.", "bad_year")
    return value


def read_choice(f: F.Field, text: str, words: Mapping[str, str] | None = None) -> str | None:
    """A code from a code or a label; None for a word the field reads as blank.

    ``words`` (normalised file value → code, "" for blank) is the import's own
    value mapping, tried first.
    """
    key = F.normalise(text)
    if words and key in words:
        return words[key] or None
    if key in f.blank_words:
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
        f"{shown(text)} is not a known {f.label.lower()}; allowed: {allowed} (or their labels).",
        "unknown_choice",
    )


def read_codes(
    f: F.Field,
    text: str,
    *,
    separator: str | None = None,
    words: Mapping[str, str] | None = None,
) -> list[str] | None:
    """Several codes separated by ``separator`` (default “;” or “|”); None for a blank word.

    A whole cell that is one known label (“Hispanic, Latino, or of Spanish
    Origin”) is one answer whatever the separator. ``words`` is the import's own
    value mapping (normalised file value → code, "" for no answer), tried first.
    """
    words = words or {}
    whole = F.normalise(text)
    if whole in f.blank_words and whole not in words:
        return None
    if whole in words or whole in f.choices:
        parts = [text.strip()]
    elif separator:
        parts = [p for p in (s.strip() for s in text.split(separator)) if p]
    else:
        parts = [p for p in (s.strip() for s in _SPLIT.split(text)) if p]
    codes: list[str] = []
    shown_separator = separator or ";"
    for position, part in enumerate(parts, start=1):
        key = F.normalise(part)
        code = words[key] if key in words else f.choices.get(key)
        if code == "" or (code is None and key in f.blank_words):
            continue  # read as no answer (the import's value mapping, or "Unknown")
        if code is None:
            where = f" (answer {position} of {len(parts)})" if len(parts) > 1 else ""
            value = "" if f.sensitive else f" {shown(part)}"
            raise CellProblem(
                f"holds an answer{value} that is not a {f.label.lower()} code{where}; allowed: "
                f"{', '.join(f.allowed)} (or their labels), separated by “{shown_separator}”. "
                "A value of your own can be given a meaning in the mapping's values.",
                "unknown_category" if f.sensitive else "unknown_choice",
            )
        if code not in codes:
            codes.append(code)
    exclusive = [c for c in codes if c in f.exclusive]
    if exclusive and len(codes) > 1:
        raise CellProblem(
            f"combines “{exclusive[0]}”, which stands alone, with other answers; choose one "
            "or the other.",
            "contradiction",
        )
    return codes or None


def read_cell(
    f: F.Field,
    raw: Any,
    lookups: Lookups | None = None,
    *,
    separator: str | None = None,
    words: Mapping[str, str] | None = None,
) -> Any:
    """One cell → its typed value or BLANK; raises CellProblem.

    ``separator`` and ``words`` are the import's options for this field
    (:mod:`belong.importing.options`).
    """
    if f.kind in (F.DATE, F.YEAR):
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return BLANK
        if isinstance(raw, str):
            check_text(f, raw.strip())
        return read_date(raw) if f.kind == F.DATE else read_year(raw)
    text = _plain_text(f, raw)
    if text is BLANK:
        return BLANK
    check_text(f, text)
    if f.kind == F.ID:
        if _SCIENTIFIC.match(text):
            raise CellProblem(
                f"{shown(text)} looks like a number a spreadsheet shortened to scientific "
                "notation, which loses digits. Format the column as Text and export again.",
                "id_mangled",
            )
        return text
    if f.kind == F.EMAIL:
        try:
            validate_email(text)
        except ValidationError:
            raise CellProblem(f"{shown(text)} is not an e-mail address.", "bad_email") from None
        return text
    if f.kind == F.CHOICE:
        code = read_choice(f, text, words)
        return BLANK if code is None else code
    if f.kind == F.CODES:
        codes = read_codes(f, text, separator=separator, words=words)
        return BLANK if codes is None else codes
    if f.kind == F.TEXT:
        return text
    lookup = (lookups or {}).get(f.kind)
    if lookup is None:
        raise ValueError(f"no lookup for the field kind {f.kind!r} of {f.name!r}")
    return lookup(text)
