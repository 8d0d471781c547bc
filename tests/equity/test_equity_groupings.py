"""Reporting schemes: vectorised derivations, custom groupings, missing answers."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from belong.equity.analytics import custom_grouping, default_groupings, intersection
from belong.equity.analytics.groupings import (
    VARIABLES,
    GroupingError,
    encode_people,
    single_grouping,
)
from belong.people import categories as cat

RACE_CODES = [*cat.RACE_ETHNICITY]


def _people(n: int, seed: int = 0) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    races: list[list[str] | None] = []
    for _ in range(n):
        r = rng.random()
        if r < 0.05:
            races.append(None)
        elif r < 0.1:
            races.append([])
        elif r < 0.15:
            races.append([cat.PREFER_NOT])
        else:
            size = rng.choice([1, 1, 1, 2, 3])
            races.append(sorted(rng.choice(RACE_CODES, size=size, replace=False).tolist()))
    cit = rng.choice([*cat.CITIZENSHIP, cat.PREFER_NOT, None], n).tolist()
    data: dict[str, object] = {"person_id": np.arange(1, n + 1), "race": races, "citizenship": cit}
    for d in cat.SINGLE_CHOICE_DIMENSIONS:
        data[d] = rng.choice([*cat.DIMENSIONS[d].choices, cat.PREFER_NOT, None], n).tolist()
    return pl.DataFrame(data, schema_overrides={"race": pl.List(pl.String)})


def test_vectorised_race_schemes_equal_the_reference_functions():
    people = _people(3000)
    enc = encode_people(people)
    for i, (race, cit) in enumerate(
        zip(people["race"].to_list(), people["citizenship"].to_list(), strict=True)
    ):
        assert VARIABLES["ipeds"].values[enc.codes["ipeds"][i]] == cat.derive_ipeds(race, cit)
        assert VARIABLES["omb_alone"].values[enc.codes["omb_alone"][i]] == cat.derive_omb_alone(
            race
        )


def test_every_possible_race_answer_maps_like_the_reference():
    import itertools

    answers = [[], [cat.PREFER_NOT]]
    for size in range(1, len(RACE_CODES) + 1):
        answers += [list(c) for c in itertools.combinations(RACE_CODES, size)]
    for citizenship in (None, "citizen", "nonresident"):
        people = pl.DataFrame(
            {
                "person_id": np.arange(len(answers)),
                "race": answers,
                "citizenship": [citizenship] * len(answers),
            },
            schema_overrides={"race": pl.List(pl.String), "citizenship": pl.String},
        )
        enc = encode_people(people)
        got = [VARIABLES["ipeds"].values[c] for c in enc.codes["ipeds"]]
        assert got == [cat.derive_ipeds(a, citizenship) for a in answers]


def test_single_choice_null_is_not_answered_and_prefer_not_is_its_own_row():
    people = pl.DataFrame(
        {
            "person_id": [1, 2, 3],
            "race": [["white"], None, ["prefer_not"]],
            "sex": ["female", None, "prefer_not"],
        },
        schema_overrides={"race": pl.List(pl.String)},
    )
    enc = encode_people(people)
    sex = VARIABLES["sex"]
    assert [sex.values[c] for c in enc.codes["sex"]] == ["female", "not_answered", "prefer_not"]
    alone = VARIABLES["omb_alone"]
    assert [alone.values[c] for c in enc.codes["omb_alone"]] == [
        "white",
        "not_answered",
        "prefer_not",
    ]
    # Columns the frame lacks count as not answered for everyone, and are reported.
    assert "veteran" in enc.missing_columns
    assert set(enc.codes["veteran"]) == {VARIABLES["veteran"].index("not_answered")}


def test_unknown_codes_are_named_in_the_error():
    people = pl.DataFrame(
        {"person_id": [1, 2], "race": [["white"], ["martian"]], "sex": ["female", "female"]}
    )
    with pytest.raises(GroupingError, match=r"race.*'martian'"):
        encode_people(people)
    people = pl.DataFrame({"person_id": [1], "race": [["white"]], "sex": ["F"]})
    with pytest.raises(GroupingError, match=r"'sex'.*'F'"):
        encode_people(people)


def test_duplicate_person_ids_are_refused():
    with pytest.raises(GroupingError, match="duplicate"):
        encode_people(pl.DataFrame({"person_id": [1, 1]}))


def test_default_groupings_cover_every_dimension_and_keep_missing_rows():
    groupings = {g.code: g for g in default_groupings()}
    for d in cat.SINGLE_CHOICE_DIMENSIONS:
        assert groupings[d].groups[-2:] == (cat.PREFER_NOT, cat.NOT_ANSWERED)
    assert {
        "race_ipeds",
        "race_omb_alone",
        "race_omb_any",
        "citizenship",
        "race_ipeds__sex",
        "race_ipeds__gender_identity",
    } <= set(groupings)
    assert not groupings["race_omb_any"].additive
    # Every IPEDS category by every sex, each with "prefer not" and "not answered".
    assert len(groupings["race_ipeds__sex"]) == 9 * (len(cat.SEX) + 2)


URIM = {
    "code": "urim",
    "label": "Underrepresented in medicine",
    "dimension": "ipeds",
    "groups": {"URiM": ["black", "hispanic", "aian", "nhpi"]},
}


def test_custom_grouping_from_data_maps_codes_and_keeps_special_rows():
    g = custom_grouping(URIM)
    assert g.groups == ("urim", "other", "unknown")
    assert g.labels == ("URiM", "All other answers", "Race and ethnicity unknown")
    people = pl.DataFrame(
        {
            "person_id": [1, 2, 3, 4, 5],
            "race": [["black"], ["white"], ["hispanic", "white"], [], ["nhpi"]],
            "citizenship": [None, None, None, None, "nonresident"],
        },
        schema_overrides={"race": pl.List(pl.String)},
    )
    assigned = g.assign(encode_people(people))
    # A nonresident is IPEDS "nonresident", which is not in the URiM list.
    assert [g.groups[i] for i in assigned] == ["urim", "other", "urim", "unknown", "other"]
    assert g.to_dict()["definition"] == {"urim": ["black", "hispanic", "aian", "nhpi"]}


def test_custom_grouping_under_select_all_takes_the_first_matching_group():
    g = custom_grouping(
        {
            "code": "race_two",
            "label": "Two groups",
            "dimension": "omb_any",
            "groups": {"Group A": ["black", "aian"], "Group B": ["white", "black"]},
        }
    )
    people = pl.DataFrame(
        {
            "person_id": [1, 2, 3, 4, 5],
            "race": [["black", "white"], ["white"], ["asian"], [], ["prefer_not"]],
        },
        schema_overrides={"race": pl.List(pl.String)},
    )
    got = [g.groups[i] for i in g.assign(encode_people(people))]
    assert got == ["group_a", "group_b", "other", "not_answered", "prefer_not"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"dimension": "shoe_size"}, "unknown dimension"),
        ({"groups": {"X": ["purple"]}}, "not a code"),
        ({"groups": {"X": ["prefer_not"]}}, "always its own row"),
        ({"groups": {"X": ["black"], "Y": ["black"]}}, "in both"),
        ({"groups": {}}, "must map"),
        ({"code": "Bad Code"}, "lower-case"),
    ],
)
def test_custom_grouping_errors(change, message):
    with pytest.raises(GroupingError, match=message):
        custom_grouping({**URIM, **change})


def test_intersection_refuses_select_all_and_same_dimension():
    with pytest.raises(GroupingError):
        intersection("omb_any", "sex")
    with pytest.raises(GroupingError):
        intersection("sex", "sex")
    assert single_grouping("race_ipeds").code == "race_ipeds"
