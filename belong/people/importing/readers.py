"""Read a CSV or Excel file into a header and a stream of rows.

The format comes from the file's content, never its name. Rows are streamed
(``csv`` over a text wrapper; openpyxl in read-only mode), so a file of any
length is read in bounded memory. Every way a file can fail to be a table is
reported to the :class:`ProblemLog` instead of raised.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from openpyxl import load_workbook

from belong.people.importing.problems import ProblemLog, column_letter

CSV = "csv"
XLSX = "xlsx"
# Most rows a single import may hold (the demo school has ~65,000 people).
MAX_ROWS = 250_000
_XLSX_BATCH = 500
_DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}
_REPLACEMENT = "\ufffd"

Row = tuple[int, list[Any]]


@dataclass
class Table:
    """A header and the rows under it: ``(row number, cells)``, blank rows left out."""

    format: str
    headers: list[str]
    rows: Iterator[Row]
    # About how many data rows there are, for a progress bar (None: unknown).
    size_hint: int | None = None
    notes: list[str] = field(default_factory=list)
    closer: Callable[[], None] | None = None

    def close(self) -> None:
        """Stop reading and release the file (safe to call twice)."""
        close = getattr(self.rows, "close", None)
        if close is not None:
            close()
        if self.closer is not None:
            self.closer()


def sniff_format(head: bytes, fileobj: IO[bytes], log: ProblemLog) -> str | None:
    """``CSV``, ``XLSX``, or None after logging why the file is neither."""
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        log.add(None, "", "", "The file is empty: it has no header row and no rows.", "empty_file")
        return None
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(fileobj, log)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        log.add(
            None,
            "",
            "",
            "This is an older Excel .xls workbook, or a password-protected one. Open it in "
            "Excel, remove any password, and save it as “Excel Workbook (.xlsx)” or "
            "“CSV UTF-8”.",
            "not_a_table",
        )
        return None
    if head.startswith(b"%PDF"):
        log.add(None, "", "", "This is a PDF document, not a spreadsheet.", "not_a_table")
        return None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        log.add(
            None,
            "",
            "",
            "The file is UTF-16 text (Excel's “Unicode Text”), not UTF-8. Save it as "
            "“CSV UTF-8 (comma delimited)” and upload that.",
            "encoding",
        )
        return None
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<head", b"<body")):
        log.add(
            None,
            "",
            "",
            "This is a web page (HTML), which some systems name “.xls”. Open it in Excel "
            "and save it as “Excel Workbook (.xlsx)” or “CSV UTF-8”.",
            "not_a_table",
        )
        return None
    if start.startswith(b"<?xml"):
        log.add(
            None,
            "",
            "",
            "This is an XML file (perhaps “XML Spreadsheet 2003”), not CSV or .xlsx. Open "
            "it in Excel and save it as “Excel Workbook (.xlsx)”.",
            "not_a_table",
        )
        return None
    if b"\x00" in head:
        log.add(
            None,
            "",
            "",
            "This is not a text file (it holds binary data), so it is neither CSV nor an "
            "Excel .xlsx workbook.",
            "not_a_table",
        )
        return None
    return CSV


def _zip_kind(fileobj: IO[bytes], log: ProblemLog) -> str | None:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            mimetype = (
                archive.read("mimetype")[:100] if "mimetype" in names else b""
            )  # OpenDocument keeps its type here
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError, NotImplementedError):
        log.add(
            None,
            "",
            "",
            "The file starts like an Excel workbook but is damaged (the ZIP archive inside "
            "cannot be opened). Save it again from Excel.",
            "unreadable_workbook",
        )
        return None
    finally:
        fileobj.seek(0)
    if "xl/workbook.xml" in names or any(n.startswith("xl/workbook") for n in names):
        return XLSX
    if b"opendocument.spreadsheet" in mimetype:
        log.add(
            None,
            "",
            "",
            "This is an OpenDocument spreadsheet (.ods). Save it as “Excel Workbook (.xlsx)” "
            "or as CSV UTF-8.",
            "not_a_table",
        )
    else:
        log.add(
            None,
            "",
            "",
            "This is a ZIP archive but not an Excel workbook (it has no workbook inside).",
            "not_a_table",
        )
    return None


def open_table(fileobj: IO[bytes], filename: str, log: ProblemLog) -> Table | None:
    """Open the file as a table, or log why it cannot be one and return None.

    ``fileobj`` must be seekable; the reader may close it when done.
    """
    fileobj.seek(0)
    head = fileobj.read(8192)
    fileobj.seek(0)
    kind = sniff_format(head, fileobj, log)
    if kind is None:
        return None
    named = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    table = _open_xlsx(fileobj, log) if kind == XLSX else _open_csv(fileobj, log)
    if (
        table is not None
        and named in ("csv", "txt", "xlsx", "xlsm", "xls")
        and ((kind == CSV) != (named in ("csv", "txt")))
    ):
        holds = "CSV text" if kind == CSV else "an Excel workbook"
        table.notes.append(
            f"The file is named “.{named}” but holds {holds}; it was read as what it holds."
        )
    return table


# --- CSV ------------------------------------------------------------------------


def _scan_encoding(fileobj: IO[bytes]) -> tuple[int, dict[int, tuple[int, int]]]:
    """Count the lines and find every line that is not valid UTF-8.

    Returns the line count and ``{line: (byte offset in the file, byte)}`` for
    the first bad byte of each bad line. A UTF-8 multi-byte character never
    contains a newline byte, so splitting on b"\\n" first is safe.
    """
    bad: dict[int, tuple[int, int]] = {}
    offset = 0
    lines = 0
    decoder = codecs.getincrementaldecoder("utf-8")
    for lines, raw in enumerate(fileobj, start=1):
        try:
            decoder().decode(raw, final=True)
        except UnicodeDecodeError as exc:
            bad[lines] = (offset + exc.start, raw[exc.start])
        offset += len(raw)
    fileobj.seek(0)
    return lines, bad


def _choose_delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _open_csv(fileobj: IO[bytes], log: ProblemLog) -> Table | None:
    line_count, bad_lines = _scan_encoding(fileobj)
    if bad_lines:
        first_line, (offset, byte) = min(bad_lines.items())
        log.add(
            None,
            "",
            "",
            f"The file is not UTF-8 text: byte 0x{byte:02X} at line {first_line} (byte "
            f"{offset + 1:,} of the file) cannot be read"
            + (
                f", and {len(bad_lines) - 1:,} more lines have such bytes"
                if len(bad_lines) > 1
                else ""
            )
            + ". Save the file as “CSV UTF-8 (comma delimited)” and upload it again.",
            "encoding",
        )
    text = io.TextIOWrapper(fileobj, encoding="utf-8-sig", errors="replace", newline="")
    first = text.readline()
    skipped_lines = 0
    notes: list[str] = []
    delimiter = None
    # Excel writes and honours a first line "sep=;" naming the delimiter.
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:
        delimiter = first.strip()[4]
        first = text.readline()
        skipped_lines = 1
    if delimiter is None:
        delimiter = _choose_delimiter(first)
    if delimiter != ",":
        notes.append(f"Columns are separated by {_DELIMITERS.get(delimiter, repr(delimiter))}.")

    def lines() -> Iterator[str]:
        yield first
        yield from text

    reader = csv.reader(lines(), delimiter=delimiter)
    try:
        header_cells = next(reader, None)
    except csv.Error as exc:
        log.add(1, "", "", f"The header row cannot be read as CSV ({exc}).", "damaged_csv")
        text.close()
        return None
    if header_cells is None or not any(c.strip() for c in header_cells):
        log.add(
            1,
            "",
            "",
            "The first row is empty; it must hold the column headers.",
            "no_header",
        )
        text.close()
        return None
    headers = [c.strip() for c in header_cells]
    for line in sorted(bad_lines):
        if line - skipped_lines <= reader.line_num:
            log.add(1, "", "", "The header row holds bytes that are not UTF-8.", "encoding")
            break

    def rows() -> Iterator[Row]:
        number = 1
        pending_bad = sorted(line - skipped_lines for line in bad_lines)
        position = 0
        while position < len(pending_bad) and pending_bad[position] <= reader.line_num:
            position += 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                log.add(
                    number + 1,
                    "",
                    "",
                    f"This row cannot be read as CSV ({exc}); the rest of the file was not "
                    "read. Look for a quotation mark that is never closed.",
                    "damaged_csv",
                )
                break
            number += 1
            while position < len(pending_bad) and pending_bad[position] <= reader.line_num:
                line = pending_bad[position] + skipped_lines
                offset, byte = bad_lines[line]
                index = next((i for i, c in enumerate(cells) if _REPLACEMENT in c), None)
                log.add(
                    number,
                    headers[index] if index is not None and index < len(headers) else "",
                    column_letter(index) if index is not None else "",
                    f"Holds byte 0x{byte:02X} (line {line}, byte {offset + 1:,} of the file), "
                    "which is not UTF-8 text.",
                    "encoding",
                )
                position += 1
            if not any(c.strip() for c in cells):
                continue
            yield number, cells

    return Table(
        CSV,
        headers,
        rows(),
        size_hint=max(line_count - 1 - skipped_lines, 0),
        notes=notes,
        # Closing the wrapper closes the file under it, as the caller was told.
        closer=text.close,
    )


# --- Excel (.xlsx) --------------------------------------------------------------


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


def _open_xlsx(fileobj: IO[bytes], log: ProblemLog) -> Table | None:
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

    hint = size - 1 if isinstance(size, int) and 0 < size <= MAX_ROWS * 4 else None
    return Table(XLSX, headers, rows(), size_hint=hint, notes=notes, closer=workbook.close)


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(_xlsx_value(value)).strip()


def read_headers(fileobj: IO[bytes], filename: str) -> tuple[list[str], ProblemLog]:
    """Only the header row (for the mapping screen), and any problem opening the file."""
    log = ProblemLog()
    table = open_table(fileobj, filename, log)
    if table is None:
        return [], log
    table.close()
    return table.headers, log
