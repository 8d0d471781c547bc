"""The shipped example exports: reproducible, importable as they come, and keyed differently
(AAMC ID for admissions, EMPLID for the registrar) without making anyone twice."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from belong.demo import exports
from belong.equity import actions as equity_actions
from belong.equity.models import StageEvent
from belong.importing.models import ImportRun
from belong.importing.options import ImportOptions
from belong.people.importing import actions
from belong.people.models import Person, PersonIdentifier, SelfIdentification

pytestmark = pytest.mark.django_db

EXAMPLES = Path(settings.BASE_DIR) / "docs" / "examples"
ADMISSIONS = ImportOptions(key="aamc_id", separators={"race": "|"})
REGISTRAR = ImportOptions(key="institutional_id", match_on=("aamc_id",))


def _people(name: str, options: ImportOptions, *, apply: bool = True):  # type: ignore[no-untyped-def]
    data = (EXAMPLES / name).read_bytes()
    return actions.run_import(
        by=None, fileobj=io.BytesIO(data), filename=name, apply=apply, options=options
    )


def _errors(result) -> Counter[str]:  # type: ignore[no-untyped-def]
    return Counter(p["code"] for p in result.run.problems if p["level"] == "error")


def test_the_committed_examples_are_what_the_generator_writes() -> None:
    for name, text in exports.files().items():
        path = EXAMPLES / name
        assert path.read_text(encoding="utf-8") == text, f"{name}: run write_example_exports"
        assert path.stat().st_size < 500_000


def test_the_planted_offer_gap_holds_in_every_cycle() -> None:
    people = exports.applicants()
    assert 2000 <= len(people) <= 2500
    for cycle, ratio in exports.OFFER_RATIOS.items():
        assert 0.6 <= ratio <= 0.73
        rates = {}
        for planted in (True, False):
            group = [
                p
                for p in people
                if p.cycle == cycle and p.interviewed and (exports.PLANTED in p.races) == planted
            ]
            rates[planted] = sum(p.offered for p in group) / len(group)
        assert rates[True] / rates[False] == pytest.approx(ratio, abs=0.04)


def test_no_planted_offer_count_is_small_enough_to_be_hidden() -> None:
    """The pooled test leaves out a year with a hidden figure: every cycle's interviewed
    Black or African American applicants (IPEDS: that answer alone), offered and not,
    reach the smallest count a release shows, or the quickstart's gap never shows."""
    people = exports.applicants()
    for cycle in exports.CYCLES:
        group = [
            p
            for p in people
            if p.cycle == cycle and p.interviewed and p.races == (exports.PLANTED,)
        ]
        offered = sum(p.offered for p in group)
        assert min(offered, len(group) - offered) >= settings.PRIVACY_MIN_CELL, cycle


def test_both_files_keyed_differently_make_nobody_twice(world) -> None:  # type: ignore[no-untyped-def]
    before = Person.objects.count()
    admissions = _people("amcas-applicants.csv", ADMISSIONS)
    assert admissions.applied, admissions.run.problems[:5]
    applicants = len(exports.applicants())
    assert Person.objects.count() == before + applicants
    assert PersonIdentifier.objects.filter(scheme="aamc_id").count() == applicants
    sexes = set(SelfIdentification.objects.values_list("sex", flat=True))
    assert {"female", "male", "x", "prefer_not"} <= sexes
    hispanic_white = SelfIdentification.objects.filter(race=["hispanic", "white"]).count()
    assert hispanic_white > 0  # "Hispanic, Latino, or of Spanish Origin|White": two answers

    # The registrar's file, keyed by EMPLID, names people already known by their AAMC ID:
    # without matching on it, the check says so and nothing is written.
    unmatched = _people("registrar-students.csv", ImportOptions(), apply=True)
    assert unmatched.run.outcome == ImportRun.Outcome.REJECTED
    matriculants = sum(p.matriculated for p in exports.applicants())
    assert _errors(unmatched) == Counter({"known_under_other_id": matriculants})
    assert Person.objects.count() == before + applicants

    matched = _people("registrar-students.csv", REGISTRAR)
    assert matched.applied, matched.run.problems[:5]
    assert matched.run.created == 0 and matched.run.updated == matriculants
    assert Person.objects.count() == before + applicants
    linked = Person.objects.filter(identifiers__scheme="aamc_id", institutional_id__isnull=False)
    assert linked.count() == matriculants

    again = _people("amcas-applicants.csv", ADMISSIONS)
    assert again.applied and again.run.created == 0
    assert Person.objects.count() == before + applicants


def test_the_stage_file_keyed_by_aamc_id_leaves_the_unit_to_the_program(world) -> None:  # type: ignore[no-untyped-def]
    assert _people("amcas-applicants.csv", ADMISSIONS).applied
    equity_actions.ensure_defaults(by=None, record=False)
    data = (EXAMPLES / "amcas-stages.csv").read_bytes()
    result = equity_actions.import_stage_events(
        by=None,
        fileobj=io.BytesIO(data),
        filename="amcas-stages.csv",
        apply=True,
        options=ImportOptions(key="aamc_id"),
    )
    assert result.applied, result.run.problems[:5]
    assert StageEvent.objects.count() == data.count(b"\n") - 1
    assert set(StageEvent.objects.values_list("unit__code", flat=True)) == {"md"}
