"""Read an Excel workbook (.xlsx) into a header and a stream of rows, safely.

An .xlsx file is a ZIP archive of XML parts, and a ZIP archive can unpack to
thousands of times its size (a "decompression bomb"): a 1 MB upload that
unpacks to gigabytes ties up a process for minutes and eats its memory before
openpyxl says anything. So before any part is parsed, :func:`check_archive`
reads the archive's directory (the sizes each part declares, free to read)
and the dimension the first sheet declares (its first few kilobytes), and
refuses, naming the limit and the sizes, a workbook that would unpack beyond
:class:`WorkbookLimits`.

The declared sizes can be trusted as an upper bound: Python's ``zipfile``
(which openpyxl uses) stops decompressing a part at its declared size and
then fails the part's checksum, so a part that lies about its size is
reported as a damaged workbook, never unpacked beyond what it declared.

Rows are then streamed (openpyxl in read-only mode), so a sheet of any
length within the limits is read in bounded memory.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from openpyxl import load_workbook

from belong.importing.problems import ProblemLog
from belong.importing.readers.table import XLSX, Row, Table

# Most rows a single import may hold (the demo school has ~65,000 people).
MAX_ROWS = 250_000
_XLSX_BATCH = 500
# Archives smaller than this once unpacked are never refused for their ratio alone.
_RATIO_FLOOR = 16 * 1024 * 1024
_MB = 1024 * 1024
_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\s+ref=\"\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?\""
)
_FIRST_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"", re.S)
_SHEET_ID = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\b(?:\w+:)?id=\"([^\"]+)\"", re.S)
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>", re.S)


def max_rows() -> int:
    return int(getattr(settings, "BELONG_IMPORT_MAX_ROWS", MAX_ROWS))


@dataclass(frozen=True)
class WorkbookLimits:
    """How large a workbook may be once unpacked (settings ``BELONG_IMPORT_XLSX_*``)."""

    max_unpacked_bytes: int
    max_ratio: int
    max_cells: int
    max_rows: int

    @classmethod
    def from_settings(cls) -> WorkbookLimits:
        return cls(
            max_unpacked_bytes=int(settings.BELONG_IMPORT_XLSX_MAX_UNPACKED_BYTES),
            max_ratio=int(settings.BELONG_IMPORT_XLSX_MAX_RATIO),
            max_cells=int(settings.BELONG_IMPORT_XLSX_MAX_CELLS),
            max_rows=max_rows(),
        )


def _megabytes(size: int) -> str:
    return f"{size / _MB:,.1f} MB" if size < 10 * _MB else f"{size / _MB:,.0f} MB"


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.decode("ascii"):
        number = number * 26 + ord(letter) - 64
    return number


def _read_start(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """At most ``limit`` unpacked bytes of one part (never the whole of a large one)."""
    with archive.open(name) as part:
        return part.read(limit)


def _first_sheet_part(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """The part of the sheet openpyxl reads first, from the workbook and its relationships."""
    try:
        workbook = _read_start(archive, "xl/workbook.xml", 1 << 20)
        relations = _read_start(archive, "xl/_rels/workbook.xml.rels", 1 << 20)
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return None
    found = _FIRST_SHEET.search(workbook) or _SHEET_ID.search(workbook)
    if found is None:
        return None
    for tag in _RELATIONSHIP.findall(relations):
        if f'Id="{found.group(1).decode("utf-8", "replace")}"'.encode() in tag:
            target = re.search(rb'Target="([^"]+)"', tag)
            if target is None:
                return None
            path = target.group(1).decode("utf-8", "replace").lstrip("/")
            path = path if path.startswith("xl/") else "xl/" + path
            return path if path in names else None
    return None


def check_archive(fileobj: IO[bytes], limits: WorkbookLimits, log: ProblemLog) -> bool:
    """Whether the workbook fits the limits; if not, log which limit and the sizes.

    Reads only the ZIP directory and the first kilobytes of the first sheet,
    so a decompression bomb is refused in milliseconds.
    """
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            unpacked = sum(info.file_size for info in infos)
            packed = max(sum(info.compress_size for info in infos), 1)
            if unpacked > limits.max_unpacked_bytes:
                largest = max(infos, key=lambda info: info.file_size)
                log.add(
                    None,
                    "",
                    "",
                    f"The workbook would unpack to {_megabytes(unpacked)} "
                    f"({unpacked:,} bytes, of which “{largest.filename}” is "
                    f"{_megabytes(largest.file_size)}); at most "
                    f"{_megabytes(limits.max_unpacked_bytes)} is read "
                    "(BELONG_IMPORT_XLSX_MAX_UNPACKED_BYTES). It was not opened. Split the "
                    "rows over several files, or save the sheet as CSV UTF-8.",
                    "too_large",
                )
                return False
            ratio = unpacked / packed
            if unpacked > _RATIO_FLOOR and ratio > limits.max_ratio:
                log.add(
                    None,
                    "",
                    "",
                    f"The workbook is compressed {ratio:,.0f} to 1 ({_megabytes(packed)} "
                    f"unpacking to {_megabytes(unpacked)}); a spreadsheet of real data "
                    f"compresses far less, at most {limits.max_ratio:,} to 1 is accepted "
                    "(BELONG_IMPORT_XLSX_MAX_RATIO). It was not opened: it may be a "
                    "“decompression bomb”. Save the sheet again from Excel, or as CSV UTF-8.",
                    "too_large",
                )
                return False
            names = {info.filename for info in infos}
            sheet = _first_sheet_part(archive, names)
            head = _read_start(archive, sheet, 64 * 1024) if sheet else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError, NotImplementedError):
        log.add(
            None,
            "",
            "",
            "The file starts like an Excel workbook but is damaged (the ZIP archive inside "
            "cannot be opened). Save it again from Excel.",
            "unreadable_workbook",
        )
        return False
    finally:
        fileobj.seek(0)
    found = _DIMENSION.search(head)
    if found is None:
        return True
    first_col, first_row, last_col, last_row = found.groups()
    rows = int(last_row or first_row) - int(first_row) + 1
    columns = _column_number(last_col or first_col) - _column_number(first_col) + 1
    span = (
        f"{first_col.decode()}{int(first_row)}:{(last_col or first_col).decode()}"
        f"{int(last_row or first_row)}"
    )
    advice = (
        " If the sheet really holds less, delete the empty rows and columns after the data "
        "and save it again."
    )
    if rows > limits.max_rows + 1:
        log.add(
            None,
            "",
            "",
            f"The first sheet declares {rows:,} rows ({span}); at most {limits.max_rows:,} "
            "rows and a header can be imported from one file. It was not opened. Split it "
            "into smaller files." + advice,
            "too_many_rows",
        )
        return False
    if rows * columns > limits.max_cells:
        log.add(
            None,
            "",
            "",
            f"The first sheet declares {rows * columns:,} cells ({rows:,} rows × "
            f"{columns:,} columns, {span}); at most {limits.max_cells:,} are read "
            "(BELONG_IMPORT_XLSX_MAX_CELLS). It was not opened." + advice,
            "too_large",
        )
        return False
    return True


def _xlsx_value(value: Any) -> Any:
    """Cell values as plain Python; formulas of every kind as text starting with "="."""
    if value is None or isinstance(value, str | int | float | bool | dt.date | dt.time):
        return value
    if isinstance(value, dt.timedelta):
        return str(value)
    text = getattr(value, "text", None)  # ArrayFormula, DataTableFormula
    if isinstance(text, str):
        return text if text.startswith("=") else "=" + text
    return "=" + type(value).__name__


def open_xlsx(
    fileobj: IO[bytes], log: ProblemLog, limits: WorkbookLimits | None = None
) -> Table | None:
    """The first sheet as a :class:`Table`, or None (logged) when it cannot or may not be read."""
    if not check_archive(fileobj, limits or WorkbookLimits.from_settings(), log):
        return None
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores; not our concern.
            warnings.simplefilter("ignore")
            workbook = load_workbook(fileobj, read_only=True, data_only=False, keep_links=False)
            sheets = workbook.worksheets
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        log.add(
            None,
            "",
            "",
            "The workbook cannot be read; it may be damaged or not really an Excel workbook "
            f"({type(exc).__name__}). Open it in Excel and save it again.",
            "unreadable_workbook",
        )
        return None
    if not sheets:
        log.add(None, "", "", "The workbook has no worksheet.", "not_a_table")
        workbook.close()
        return None
    sheet = sheets[0]
    notes = []
    if len(workbook.sheetnames) > 1:
        notes.append(
            f"The workbook has {len(workbook.sheetnames)} sheets; only the first, "
            f"“{sheet.title}”, was read."
        )
    try:
        size = sheet.max_row
    except Exception:
        size = None
    # Never trust the stored dimensions: a damaged file can claim 16,384 columns.
    sheet.reset_dimensions()

    def raw_rows() -> Iterator[tuple[Any, ...]]:
        iterator = sheet.iter_rows(values_only=True)
        while True:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                batch = []
                for values in iterator:
                    batch.append(values)
                    if len(batch) == _XLSX_BATCH:
                        break
            if not batch:
                return
            yield from batch

    source = raw_rows()
    try:
        header_values = next(source, None)
    except Exception as exc:
        log.add(
            1,
            "",
            "",
            f"The header row cannot be read ({type(exc).__name__}).",
            "unreadable_workbook",
        )
        workbook.close()
        return None
    headers = [_header_text(v) for v in header_values or ()]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        log.add(1, "", "", "The first row is empty; it must hold the column headers.", "no_header")
        workbook.close()
        return None

    def rows() -> Iterator[Row]:
        number = 1
        try:
            for values in source:
                number += 1
                cells = [_xlsx_value(v) for v in values]
                if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                    continue
                yield number, cells
        except Exception as exc:
            log.add(
                number + 1,
                "",
                "",
                f"The workbook is damaged from this row on ({type(exc).__name__}); the rest "
                "was not read. Open it in Excel and save it again.",
                "unreadable_workbook",
            )
        finally:
            workbook.close()

    hint = size - 1 if isinstance(size, int) and 0 < size <= max_rows() * 4 else None
    return Table(XLSX, headers, rows(), size_hint=hint, notes=notes, closer=workbook.close)


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(_xlsx_value(value)).strip()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _column_index(reference: str) -> int | None:
    letters = "".join(ch for ch in reference if ch.isalpha())
    return _column_number(letters.encode()) - 1 if letters else None


def _texts(element: Any) -> str:
    """The text of a string item: its ``<t>`` runs, phonetic guides (``<rPh>``) left out."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            name = _local(child.tag)
            if name == "rPh":
                continue
            if name == "t":
                parts.append(child.text or "")
            else:
                walk(child)

    walk(element)
    return "".join(parts)


