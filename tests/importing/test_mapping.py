"""Column mapping: suggested from headers, saved by name, overridden, checked."""

from __future__ import annotations

import pytest
from django.http import Http404

from belong.access.models import AuditEvent
from belong.importing.mapping import check, combine, parse_overrides, suggest
from belong.importing.models import ImportMapping
from belong.importing.problems import ProblemLog
from belong.people.importing import actions
from belong.people.importing.fields import SCHEMA

REGISTRAR = [
    "Employee ID",
    "First Name",
    "Last Name",
    "E-mail Address",
    "Dept",
    "Hire Date",
    "Class Year",
    "Gender",
    "Notes",
]


def test_common_headers_are_suggested() -> None:
    assert suggest(REGISTRAR, SCHEMA) == {
        "Employee ID": "institutional_id",
        "First Name": "legal_given_name",
        "Last Name": "legal_family_name",
        "E-mail Address": "email",
        "Dept": "unit_code",
        "Hire Date": "start_date",
        "Class Year": "cohort",
        # Ambiguous (legal sex or gender identity?): the steward decides.
        "Gender": "",
        "Notes": "",
    }


def test_exact_and_normalised_field_names_are_suggested() -> None:
    assert suggest(["institutional_id", "Legal Given Name", " SEX ", "race-detailed"], SCHEMA) == {
        "institutional_id": "institutional_id",
        "Legal Given Name": "legal_given_name",
        " SEX ": "sex",
        "race-detailed": "race_detailed",
    }


def test_a_field_is_suggested_for_one_column_only() -> None:
    assert suggest(["Student ID", "Employee ID"], SCHEMA) == {
        "Student ID": "institutional_id",
        "Employee ID": "",
    }


def test_saved_mapping_and_overrides_layer_over_the_suggestion() -> None:
    saved = {"gender": "sex", "dept": "", "Notes": "title"}
    mapping = combine(REGISTRAR, SCHEMA, saved, parse_overrides(["Notes=", "Class Year=-"], SCHEMA))
    assert mapping["Gender"] == "sex", "a saved header matches whatever its case"
    assert mapping["Dept"] == "", "a saved mapping can leave a suggested column out"
    assert mapping["Notes"] == "", "an override beats the saved mapping"
    assert mapping["Class Year"] == "", "“-” leaves a column out"
    assert mapping["Employee ID"] == "institutional_id", "the suggestion fills the rest"


def test_a_layer_moves_a_field_rather_than_mapping_it_twice() -> None:
    mapping = combine(["Employee ID", "Badge"], SCHEMA, {"Badge": "institutional_id"})
    assert mapping == {"Employee ID": "", "Badge": "institutional_id"}


def test_overrides_are_checked() -> None:
    with pytest.raises(ValueError, match="Header=field"):
        parse_overrides(["no equals sign"], SCHEMA)
    with pytest.raises(ValueError, match="“shoe_size” is not a field"):
        parse_overrides(["Shoe=shoe_size"], SCHEMA)
    assert parse_overrides(["A=B=sex"], SCHEMA) == {"A=B": "sex"}


def test_check_refuses_a_field_twice_and_a_missing_id() -> None:
    log = ProblemLog()
    assert check(["A", "B"], {"A": "sex", "B": "sex"}, SCHEMA, log) is None
    assert [p.code for p in log.errors] == ["mapping", "missing_column"]
    assert "Columns A and B are both mapped to “Sex”" in log.errors[0].reason


def test_check_notes_ignored_columns() -> None:
    log = ProblemLog()
    columns = check(["ID", "Notes", ""], {"ID": "institutional_id"}, SCHEMA, log)
    assert columns is not None and columns.index == {"institutional_id": 0}
    assert [n.reason for n in log.notes] == [
        "Not imported (no field chosen): “Notes”.",
        "Columns without a header were not read: C.",
    ]


@pytest.mark.django_db
def test_save_mapping_creates_then_replaces_with_one_event_each(world) -> None:  # type: ignore[no-untyped-def]
    steward = world.user("data_steward")
    before = AuditEvent.objects.count()
    first = actions.save_mapping(by=steward, name="HR", columns={"Emp": "institutional_id"})
    second = actions.save_mapping(by=steward, name=" HR ", columns={"Badge": "institutional_id"})
    assert first.pk == second.pk and first.created_by == steward
    assert ImportMapping.objects.get().columns == {"Badge": "institutional_id"}
    verbs = list(AuditEvent.objects.order_by("seq").values_list("verb", flat=True)[before:])
    assert verbs == ["people.import_mapping.saved", "people.import_mapping.replaced"]


@pytest.mark.django_db
def test_only_stewards_may_save_or_run(world) -> None:  # type: ignore[no-untyped-def]
    import io

    with pytest.raises(Http404):
        actions.save_mapping(by=world.user("analyst"), name="X", columns={})
    with pytest.raises(Http404):
        actions.run_import(
            by=world.user("administrator"), fileobj=io.BytesIO(b"x"), filename="x", apply=False
        )
    assert not ImportMapping.objects.exists()
