"""Read CSV (and other delimited UTF-8 text) into a header and a stream of rows.

Rows are streamed over a text wrapper, so a file of any length is read in
bounded memory. Bytes that are not UTF-8 are reported for the file and for
each row that holds them.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import IO

from belong.importing.problems import ProblemLog, column_letter
from belong.importing.readers.table import CSV, Row, Table

_DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}
_REPLACEMENT = "\ufffd"


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


def open_csv(fileobj: IO[bytes], log: ProblemLog) -> Table | None:
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
