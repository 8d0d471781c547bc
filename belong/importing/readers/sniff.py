"""Tell what a file is from its first bytes, never from its name."""

from __future__ import annotations

import zipfile
from typing import IO

from belong.importing.problems import ProblemLog
from belong.importing.readers.table import CSV, JSON, XLSX

# Bytes that never occur in text: C0 controls other than tab, line feed, form
# feed and carriage return. One of them in a cell is that cell's problem (the
# row checks report it by row and column); a file made of them is binary.
_NON_TEXT = frozenset(range(0x00, 0x09)) | {0x0B} | frozenset(range(0x0E, 0x20))
# Share of non-text bytes in the first block above which a file is binary, not text.
_BINARY_SHARE = 0.05


def looks_binary(head: bytes) -> bool:
    """Whether the first block is binary data rather than text with a stray control byte.

    A text file with one NUL byte in one cell is still text: its problem is
    that cell's, reported by row and column. Executables, images and other
    binary formats are full of such bytes.
    """
    if not head:
        return False
    odd = sum(1 for byte in head if byte in _NON_TEXT)
    return odd / len(head) > _BINARY_SHARE


def sniff_format(head: bytes, fileobj: IO[bytes], log: ProblemLog) -> str | None:
    """``CSV``, ``XLSX``, ``JSON``, or None after logging why the file is none of them."""
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
    if looks_binary(head):
        log.add(
            None,
            "",
            "",
            "This is not a text file (it holds binary data), so it is neither CSV nor an "
            "Excel .xlsx workbook.",
            "not_a_table",
        )
        return None
    if start.startswith((b"{", b"[")):
        return JSON
    return CSV


def _zip_kind(fileobj: IO[bytes], log: ProblemLog) -> str | None:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            mimetype = b""
            if "mimetype" in names and archive.getinfo("mimetype").file_size <= 200:
                mimetype = archive.read("mimetype")  # OpenDocument keeps its type here
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
