"""Noisy public tables are post-processed so they read sensibly, at no privacy cost."""

from __future__ import annotations

import math

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from belong.equity.noise import _largest_remainder, make_consistent

PARAMETERS = {
    "groupings": [
        {"code": "race_ipeds", "additive": True},
        {"code": "race_omb_any", "additive": False},
    ]
}


def _cells(rows: list[tuple[str, str, int | None, bool]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "stage": ["applied"] * len(rows),
            "year": [2026] * len(rows),
            "table": [r[0] for r in rows],
            "group": [r[1] for r in rows],
            "count": [r[2] for r in rows],
            "suppressed": [r[3] for r in rows],
        },
        schema_overrides={"count": pl.Int64},
    )


def test_groups_of_an_exclusive_table_add_up_to_the_noisy_total() -> None:
    cells = _cells(
        [
            ("all", "all", 40, False),
            ("race_ipeds", "white", 30, False),
            ("race_ipeds", "black", 33, False),
            ("race_ipeds", "asian", 0, False),
        ]
    )
    fixed = make_consistent(cells, PARAMETERS)
    groups = fixed.filter(pl.col("table") == "race_ipeds")["count"].to_list()
    assert sum(groups) == 40 and all(g >= 0 for g in groups)
    assert groups[0] < groups[1]  # proportions kept


def test_visible_groups_leave_room_for_hidden_ones_and_are_never_raised() -> None:
    cells = _cells(
        [
            ("all", "all", 50, False),
            ("race_ipeds", "white", 45, False),
            ("race_ipeds", "black", 20, False),
            ("race_ipeds", "nhpi", None, True),
        ]
    )
    groups = make_consistent(cells, PARAMETERS).filter(pl.col("table") == "race_ipeds")
    visible = groups.filter(~pl.col("suppressed"))["count"].to_list()
    assert sum(visible) == 49  # one person at least in the hidden group
    small = _cells(
        [
            ("all", "all", 100, False),
            ("race_ipeds", "white", 10, False),
            ("race_ipeds", "x", None, True),
        ]
    )
    assert make_consistent(small, PARAMETERS).filter(pl.col("group") == "white")["count"][0] == 10


def test_select_all_categories_are_capped_at_the_total() -> None:
    cells = _cells([("all", "all", 12, False), ("race_omb_any", "white", 19, False)])
    capped = make_consistent(cells, PARAMETERS).filter(pl.col("table") == "race_omb_any")
    assert capped["count"].to_list() == [12]


@given(
    st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=12),
    st.integers(min_value=0, max_value=2000),
)
def test_largest_remainder_hits_the_target_and_keeps_proportions(values, target) -> None:  # type: ignore[no-untyped-def]
    out = _largest_remainder(values, target)
    if sum(values) == 0:
        assert out == values
        return
    assert sum(out) == target and all(v >= 0 for v in out)
    for value, got in zip(values, out, strict=True):
        assert (
            math.floor(value * target / sum(values))
            <= got
            <= math.ceil(value * target / sum(values))
        )
