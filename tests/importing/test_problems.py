"""Problems placed by row and column, or by JSON path; shown alike on the page, the CLI and CSV."""

from __future__ import annotations

import pytest

from belong.importing.problems import (
    COMMON_KINDS,
    PROBLEMS_CSV_HEADER,
    ProblemLog,
    grouped,
    json_path,
    kinds,
    problems_csv_rows,
    where,
)


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([], "$"),
        (["services", 3, "name"], "$.services[3].name"),
        (["service areas", 0], "$['service areas'][0]"),
        (["it's"], "$['it\\'s']"),
        ([0, "_id2"], "$[0]._id2"),
    ],
)
def test_json_paths_are_written_as_jsonpath(parts, expected) -> None:  # type: ignore[no-untyped-def]
    assert json_path(parts) == expected


def test_a_problem_carries_a_row_and_column_or_a_path() -> None:
    log = ProblemLog()
    log.add(4, "Dept", "D", "No unit has the code “x”.", "required")
    log.add_at(["services", 3, "name"], "Required: this property is missing.", "schema")
    log.add(None, "", "", "The file is empty.", "empty_file")
    table, document, whole = log.errors
    assert (table.row, table.column, table.letter, table.path) == (4, "Dept", "D", "")
    assert (document.row, document.column, document.path) == (None, "", "$.services[3].name")
    assert str(document) == "$.services[3].name: Required: this property is missing."
    assert table.where == "row 4, column “Dept” (D)"
    assert whole.where == "the file"
    records = log.as_records()
    assert [r.get("path", "") for r in records] == ["", "", "$.services[3].name"]
    assert "path" not in next(r for r in records if r["row"] == 4)


def test_where_reads_stored_records_old_and_new() -> None:
    assert where({"row": 7, "column": "", "letter": "K"}) == "row 7, column K"
    assert where({"row": None, "column": "", "letter": "", "path": "$.a[0]"}) == "$.a[0]"
    assert where({"row": None, "column": "", "letter": ""}) == "the file"


def test_path_problems_group_by_pattern_and_list_their_paths() -> None:
    log = ProblemLog()
    for index in (3, 9, 12):
        log.add_at(["services", index, "name"], "Required: this property is missing.", "schema")
    log.add_at(["organizations", 0, "name"], "Must be of type string.", "schema")
    [services, organizations] = grouped(log.as_records())
    assert services["column"] == "$.services[*].name" and services["count"] == 3
    assert services["paths"] == ["$.services[3].name", "$.services[9].name", "$.services[12].name"]
    assert services["rows"] == [] and organizations["count"] == 1


def test_a_flood_of_path_problems_is_counted_and_summarised() -> None:
    log = ProblemLog(limit=5)
    for index in range(50):
        log.add_at(["services", index, "name"], "Required: this property is missing.", "schema")
    records = log.as_records()
    assert log.error_count == 50 and len(log.errors) == 5
    summary = [r for r in records if r["code"] == "more_problems"]
    assert [r["reason"] for r in summary] == [
        "45 more of “Not what the format allows” in “$.services[*].name”"
    ]


def test_the_problems_csv_has_a_column_for_each_way_of_placing_a_problem() -> None:
    log = ProblemLog()
    log.add(2, "Dept", "D", "Unknown.", "required")
    log.add_at(["services", 1, "name"], "Required: this property is missing.", "schema")
    rows = problems_csv_rows(log.as_records(), COMMON_KINDS)
    assert PROBLEMS_CSV_HEADER[1:5] == ["Row", "Column letter", "Column", "JSON path"]
    assert rows[0][:5] == ("problem", 2, "D", "Dept", "")
    assert rows[1][:5] == ("problem", "", "", "", "$.services[1].name")
    assert rows[1][5] == "Not what the format allows"


def test_an_importer_brings_its_own_kinds_and_no_other() -> None:
    own = kinds({"unknown_stage": "Not a stage of the pipeline"})
    ProblemLog(own).add(2, "stage", "C", "Nope.", "unknown_stage")
    with pytest.raises(ValueError, match="unknown problem code"):
        ProblemLog().add(2, "stage", "C", "Nope.", "unknown_stage")
    with pytest.raises(TypeError):
        own["x"] = "y"  # type: ignore[index]
    assert "unknown_stage" not in COMMON_KINDS


@pytest.mark.django_db
def test_audit_events_written_before_the_move_still_name_their_run(world) -> None:  # type: ignore[no-untyped-def]
    from belong.access import audit
    from belong.access.audit.display import name_targets
    from belong.access.models import AuditEvent
    from belong.importing.models import ImportRun

    run = ImportRun.objects.create(filename="old.csv", sha256="0" * 64, outcome="applied")
    audit.record(
        audit.PeopleEvent.IMPORT_APPLIED, by=None, target=("people.importrun", str(run.pk))
    )
    event = AuditEvent.objects.order_by("-seq").first()
    assert name_targets([event])[("people.importrun", str(run.pk))] == f"import run {run.pk}"
