"""Malformed files of every kind: the importer never crashes and never half-writes.

Whatever the bytes, ``run_import`` returns a run. If the run is rejected, no
person, affiliation or self-identification row changed and exactly one audit
event (the run's own) was added; if it was applied, the people added are the
people it says it added.
"""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from belong.importing.models import ImportRun
from belong.importing.problems import ProblemLog
from belong.importing.readers import open_table
from tests.people.test_import_support import run, table_counts, unchanged_but_for_the_run

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HEADERS = [
    "institutional_id",
    "Employee ID",
    "First Name",
    "Last Name",
    "email",
    "affiliation_kind",
    "Dept",
    "campus_code",
    "start_date",
    "end_date",
    "cohort",
    "rank",
    "status",
    "sex",
    "race",
    "race_detailed",
    "gender_identity",
    "citizenship",
    "",
    "Notes",
]

# Cell values near the edges: real codes, labels, junk, formulas, numbers, dates.
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "A1",
            "A2",
            "ID-student",
            "Ann",
            "Lee",
            "ann@example.edu",
            "student",
            "faculty",
            "Fellow",
            "md",
            "medicine",
            "pasadena",
            "2024-07-01",
            "2023-01-01",
            "07/01/2024",
            "2028",
            "-2028",
            "female",
            "Prefer not to answer",
            "asian;mena_lebanese",
            "asian;prefer_not",
            "=1+1",
            "+SUM(A1)",
            "@cmd",
            "-x",
            "#N/A",
            "1.2E+10",
            "\ufffd",
            "Unknown",
            "x" * 300,
        ]
    ),
    st.text(max_size=30),
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
)


def check_invariants(world, content: bytes, filename: str) -> ImportRun:  # type: ignore[no-untyped-def]
    before = table_counts()
    result = run(world, content, filename=filename)
    after = table_counts()
    assert result.run.outcome in (ImportRun.Outcome.APPLIED, ImportRun.Outcome.REJECTED)
    if result.run.outcome == ImportRun.Outcome.REJECTED:
        assert result.run.problem_count > 0
        assert unchanged_but_for_the_run(before, after)
    else:
        assert result.run.problem_count == 0
        assert after["people"] - before["people"] == result.run.created
        assert after["audit"] == before["audit"] + 1 and after["runs"] == before["runs"] + 1
    return result.run


@FUZZ
@given(content=st.binary(max_size=2000), filename=st.sampled_from(["p.csv", "p.xlsx", "p"]))
def test_random_bytes(world, content: bytes, filename: str) -> None:  # type: ignore[no-untyped-def]
    check_invariants(world, content, filename)


@FUZZ
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=600))
def test_random_text(world, text: str) -> None:  # type: ignore[no-untyped-def]
    check_invariants(world, text.encode("utf-8"), "p.csv")


@FUZZ
@given(
    header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=10),
    rows=st.lists(st.lists(CELLS, max_size=12), max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "latin-1"]),
)
def test_random_csv_tables(world, header, rows, delimiter, encoding) -> None:  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    content = buffer.getvalue().encode(encoding, errors="replace")
    check_invariants(world, content, "p.csv")


FIXED = [
    "institutional_id",
    "First Name",
    "Last Name",
    "affiliation_kind",
    "Dept",
    "start_date",
    "cohort",
    "sex",
    "race",
]


@FUZZ
@given(rows=st.lists(st.lists(CELLS, min_size=9, max_size=9), min_size=1, max_size=6))
def test_random_cells_under_real_headers(world, rows) -> None:  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIXED)
    writer.writerows(rows)
    check_invariants(world, buffer.getvalue().encode(), "p.csv")


XLSX_CELLS = st.one_of(
    CELLS,
    st.none(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


@FUZZ
@given(
    header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8),
    rows=st.lists(st.lists(XLSX_CELLS, max_size=10), max_size=6),
    sheets=st.integers(min_value=1, max_value=3),
)
def test_random_workbooks(world, header, rows, sheets) -> None:  # type: ignore[no-untyped-def]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        # A real workbook cannot hold XML-illegal characters; openpyxl refuses them.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    for n in range(1, sheets):
        workbook.create_sheet(f"S{n}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    check_invariants(world, buffer.getvalue(), "p.xlsx")


@FUZZ
@given(
    members=st.dictionaries(
        st.sampled_from(
            ["xl/workbook.xml", "[Content_Types].xml", "xl/worksheets/sheet1.xml", "mimetype", "a"]
        ),
        st.binary(max_size=300),
        max_size=4,
    ),
    cut=st.integers(min_value=0, max_value=100),
)
def test_malformed_workbooks(world, members, cut) -> None:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    content = buffer.getvalue()
    if cut:
        content = content[: max(4, len(content) * cut // 100)]
    assert check_invariants(world, content, "p.xlsx").outcome == ImportRun.Outcome.REJECTED


@settings(max_examples=150, deadline=None)
@given(content=st.binary(max_size=3000))
def test_reader_never_raises(content: bytes) -> None:
    log = ProblemLog()
    table = open_table(io.BytesIO(content), "p.csv", log)
    if table is None:
        assert not log.ok
        return
    for _number, cells in table.rows:
        assert isinstance(cells, list)
    table.close()


VALID_ROW = st.tuples(
    st.sampled_from(["V1", "V2", "V3", "ID-student", "ID-faculty"]),
    st.sampled_from(["Ann", "José", "Nguyễn", "O'Brien"]),
    st.sampled_from(["Lee", "Núñez", "van der Berg"]),
    st.sampled_from(["", "student", "Faculty", "staff"]),
    st.sampled_from(["md", "medicine", "Department of Medicine"]),
    st.sampled_from(["", "2023-07-01", "2024-07-01", "2026-01-15"]),
    st.sampled_from(["", "2027", "2028"]),
    st.sampled_from(["", "female", "Male", "prefer_not", "Unknown"]),
    st.sampled_from(["", "asian", "Black;Hispanic", "white|mena_lebanese", "Prefer not to answer"]),
)


@FUZZ
@given(rows=st.lists(VALID_ROW, min_size=1, max_size=6, unique_by=lambda r: r[0]))
def test_random_valid_files_apply_and_reapply_to_no_change(world, rows) -> None:  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIXED)
    # A unit without a kind is a problem; leave the unit out when the kind is.
    writer.writerows([row if row[3] else (*row[:4], "", "", "", *row[7:]) for row in rows])
    content = buffer.getvalue().encode()
    assert check_invariants(world, content, "p.csv").outcome == ImportRun.Outcome.APPLIED
    before = table_counts()
    again = check_invariants(world, content, "p.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(rows))
    assert unchanged_but_for_the_run(before, table_counts())
