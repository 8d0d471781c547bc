"""Which cuts a results release may show: k, partners, and no two cuts a few people apart."""

from __future__ import annotations

import numpy as np
import pytest

from belong.surveys.grouping import NOT_SHOWN
from belong.surveys.results.compute import compute_results
from belong.surveys.results.design import as_groups
from belong.surveys.results.protection import OVERLAP, PARTNER, SMALL, TooFewResponses, cuts_for
from tests.surveys.results_data import columns, design


def _groups(**columns: list[str]) -> dict[str, np.ndarray]:
    return {d: as_groups(v) for d, v in columns.items()}


def _shown(cuts) -> dict[tuple[str, str], int]:  # type: ignore[no-untyped-def]
    return {c.key: c.n for c in cuts if c.shown}


def test_a_group_under_k_is_hidden_with_the_next_smallest() -> None:
    gender = ["woman"] * 30 + ["man"] * 20 + ["another"] * 3 + ["not_answered"] * 7
    cuts = cuts_for(_groups(gender=gender), ("gender",), 5, 60)
    hidden = {c.key: c.reason for c in cuts if not c.shown}
    assert hidden == {("gender", "another"): SMALL, ("gender", "not_answered"): PARTNER}
    assert _shown(cuts) == {("all", "all"): 60, ("gender", "woman"): 30, ("gender", "man"): 20}


def test_a_lone_group_over_k_beside_the_total_is_not_hidden() -> None:
    cuts = cuts_for(_groups(gender=["woman"] * 30 + ["man"] * 30), ("gender",), 5, 60)
    assert all(c.shown for c in cuts)


def test_a_cut_a_few_people_short_of_everyone_is_hidden() -> None:
    # 58 students and 2 residents: "everyone" minus "students" would be the two residents.
    role = ["student"] * 58 + ["resident"] * 2
    cuts = cuts_for(_groups(role=role), ("role",), 5, 60)
    assert _shown(cuts) == {("all", "all"): 60}
    reasons = {c.key: c.reason for c in cuts}
    assert reasons[("role", "resident")] == SMALL
    assert reasons[("role", "student")] in (PARTNER, OVERLAP)


def test_two_cuts_of_different_dimensions_a_few_people_apart_are_not_both_shown() -> None:
    # Every first-generation respondent is a woman but three: subtracting the two
    # cuts would give those three people's answers.
    gender = ["woman"] * 20 + ["man"] * 3 + ["man"] * 30
    first = ["yes"] * 23 + ["no"] * 30
    cuts = cuts_for(
        _groups(gender=gender, first_generation=first), ("gender", "first_generation"), 5, 53
    )
    shown = [c for c in cuts if c.shown]
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            differ = int(np.count_nonzero(a.mask ^ b.mask))
            assert differ == 0 or differ >= 5, (a.key, b.key, differ)
    assert any(c.reason == OVERLAP for c in cuts)


def test_fewer_responses_than_k_give_no_result() -> None:
    with pytest.raises(TooFewResponses, match="4 responses, fewer than the threshold of 5"):
        cuts_for(_groups(gender=["woman"] * 4), ("gender",), 5, 4)


def test_only_declared_dimensions_are_cut() -> None:
    d = design(("gender",))
    groups = [{"gender": "woman", "religion": "x"}] * 20 + [{"gender": "man", "religion": "y"}] * 20
    result = compute_results(d, columns(d, groups))
    dimensions = {row[0] for row in result["cuts"]["rows"]}
    assert dimensions == {"all", "gender"}
    assert "religion" not in str(result)


def test_hidden_cuts_publish_no_figure_anywhere() -> None:
    d = design(("gender",))
    groups = [{"gender": "woman"}] * 30 + [{"gender": "man"}] * 25 + [{"gender": "another"}] * 2
    groups += [{"gender": NOT_SHOWN}] * 6
    result = compute_results(d, columns(d, groups))
    cuts = {(r[0], r[1]): r[3] for r in result["cuts"]["rows"]}
    assert cuts[("gender", "another")] is None and cuts[("gender", NOT_SHOWN)] is None
    for name in ("scales", "favourable", "distribution", "gaps"):
        groups_with_figures = {(r[0], r[1]) for r in result[name]["rows"]}
        assert ("gender", "another") not in groups_with_figures
        assert ("gender", NOT_SHOWN) not in groups_with_figures


def test_an_item_few_answered_in_a_shown_cut_is_hidden_with_one_partner() -> None:
    d = design(("gender",))
    groups = [{"gender": g} for g in ("woman", "man", "another") for _ in range(20)]
    cols = columns(d, groups)
    cols.likert["q0"][:17] = np.nan  # only 3 women answered q0
    result = compute_results(d, cols)
    rows = {(r[1], r[2]): r for r in result["favourable"]["rows"]}
    assert rows[("woman", "q0")][3] is None and rows[("woman", "q0")][4] is None
    # A partner (the smallest other group, by name on a tie) keeps the three hidden.
    assert rows[("another", "q0")][3] is None
    assert rows[("man", "q0")][3] == 20


def test_a_figure_hidden_for_few_answers_is_not_everyone_minus_the_other_groups() -> None:
    d = design(("gender",))
    cols = columns(d, [{"gender": "woman"}] * 20 + [{"gender": "man"}] * 20)
    cols.likert["q0"][20:37] = np.nan  # only 3 men answered q0; all 20 women did
    result = compute_results(d, cols)
    rows = {(r[0], r[1], r[2]): r for r in result["favourable"]["rows"]}
    assert rows[("all", "all", "q0")][3] == 23
    # Everyone (23) minus women (20) would be the three men: the women's figure is hidden too.
    assert rows[("gender", "man", "q0")][3] is None
    assert rows[("gender", "woman", "q0")][3] is None
    assert rows[("gender", "woman", "q1")][3] == 20
    spread = [r for r in result["distribution"]["rows"] if r[1] == "woman" and r[2] == "q0"]
    assert spread and all(r[4] is None and r[5] is None for r in spread)
    assert not [r for r in result["gaps"]["rows"] if r[3] == "q0"]
