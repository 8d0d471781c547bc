"""A workbook is measured before it is unpacked: decompression bombs are refused at once.

The bombs are built here, from a real workbook whose sheet is padded with
repeated rows; nothing binary is committed. "At once" is shown by what is
done (openpyxl never called, a few kilobytes unpacked); the time it takes is
measured in ``bench/bench_import.py``.
"""

from __future__ import annotations

import io
import struct
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from belong.importing.models import ImportRun
from belong.importing.problems import ProblemLog
from belong.importing.readers import WorkbookLimits, open_table
from belong.importing.readers.workbook import check_archive
from tests.people.test_import_support import table_counts, unchanged_but_for_the_run, xlsx_bytes

pytestmark = pytest.mark.django_db

SHEET = "xl/worksheets/sheet1.xml"
ROW = b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>'
HEADER = ["institutional_id", "legal_given_name", "legal_family_name"]


def _rebuilt(content: bytes, sheet: bytes | None = None, padding: int = 0) -> bytes:
    """The workbook again, with its sheet replaced or padded with ``padding`` bytes of rows."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != SHEET:
                archive.writestr(info.filename, data)
                continue
            data = sheet if sheet is not None else data
            head, tail = data.split(b"</sheetData>")
            with archive.open(SHEET, "w", force_zip64=True) as part:
                part.write(head)
                block = ROW * 16384
                for _ in range(padding // len(block)):
                    part.write(block)
                part.write(b"</sheetData>" + tail)
    return out.getvalue()


@pytest.fixture
def unpacked_bytes(monkeypatch):  # type: ignore[no-untyped-def]
    """Counts every byte unpacked from any ZIP part; openpyxl may not be called at all."""
    counted = {"bytes": 0}
    real = zipfile.ZipExtFile.read

    def read(self, n=-1):  # type: ignore[no-untyped-def]
        data = real(self, n)
        counted["bytes"] += len(data)
        return data

    def never(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    monkeypatch.setattr("belong.importing.readers.workbook.load_workbook", never)
    return counted


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """Under 1 MB that unpacks to about 300 MB: beyond the default limit of 256 MB."""
    return _rebuilt(xlsx_bytes([HEADER, ["A1", "Ann", "Lee"]]), padding=300 * 1024 * 1024)


def _unpacked(content: bytes) -> tuple[int, str]:
    """The unpacked size the archive declares: bytes, and the megabytes a message shows."""
    size = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(content)).infolist())
    return size, f"{size / 2**20:,.0f} MB"


def _limits(**changes: int) -> WorkbookLimits:
    base = {
        "max_unpacked_bytes": 256 * 1024 * 1024,
        "max_ratio": 100,
        "max_cells": 10_000_000,
        "max_rows": 250_000,
    }
    return WorkbookLimits(**{**base, **changes})


def test_a_bomb_is_refused_unopened_naming_the_limit_and_sizes(bomb, unpacked_bytes) -> None:  # type: ignore[no-untyped-def]
    assert len(bomb) < 1024 * 1024
    log = ProblemLog()
    assert open_table(io.BytesIO(bomb), "people.xlsx", log) is None
    assert unpacked_bytes["bytes"] < 4096, "only the archive's directory was read"
    [problem] = log.errors
    assert problem.code == "too_large" and problem.row is None
    size, megabytes = _unpacked(bomb)
    assert size > 300 * 10**6
    assert f"would unpack to {megabytes} ({size:,} bytes" in problem.reason
    assert f"“xl/worksheets/sheet1.xml” is {megabytes}" in problem.reason
    assert "at most 256 MB" in problem.reason
    assert "BELONG_IMPORT_XLSX_MAX_UNPACKED_BYTES" in problem.reason


def test_the_command_line_refuses_a_bomb_at_once_and_writes_nothing(
    world, bomb, tmp_path, unpacked_bytes
) -> None:  # type: ignore[no-untyped-def]
    path = Path(tmp_path) / "registrar.xlsx"
    path.write_bytes(bomb)
    before = table_counts()
    err = StringIO()
    with pytest.raises(CommandError, match="1 problem found; nothing was written"):
        call_command("import_people", str(path), "--no-progress", stdout=StringIO(), stderr=err)
    assert unpacked_bytes["bytes"] < 4096
    assert f"File: The workbook would unpack to {_unpacked(bomb)[1]}" in err.getvalue()
    run = ImportRun.objects.get()
    assert run.outcome == ImportRun.Outcome.REJECTED and run.problems[0]["code"] == "too_large"
    assert unchanged_but_for_the_run(before, table_counts())


def test_the_web_refuses_a_bomb_at_once(
    world, client_for, bomb, settings, tmp_path, unpacked_bytes
) -> None:  # type: ignore[no-untyped-def]
    settings.BELONG_IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    client = client_for(world.user("data_steward"))
    response = client.post(
        reverse("people:imports:upload"), {"file": SimpleUploadedFile("hr.xlsx", bomb)}
    )
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("people:imports:run", kwargs={"run_id": run.pk})
    page = client.get(response["Location"]).content.decode()
    assert unpacked_bytes["bytes"] < 4096, "the upload step only measured it"
    assert "Problems found: nothing written" in page
    assert f"The workbook would unpack to {_unpacked(bomb)[1]}" in page


def test_the_unpacked_limit_is_a_setting(world, settings) -> None:  # type: ignore[no-untyped-def]
    content = xlsx_bytes([HEADER, ["A1", "Ann", "Lee"]])
    settings.BELONG_IMPORT_XLSX_MAX_UNPACKED_BYTES = 1024 * 1024
    padded = _rebuilt(content, padding=2 * 1024 * 1024)
    log = ProblemLog()
    assert open_table(io.BytesIO(padded), "x.xlsx", log) is None
    assert "at most 1.0 MB" in log.errors[0].reason
    settings.BELONG_IMPORT_XLSX_MAX_UNPACKED_BYTES = 64 * 1024 * 1024
    assert open_table(io.BytesIO(padded), "x.xlsx", ProblemLog()) is not None


def test_a_ratio_no_real_sheet_reaches_is_refused() -> None:
    content = _rebuilt(xlsx_bytes([HEADER, ["A1", "Ann", "Lee"]]), padding=40 * 1024 * 1024)
    log = ProblemLog()
    assert not check_archive(io.BytesIO(content), _limits(), log)
    assert log.errors[0].code == "too_large"
    assert "compressed" in log.errors[0].reason and "at most 100 to 1" in log.errors[0].reason
    assert "decompression bomb" in log.errors[0].reason
    # The same file passes when the ratio allowed is raised.
    assert check_archive(io.BytesIO(content), _limits(max_ratio=100_000), ProblemLog())


def test_an_ordinary_workbook_passes_every_check(world) -> None:  # type: ignore[no-untyped-def]
    rows = [HEADER, *[[f"A{i}", "Ann", "Lee"] for i in range(2000)]]
    log = ProblemLog()
    assert check_archive(io.BytesIO(xlsx_bytes(rows)), _limits(), log) and log.ok


def _with_dimension(ref: str) -> bytes:
    content = xlsx_bytes([HEADER, ["A1", "Ann", "Lee"]])
    sheet = zipfile.ZipFile(io.BytesIO(content)).read(SHEET)
    start = sheet.index(b"<dimension")
    end = sheet.index(b"/>", start) + 2
    return _rebuilt(
        content, sheet=sheet[:start] + f'<dimension ref="{ref}"/>'.encode() + sheet[end:]
    )


def test_a_sheet_declaring_more_rows_than_an_import_takes_is_not_opened() -> None:
    log = ProblemLog()
    assert open_table(io.BytesIO(_with_dimension("A1:C1048576")), "x.xlsx", log) is None
    [problem] = log.errors
    assert problem.code == "too_many_rows"
    assert "declares 1,048,576 rows (A1:C1048576)" in problem.reason
    assert "at most 250,000 rows" in problem.reason


def test_a_sheet_declaring_too_many_cells_is_not_opened() -> None:
    log = ProblemLog()
    assert open_table(io.BytesIO(_with_dimension("A1:XFD1000")), "x.xlsx", log) is None
    [problem] = log.errors
    assert problem.code == "too_large"
    assert "16,384,000 cells (1,000 rows × 16,384 columns, A1:XFD1000)" in problem.reason
    assert "BELONG_IMPORT_XLSX_MAX_CELLS" in problem.reason


def _declare_size(content: bytes, name: str, size: int) -> bytes:
    """The archive with the part's declared unpacked size rewritten (as a forger would)."""
    data = bytearray(content)
    encoded = name.encode()
    central = data.find(b"PK\x01\x02")  # the first central directory header
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_length]) == encoded:
            struct.pack_into("<I", data, central + 24, size)
            local = struct.unpack_from("<I", data, central + 42)[0]
            struct.pack_into("<I", data, local + 22, size)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def test_a_part_that_lies_about_its_size_is_never_unpacked_beyond_it() -> None:
    """zipfile stops at the declared size and fails the checksum: a damaged workbook."""
    padded = _rebuilt(xlsx_bytes([HEADER, ["A1", "Ann", "Lee"]]), padding=8 * 1024 * 1024)
    forged = _declare_size(padded, SHEET, 4096)
    log = ProblemLog()
    table = open_table(io.BytesIO(forged), "x.xlsx", log)
    if table is not None:
        list(table.rows)
        table.close()
    assert [p.code for p in log.errors] == ["unreadable_workbook"], log.errors
