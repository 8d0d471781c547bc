"""``manage.py import_people``: the same import from the command line."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from belong.importing.models import ImportMapping, ImportRun
from belong.people.models import Person
from tests.people.test_import_support import GOOD_ROWS, csv_bytes, table_counts

pytestmark = pytest.mark.django_db


def _call(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_people", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def good_file(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "registrar.csv"
    path.write_bytes(csv_bytes(*GOOD_ROWS))
    return path


def test_command_applies_a_good_file(world, good_file) -> None:  # type: ignore[no-untyped-def]
    out, err = _call(str(good_file))
    assert "Applied. 3 rows: 3 added, 0 updated, 0 unchanged" in out
    assert "Checking" in err and "Applying" in err, "tqdm progress bars on standard error"
    run = ImportRun.objects.get()
    assert run.outcome == "applied" and run.by is None and run.filename == "registrar.csv"
    assert Person.objects.filter(institutional_id="S100").exists()
    out, _err = _call(str(good_file), "--no-progress")
    assert "0 added, 0 updated, 3 unchanged" in out


def test_dry_run_writes_nothing(world, good_file) -> None:  # type: ignore[no-untyped-def]
    out, _err = _call(str(good_file), "--dry-run", "--no-progress")
    assert "Checked, nothing written. Applying would give 3 rows: 3 added" in out
    assert not Person.objects.filter(institutional_id="S100").exists()


def test_problems_exit_non_zero_and_write_nothing(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(*GOOD_ROWS, "S102,Di,Moss,,student,md,,2024-31-01,2028,,"))
    before = table_counts()
    err = StringIO()
    with pytest.raises(CommandError, match="1 problem found; nothing was written") as raised:
        call_command("import_people", str(path), "--no-progress", stdout=StringIO(), stderr=err)
    assert raised.value.returncode == 1
    assert "Row 5, “start_date” (H): “2024-31-01” is not a date" in err.getvalue()
    assert table_counts()["people"] == before["people"]


def test_saved_mapping_and_overrides(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "hr.csv"
    path.write_bytes(csv_bytes("7001,Ann,Lee,cardio", header="Badge,Given,Family,Team"))
    with pytest.raises(CommandError):
        _call(str(path), "--no-progress")  # nothing says which column is the id
    ImportMapping.objects.create(
        name="HR", columns={"Badge": "institutional_id", "Given": "legal_given_name"}
    )
    out, _err = _call(
        str(path),
        "--mapping",
        "HR",
        "--map",
        "Family=legal_family_name",
        "--map",
        "Team=-",
        "--save-mapping",
        "HR v2",
        "--no-progress",
        "--verbosity",
        "2",
    )
    assert "“Family” → legal_family_name" in out and "Mapping saved as “HR v2”" in out
    assert Person.objects.get(institutional_id="7001").legal_family_name == "Lee"
    assert ImportMapping.objects.get(name="HR v2").columns == {
        "Badge": "institutional_id",
        "Given": "legal_given_name",
        "Family": "legal_family_name",
    }


def test_command_refuses_unknown_mapping_file_or_user(world, good_file) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="No saved mapping is named “Nope”"):
        _call(str(good_file), "--mapping", "Nope")
    with pytest.raises(CommandError, match="No such file"):
        _call(str(good_file) + ".missing")
    with pytest.raises(CommandError, match="not an active account allowed"):
        _call(str(good_file), "--user", "analyst")
    with pytest.raises(CommandError, match="is not a field"):
        _call(str(good_file), "--map", "Dept=department")
    assert not ImportRun.objects.exists()


def test_command_records_the_steward_given(world, good_file) -> None:  # type: ignore[no-untyped-def]
    _call(str(good_file), "--user", "data_steward", "--no-progress")
    assert ImportRun.objects.get().by == world.user("data_steward")


def test_the_example_in_the_operator_guide_imports_cleanly(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    guide = (Path(__file__).parents[2] / "docs" / "importing.md").read_text()
    example = guide.split("## An example file", 1)[1].split("```csv\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.csv"
    path.write_text(example)
    out, _err = _call(str(path), "--no-progress")
    assert "Applied. 3 rows: 3 added" in out
    assert Person.objects.get(institutional_id="S0001235").affiliations.get().status == "leave"
