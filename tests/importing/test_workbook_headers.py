"""The header row of a workbook is read straight from its XML, and agrees with openpyxl."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

from belong.importing.problems import ProblemLog
from belong.importing.readers import fast_headers, open_table, read_headers

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _excel_style(first_row: str, strings: list[str], rows: str = "") -> bytes:
    """A minimal workbook as Excel writes it: text in a shared-string table."""
    shared = "".join(strings)
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets><sheet name="Registrar" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/worksheet" '
            'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="'
            f'{_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/sharedStrings.xml": f'<sst xmlns="{_MAIN}">{shared}</sst>',
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{_MAIN}"><sheetData>{first_row}{rows}</sheetData></worksheet>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def _openpyxl_headers(content: bytes) -> list[str]:
    table = open_table(io.BytesIO(content), "x.xlsx", ProblemLog())
    if table is None:  # "the first row is empty"
        return []
    table.close()
    return table.headers


STRINGS = [
    "<si><t>Employee ID</t></si>",
    '<si><r><t>First </t></r><r><rPr><b/></rPr><t xml:space="preserve">Name </t></r></si>',
    '<si><t>姓</t><rPh sb="0" eb="1"><t>セイ</t></rPh></si>',
    "<si><t>Dept</t></si>",
]


def test_shared_strings_rich_text_and_gaps_read_as_openpyxl_reads_them() -> None:
    row = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="D1" t="s"><v>2</v></c><c r="E1" t="inlineStr"><is><t> Notes </t></is></c></row>'
    )
    content = _excel_style(row, STRINGS, '<row r="2"><c r="A2" t="s"><v>3</v></c></row>')
    fast = fast_headers(io.BytesIO(content))
    assert fast == ["Employee ID", "First Name", "", "姓", "Notes"]
    assert fast == _openpyxl_headers(content)


def test_anything_but_text_in_the_header_row_is_left_to_openpyxl() -> None:
    number = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2027</v></c></row>'
    formula = '<row r="1"><c r="A1" t="str"><f>UPPER("id")</f><v>ID</v></c></row>'
    late = '<row r="3"><c r="A3" t="s"><v>0</v></c></row>'
    for row in (number, formula, late):
        content = _excel_style(row, STRINGS)
        assert fast_headers(io.BytesIO(content)) is None
        headers, log = read_headers(io.BytesIO(content), "x.xlsx")
        assert log.ok == bool(_openpyxl_headers(content))
        assert headers == _openpyxl_headers(content)
    assert read_headers(io.BytesIO(_excel_style(number, STRINGS)), "x.xlsx")[0] == [
        "Employee ID",
        "2027",
    ]


def test_headers_of_a_large_workbook_come_without_loading_it(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """(How much faster: ``bench/bench_import.py``.)"""
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["institutional_id", "legal_given_name", "legal_family_name"])
    for i in range(40_000):
        sheet.append([f"S{i:07d}", f"Ada{i}", f"Okafor{i}"])
    buffer = io.BytesIO()
    book.save(buffer)

    def never(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the workbook was loaded")

    monkeypatch.setattr("belong.importing.readers.workbook.load_workbook", never)
    headers, log = read_headers(io.BytesIO(buffer.getvalue()), "x.xlsx")
    assert log.ok and headers == ["institutional_id", "legal_given_name", "legal_family_name"]
