"""Stage-event imports: every row checked, problems by row and column, all or nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from belong.access.models import AuditEvent
from belong.equity import actions
from belong.equity.models import PipelineDefinition, StageEvent
from belong.importing.models import ImportRun
from tests.factories.people import PersonFactory

pytestmark = pytest.mark.django_db

HEADER = "institutional_id,pipeline,stage,year,unit_code,date\n"


@pytest.fixture
def people(world):  # type: ignore[no-untyped-def]
    actions.ensure_defaults(by=None, record=False)
    return [PersonFactory(institutional_id=f"A{n}") for n in range(3)]


def _run(steward, text: str, *, apply: bool, name: str = "events.csv"):  # type: ignore[no-untyped-def]
    return actions.import_stage_events(
        by=steward, fileobj=io.BytesIO(text.encode()), filename=name, apply=apply
    )


def _problems(result) -> list[tuple[int | None, str, str]]:  # type: ignore[no-untyped-def]
    return [
        (p["row"], p["column"], p["code"]) for p in result.run.problems if p["level"] == "error"
    ]


def test_import_dry_run_writes_nothing_then_apply_writes_every_row(people, data_steward) -> None:
    text = HEADER + (
        "A0,md_admissions,applied,2024,md,2023-06-01\n"
        "A0,md_admissions,interviewed,2024,md,2023-09-01\n"
        "A0,md_admissions,offered,2024,MD,2024-01-15\n"
        "A1,md_admissions,applied,2024,MD Program,\n"
    )
    checked = _run(data_steward, text, apply=False)
    assert checked.ok and checked.run.outcome == ImportRun.Outcome.DRY_RUN
    assert StageEvent.objects.count() == 0

    applied = _run(data_steward, text, apply=True)
    assert applied.ok and applied.applied and applied.created == 4
    events = StageEvent.objects.order_by("date")
    assert events.count() == 4
    assert set(events.values_list("source", flat=True)) == {StageEvent.Source.IMPORT}
    assert events.filter(import_run=applied.run).count() == 4
    assert AuditEvent.objects.filter(verb="equity.stage_events.import").count() == 2


@pytest.mark.parametrize(
    ("row", "column", "code"),
    [
        ("NOBODY,md_admissions,applied,2024,md,2023-06-01", "institutional_id", "unknown_person"),
        ("A0,phd_admissions,applied,2024,md,2023-06-01", "pipeline", "unknown_pipeline"),
        ("A0,md_admissions,waitlisted,2024,md,2023-06-01", "stage", "unknown_stage"),
        ("A0,md_admissions,offered,2024,md,2024-01-15", "stage", "stage_out_of_order"),
        ("A0,md_admissions,applied,20x4,md,2023-06-01", "year", "bad_year"),
        ("A0,md_admissions,applied,2024,md,01/06/2023", "date", "bad_date"),
        ("A0,md_admissions,applied,2024,nowhere,2023-06-01", "unit_code", "unknown_unit"),
        ("A0,md_admissions,applied,,md,2023-06-01", "year", "required"),
        ("A0,md_admissions,=HYPERLINK(1),2024,md,2023-06-01", "stage", "formula"),
    ],
)
def test_a_bad_row_is_reported_by_row_and_column_and_nothing_is_written(
    people, data_steward, row: str, column: str, code: str
) -> None:
    good = "A1,md_admissions,applied,2024,md,2023-06-01\n"
    result = _run(data_steward, HEADER + good + row + "\n", apply=True)
    assert not result.ok
    assert result.run.outcome == ImportRun.Outcome.REJECTED
    assert (3, column, code) in _problems(result)
    assert StageEvent.objects.count() == 0  # the good row was not written either


def test_offered_needs_interviewed_in_the_same_cycle(people, data_steward) -> None:
    text = HEADER + (
        "A0,md_admissions,applied,2023,md,2022-06-01\n"
        "A0,md_admissions,interviewed,2023,md,2022-09-01\n"
        "A0,md_admissions,applied,2024,md,2023-06-01\n"
        "A0,md_admissions,offered,2024,md,2024-01-15\n"  # interviewed only in 2023
    )
    result = _run(data_steward, text, apply=False)
    assert _problems(result) == [(5, "stage", "stage_out_of_order")]
    reason = next(p["reason"] for p in result.run.problems if p["row"] == 5)
    assert "“interviewed”" in reason and "2024 cycle" in reason


def test_a_predecessor_on_record_counts_and_a_date_before_it_does_not(people, data_steward) -> None:
    assert _run(
        data_steward,
        HEADER + "A0,md_admissions,applied,2024,md,2023-06-01\n"
        "A0,md_admissions,interviewed,2024,md,2023-09-01\n",
        apply=True,
    ).ok
    later = _run(
        data_steward, HEADER + "A0,md_admissions,offered,2024,md,2024-01-15\n", apply=False
    )
    assert later.ok
    early = _run(
        data_steward, HEADER + "A0,md_admissions,offered,2024,md,2023-08-01\n", apply=False
    )
    assert _problems(early) == [(2, "date", "stage_out_of_order")]


def test_event_pipelines_accept_a_predecessor_from_an_earlier_year(people, data_steward) -> None:
    text = HEADER + (
        "A0,faculty,hired,2015,medicine,2015-07-01\n"
        "A0,faculty,promoted_associate,2021,medicine,2021-07-01\n"
        "A1,faculty,promoted_associate,2021,medicine,2021-07-01\n"
    )
    result = _run(data_steward, text.replace("medicine", "md"), apply=False)
    assert _problems(result) == [(4, "stage", "stage_out_of_order")]


def test_duplicates_in_the_file_and_against_the_records_are_refused(people, data_steward) -> None:
    row = "A0,md_admissions,applied,2024,md,2023-06-01\n"
    result = _run(data_steward, HEADER + row + row, apply=True)
    assert _problems(result) == [(3, "stage", "duplicate_event")]
    assert _run(data_steward, HEADER + row, apply=True).ok
    again = _run(data_steward, HEADER + row, apply=True)
    assert _problems(again) == [(2, "stage", "duplicate_event")]
    assert StageEvent.objects.count() == 1


def test_missing_columns_and_unreadable_files_are_reported(people, data_steward) -> None:
    missing = _run(data_steward, "institutional_id,stage\nA0,applied\n", apply=False)
    assert {p[2] for p in _problems(missing)} == {"missing_column"}
    binary = actions.import_stage_events(
        by=data_steward, fileobj=io.BytesIO(b"%PDF-1.4 not a table"), filename="x.pdf", apply=False
    )
    assert {p[2] for p in _problems(binary)} == {"not_a_table"}


def test_an_excel_workbook_is_read_like_a_csv(people, data_steward) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Employee ID", "Pipeline", "Stage", "Cycle", "Unit", "Event date"])
    sheet.append(["A2", "md_admissions", "applied", 2025, "md", dt.date(2024, 6, 1)])
    buffer = io.BytesIO()
    book.save(buffer)
    result = actions.import_stage_events(
        by=data_steward, fileobj=io.BytesIO(buffer.getvalue()), filename="events.xlsx", apply=True
    )
    assert result.ok, result.run.problems
    event = StageEvent.objects.get()
    assert (event.stage, event.year, event.date) == ("applied", 2025, dt.date(2024, 6, 1))


def test_an_inactive_pipeline_takes_no_events(people, data_steward) -> None:
    PipelineDefinition.objects.filter(code="staff").update(active=False)
    result = _run(data_steward, HEADER + "A0,staff,hired,2024,md,2024-01-01\n", apply=False)
    assert _problems(result) == [(2, "pipeline", "unknown_pipeline")]


def test_only_a_data_steward_may_import(people, analyst) -> None:
    from django.http import Http404

    with pytest.raises(Http404):
        _run(analyst, HEADER, apply=False)


def test_the_command_checks_and_imports_a_file(people, tmp_path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(HEADER + "A0,md_admissions,applied,2024,md,2023-06-01\n")
    out = io.StringIO()
    call_command("import_stage_events", str(path), "--dry-run", stdout=out)
    assert "would be added" in out.getvalue() and StageEvent.objects.count() == 0
    call_command("import_stage_events", str(path), stdout=out)
    assert StageEvent.objects.count() == 1
    path.write_text(HEADER + "NOBODY,md_admissions,applied,2024,md,2023-06-01\n")
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_stage_events", str(path), stdout=io.StringIO())


def test_the_web_import_names_its_key(people, client_for, data_steward) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from belong.people.models import PersonIdentifier

    PersonIdentifier.objects.create(person=people[0], scheme="aamc_id", value="13000001")
    client = client_for(data_steward)
    text = "AAMC ID,pipeline,stage,Application Cycle\n13000001,md_admissions,applied,2024\n"
    response = client.post(
        reverse("equity:event_import"),
        {"file": SimpleUploadedFile("e.csv", text.encode()), "key": "aamc_id", "apply": "1"},
    )
    assert response.status_code == 200
    event = StageEvent.objects.get()
    assert event.person == people[0] and event.unit.code == "md" and event.year == 2024
    assert ImportRun.objects.get().options == {"key": "aamc_id"}
