"""Read an import file: a table (CSV, Excel .xlsx) or a JSON document.

The format comes from the file's content, never its name
(:mod:`~belong.importing.readers.sniff`). Tables are streamed, so a file of
any length is read in bounded memory; workbooks are measured before they are
unpacked (:mod:`~belong.importing.readers.workbook`). Every way a file can fail
to be what is expected is reported to the :class:`ProblemLog` instead of raised.
"""

from __future__ import annotations

from typing import IO

from belong.importing.problems import ProblemLog
from belong.importing.readers.delimited import open_csv
from belong.importing.readers.document import Document, open_document, schema_problems
from belong.importing.readers.sniff import sniff_format
from belong.importing.readers.table import CSV, JSON, XLSX, Row, Table
from belong.importing.readers.workbook import (
    MAX_ROWS,
    WorkbookLimits,
    check_archive,
    fast_headers,
    max_rows,
    open_xlsx,
)

__all__ = [
    "CSV",
    "JSON",
    "MAX_ROWS",
    "XLSX",
    "Document",
    "ProblemLog",
    "Row",
    "Table",
    "WorkbookLimits",
    "max_rows",
    "open_document",
    "open_table",
    "read_headers",
    "schema_problems",
    "sniff_format",
]


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
    if kind == JSON:
        log.add(
            None,
            "",
            "",
            "This is a JSON document, not a table. Upload the spreadsheet as CSV UTF-8 or "
            "“Excel Workbook (.xlsx)”.",
            "not_a_table",
        )
        return None
    named = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    table = open_xlsx(fileobj, log) if kind == XLSX else open_csv(fileobj, log)
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


def read_headers(
    fileobj: IO[bytes], filename: str, log: ProblemLog | None = None
) -> tuple[list[str], ProblemLog]:
    """Only the header row (for the mapping screen), and any problem opening the file.

    A workbook's header row is read straight from its XML when it can be
    (:func:`~belong.importing.readers.workbook.fast_headers`), so that a web
    request never waits for a large workbook to load.
    """
    log = log if log is not None else ProblemLog()
    fileobj.seek(0)
    head = fileobj.read(8192)
    fileobj.seek(0)
    if head.startswith(b"PK\x03\x04"):
        probe = ProblemLog()
        if sniff_format(head, fileobj, probe) == XLSX and check_archive(
            fileobj, WorkbookLimits.from_settings(), probe
        ):
            headers = fast_headers(fileobj)
            if headers:
                return headers, log
    table = open_table(fileobj, filename, log)
    if table is None:
        return [], log
    table.close()
    return table.headers, log
