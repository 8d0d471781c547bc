"""Reading the file: CSV or Excel by content, encodings, delimiters, and files that are neither."""

from __future__ import annotations

import io
import zipfile

import pytest

from belong.importing.models import ImportRun
from belong.importing.problems import ProblemLog
from belong.importing.readers import open_table, read_headers
from belong.people.models import Person
from tests.people.test_import_support import (
    csv_bytes,
    run,
    table_counts,
    unchanged_but_for_the_run,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

NEW = "institutional_id,legal_given_name,legal_family_name"


def rejected(world, content: bytes, filename: str = "people.csv") -> list[str]:  # type: ignore[no-untyped-def]
    before = table_counts()
    result = run(world, content, filename=filename)
    assert result.run.outcome == ImportRun.Outcome.REJECTED
    assert unchanged_but_for_the_run(before, table_counts())
    return [p.reason for p in result.log.sorted_errors()]


def test_latin1_csv_is_refused_naming_the_byte_and_line(world) -> None:  # type: ignore[no-untyped-def]
    content = (NEW + "\nA1,Ann,Lee\nA2,José,Núñez\n").encode("latin-1")
    result = run(world, content)
    found = [(p.row, p.column, p.code) for p in result.log.sorted_errors()]
    assert found == [(None, "", "encoding"), (3, "legal_given_name", "encoding")]
    first = result.log.sorted_errors()[0].reason
    assert "byte 0xE9 at line 3" in first and "CSV UTF-8" in first
    assert "(line 3, byte 70 of the file)" in result.log.sorted_errors()[1].reason
    assert not Person.objects.filter(institutional_id="A1").exists()


def test_utf8_with_a_byte_order_mark_is_accepted(world) -> None:  # type: ignore[no-untyped-def]
    result = run(world, "\ufeff".encode() + csv_bytes("A1,José,Núñez", header=NEW))
    assert result.ok
    assert Person.objects.get(institutional_id="A1").legal_family_name == "Núñez"


def test_utf16_is_refused_with_advice(world) -> None:  # type: ignore[no-untyped-def]
    content = (NEW + "\nA1,Ann,Lee\n").encode("utf-16")
    assert rejected(world, content) == [
        "The file is UTF-16 text (Excel's “Unicode Text”), not UTF-8. Save it as “CSV UTF-8 "
        "(comma delimited)” and upload that."
    ]


def test_semicolons_and_excel_sep_line_are_understood(world) -> None:  # type: ignore[no-untyped-def]
    result = run(world, b"institutional_id;legal_given_name;legal_family_name\nA1;Ann;Lee\n")
    assert result.ok and any("semicolons" in p.reason for p in result.log.notes)
    result = run(world, b"sep=|\ninstitutional_id|legal_given_name|legal_family_name\nA2|B|C\n")
    assert result.ok and Person.objects.filter(institutional_id="A2").exists()


def test_windows_line_endings_and_quoted_cells(world) -> None:  # type: ignore[no-untyped-def]
    content = (
        b"institutional_id,legal_given_name,legal_family_name,preferred_name\r\n"
        b'A1,Ann,Lee,"Lee, Ann"\r\n'
    )
    assert run(world, content).ok
    assert Person.objects.get(institutional_id="A1").preferred_name == "Lee, Ann"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "The file is empty"),
        (b"  \r\n\r\n", "The file is empty"),
        (b"%PDF-1.7\n...", "This is a PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "This is an older Excel .xls workbook"),
        (b"<html><body><table><tr><td>id</td></tr></table>", "This is a web page (HTML)"),
        (b'<?xml version="1.0"?><Workbook>', "This is an XML file"),
        (b"\x00\x01\x02binary\x00", "This is not a text file"),
        (b"\n\nA1,Ann,Lee\n", "The first row is empty"),
    ],
)
def test_files_that_are_not_a_table(world, content: bytes, expected: str) -> None:  # type: ignore[no-untyped-def]
    texts = rejected(world, content)
    assert len(texts) == 1 and texts[0].startswith(expected), texts


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_without_a_workbook(world) -> None:  # type: ignore[no-untyped-def]
    texts = rejected(world, _zip({"notes.txt": b"hello"}), filename="people.xlsx")
    assert texts == ["This is a ZIP archive but not an Excel workbook (it has no workbook inside)."]