def fast_headers(fileobj: IO[bytes]) -> list[str] | None:
    """The first sheet's header row read straight from its XML, without loading the workbook.

    Opening a large workbook with openpyxl takes seconds (it parses every
    shared string first), too long for a web request that only needs the
    headers. Only a first row made of text cells is read this way; anything
    else (numbers, dates, formulas, a first row that is not row 1) returns
    None, and the caller falls back to openpyxl, so both give the same headers.
    Call it on a workbook that passed :func:`check_archive`.
    """
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = {info.filename for info in archive.infolist()}
            sheet = _first_sheet_part(archive, names)
            if sheet is None:
                return None
            cells = _first_row_cells(archive, sheet)
            if cells is None:
                return None
            wanted = {int(raw) for kind, raw in cells.values() if kind == "s"}
            shared = _shared_strings(archive, names, max(wanted)) if wanted else {}
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError, SyntaxError):
        return None
    finally:
        fileobj.seek(0)
    if any(index not in shared for index in wanted):
        return None
    width = max(cells) + 1 if cells else 0
    headers = ["" for _ in range(width)]
    for column, (kind, raw) in cells.items():
        headers[column] = (shared[int(raw)] if kind == "s" else raw).strip()
    while headers and not headers[-1]:
        headers.pop()
    return headers


