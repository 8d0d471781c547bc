"""Applying a people import: upsert by id, history kept, versions made, all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from belong.access.models import AuditEvent
from belong.importing.models import ImportRun
from belong.people import actions as people_actions
from belong.people.importing import importer, plan
from belong.people.models import Affiliation, Person, SelfIdentification, SelfIdentificationVersion
from tests.people.test_import_support import (
    GOOD_ROWS,
    TODAY,
    codes,
    csv_bytes,
    run,
    table_counts,
    unchanged_but_for_the_run,
)

pytestmark = pytest.mark.django_db


def test_import_creates_people_affiliations_and_answers(world) -> None:  # type: ignore[no-untyped-def]
    result = run(world, csv_bytes(*GOOD_ROWS))
    assert result.ok, [str(p) for p in result.log.errors]
    assert (result.run.outcome, result.run.created, result.run.updated) == ("applied", 3, 0)
    ada = Person.objects.get(institutional_id="S100")
    assert (ada.legal_given_name, ada.email) == ("Ada", "ada@example.edu")
    affiliation = ada.affiliations.get()
    assert (affiliation.kind, affiliation.unit.code, affiliation.campus.code) == (
        "student",
        "md",
        "pasadena",
    )
    assert affiliation.start_date == dt.date(2024, 7, 1) and affiliation.cohort == 2028
    assert affiliation.recorded_by == world.user("data_steward")
    answers = SelfIdentification.objects.get(person=ada)
    assert (answers.race, answers.sex, answers.ipeds) == (
        ["black", "hispanic"],
        "female",
        "hispanic",
    )
    assert (answers.source, answers.version) == ("import", 1)
    version = SelfIdentificationVersion.objects.get(person=ada)
    assert (version.version, version.source, version.race) == (1, "import", ["black", "hispanic"])
    cy = SelfIdentification.objects.get(person__institutional_id="F200")
    assert cy.sex == "prefer_not" and cy.race == []


def test_one_audit_event_per_run_with_counts_and_fingerprint_only(world) -> None:  # type: ignore[no-untyped-def]
    before = AuditEvent.objects.count()
    result = run(world, csv_bytes(*GOOD_ROWS))
    events = list(AuditEvent.objects.order_by("seq")[before:])
    assert [e.verb for e in events] == ["people.import.applied"]
    event = events[0]
    assert event.target_type == "importing.importrun" and event.target_id == str(result.run.pk)
    assert event.detail["sha256"] == result.run.sha256 and event.detail["created"] == 3
    assert "female" not in str(event.detail) and "Ada" not in str(event.detail)


def test_reimporting_the_same_file_changes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    content = csv_bytes(*GOOD_ROWS)
    run(world, content)
    updated_at = dict(Person.objects.values_list("institutional_id", "updated_at"))
    before = table_counts()
    again = run(world, content, today=TODAY + dt.timedelta(days=30))
    assert again.run.outcome == "applied"
    assert (again.run.created, again.run.updated, again.run.unchanged) == (0, 0, 3)
    assert unchanged_but_for_the_run(before, table_counts())
    assert dict(Person.objects.values_list("institutional_id", "updated_at")) == updated_at


def test_dry_run_reports_what_would_change_and_writes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    before = table_counts()
    result = run(world, csv_bytes(*GOOD_ROWS), apply=False)
    assert result.run.outcome == ImportRun.Outcome.DRY_RUN
    assert (result.run.created, result.run.rows) == (3, 3)
    assert unchanged_but_for_the_run(before, table_counts())
    assert AuditEvent.objects.order_by("-seq").first().verb == "people.import.dry_run"
    notes = [p.reason for p in result.log.notes]
    assert any("3 affiliation rows would be started" in n for n in notes)


def test_only_changed_person_fields_are_written(world) -> None:  # type: ignore[no-untyped-def]
    run(world, csv_bytes(*GOOD_ROWS))
    stamps = dict(Person.objects.values_list("institutional_id", "updated_at"))
    header = "institutional_id,legal_given_name,email"
    result = run(world, csv_bytes("S100,Adaeze,", "S101,Bo,", header=header))
    assert (result.run.updated, result.run.unchanged) == (1, 1)
    ada = Person.objects.get(institutional_id="S100")
    assert ada.legal_given_name == "Adaeze"
    assert ada.email == "ada@example.edu", "a blank cell keeps what is on record"
    assert ada.updated_at > stamps["S100"]
    assert Person.objects.get(institutional_id="S101").updated_at == stamps["S101"]


def test_a_changed_unit_ends_the_row_and_starts_a_new_one(world) -> None:  # type: ignore[no-untyped-def]
    run(world, csv_bytes(*GOOD_ROWS))
    moved = GOOD_ROWS[0].replace(",md,", ",medicine,")
    result = run(world, csv_bytes(moved))
    assert result.run.updated == 1
    rows = list(Affiliation.objects.filter(person__institutional_id="S100").order_by("start_date"))
    assert [(r.unit.code, r.start_date, r.end_date) for r in rows] == [
        ("md", dt.date(2024, 7, 1), TODAY - dt.timedelta(days=1)),
        ("medicine", TODAY, None),
    ]
    assert rows[1].cohort == 2028, "fields not in the change are carried over"
    # The same file the next day: nothing more.
    before = table_counts()
    again = run(world, csv_bytes(moved), today=TODAY + dt.timedelta(days=1))
    assert again.run.unchanged == 1 and unchanged_but_for_the_run(before, table_counts())


def test_a_change_dated_by_the_file_takes_effect_then(world) -> None:  # type: ignore[no-untyped-def]
    run(world, csv_bytes(*GOOD_ROWS))
    header = "institutional_id,affiliation_kind,status,start_date"
    run(world, csv_bytes("S100,student,On leave,2025-09-01", header=header))
    rows = Affiliation.objects.filter(person__institutional_id="S100").order_by("start_date")
    assert [(r.status, r.start_date, r.end_date) for r in rows] == [
        ("active", dt.date(2024, 7, 1), dt.date(2025, 8, 31)),
        ("leave", dt.date(2025, 9, 1), None),
    ]


def test_an_end_date_closes_the_row_without_a_new_one(world) -> None:  # type: ignore[no-untyped-def]
    run(world, csv_bytes(*GOOD_ROWS))
    header = "institutional_id,affiliation_kind,end_date"
    content = csv_bytes("F200,faculty,2026-06-30", header=header)
    run(world, content)
    row = Affiliation.objects.get(person__institutional_id="F200")
    assert row.end_date == dt.date(2026, 6, 30)
    before = table_counts()
    assert run(world, content).run.unchanged == 1
    assert unchanged_but_for_the_run(before, table_counts())


def test_graduation_with_a_past_end_date_is_dated_by_it(world) -> None:  # type: ignore[no-untyped-def]
    run(world, csv_bytes(*GOOD_ROWS))
    header = "institutional_id,affiliation_kind,status,start_date,end_date"
    content = csv_bytes("S100,student,graduated,2024-07-01,2026-05-30", header=header)
    run(world, content)
    rows = Affiliation.objects.filter(person__institutional_id="S100").order_by("start_date")
    assert [(r.status, r.start_date, r.end_date) for r in rows] == [
        ("active", dt.date(2024, 7, 1), dt.date(2026, 5, 29)),
        ("completed", dt.date(2026, 5, 30), dt.date(2026, 5, 30)),
    ]
    assert run(world, content).run.unchanged == 1


def test_a_start_after_the_last_period_ended_begins_a_new_period(world) -> None:  # type: ignore[no-untyped-def]
    run(world, csv_bytes(*GOOD_ROWS))
    header = "institutional_id,affiliation_kind,start_date,end_date"
    run(world, csv_bytes("F200,faculty,,2024-06-30", header=header))
    run(world, csv_bytes("F200,faculty,2025-01-01,", header=header))
    rows = Affiliation.objects.filter(person__institutional_id="F200").order_by("start_date")
    assert [(r.start_date, r.end_date) for r in rows] == [
        (dt.date(2019, 9, 1), dt.date(2024, 6, 30)),
        (dt.date(2025, 1, 1), None),
    ]


def test_an_end_before_the_recorded_start_is_a_problem(world) -> None:  # type: ignore[no-untyped-def]
    run(world, csv_bytes(*GOOD_ROWS))
    before = table_counts()
    header = "institutional_id,affiliation_kind,end_date"
    result = run(world, csv_bytes("F200,faculty,2010-01-01", header=header))
    assert codes(result) == ["end_before_record_start"]
    problem = result.log.errors[0]
    assert (problem.row, problem.column) == (2, "end_date")
    assert "2019-09-01" in problem.reason
    assert unchanged_but_for_the_run(before, table_counts())


def test_changed_answers_make_a_new_version_and_unchanged_make_none(world) -> None:  # type: ignore[no-untyped-def]
    run(world, csv_bytes(*GOOD_ROWS))
    header = "institutional_id,race,race_detailed,gender_identity"
    run(world, csv_bytes("S100,black,,Woman", header=header))
    record = SelfIdentification.objects.get(person__institutional_id="S100")
    assert (record.version, record.race, record.gender_identity, record.sex) == (
        2,
        ["black"],
        "woman",
        "female",
    ), "answers not in the file are kept"
    assert record.ipeds == "black"
    versions = SelfIdentificationVersion.objects.filter(person__institutional_id="S100")
    assert sorted(versions.values_list("version", flat=True)) == [1, 2]
    run(world, csv_bytes("S100,Black or African American,,WOMAN", header=header))
    assert SelfIdentification.objects.get(person__institutional_id="S100").version == 2


def test_detailed_codes_in_the_race_column_are_kept_as_detail(world) -> None:  # type: ignore[no-untyped-def]
    header = "institutional_id,legal_given_name,legal_family_name,race"
    run(world, csv_bytes("N1,Na,Me,Asian; Lebanese", header=header))
    record = SelfIdentification.objects.get(person__institutional_id="N1")
    assert (record.race, record.race_detailed) == (["asian", "mena"], ["mena_lebanese"])


def test_answers_people_gave_themselves_are_kept(world) -> None:  # type: ignore[no-untyped-def]
    student = world.person("student")
    people_actions.save_self_identification(
        by=world.user("student"), person=student, answers={"sex": "male"}
    )
    header = "institutional_id,sex"
    result = run(world, csv_bytes(f"{student.institutional_id},female", header=header))
    assert result.run.unchanged == 1 and result.counts.answers_kept == 1
    record = SelfIdentification.objects.get(person=student)
    assert (record.sex, record.source, record.version) == ("male", "self", 1)
    assert any(p.code == "own_answers_kept" for p in result.log.notes)


def test_a_bad_last_row_means_nothing_is_written(world) -> None:  # type: ignore[no-untyped-def]
    rows = [
        f"P{n:04d},Given{n},Family{n},p{n}@example.edu,student,md,,2024-07-01,2028,female,white"
        for n in range(120)
    ]
    rows.append("P9999,Last,Row,last@example.edu,student,md,,2024-13-45,2028,female,white")
    before = table_counts()
    result = run(world, csv_bytes(*rows))
    assert result.run.outcome == ImportRun.Outcome.REJECTED
    assert [(p.row, p.column, p.code) for p in result.log.errors] == [
        (122, "start_date", "bad_date")
    ]
    assert unchanged_but_for_the_run(before, table_counts())
    assert AuditEvent.objects.order_by("-seq").first().verb == "people.import.rejected"


def test_a_failure_while_writing_rolls_everything_back(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(importer.PeopleImporter, "chunk_size", 2)
    real = plan.write_chunk
    calls = {"n": 0}

    def fail_on_second_chunk(chunk_plan, *, by):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise IntegrityError("simulated: another import added the same id")
        real(chunk_plan, by=by)

    monkeypatch.setattr(importer, "write_chunk", fail_on_second_chunk)
    before = table_counts()
    result = run(world, csv_bytes(*GOOD_ROWS))
    assert calls["n"] == 2, "the first chunk was written before the failure"
    assert result.run.outcome == ImportRun.Outcome.REJECTED
    assert codes(result) == ["changed_during_import"]
    assert unchanged_but_for_the_run(before, table_counts())


def test_records_that_change_between_check_and_write_stop_the_import(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real_load = plan.State.load

    def load(rows, *, key, lock=False):  # type: ignore[no-untyped-def]
        if lock:  # between the check and the write, someone adds an end date
            Affiliation.objects.filter(person__institutional_id="F200").update(
                start_date=dt.date(2030, 1, 1)
            )
        return real_load(rows, key=key, lock=lock)

    run(world, csv_bytes(*GOOD_ROWS))
    monkeypatch.setattr(plan.State, "load", staticmethod(load))
    header = "institutional_id,affiliation_kind,end_date"
    result = run(world, csv_bytes("F200,faculty,2026-06-30", header=header))
    assert result.run.outcome == ImportRun.Outcome.REJECTED
    assert set(codes(result)) == {"end_before_record_start", "changed_during_import"}
    assert Affiliation.objects.get(person__institutional_id="F200").end_date is None


def test_a_new_person_needs_legal_names(world) -> None:  # type: ignore[no-untyped-def]
    header = "institutional_id,legal_given_name,email"
    result = run(world, csv_bytes("NEW1,,n@example.edu", "ID-student,,", header=header))
    assert [(p.row, p.column, p.code) for p in result.log.sorted_errors()] == [
        # No column holds it: the problem names the field instead.
        (2, "Legal family name", "new_person_without_name"),
        (2, "legal_given_name", "new_person_without_name"),
    ]
    assert "NEW1 is not on record yet" in result.log.errors[0].reason


def test_a_new_affiliation_needs_a_unit(world) -> None:  # type: ignore[no-untyped-def]
    header = "institutional_id,affiliation_kind,cohort"
    result = run(world, csv_bytes("ID-student,applicant,2030", header=header))
    assert codes(result) == ["new_affiliation_without_unit"]
    # An existing affiliation of that kind needs none.
    result = run(world, csv_bytes("ID-student,student,2029", header=header))
    assert result.ok and Affiliation.objects.filter(cohort=2029).count() == 1


def test_import_makes_a_bounded_number_of_queries(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(importer.PeopleImporter, "chunk_size", 100)

    def file_of(n: int, start: int = 0) -> bytes:
        return csv_bytes(
            *[
                f"Q{i:05d},G{i},F{i},q{i}@example.edu,student,md,pasadena,2024-07-01,2028,"
                f"female,asian"
                for i in range(start, start + n)
            ]
        )

    def queries(content: bytes) -> int:
        with CaptureQueriesContext(connection) as captured:
            result = run(world, content)
        assert result.ok
        return len(captured)

    small, large = queries(file_of(100)), queries(file_of(400, start=1000))
    # Four times the rows (four chunks instead of one): a fixed number of
    # queries per chunk, never one per row.
    assert large - small <= 3 * 12, (small, large)
    assert large < 80
