"""Safe CSV and Excel writers: no cell that Belong writes is run by a spreadsheet.

A text cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
carriage return, which some spreadsheets skip before looking) is read by
Excel, LibreOffice and Google Sheets as a formula, and a formula can fetch a
web address or start a program ("CSV injection"). Names, titles and free text
come from people and imports, so every export goes through here.

* CSV: such a cell gets a leading apostrophe (``'=1+1``), which every
  spreadsheet shows as text; every cell is quoted. The file is UTF-8 with a
  byte-order mark, so that Excel reads accented names correctly.
* XLSX: text is always written as a string cell, never a formula; a text cell
  that looks like a formula is also marked "quote prefix", so that editing it
  in Excel does not turn it into one. Its value is unchanged.

Numbers, dates and booleans keep their types (a number cannot run); ``None``
is an empty cell; anything else is written as its text.

Use::

    from belong.core import exports

    return exports.csv_response(rows, header=["Unit", "Count"], filename="counts.csv")
    return exports.xlsx_response(rows, header=[...], filename="counts.xlsx", sheet="Counts")
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# Characters that make a spreadsheet treat the rest of a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Full-width forms some spreadsheets fold to their ASCII twins.
_LOOKALIKES = ("\uff1d", "\uff0b", "\uff0d", "\uff20")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

_SAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")

Cell = Any


def looks_like_formula(value: object) -> bool:
    """Whether a spreadsheet could execute this text if it were written as is."""
    if not isinstance(value, str) or not value:
        return False
    # Leading spaces are skipped by some spreadsheets before they look.
    first = value.lstrip(" ")[:1]
    return first in FORMULA_TRIGGERS or first in _LOOKALIKES


def neutralise_formula(value: Any) -> Any:
    """Return ``value`` so that no spreadsheet executes it.

    Text that could be a formula gets a leading apostrophe; other values are
    returned unchanged (numbers, dates and ``None`` cannot execute).
    """
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def _text(value: Any) -> Any:
    """Plain Python values for a cell: keep numbers, dates, booleans; text otherwise."""
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date | dt.time):
        return value
    return str(value)


def _csv_cell(value: Any) -> str:
    value = _text(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise_formula(value)
    return str(value)


def write_csv(rows: Iterable[Sequence[Any]], header: Sequence[str] | None = None) -> bytes:
    """The rows (and a header row first, if given) as UTF-8 CSV bytes, safe to open."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    if header is not None:
        writer.writerow([_csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def _xlsx_cell(sheet: Any, value: Any) -> Cell:
    value = _text(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # Excel has no time zones; write the wall-clock time where it happened.
        value = value.replace(tzinfo=None)
    if isinstance(value, str):
        # openpyxl refuses control characters that XML cannot hold.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell = WriteOnlyCell(sheet, value=value)
        # openpyxl makes any text starting with "=" a formula; force a string.
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
        return cell
    return WriteOnlyCell(sheet, value=value)


def write_xlsx(
    rows: Iterable[Sequence[Any]],
    header: Sequence[str] | None = None,
    *,
    sheet: str = "Data",
) -> bytes:
    """The rows as an Excel workbook (one sheet), every text cell a string, never a formula."""
    return write_xlsx_sheets([(sheet, header, rows)])


def write_xlsx_sheets(
    sheets: Sequence[tuple[str, Sequence[str] | None, Iterable[Sequence[Any]]]],
) -> bytes:
    """Several sheets in one workbook: ``(title, header or None, rows)`` each.

    Titles are cut to Excel's limits; a title used twice gets a number.
    """
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for title, header, rows in sheets:
        name = _sheet_title(title)
        n = 2
        while name.lower() in used:
            suffix = f" {n}"
            name = _sheet_title(title)[: 31 - len(suffix)] + suffix
            n += 1
        used.add(name.lower())
        worksheet = workbook.create_sheet(title=name)
        if header is not None:
            worksheet.append([_xlsx_cell(worksheet, h) for h in header])
        for row in rows:
            worksheet.append([_xlsx_cell(worksheet, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    # Excel's limits: 31 characters, none of []:*?/\ ; and it must not be blank.
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31]
    return cleaned or "Data"


def safe_filename(filename: str, default: str = "export") -> str:
    """A download name with no path, quotes or header-breaking characters."""
    name = _SAFE_FILENAME.sub("-", filename.rsplit("/", 1)[-1]).strip(".-")
    return name[:120] or default


def download_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A file to download: a safe name, and not kept by browsers or proxies."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(filename)}"'
    response["Cache-Control"] = "private, no-store"
    return response


def csv_response(
    rows: Iterable[Sequence[Any]], header: Sequence[str] | None = None, *, filename: str
) -> HttpResponse:
    """A download of :func:`write_csv`."""
    return download_response(write_csv(rows, header), CSV_CONTENT_TYPE, filename)


def xlsx_response(
    rows: Iterable[Sequence[Any]],
    header: Sequence[str] | None = None,
    *,
    filename: str,
    sheet: str = "Data",
) -> HttpResponse:
    """A download of :func:`write_xlsx`."""
    return download_response(write_xlsx(rows, header, sheet=sheet), XLSX_CONTENT_TYPE, filename)