def test_an_opendocument_spreadsheet(world) -> None:  # type: ignore[no-untyped-def]
    content = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})
    assert rejected(world, content, filename="people.ods")[0].startswith(
        "This is an OpenDocument spreadsheet"
    )


def test_a_damaged_workbook(world) -> None:  # type: ignore[no-untyped-def]
    content = _zip({"xl/workbook.xml": b"<not really", "[Content_Types].xml": b"<x"})
    texts = rejected(world, content, filename="people.xlsx")
    assert texts[0].startswith("The workbook cannot be read")


def test_a_truncated_workbook(world) -> None:  # type: ignore[no-untyped-def]
    whole = xlsx_bytes([NEW.split(","), ["A1", "Ann", "Lee"]])
    texts = rejected(world, whole[: len(whole) // 2], filename="people.xlsx")
    assert texts[0].startswith(("The file starts like an Excel workbook", "The workbook"))


def test_format_comes_from_content_not_name(world) -> None:  # type: ignore[no-untyped-def]
    result = run(world, csv_bytes("A1,Ann,Lee", header=NEW), filename="people.xlsx")
    assert result.ok
    assert any("named “.xlsx” but holds CSV text" in p.reason for p in result.log.notes)
    result = run(world, xlsx_bytes([NEW.split(","), ["A2", "B", "C"]]), filename="people.csv")
    assert result.ok


def test_an_unclosed_quote_swallowing_the_file_is_reported(world) -> None:  # type: ignore[no-untyped-def]
    content = csv_bytes('A1,"Ann,Lee', *[f"A{i},x,y" for i in range(2, 50)], header=NEW)
    texts = rejected(world, content)
    assert texts, "an unclosed quotation mark must not pass silently"


def test_an_enormous_cell_is_reported(world) -> None:  # type: ignore[no-untyped-def]
    content = csv_bytes('A1,"' + "x" * 200_000 + '",Lee', header=NEW)
    texts = rejected(world, content)
    assert any("cannot be read as CSV" in t for t in texts), texts


def test_read_headers_reads_only_the_first_row() -> None:
    headers, log = read_headers(io.BytesIO(csv_bytes("A1,Ann,Lee", header=NEW)), "x.csv")
    assert headers == NEW.split(",") and log.ok
    headers, log = read_headers(io.BytesIO(b"%PDF"), "x.pdf")
    assert headers == [] and not log.ok


def test_rows_stream_with_their_spreadsheet_numbers() -> None:
    log = ProblemLog()
    table = open_table(io.BytesIO(csv_bytes("A1,a,b", "", "A2,c,d", header=NEW)), "x.csv", log)
    assert table is not None
    assert [number for number, _cells in table.rows] == [2, 4]
    table.close()


def test_a_nul_byte_in_one_cell_is_that_cells_problem_not_the_files(world) -> None:  # type: ignore[no-untyped-def]
    rows = [f"A{i},Ann,Lee" for i in range(1, 40)]
    rows[1] = "A2,An\x00n,Lee"
    before = table_counts()
    result = run(world, csv_bytes(*rows, header=NEW))
    assert result.run.outcome == ImportRun.Outcome.REJECTED
    [problem] = result.log.sorted_errors()
    assert (problem.row, problem.column, problem.letter, problem.code) == (
        3,
        "legal_given_name",
        "B",
        "control_character",
    )
    assert "NUL byte (U+0000)" in problem.reason
    assert unchanged_but_for_the_run(before, table_counts())


def test_a_nul_byte_in_the_first_line_of_a_short_file_is_still_a_cell_problem(world) -> None:  # type: ignore[no-untyped-def]
    result = run(world, csv_bytes("A1,Ann,\x00", header=NEW))
    assert [(p.row, p.column, p.code) for p in result.log.sorted_errors()] == [
        (2, "legal_family_name", "control_character")
    ]


def test_binary_data_is_still_refused_as_a_whole() -> None:
    log = ProblemLog()
    content = bytes(range(256)) * 20
    assert open_table(io.BytesIO(b"id,name\n" + content), "x.csv", log) is None
    assert log.errors[0].code == "not_a_table"
