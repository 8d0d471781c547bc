"""Every kind of problem a people file can have: found before anything is written,
reported with row, column and reason, never repeating a self-identification answer."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from belong.access.models import AuditEvent
from belong.importing.models import ImportRun
from belong.people.models import Campus, Person, SelfIdentification, Unit
from tests.people.test_import_support import (
    GOOD_ROWS,
    csv_bytes,
    run,
    table_counts,
    unchanged_but_for_the_run,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

NEW = "institutional_id,legal_given_name,legal_family_name"


def problems(world, *rows: str, header: str) -> list[tuple[int | None, str, str]]:  # type: ignore[no-untyped-def]
    """(row, column, code) of every problem, checking that nothing was written."""
    before = table_counts()
    result = run(world, csv_bytes(*rows, header=header))
    assert result.run.outcome == ImportRun.Outcome.REJECTED
    assert unchanged_but_for_the_run(before, table_counts())
    return [(p.row, p.column, p.code) for p in result.log.sorted_errors()]


def reasons(world, *rows: str, header: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.reason for p in run(world, csv_bytes(*rows, header=header)).log.sorted_errors()]


def test_every_problem_is_found_not_just_the_first(world) -> None:  # type: ignore[no-untyped-def]
    header = f"{NEW},affiliation_kind,unit_code,start_date,sex"
    found = problems(
        world,
        "A1,Ann,Lee,student,nowhere,2024-07-01,female",
        "A2,Bo,,student,md,not a date,female",
        "A3,Cy,Ray,wizard,md,2024-07-01,dragon",
        header=header,
    )
    assert found == [
        (2, "unit_code", "unknown_unit"),
        (3, "start_date", "bad_date"),
        (4, "affiliation_kind", "unknown_choice"),
        (4, "sex", "unknown_category"),
    ]


def test_missing_required_column(world) -> None:  # type: ignore[no-untyped-def]
    found = problems(world, "Ann,Lee", header="legal_given_name,legal_family_name")
    assert found == [(1, "", "missing_column")]


def test_unknown_unit_and_campus_are_named(world) -> None:  # type: ignore[no-untyped-def]
    header = f"{NEW},affiliation_kind,unit_code,campus_code"
    texts = reasons(world, "A1,Ann,Lee,student,cardiology,mars", header=header)
    assert texts[1] == "No campus has the code or name “mars”."
    # The unit's reason lists a few units on record and says how to add one.
    assert texts[0].startswith("No unit has the code or name “cardiology”. Units on record: ")
    assert "and 1 more. A data steward adds units on the Units page" in texts[0]


def test_units_and_campuses_are_found_by_code_or_exact_name(world) -> None:  # type: ignore[no-untyped-def]
    header = f"{NEW},affiliation_kind,unit_code,campus_code"
    result = run(
        world, csv_bytes("A1,Ann,Lee,faculty,department of  medicine,PASADENA", header=header)
    )
    assert result.ok
    assert Person.objects.get(institutional_id="A1").affiliations.get().unit == world.medicine


def test_a_unit_name_shared_by_two_units_needs_the_code(world) -> None:  # type: ignore[no-untyped-def]
    Unit.objects.create(code="medicine-2", name="Department of Medicine", kind="department")
    header = f"{NEW},affiliation_kind,unit_code"
    assert problems(world, "A1,Ann,Lee,faculty,Department of Medicine", header=header) == [
        (2, "unit_code", "ambiguous_unit")
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2024-02-30", "is not a date"),
        ("07/01/2024", "is ambiguous"),
        ("1850-01-01", "outside 1900–2100"),
        ("soon", "is not a date"),
    ],
)
def test_bad_dates(world, cell: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    header = f"{NEW},affiliation_kind,unit_code,start_date"
    texts = reasons(world, f"A1,Ann,Lee,student,md,{cell}", header=header)
    assert len(texts) == 1 and expected in texts[0]
    assert "YYYY-MM-DD" in texts[0] or "outside" in texts[0]


def test_iso_dates_with_a_midnight_time_are_accepted(world) -> None:  # type: ignore[no-untyped-def]
    header = f"{NEW},affiliation_kind,unit_code,start_date"
    assert run(world, csv_bytes("A1,Ann,Lee,student,md,2024-07-01 00:00:00", header=header)).ok


def test_end_before_start(world) -> None:  # type: ignore[no-untyped-def]
    header = f"{NEW},affiliation_kind,unit_code,start_date,end_date"
    texts = reasons(world, "A1,Ann,Lee,student,md,2024-07-01,2024-06-30", header=header)
    assert texts == ["The end date 2024-06-30 is before the start date 2024-07-01."]


def test_duplicate_id_names_both_rows(world) -> None:  # type: ignore[no-untyped-def]
    found = run(world, csv_bytes("A1,Ann,Lee", "A2,Bo,Ray", "A1,Ann,Lee", header=NEW))
    [problem] = found.log.errors
    assert (problem.row, problem.code) == (4, "duplicate_id")
    assert "“A1” is also on row 2" in problem.reason


def test_unknown_category_is_reported_without_the_answer(world) -> None:  # type: ignore[no-untyped-def]
    header = f"{NEW},sex,gender_identity,race"
    result = run(
        world,
        csv_bytes("A1,Ann,Lee,SECRET-SEX,SECRET-GENDER,asian;SECRET-RACE", header=header),
    )
    texts = [p.reason for p in result.log.sorted_errors()]
    assert texts == [
        "This cell is not a known answer to sex; allowed: female, male, intersex, x, "
        "prefer_not (or their labels).",
        "This cell is not a known answer to gender identity; allowed: woman, man, "
        "transgender_woman, transgender_man, nonbinary, another, prefer_not (or their labels).",
        "This cell holds an answer that is not a race and ethnicity code (answer 2 of 2); "
        "allowed: aian, asian, black, hispanic, mena, nhpi, white, prefer_not (or their labels), "
        "separated by “;”. A value of your own can be given a meaning in the mapping's values.",
    ]
    stored = json.dumps(result.run.problems) + json.dumps(
        list(AuditEvent.objects.values_list("detail", flat=True))
    )
    assert "SECRET" not in stored


def test_labels_and_codes_are_accepted_in_any_case(world) -> None:  # type: ignore[no-untyped-def]
    header = f"{NEW},sex,sexual_orientation,first_generation,citizenship,race"
    result = run(
        world,
        csv_bytes(
            "A1,Ann,Lee,Female,Prefer not to answer,Y,U.S. citizen,WHITE|Hispanic or Latino",
            "A2,Bo,Ray,MALE,bisexual,no,nonresident,Black or African American",
            "A3,Cy,Ray,Unknown,,N/A,,Decline to state",
            header=header,
        ),
    )
    assert result.ok, [str(p) for p in result.log.errors]
    a1 = SelfIdentification.objects.get(person__institutional_id="A1")
    assert (a1.sex, a1.sexual_orientation, a1.first_generation, a1.citizenship) == (
        "female",
        "prefer_not",
        "yes",
        "citizen",
    )
    assert a1.race == ["hispanic", "white"]
    a2 = SelfIdentification.objects.get(person__institutional_id="A2")
    assert a2.ipeds == "nonresident" and a2.race == ["black"]
    a3 = SelfIdentification.objects.get(person__institutional_id="A3")
    assert (a3.sex, a3.first_generation, a3.race) == (None, None, ["prefer_not"])


def test_prefer_not_cannot_be_combined_with_categories(world) -> None:  # type: ignore[no-untyped-def]
    header = f"{NEW},race"
    assert problems(world, "A1,Ann,Lee,asian;prefer_not", header=header) == [
        (2, "race", "contradiction")
    ]


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_formula_looking_text_is_refused(world, start: str) -> None:  # type: ignore[no-untyped-def]
    found = run(world, csv_bytes(f'A1,{start}HYPERLINK("http://evil"),Lee', header=NEW))
    [problem] = found.log.errors
    assert (problem.row, problem.column, problem.code) == (2, "legal_given_name", "formula")
    assert f"starts with “{start}”" in problem.reason and "HYPERLINK" not in problem.reason


def test_formula_in_a_sensitive_column_is_refused_without_echo(world) -> None:  # type: ignore[no-untyped-def]
    found = run(world, csv_bytes("A1,Ann,Lee,\"=cmd|'/C calc'!A0\"", header=f"{NEW},race_write_in"))
    assert [(p.column, p.code) for p in found.log.errors] == [("race_write_in", "formula")]
    assert "cmd" not in found.log.errors[0].reason


def test_negative_number_in_a_numeric_column_is_its_own_problem(world) -> None:  # type: ignore[no-untyped-def]
    header = f"{NEW},affiliation_kind,unit_code,cohort"
    texts = reasons(world, "A1,Ann,Lee,student,md,-2028", header=header)
    assert texts == ["This cell is a negative number; a class year is like 2027."]
    assert problems(world, "A1,Ann,Lee,student,md,twenty", header=header) == [
        (2, "cohort", "bad_year")
    ]


def test_too_long_values(world) -> None:  # type: ignore[no-untyped-def]
    texts = reasons(world, f"A1,{'x' * 121},Lee", header=NEW)
    assert texts == ["This cell is 121 characters long; at most 120 fit."]


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("affiliation_kind", "alumnus", "unknown_choice"),
        ("rank", "Grand Poobah", "unknown_choice"),
        ("track", "fast", "unknown_choice"),
        ("status", "asleep", "unknown_choice"),
    ],
)
def test_unknown_affiliation_codes(world, column: str, value: str, code: str) -> None:  # type: ignore[no-untyped-def]
    header = (
        f"{NEW},affiliation_kind,unit_code,{column}"
        if column != "affiliation_kind"
        else (f"{NEW},unit_code,affiliation_kind")
    )
    row = (
        f"A1,Ann,Lee,faculty,medicine,{value}"
        if column != "affiliation_kind"
        else (f"A1,Ann,Lee,medicine,{value}")
    )
    result = run(world, csv_bytes(row, header=header))
    [problem] = result.log.errors
    assert (problem.column, problem.code) == (column, code)
    assert f"“{value}” is not a known" in problem.reason and "allowed:" in problem.reason


def test_affiliation_labels_and_synonyms_are_accepted(world) -> None:  # type: ignore[no-untyped-def]
    header = f"{NEW},affiliation_kind,unit_code,rank,track,status"
    result = run(
        world,
        csv_bytes(
            "A1,Ann,Lee,Faculty,medicine,Assistant Professor,Clinician-educator,Active",
            "A2,Bo,Ray,Fellow,md,,,On leave",
            header=header,
        ),
    )
    assert result.ok, [str(p) for p in result.log.errors]
    a1 = Person.objects.get(institutional_id="A1").affiliations.get()
    assert (a1.kind, a1.rank, a1.track, a1.status) == ("faculty", "assistant", "clinical", "active")
    a2 = Person.objects.get(institutional_id="A2").affiliations.get()
    assert (a2.kind, a2.status) == ("resident", "leave")


def test_affiliation_details_without_a_kind(world) -> None:  # type: ignore[no-untyped-def]
    header = f"{NEW},affiliation_kind,unit_code"
    assert problems(world, "A1,Ann,Lee,,md", header=header) == [
        (2, "affiliation_kind", "affiliation_without_kind")
    ]


def test_blank_id_and_bad_email_and_mangled_id(world) -> None:  # type: ignore[no-untyped-def]
    header = f"{NEW},email"
    assert problems(
        world,
        ",Ann,Lee,ann@example.edu",
        "A2,Bo,Ray,not-an-address",
        "1.23457E+11,Cy,Ray,",
        header=header,
    ) == [
        (2, "institutional_id", "required"),
        (3, "email", "bad_email"),
        (4, "institutional_id", "id_mangled"),
    ]


def test_control_characters_and_spreadsheet_errors(world) -> None:  # type: ignore[no-untyped-def]
    header = f"{NEW},title"
    found = problems(world, 'A1,Ann,Lee,"Vice\nChair"', "A2,Bo,Ray,#N/A", header=header)
    assert found == [(2, "title", "control_character"), (3, "title", "wrong_cell_type")]


def test_rows_beyond_the_header_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    found = run(world, csv_bytes("A1,Ann,Lee,Jr., MD", header=NEW))
    [problem] = found.log.errors
    assert (problem.row, problem.letter, problem.code) == (2, "D", "ragged_row")


def test_header_only_file(world) -> None:  # type: ignore[no-untyped-def]
    assert problems(world, header=NEW) == [(None, "", "no_rows")]


def test_duplicate_headers(world) -> None:  # type: ignore[no-untyped-def]
    found = problems(world, "A1,Ann,Lee,x", header=f"{NEW},legal_given_name")
    assert found == [(1, "legal_given_name", "duplicate_header")]


def test_blank_rows_are_skipped_but_rows_keep_their_numbers(world) -> None:  # type: ignore[no-untyped-def]
    found = run(world, csv_bytes("A1,Ann,Lee", ",,", "", "A2,Bo,=Ray", header=NEW))
    assert [(p.row, p.code) for p in found.log.errors] == [(5, "formula")]


# --- Excel --------------------------------------------------------------------------


def test_xlsx_cells_of_every_type(world) -> None:  # type: ignore[no-untyped-def]
    Campus.objects.create(code="12", name="Numbered campus")
    rows = [
        [
            "Employee ID",
            "First Name",
            "Last Name",
            "Affiliation",
            "Dept",
            "Campus",
            "Start",
            "Class Year",
        ],
        [123456, "Ann", "Lee", "student", "md", 12, dt.datetime(2024, 7, 1), 2028],
        [123457.0, "Bo", "Ray", "student", "md", None, dt.date(2024, 7, 1), 2028.0],
    ]
    result = run(world, xlsx_bytes(rows), filename="people.xlsx")
    assert result.ok, [str(p) for p in result.log.errors]
    ann = Person.objects.get(institutional_id="123456").affiliations.get()
    assert (ann.start_date, ann.cohort, ann.campus.code) == (dt.date(2024, 7, 1), 2028, "12")
    assert Person.objects.filter(institutional_id="123457").exists()


def test_xlsx_problem_cells(world) -> None:  # type: ignore[no-untyped-def]
    rows = [
        [
            "institutional_id",
            "legal_given_name",
            "legal_family_name",
            "affiliation_kind",
            "unit_code",
            "start_date",
            "cohort",
        ],
        ["A1", "Ann", '=CONCAT("A","B")', "student", "md", 45474, -2028],
        [dt.date(2024, 1, 1), "Bo", "Ray", "student", "md", "2024-07-01", 2028.5],
    ]
    result = run(world, xlsx_bytes(rows), filename="people.xlsx")
    assert [(p.row, p.column, p.code) for p in result.log.sorted_errors()] == [
        (2, "legal_family_name", "formula"),
        (2, "start_date", "bad_date"),
        (2, "cohort", "negative_number"),
        (3, "institutional_id", "wrong_cell_type"),
        (3, "cohort", "bad_year"),
    ]
    assert "is the number 45474, not a date" in result.log.sorted_errors()[1].reason


def test_xlsx_with_several_sheets_reads_the_first_and_says_so(world) -> None:  # type: ignore[no-untyped-def]
    rows = [NEW.split(","), ["A1", "Ann", "Lee"]]
    result = run(world, xlsx_bytes(rows, sheets=3), filename="people.xlsx")
    assert result.ok
    assert any("3 sheets; only the first, “People”, was read" in p.reason for p in result.log.notes)


def test_good_rows_make_no_problem(world) -> None:  # type: ignore[no-untyped-def]
    assert run(world, csv_bytes(*GOOD_ROWS), apply=False).ok


def test_stray_workbook_cells_beyond_the_headers_are_only_noted(world) -> None:  # type: ignore[no-untyped-def]
    rows = [NEW.split(","), ["A1", "Ann", "Lee", None, "scribble"]]
    result = run(world, xlsx_bytes(rows), filename="people.xlsx")
    assert result.ok
    assert "Columns without a header were not read: E." in [p.reason for p in result.log.notes]
