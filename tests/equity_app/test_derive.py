"""Stage events derived from affiliation histories: what is derived, and that it is idempotent."""

from __future__ import annotations

import datetime as dt

import pytest

from belong.access.models import AuditEvent
from belong.equity import actions
from belong.equity.models import PipelineDefinition, StageEvent
from belong.people.models import Affiliation
from tests.factories.people import AffiliationFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 1)
D = dt.date


def _events(person) -> set[tuple[str, str, int, dt.date | None]]:  # type: ignore[no-untyped-def]
    return set(
        StageEvent.objects.filter(person=person).values_list(
            "pipeline__code", "stage", "year", "date"
        )
    )


@pytest.fixture
def histories(world):  # type: ignore[no-untyped-def]
    actions.ensure_defaults(by=None, record=False)
    md, medicine = world.md_program, world.medicine
    student = PersonFactory()
    AffiliationFactory(
        person=student,
        kind="applicant",
        unit=md,
        cohort=2020,
        start_date=D(2019, 6, 1),
        end_date=D(2020, 7, 31),
        status="completed",
    )
    AffiliationFactory(
        person=student,
        kind="student",
        unit=md,
        cohort=2024,
        start_date=D(2020, 8, 1),
        end_date=D(2024, 5, 20),
        status="completed",
    )
    professor = PersonFactory()
    AffiliationFactory(
        person=professor,
        kind="faculty",
        unit=medicine,
        rank="assistant",
        start_date=D(2015, 7, 1),
        end_date=D(2021, 6, 30),
    )
    AffiliationFactory(
        person=professor,
        kind="faculty",
        unit=medicine,
        rank="associate",
        start_date=D(2021, 7, 1),
        end_date=D(2022, 12, 31),
        status="separated",
    )
    senior_hire = PersonFactory()
    AffiliationFactory(
        person=senior_hire,
        kind="faculty",
        unit=medicine,
        rank="associate",
        start_date=D(2025, 1, 1),
    )
    clerk = PersonFactory()
    AffiliationFactory(
        person=clerk,
        kind="staff",
        unit=medicine,
        start_date=D(2018, 3, 1),
        end_date=D(2019, 3, 1),
        status="separated",
    )
    return student, professor, senior_hire, clerk


def test_affiliations_become_stage_events(histories, data_steward) -> None:
    student, professor, senior_hire, clerk = histories
    counts = actions.sync_events_from_affiliations(by=data_steward, today=TODAY)
    assert _events(student) == {
        ("md_admissions", "applied", 2020, D(2019, 6, 1)),
        ("md_admissions", "matriculated", 2020, D(2020, 8, 1)),
        # Counted in the entering class's year, as the cohort pipeline says.
        ("md_admissions", "graduated", 2020, D(2024, 5, 20)),
    }
    assert _events(professor) == {
        ("faculty", "hired", 2015, D(2015, 7, 1)),
        ("faculty", "retained_3y", 2018, D(2018, 7, 1)),
        ("faculty", "retained_5y", 2020, D(2020, 7, 1)),
        ("faculty", "promoted_associate", 2021, D(2021, 7, 1)),
        ("faculty", "departed", 2022, D(2022, 12, 31)),
    }
    # Hired as associate professor: hired, but never "promoted" to the rank they came with.
    assert _events(senior_hire) == {("faculty", "hired", 2025, D(2025, 1, 1))}
    assert _events(clerk) == {
        ("staff", "hired", 2018, D(2018, 3, 1)),
        ("staff", "separated", 2019, D(2019, 3, 1)),
    }
    assert counts.created == StageEvent.objects.count()  # the personas have affiliations too
    assert AuditEvent.objects.filter(verb="equity.stage_events.derived").count() == 1


def test_deriving_again_changes_nothing_until_the_affiliations_change(
    histories, data_steward
) -> None:
    _, professor, _, _ = histories
    actions.sync_events_from_affiliations(by=data_steward, today=TODAY)
    again = actions.sync_events_from_affiliations(by=data_steward, today=TODAY)
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)

    # The professor's separation is corrected: they are still here.
    Affiliation.objects.filter(person=professor, rank="associate").update(
        end_date=None, status="active"
    )
    # An imported event with the key of a derived one wins over it.
    faculty = PipelineDefinition.objects.get(code="faculty")
    StageEvent.objects.filter(person=professor, stage="hired").update(source="import")
    changed = actions.sync_events_from_affiliations(by=data_steward, today=TODAY)
    assert changed.deleted == 1  # departed
    assert changed.kept_from_other_sources >= 1
    assert not StageEvent.objects.filter(person=professor, stage="departed").exists()
    assert (
        StageEvent.objects.get(person=professor, pipeline=faculty, stage="hired").source == "import"
    )


def test_events_do_not_lie_in_the_future(histories, data_steward) -> None:
    actions.sync_events_from_affiliations(by=data_steward, today=D(2016, 1, 1))
    assert set(StageEvent.objects.values_list("stage", flat=True)) == {"hired"}
