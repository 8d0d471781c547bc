"""Attacks on a results release: none singles out a respondent.

The attacker holds the published release, knows who is in which group (the
groups come from the school's records) and that the target answered. They
subtract cuts, order what they see by time, and join the tables.
"""

from __future__ import annotations

import itertools
import json
import re

import numpy as np

from belong.publishing.frames import frame_from_records
from belong.surveys.results.compute import compute_results
from tests.surveys.results_data import columns, design

K = 5


def _target_release(seed: int = 0):  # type: ignore[no-untyped-def]
    """44 students and one resident, the target, whose answers are all "strongly disagree"."""
    d = design(("role", "gender"), k=K)
    groups = [{"role": "student", "gender": "woman" if i % 2 else "man"} for i in range(44)] + [
        {"role": "resident", "gender": "woman"}
    ]
    cols = columns(d, groups, seed=seed)
    for column in cols.likert.values():
        column[-1] = 1.0
    cols.likert["q3"][-1] = 5.0  # the reverse-scored item: the least favourable answer
    return d, cols, compute_results(d, cols, seed=seed)


def _published_scale_sums(result):  # type: ignore[no-untyped-def]
    scales = frame_from_records(result["scales"])
    return [
        (row["dimension"], row["group"], row["n"], row["n"] * row["mean"])
        for row in scales.iter_rows(named=True)
        if row["n"] is not None
    ]


def test_differencing_any_two_nested_cuts_never_isolates_fewer_than_k() -> None:
    d, cols, result = _target_release()
    # The attacker knows everyone's groups (they come from the school's records).
    members = {("all", "all"): set(range(cols.n))}
    for dimension in d.dimensions:
        for r, group in enumerate(cols.groups[dimension]):
            members.setdefault((dimension, group), set()).add(r)
    shown = [(g[0], g[1]) for g in _published_scale_sums(result)]
    for a, b in itertools.combinations(shown, 2):
        small, large = sorted((members[a], members[b]), key=len)
        if small <= large:
            assert len(large - small) == 0 or len(large - small) >= K, (a, b)
    cuts = {(r[0], r[1]): r[3] for r in result["cuts"]["rows"]}
    assert cuts[("role", "resident")] is None
    assert cuts[("role", "student")] is None  # everyone minus students is the target


def test_subtracting_students_from_everyone_cannot_give_the_targets_score() -> None:
    _d, _cols, result = _target_release()
    sums = {(g[0], g[1]): (g[2], g[3]) for g in _published_scale_sums(result)}
    everyone_n, _everyone_sum = sums[("all", "all")]
    for (dimension, group), (n, _total) in sums.items():
        if (dimension, group) == ("all", "all"):
            continue
        if everyone_n - n == 1:  # would be the target alone
            raise AssertionError(f"{dimension}={group} leaves one respondent")
    # The women's cut holds the target among at least k others: their mean is not hers.
    women_n, women_sum = sums[("gender", "woman")]
    assert women_n >= K and women_sum / women_n > 1.0


def test_joining_two_dimensions_gives_no_cross_table() -> None:
    _, _, result = _target_release()
    for name, value in result.items():
        if isinstance(value, dict) and "columns" in value:
            frame = frame_from_records(value)
            if "dimension" in frame.columns:
                # Each row is one group of one dimension: no row describes "resident women".
                assert frame["dimension"].n_unique() <= 3
                assert not any("," in g for g in frame["group"].to_list()), name


def test_ordering_by_time_learns_nothing_the_release_is_the_same_in_any_order() -> None:
    d = design(("gender",), k=K, comment_k=10)
    groups = [{"gender": "woman"}] * 15 + [{"gender": "man"}] * 15
    comments = [f"Comment {i}: the wards need quiet rooms." for i in range(30)]
    forward = columns(d, groups, seed=2, comments=comments)
    backward = columns(d, groups[::-1], seed=2, comments=comments[::-1])
    # Same answers, arrived in the opposite order.
    for code in forward.likert:
        backward.likert[code] = forward.likert[code][::-1].copy()
    one = compute_results(d, forward, seed=9)
    other = compute_results(d, backward, seed=9)
    assert json.dumps(one, sort_keys=True) == json.dumps(other, sort_keys=True)
    shown = frame_from_records(one["comments"])["comment"].to_list()
    assert sorted(shown) == sorted(comments) and shown != comments and shown != comments[::-1]


def test_a_release_carries_no_date_finer_than_the_round() -> None:
    _, _, result = _target_release()
    text = json.dumps(result)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert "week" not in text and "received" not in text


def test_comments_need_comment_k() -> None:
    d = design(("gender",), k=K, comment_k=10)
    groups = [{"gender": "woman"}] * 10 + [{"gender": "man"}] * 10
    few = columns(d, groups, comments=[f"c{i}" for i in range(9)])
    assert compute_results(d, few)["comments"]["rows"] == []
    enough = columns(d, groups, comments=[f"c{i}" for i in range(10)])
    assert len(compute_results(d, enough)["comments"]["rows"]) == 10


def test_the_hidden_group_leaves_every_cut_with_k_possible_sizes() -> None:
    _, cols, result = _target_release()
    # A reader knows the total (45) and each shown group's size; every hidden group's size
    # must stay uncertain within a range of at least k.
    rows = [r for r in result["cuts"]["rows"] if r[0] == "role"]
    hidden = [r for r in rows if r[3] is None]
    shown_total = sum(r[3] for r in rows if r[3] is not None)
    remaining = cols.n - shown_total
    assert not hidden or remaining - len(hidden) + 1 >= K
    assert np.isclose(sum(r[3] or 0 for r in rows) + remaining, cols.n)
