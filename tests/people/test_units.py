"""Units: a fresh install's first two, the audited page and actions, ``import_units``,
and unit problems in imports that list the known units and say how to add one."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from belong.access.models import AuditEvent
from belong.equity import actions as equity_actions
from belong.equity.models import PipelineDefinition, StageEvent
from belong.people.models import Unit
from belong.people.units import UnitError, UnitSpec, add_unit, rename_unit, units_hint
from tests.factories.people import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_fresh_install_has_the_school_and_its_md_program() -> None:
    units = {u.code: u for u in Unit.objects.select_related("parent")}
    assert set(units) == {"school", "md"}
    assert units["md"].kind == Unit.Kind.PROGRAM and units["md"].parent == units["school"]
    equity_actions.ensure_defaults(by=None, record=False)
    assert PipelineDefinition.objects.get(code="md_admissions").program == units["md"]


def test_adding_and_renaming_a_unit_is_audited(data_steward) -> None:
    unit = add_unit(
        by=data_steward, spec=UnitSpec("surgery", " Department of  Surgery ", "department")
    )
    assert unit.name == "Department of Surgery"
    renamed = rename_unit(by=data_steward, unit=unit, name="Surgery")
    assert renamed.name == "Surgery" and renamed.code == "surgery"
    verbs = list(AuditEvent.objects.filter(target_id=str(unit.pk)).values_list("verb", flat=True))
    assert sorted(verbs) == ["people.unit.added", "people.unit.renamed"]
    rename_unit(by=data_steward, unit=renamed, name="Surgery")  # the same name: no event
    assert AuditEvent.objects.filter(verb="people.unit.renamed").count() == 1


@pytest.mark.parametrize(
    ("code", "name", "kind", "words"),
    [
        ("MD Program!", "x", "program", "cannot be a unit code"),
        ("md", "Another MD", "program", "already on record"),
        ("new", "   ", "program", "needs a name"),
        ("new", "New", "galaxy", "not a kind of unit"),
    ],
)
def test_a_bad_unit_is_refused_and_nothing_written(
    world, data_steward, code: str, name: str, kind: str, words: str
) -> None:
    before = Unit.objects.count()
    with pytest.raises(UnitError, match=words):
        add_unit(by=data_steward, spec=UnitSpec(code, name, kind))
    assert Unit.objects.count() == before
    assert not AuditEvent.objects.filter(verb="people.unit.added").exists()


def test_the_hint_lists_a_few_units_then_how_many_more() -> None:
    units = [(f"u{n}", f"Unit {n}") for n in range(8)]
    hint = units_hint(units)
    assert "u0 (Unit 0), u1 (Unit 1), u2 (Unit 2), u3 (Unit 3), u4 (Unit 4) and 3 more" in hint
    assert "Units page" in hint and "manage.py import_units" in hint
    assert units_hint([]).startswith("No unit is on record yet.")


def test_the_units_page_adds_and_renames(client, world, data_steward) -> None:
    client.force_login(data_steward)
    page = client.get(reverse("people:units"))
    assert page.status_code == 200 and b"MD Program" in page.content
    added = client.post(
        reverse("people:units"), {"code": "peds", "name": "Pediatrics", "kind": "department"}
    )
    assert added.status_code == 302
    unit = Unit.objects.get(code="peds")
    refused = client.post(
        reverse("people:units"), {"code": "peds", "name": "Again", "kind": "department"}
    )
    assert refused.status_code == 200 and "already on record" in refused.content.decode()
    client.post(reverse("people:unit_rename", args=[unit.pk]), {"name": "Department of Pediatrics"})
    assert Unit.objects.get(pk=unit.pk).name == "Department of Pediatrics"


def _units_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "units.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_units_adds_in_order_renames_and_audits(world, tmp_path: Path) -> None:
    path = _units_file(
        tmp_path,
        "code,name,kind,parent\n"
        "md,MD program,program,school\n"
        "medicine,Department of Medicine,department,school\n"
        "cardiology,Cardiology,division,medicine\n",
    )
    out = io.StringIO()
    call_command("import_units", str(path), stdout=out)
    assert "Added 1 units; 1 renamed" in out.getvalue()
    assert Unit.objects.get(code="cardiology").parent.code == "medicine"
    assert Unit.objects.get(code="md").name == "MD program"
    assert AuditEvent.objects.filter(verb="people.unit.added").count() == 1
    assert AuditEvent.objects.filter(verb="people.units.imported").count() == 1
    call_command("import_units", str(path), stdout=io.StringIO())  # again: nothing changes
    assert AuditEvent.objects.filter(verb="people.unit.added").count() == 1


def test_import_units_reports_every_problem_and_writes_nothing(world, tmp_path: Path) -> None:
    path = _units_file(
        tmp_path,
        "code,name,kind,parent\n"
        "ok,Fine,program,\n"
        "Bad Code,Bad,program,\n"
        "ok,Twice,program,\n"
        "child,Child,galaxy,\n"
        "orphan,Orphan,division,nowhere\n",
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="4 problems"):
        call_command("import_units", str(path), stdout=io.StringIO(), stderr=err)
    text = err.getvalue()
    assert all(f"row {n}," in text for n in (3, 4, 5, 6))
    assert not Unit.objects.filter(code__in=["ok", "child", "orphan"]).exists()


def test_an_unknown_unit_lists_the_units_and_how_to_add_one(world, data_steward) -> None:
    equity_actions.ensure_defaults(by=None, record=False)
    PersonFactory(institutional_id="A0")
    text = "institutional_id,pipeline,stage,year,unit_code\nA0,md_admissions,applied,2024,nowhere\n"
    result = equity_actions.import_stage_events(
        by=data_steward, fileobj=io.BytesIO(text.encode()), filename="e.csv", apply=False
    )
    reason = next(p["reason"] for p in result.run.problems if p["level"] == "error")
    assert "No unit has the code or name “nowhere”" in reason
    assert "Units on record: counselling" in reason and "and 1 more" in reason
    assert "manage.py import_units" in reason


def test_events_of_a_pipeline_with_a_program_may_leave_the_unit_blank(world, data_steward) -> None:
    equity_actions.ensure_defaults(by=None, record=False)
    PersonFactory(institutional_id="A0")
    text = (
        "institutional_id,pipeline,stage,year,unit_code\n"
        "A0,md_admissions,applied,2024,\n"
        "A0,faculty,hired,2024,\n"
    )
    result = equity_actions.import_stage_events(
        by=data_steward, fileobj=io.BytesIO(text.encode()), filename="e.csv", apply=True
    )
    errors = [p for p in result.run.problems if p["level"] == "error"]
    assert [(p["row"], p["code"]) for p in errors] == [(3, "required")]
    assert "does not belong to one program" in errors[0]["reason"]
    assert "Units on record" in errors[0]["reason"]
    fine = equity_actions.import_stage_events(
        by=data_steward,
        fileobj=io.BytesIO(text.rsplit("A0,faculty", 1)[0].encode()),
        filename="e.csv",
        apply=True,
    )
    assert fine.applied
    assert StageEvent.objects.get().unit.code == "md"