def _first_row_cells(archive: zipfile.ZipFile, sheet: str) -> dict[int, tuple[str, str]] | None:
    """``{column: ("s", shared index) or ("inline", text)}`` of row 1, or None if unsure."""
    from xml.etree.ElementTree import iterparse

    cells: dict[int, tuple[str, str]] = {}
    with archive.open(sheet) as part:
        for event, element in iterparse(part, events=("start", "end")):  # noqa: S314
            name = _local(element.tag)
            if event == "start":
                if name == "row" and element.get("r", "1") != "1":
                    return None  # blank rows above the header: openpyxl decides
                continue
            if name == "c":
                kind = element.get("t", "n")
                column = _column_index(element.get("r", ""))
                if column is None or any(_local(child.tag) == "f" for child in element):
                    return None
                if kind == "s":
                    value = next((c.text for c in element if _local(c.tag) == "v"), None)
                    if value is None or not value.strip().isdigit():
                        return None
                    cells[column] = ("s", value.strip())
                elif kind == "inlineStr":
                    box = next((c for c in element if _local(c.tag) == "is"), None)
                    cells[column] = ("inline", _texts(box) if box is not None else "")
                elif any(_local(child.tag) == "v" for child in element):
                    return None  # a number, date, boolean or error: openpyxl decides
            elif name == "row" or name == "sheetData":
                return cells
    return cells


def _shared_strings(archive: zipfile.ZipFile, names: set[str], last: int) -> dict[int, str]:
    """Shared strings 0..``last``, streamed: the rest of the table is never read."""
    from xml.etree.ElementTree import iterparse

    found: dict[int, str] = {}
    if "xl/sharedStrings.xml" not in names:
        return found
    index = 0
    with archive.open("xl/sharedStrings.xml") as part:
        for _event, element in iterparse(part, events=("end",)):  # noqa: S314
            if _local(element.tag) != "si":
                continue
            found[index] = _texts(element)
            element.clear()
            index += 1
            if index > last:
                break
    return found
