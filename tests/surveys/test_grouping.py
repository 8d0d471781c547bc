from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from belong.surveys.grouping import NOT_ANSWERED, NOT_SHOWN, coarse_value, generalise


def test_coarse_value_folds_small_gender_groups_into_one() -> None:
    assert coarse_value("gender", "nonbinary") == "another"
    assert coarse_value("gender", "transgender_man") == "another"
    assert coarse_value("gender", None) == NOT_ANSWERED
    assert coarse_value("gender", "prefer_not") == NOT_ANSWERED
    assert coarse_value("cohort", 2028) == "2028"


def test_coarse_value_refuses_an_undeclared_dimension() -> None:
    with pytest.raises(ValueError, match="not a survey dimension"):
        coarse_value("race_detailed", "asian_chinese")


def test_generalise_hides_last_dimension_of_small_combinations_first() -> None:
    rows = [{"role": "student", "gender": "woman"}] * 5 + [{"role": "student", "gender": "another"}]
    rows += [{"role": "faculty", "gender": "man"}] * 5
    out = generalise(rows, ["role", "gender"], 5)
    assert out[5] != {"role": "student", "gender": "another"}
    combos = Counter(tuple(r.values()) for r in out)
    assert all(n >= 5 for n in combos.values())
    assert out[0] == {"role": "student", "gender": "woman"}


def test_generalise_leaves_large_groups_alone() -> None:
    rows = [{"gender": "woman"}] * 6 + [{"gender": "man"}] * 6
    assert generalise(rows, ["gender"], 5) == rows


def test_generalise_with_no_dimensions_keeps_nothing() -> None:
    assert generalise([{"gender": "woman"}], [], 5) == [{}]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {"a": st.sampled_from("xyz"), "b": st.sampled_from("pqrs"), "c": st.sampled_from("01")}
        ),
        min_size=5,
        max_size=60,
    ),
    st.integers(min_value=2, max_value=5),
)
def test_every_combination_is_shared_by_k_and_hiding_is_truthful(rows, k) -> None:  # type: ignore[no-untyped-def]
    out = generalise(rows, ["a", "b", "c"], k)
    combos = Counter(tuple(r.values()) for r in out)
    assert all(n >= k for n in combos.values())
    for before, after in zip(rows, out, strict=True):
        assert all(after[d] in (before[d], NOT_SHOWN) for d in "abc")
