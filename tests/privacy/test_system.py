"""The guard over everything an audience has seen, as a pure module, against an attacker.

Every attack is shown to pass the old pairwise guard (``find_differencing_risks``),
so these tests would have caught the break; after the new guard (and its fix) an
integer program over all published counts finds no small group with fewer than
k possible values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from belong.privacy import PublishedCell, find_differencing_risks
from belong.privacy.system import find_system_risks
from belong.privacy.system_fix import certify, propose_hiding
from tests.privacy.attacker import disclosed, finest_ranges

K = 10
SCOPE = ("md_admissions", "offered")
F = frozenset
SEXES = ("female", "male")


def release(
    population: Mapping[tuple[str, str, int], int],
    units: Iterable[str] | None,
    years: Iterable[int],
    label: str | None,
    *,
    by_sex: bool = True,
    pooled: bool = False,
) -> list[PublishedCell]:
    """One release's exact cells, suppressed inside the release as the suppressor would.

    A total of 1..k-1 hides the year; a sex cell of 1..k-1 hides both sex cells
    (so neither can be rebuilt from the total).
    """
    chosen = None if units is None else F(units)
    year_sets = [F(years)] if pooled else [F({y}) for y in years]
    cells = []
    for year_set in year_sets:
        filters: dict[str, Any] = {"year": year_set}
        if chosen is not None:
            filters["unit"] = chosen

        def count(sexes: tuple[str, ...], filters: dict[str, Any] = filters) -> int:
            return sum(
                n
                for (u, s, y), n in population.items()
                if s in sexes
                and y in filters["year"]
                and ("unit" not in filters or u in filters["unit"])
            )

        total = count(SEXES)
        if 1 <= total < K:
            continue
        cells.append(PublishedCell(SCOPE, filters, total, label, (label, "total")))
        if by_sex:
            per_sex = {s: count((s,)) for s in SEXES}
            if all(not 1 <= n < K for n in per_sex.values()):
                cells += [
                    PublishedCell(SCOPE, {**filters, "sex": F({s})}, n, label, (label, s))
                    for s, n in per_sex.items()
                ]
    return cells


def attack(published: list[PublishedCell], population: Mapping, units, years):
    universe = {"unit": list(units), "sex": list(SEXES), "year": list(years)}
    ranges = finest_ranges(published, universe, SCOPE)
    return disclosed(ranges, population, K)


def three_unit_population() -> dict[tuple[str, str, int], int]:
    # Surgery has 4 women and 3 men offered a place in 2021; the others are large.
    return {
        ("medicine", "female", 2021): 30,
        ("medicine", "male", 2021): 28,
        ("surgery", "female", 2021): 4,
        ("surgery", "male", 2021): 3,
        ("pediatrics", "female", 2021): 25,
        ("pediatrics", "male", 2021): 22,
    }


def test_three_overlapping_unit_sets_pass_the_pairwise_guard_and_disclose():
    population = three_unit_population()
    first = release(population, {"medicine", "surgery"}, [2021], "#1")
    second = release(population, {"surgery", "pediatrics"}, [2021], "#2")
    third = release(population, {"medicine", "pediatrics"}, [2021], None)

    assert find_differencing_risks(second, first, k=K) == []
    assert find_differencing_risks(third, first + second, k=K) == []
    leaks = attack(
        first + second + third, population, ["medicine", "surgery", "pediatrics"], [2021]
    )
    assert {key[:2] for key, _, _ in leaks} == {("surgery", "female"), ("surgery", "male")}


def test_three_overlapping_unit_sets_are_refused_and_explained_in_plain_words():
    population = three_unit_population()
    earlier = release(population, {"medicine", "surgery"}, [2021], "#1") + release(
        population, {"surgery", "pediatrics"}, [2021], "#2"
    )
    third = release(population, {"medicine", "pediatrics"}, [2021], None)

    check = find_system_risks(third, earlier, k=K)

    assert not check.ok
    words = [risk.explain() for risk in check.risks]
    assert any(
        "release #1, release #2 and this release together give the number of people in" in w.lower()
        and "unit surgery" in w
        and "exactly: fewer than 10 people" in w
        for w in words
    ), words
    assert all("k=" not in w and "_" not in w.split("in ", 1)[0] for w in words)


def test_the_offered_fix_is_certified_and_the_attacker_then_learns_nothing():
    population = three_unit_population()
    earlier = release(population, {"medicine", "surgery"}, [2021], "#1") + release(
        population, {"surgery", "pediatrics"}, [2021], "#2"
    )
    third = release(population, {"medicine", "pediatrics"}, [2021], None)

    fix = propose_hiding(third, earlier, k=K)

    assert fix.found and fix.hide
    shown = [c for c in third if c not in fix.hide]
    assert certify(shown, earlier, k=K).ok
    units = ["medicine", "surgery", "pediatrics"]
    assert attack(earlier + shown, population, units, [2021]) == []


def test_a_nested_pair_is_still_a_risk():
    population = three_unit_population()
    earlier = release(population, {"medicine", "surgery"}, [2021], "#1", by_sex=False)
    new = release(population, {"medicine"}, [2021], None, by_sex=False)

    check = find_system_risks(new, earlier, k=K)

    assert [r.atom.describe() for r in check.risks] == [
        "md_admissions / offered, unit surgery, year 2021"
    ]
    assert check.risks[0].low == check.risks[0].high == 7


def test_overlapping_unit_sets_of_large_groups_publish():
    population = {**three_unit_population()}
    population[("surgery", "female", 2021)] = 14
    population[("surgery", "male", 2021)] = 13
    earlier = release(population, {"medicine", "surgery"}, [2021], "#1") + release(
        population, {"surgery", "pediatrics"}, [2021], "#2"
    )
    third = release(population, {"medicine", "pediatrics"}, [2021], None)

    assert find_system_risks(third, earlier, k=K).ok


def test_merged_groupings_that_overlap_without_nesting_disclose_one_group():
    race = "race"
    counts = {"black": 40, "hispanic": 6, "asian": 35}

    def merged(groups: set[str], label: str | None) -> PublishedCell:
        return PublishedCell(
            SCOPE, {"year": F({2021}), race: F(groups)}, sum(counts[g] for g in groups), label
        )

    earlier = [merged({"black", "hispanic"}, "#1"), merged({"hispanic", "asian"}, "#2")]
    new = [merged({"black", "asian"}, None)]

    assert find_differencing_risks(new, earlier, k=K) == []
    check = find_system_risks(new, earlier, k=K)
    assert [(r.atom.describe(), r.low) for r in check.risks] == [
        ("md_admissions / offered, race hispanic, year 2021", 6)
    ]


def test_different_year_ranges_disclose_a_single_year():
    population = {
        ("medicine", "female", 2019): 20,
        ("medicine", "female", 2020): 3,
        ("medicine", "female", 2021): 25,
    }
    first = release(population, None, [2019, 2020], "#1", by_sex=False, pooled=True)
    second = release(population, None, [2020, 2021], "#2", by_sex=False, pooled=True)
    third = release(population, None, [2019, 2021], None, by_sex=False, pooled=True)

    assert find_differencing_risks(third, first + second, k=K) == []
    check = find_system_risks(third, first + second, k=K)
    assert [(r.atom.describe(), r.low) for r in check.risks] == [
        ("md_admissions / offered, year 2020", 3)
    ]


def test_beside_an_existing_pooled_release_the_other_years_fall_too():
    population = {
        (u, "female", y): n
        for (u, y), n in {
            ("medicine", 2020): 30,
            ("surgery", 2020): 5,
            ("pediatrics", 2020): 26,
            ("medicine", 2021): 28,
            ("surgery", 2021): 4,
            ("pediatrics", 2021): 31,
        }.items()
    }
    years = [2020, 2021]
    units = ["medicine", "surgery", "pediatrics"]
    pooled = release(population, None, years, "#1", by_sex=False, pooled=True)
    first = release(population, {"medicine", "surgery"}, years, "#2", by_sex=False)
    second = release(population, {"surgery", "pediatrics"}, years, "#3", by_sex=False)
    new = release(population, {"medicine", "pediatrics"}, [2021], None, by_sex=False)
    earlier = pooled + first + second

    assert find_differencing_risks(new, earlier, k=K) == []
    # The reader knows the school's list of units: none lies outside these three.
    complete = {"unit": F(units)}
    check = find_system_risks(new, earlier, k=K, complete=complete)
    assert {r.atom.describe() for r in check.risks} >= {
        "md_admissions / offered, unit surgery, year 2021",
        "md_admissions / offered, unit surgery, year 2020",
    }
    fix = propose_hiding(new, earlier, k=K, complete=complete)
    assert fix.found
    shown = [c for c in new if c not in fix.hide]
    assert attack(earlier + shown, population, units, years) == []


def test_a_release_that_repeats_what_was_published_learns_nothing_new():
    population = three_unit_population()
    earlier = release(population, {"medicine", "surgery"}, [2021], "#1")
    again = release(population, {"medicine", "surgery"}, [2021], None)

    check = find_system_risks(again, earlier, k=K)

    assert check.ok and check.checked == 0


def test_history_is_not_blamed_on_a_new_release_that_adds_nothing_to_it():
    population = three_unit_population()
    earlier = (
        release(population, {"medicine", "surgery"}, [2021], "#1")
        + release(population, {"surgery", "pediatrics"}, [2021], "#2")
        + release(population, {"medicine", "pediatrics"}, [2021], "#3")
    )
    new = release(population, None, [2021], None)

    assert find_system_risks(new, earlier, k=K).ok


UNITS = ("u1", "u2", "u3", "u4")
COMPLETE = {"unit": F(UNITS), "sex": F(SEXES)}


@st.composite
def scenarios(draw: Any) -> tuple[dict, list[tuple[frozenset, bool]]]:
    population = {
        (u, s, 2021): draw(st.integers(0, 40) | st.integers(0, 9)) for u in UNITS for s in SEXES
    }
    unit_sets = draw(
        st.lists(
            st.tuples(st.frozensets(st.sampled_from(UNITS), min_size=1, max_size=4), st.booleans()),
            min_size=2,
            max_size=5,
        )
    )
    return population, unit_sets


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_hypothesis_populations_and_unit_sets_leave_no_small_group_to_the_attacker(
    scenario: tuple[dict, list[tuple[frozenset, bool]]],
):
    population, unit_sets = scenario
    published: list[PublishedCell] = []
    for number, (units, by_sex) in enumerate(unit_sets, start=1):
        cells = release(population, units, [2021], None, by_sex=by_sex)
        fix = propose_hiding(cells, published, k=K, complete=COMPLETE)
        assert fix.found
        published += [
            PublishedCell(c.scope, c.filters, c.count, f"#{number}", c.key)
            for c in cells
            if c not in fix.hide
        ]
    # Inside one release the suppressor is trusted; the attacker reads them all together.
    leaks = attack(published, population, UNITS, [2021])
    assert leaks == [], leaks
