"""Pipelines, groupings and benchmarks: shipped as data, edited with validation."""

from __future__ import annotations

import pytest
from django.http import Http404

from belong.access.models import AuditEvent
from belong.equity import actions
from belong.equity.analytics import DEFAULT_PIPELINES, BenchmarkError
from belong.equity.models import BenchmarkSet, PipelineDefinition, SavedGrouping, StageEvent
from tests.factories.people import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_shipped_defaults_are_installed_once_and_edits_survive(db) -> None:
    # Installed after migrate by the app's post_migrate handler.
    assert set(PipelineDefinition.objects.values_list("code", flat=True)) >= set(DEFAULT_PIPELINES)
    PipelineDefinition.objects.filter(code="staff").update(label="Professional staff")
    assert actions.ensure_defaults(by=None) == {"pipelines": 0, "benchmarks": 0}
    assert PipelineDefinition.objects.get(code="staff").label == "Professional staff"
    census = BenchmarkSet.objects.get(code="census_2020_us")
    assert census.shipped and abs(sum(census.shares.values()) - 1) < 1e-9


def _stages(pipeline: PipelineDefinition) -> list[dict[str, str]]:
    return [dict(s) for s in pipeline.definition["stages"]]


def test_an_analyst_renames_and_adds_a_stage(analyst) -> None:
    md = PipelineDefinition.objects.get(code="md_admissions")
    stages = _stages(md)
    stages.insert(
        2, {"code": "second_look", "label": "Second look", "outcome": "came back", "kind": "stage"}
    )
    actions.save_pipeline(
        by=analyst,
        pipeline=md,
        code="",
        label="MD admissions",
        noun="applicants",
        year_basis="cohort",
        stages=stages,
        transitions=None,
        active=True,
    )
    md.refresh_from_db()
    pipeline = md.pipeline()
    assert pipeline.label == "MD admissions"
    assert "second_look" in pipeline.stage_codes
    # With no transitions given, each main stage leads to the next.
    assert ("interviewed", "second_look") in {(t.source, t.target) for t in pipeline.transitions}
    assert AuditEvent.objects.filter(verb="equity.pipeline.changed").count() == 1


def test_a_stage_with_events_cannot_be_removed(analyst, world) -> None:
    md = PipelineDefinition.objects.get(code="md_admissions")
    StageEvent.objects.create(
        person=PersonFactory(),
        pipeline=md,
        stage="offered",
        year=2024,
        unit=world.md_program,
        source="import",
    )
    stages = [s for s in _stages(md) if s["code"] != "offered"]
    with pytest.raises(actions.ActionError, match="offered"):
        actions.save_pipeline(
            by=analyst,
            pipeline=md,
            code="",
            label=md.label,
            noun="applicants",
            year_basis="cohort",
            stages=stages,
            transitions=None,
            active=True,
        )


def test_a_transition_to_an_unknown_stage_is_refused(analyst) -> None:
    with pytest.raises(actions.ActionError, match="not usable"):
        actions.save_pipeline(
            by=analyst,
            pipeline=None,
            code="fellows",
            label="Fellows",
            noun="fellows",
            year_basis="cohort",
            stages=actions.parse_stages("appointed | Appointed"),
            transitions=[["appointed", "finished"]],
            active=True,
        )


def test_stage_lines_are_parsed_and_checked() -> None:
    assert actions.parse_stages("applied | Applied\nleft | Left | left early | exit") == [
        {"code": "applied", "label": "Applied", "outcome": "reached applied", "kind": "stage"},
        {"code": "left", "label": "Left", "outcome": "left early", "kind": "exit"},
    ]
    with pytest.raises(actions.ActionError, match="line 1"):
        actions.parse_stages("applied")
    with pytest.raises(actions.ActionError, match="kind"):
        actions.parse_stages("applied | Applied | applied | sideways")


