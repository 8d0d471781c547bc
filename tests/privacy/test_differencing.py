"""Differencing guard: safe tables that subtract into an unsafe one are reported."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from belong.privacy import (
    Constraint,
    DifferencingRisk,
    PublishedCell,
    feasible_ranges,
    find_differencing_risks,
)

INTERVIEWED = ("md_admissions", "interviewed")
MENA_OR_WHITE = frozenset({("white",), ("mena",), ("mena", "white")})


def cell(count: int, release: str | None = None, scope=INTERVIEWED, **filters) -> PublishedCell:
    return PublishedCell(
        scope=scope,
        filters={dimension: frozenset(values) for dimension, values in filters.items()},
        count=count,
        release=release,
        key=(scope, tuple(sorted(filters))),
    )


# --- the attack --------------------------------------------------------------------------


def test_cumulative_years_subtract_into_a_small_new_year():
    earlier = cell(57, "2020 report", year=range(2015, 2021), race={("aian",)})
    new = cell(60, "2021 report", year=range(2015, 2022), race={("aian",)})

    # Without the guard: both figures are >= k, yet a reader recovers the 2021 cohort.
    published = {"2015-2020": 57, "2015-2021": 60, "2021 only": None}
    ranges = feasible_ranges(published, [Constraint("2015-2021", ("2015-2020", "2021 only"))])
    assert ranges["2021 only"] == (3, 3)

    # With the guard: the pair is reported before the new release goes out.
    risks = find_differencing_risks([new], [earlier], k=10)
    assert risks == [DifferencingRisk(smaller=earlier, larger=new, difference=3)]
    explanation = risks[0].explain()
    assert "Subtracting" in explanation
    assert "leaves 3 people" in explanation
    assert "release 2020 report" in explanation
    assert "release 2021 report" in explanation
    assert "year 2021" in explanation
    assert "k=10" in explanation


def test_difference_of_k_or_more_is_safe():
    earlier = cell(57, year=range(2015, 2021))
    new = cell(67, year=range(2015, 2022))
    assert find_differencing_risks([new], [earlier], k=10) == []


def test_equal_counts_are_not_a_risk():
    # A zero difference says nobody joined: it describes no one, like a published zero.
    earlier = cell(57, year=range(2015, 2021))
    new = cell(57, year=range(2015, 2022))
    assert find_differencing_risks([new], [earlier], k=10) == []


def test_pairs_within_the_new_release_are_checked():
    whole = cell(40, unit={"md"})
    part = cell(38, unit={"md"}, race={("white",)})
    risks = find_differencing_risks([whole, part], k=10)
    assert [(r.smaller, r.larger, r.difference) for r in risks] == [(part, whole, 2)]


def test_pairs_entirely_in_earlier_releases_are_not_reported():
    whole = cell(40, "A", unit={"md"})
    part = cell(38, "B", unit={"md"}, race={("white",)})
    assert find_differencing_risks([], [whole, part], k=10) == []


# --- what counts as nested ---------------------------------------------------------------


def test_missing_dimension_means_everyone():
    everyone = cell(45)
    one_year = cell(41, year={2021})
    risks = find_differencing_risks([one_year], [everyone], k=10)
    assert [(r.smaller, r.larger) for r in risks] == [(one_year, everyone)]
    assert "whose year is not 2021" in risks[0].explain()


def test_dimension_restricted_only_in_the_larger_cell_is_not_nested():
    # "md, all years" is not inside "md, 2021": the first is missing the year filter.
    all_years = cell(45, unit={"md"})
    one_year = cell(41, unit={"md"}, year={2021})
    assert [
        (r.smaller, r.larger) for r in find_differencing_risks([one_year, all_years], k=10)
    ] == [(one_year, all_years)]


def test_race_groupings_are_nested_by_value_sets():
    grouped = cell(30, race=MENA_OR_WHITE)
    mena_white = cell(26, race={("mena", "white")})
    risks = find_differencing_risks([grouped], [mena_white], k=10)
    assert len(risks) == 1
    assert risks[0].difference == 4
    assert "race mena, white" in risks[0].explain()


def test_overlapping_but_not_nested_populations_are_not_compared():
    a = cell(30, year={2020, 2021})
    b = cell(28, year={2021, 2022})
    assert find_differencing_risks([a], [b], k=10) == []


def test_different_scopes_are_never_compared():
    interviewed = cell(30, year=range(2015, 2022))
    offered = cell(28, scope=("md_admissions", "offered"), year=range(2015, 2021))
    assert find_differencing_risks([interviewed], [offered], k=10) == []


def test_nested_counts_that_contradict_each_other_are_reported():
    # Part larger than the whole: built from different data versions; the gap of 2
    # reveals records that changed.
    whole = cell(40, "A", year=range(2015, 2022))
    part = cell(42, "B", year=range(2015, 2021))
    risks = find_differencing_risks([part], [whole], k=10)
    assert [r.difference for r in risks] == [-2]
    assert "different versions of the data" in risks[0].explain()


# --- the same cell published twice -------------------------------------------------------


def test_a_small_correction_to_a_published_cell_is_a_risk():
    before = cell(52, "spring", year={2021})
    after = cell(49, "autumn", year={2021})
    risks = find_differencing_risks([after], [before], k=10)
    assert len(risks) == 1
    risk = risks[0]
    assert risk.is_revision
    assert (risk.smaller, risk.larger, risk.difference) == (after, before, 3)
    assert "is 49 in release autumn but 52 in release spring" in risk.explain()
    assert "change of 3" in risk.explain()


def test_republishing_the_same_count_is_not_a_risk():
    before = cell(52, "spring", year={2021})
    again = cell(52, "autumn", year={2021})
    assert find_differencing_risks([again], [before], k=10) == []


def test_a_large_correction_is_not_a_small_cell_risk():
    before = cell(52, "spring", year={2021})
    after = cell(40, "autumn", year={2021})
    assert find_differencing_risks([after], [before], k=10) == []


# --- validation --------------------------------------------------------------------------


def test_filters_must_be_sets_of_values():
    with pytest.raises(TypeError, match="must be a set or frozenset"):
        PublishedCell(scope="s", filters={"year": 2021}, count=3)  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="must be a set or frozenset"):
        PublishedCell(scope="s", filters={"race": ("mena", "white")}, count=3)  # type: ignore[dict-item]


def test_published_cell_count_is_validated():
    with pytest.raises(ValueError, match="negative"):
        PublishedCell(scope="s", filters={}, count=-1)


def test_published_cells_are_immutable_and_hashable():
    a = PublishedCell(scope="s", filters={"year": {2021}}, count=3)
    b = PublishedCell(scope="s", filters={"year": frozenset({2021})}, count=3)
    assert a == b
    assert hash(a) == hash(b)
    assert a.filters == {"year": frozenset({2021})}
    with pytest.raises(TypeError):
        a.filters["year"] = frozenset()  # type: ignore[index]


def test_k_is_validated():
    with pytest.raises(ValueError, match="k must be"):
        find_differencing_risks([], k=0)


def test_non_cells_are_rejected():
    with pytest.raises(TypeError, match="Expected PublishedCell"):
        find_differencing_risks([{"count": 3}], k=10)  # type: ignore[list-item]


# --- the index finds exactly what a brute-force comparison finds ---------------------------


def nested(inner: PublishedCell, outer: PublishedCell) -> bool:
    if inner.scope != outer.scope or inner.filters == outer.filters:
        return False
    return all(
        dimension in inner.filters and inner.filters[dimension] <= outer.filters[dimension]
        for dimension in outer.filters
    )


def brute_force(new: list[PublishedCell], earlier: list[PublishedCell], k: int) -> set:
    found = set()
    tagged = [(c, True) for c in new] + [(c, False) for c in earlier]
    for (a, a_new), (b, b_new) in ((x, y) for x in tagged for y in tagged):
        if a is b or not (a_new or b_new):
            continue
        difference = b.count - a.count
        if nested(a, b) and 0 < abs(difference) < k:
            found.add((a.scope, a.filters, a.count, b.scope, b.filters, b.count))
        same = a.scope == b.scope and a.filters == b.filters
        if same and 0 < difference < k:
            found.add((a.scope, a.filters, a.count, b.scope, b.filters, b.count))
    return found


value_sets = st.frozensets(st.integers(0, 3), min_size=0, max_size=3)
random_cells = st.builds(
    PublishedCell,
    scope=st.sampled_from(["interviewed", "offered"]),
    filters=st.dictionaries(st.sampled_from(["year", "race", "unit"]), value_sets, max_size=3),
    count=st.integers(0, 25),
)


@settings(max_examples=300, deadline=None, database=None)
@given(
    new=st.lists(random_cells, max_size=12),
    earlier=st.lists(random_cells, max_size=12),
    k=st.integers(1, 10),
)
def test_indexed_search_matches_brute_force(new, earlier, k):
    risks = find_differencing_risks(new, earlier, k=k)
    found = {
        (
            r.smaller.scope,
            r.smaller.filters,
            r.smaller.count,
            r.larger.scope,
            r.larger.filters,
            r.larger.count,
        )
        for r in risks
    }
    assert found == brute_force(new, earlier, k)
    assert len(found) == len(risks)  # each risky pair once
