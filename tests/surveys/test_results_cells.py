"""What a results release tells the guard, and how the guard's fix hides a cut."""

from __future__ import annotations

from belong.surveys.results.cells import hide_cells, published_cells
from belong.surveys.results.compute import compute_results
from tests.surveys.results_data import columns, design


def _result():  # type: ignore[no-untyped-def]
    d = design(("gender",), campaign_id=7)
    groups = [{"gender": g} for g in ("woman", "man", "another") for _ in range(12)]
    groups += [{"gender": "not_answered"}] * 3
    return compute_results(d, columns(d, groups))


def test_every_shown_count_is_a_published_cell_and_no_hidden_one_is() -> None:
    result = _result()
    cells = published_cells(result, "#1")
    responses = {
        tuple(sorted(c.filters.items())): c.count
        for c in cells
        if c.scope == ("survey responses", 7)
    }
    assert responses[()] == 39
    assert responses[(("gender", frozenset({"woman"})),)] == 12
    assert (("gender", frozenset({"not_answered"})),) not in responses
    # Answers to a question, and favourable answers, are counts a reader can work out.
    scopes = {c.scope[0] for c in cells}
    assert {"survey item", "survey favourable", "survey answer", "survey scale"} <= scopes
    assert all(c.key[0] in ("all", "gender") for c in cells)


def test_hiding_a_cut_removes_its_figures_and_hides_a_partner() -> None:
    result = _result()
    before = {(r[0], r[1]): r[3] for r in result["cuts"]["rows"]}
    assert before[("gender", "woman")] == 12 and before[("gender", "not_answered")] is None
    hidden_before = [k for k, n in before.items() if n is None]
    fixed = hide_cells(result, [("gender", "woman")])
    after = {(r[0], r[1]): r[3] for r in fixed["cuts"]["rows"]}
    assert after[("gender", "woman")] is None
    for name in ("scales", "favourable", "distribution", "gaps"):
        assert not [r for r in fixed[name]["rows"] if (r[0], r[1]) == ("gender", "woman")]
    assert result["cuts"]["rows"] != fixed["cuts"]["rows"]  # the original is untouched
    assert len([n for n in after.values() if n is None]) >= len(hidden_before) + 1
    assert {
        (c.filters and next(iter(c.filters["gender"]))) for c in published_cells(fixed, "#2")
    }.isdisjoint({"woman"})