def test_only_analysts_edit_pipelines(data_steward) -> None:
    with pytest.raises(Http404):
        actions.save_pipeline(
            by=data_steward,
            pipeline=None,
            code="x",
            label="X",
            noun="x",
            year_basis="cohort",
            stages=[],
            transitions=None,
            active=True,
        )


def test_a_school_grouping_is_validated_and_saved(analyst) -> None:
    grouping = actions.save_grouping(
        by=analyst,
        code="urim",
        label="Underrepresented in medicine",
        dimension="ipeds",
        groups={"URiM": ["black", "hispanic", "aian", "nhpi"]},
    )
    built = grouping.grouping()
    # Its own group, everyone else, and IPEDS' own row for unknown answers.
    assert built.groups == ("urim", "other", "unknown")
    with pytest.raises(actions.ActionError, match="both"):
        actions.save_grouping(
            by=analyst,
            code="clash",
            label="Clash",
            dimension="ipeds",
            groups={"A": ["black"], "B": ["black"]},
        )
    with pytest.raises(actions.ActionError, match="own row"):
        actions.save_grouping(
            by=analyst,
            code="hidden",
            label="Hidden",
            dimension="sex",
            groups={"Answered": ["female", "prefer_not"]},
        )
    with pytest.raises(actions.ActionError, match="built-in"):
        actions.save_grouping(
            by=analyst, code="sex", label="Sex", dimension="sex", groups={"F": ["female"]}
        )
    assert SavedGrouping.objects.count() == 1


def test_a_benchmark_csv_is_imported_one_table_per_scheme(analyst) -> None:
    text = (
        "scheme,group,share\n"
        "race_ipeds,hispanic,47\nrace_ipeds,white,26\nrace_ipeds,asian,15\nrace_ipeds,black,12\n"
        "sex,female,0.51\nsex,male,0.49\n"
    )
    made = actions.import_benchmarks(
        by=analyst,
        text=text,
        code="county_2023",
        label="Our county, 2023",
        year=2023,
        geography="County",
    )
    assert sorted(b.scheme for b in made) == ["race_ipeds", "sex"]
    county = BenchmarkSet.objects.get(scheme="race_ipeds", code__startswith="county_2023")
    assert county.benchmark().shares["hispanic"] == pytest.approx(0.47)
    with pytest.raises(BenchmarkError, match="exists already"):
        actions.import_benchmarks(by=analyst, text=text, code="county_2023", label="Again")


def test_a_bad_benchmark_csv_names_each_row_and_column(analyst) -> None:
    text = "scheme,group,share\nrace_ipeds,martian,0.5\nrace_ipeds,white,lots\n"
    with pytest.raises(BenchmarkError) as caught:
        actions.import_benchmarks(by=analyst, text=text, code="bad", label="Bad")
    problems = caught.value.problems
    assert any("row 2" in p and "'group'" in p for p in problems)
    assert any("row 3" in p and "'share'" in p for p in problems)
    assert not BenchmarkSet.objects.filter(code__startswith="bad").exists()


def test_a_pipeline_s_program_is_kept_set_or_cleared_on_its_page(
    analyst, client_for, world
) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    md = PipelineDefinition.objects.get(code="md_admissions")
    assert md.program is not None and md.program.code == "md"  # a fresh install's
    actions.save_pipeline(
        by=analyst,
        pipeline=md,
        code="",
        label=md.label,
        noun="applicants",
        year_basis="cohort",
        stages=_stages(md),
        transitions=None,
        active=True,
    )
    md.refresh_from_db()
    assert md.program is not None  # not given: left as it was
    client = client_for(analyst)
    url = reverse("equity:pipeline_edit", args=["md_admissions"])
    page = client.get(url)
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data["active"] = "on"
    response = client.post(url, {**data, "program": ""})
    assert response.status_code == 302
    md.refresh_from_db()
    assert md.program is None
    client.post(url, {**data, "program": str(world.md_program.pk)})
    md.refresh_from_db()
    assert md.program == world.md_program
