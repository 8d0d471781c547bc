from __future__ import annotations

import pytest

from belong.people import categories as cat


@pytest.mark.parametrize(
    ("answer", "citizenship", "expected"),
    [
        (["white"], None, "white"),
        (["mena"], None, "white"),  # MENA was part of White under the 1997 standards
        (["mena", "white"], None, "white"),
        (["black", "hispanic"], None, "hispanic"),  # Hispanic first, whatever the race
        (["hispanic"], None, "hispanic"),
        (["asian", "black"], None, "two_or_more"),
        (["asian", "mena"], None, "two_or_more"),
        (["nhpi"], None, "nhpi"),
        ([], None, "unknown"),
        (None, None, "unknown"),
        (["prefer_not"], None, "unknown"),
        (["black"], "nonresident", "nonresident"),
        (["black"], "permanent_resident", "black"),
    ],
)
def test_derive_ipeds(answer, citizenship, expected) -> None:  # type: ignore[no-untyped-def]
    assert cat.derive_ipeds(answer, citizenship) == expected


def test_normalise_race_maps_detail_to_minimum_category() -> None:
    assert cat.normalise_race(["asian_korean", "WHITE", " "]) == ("asian", "white")


def test_normalise_race_refuses_unknown_and_contradictory_codes() -> None:
    with pytest.raises(cat.CategoryError, match="'martian' is not a race"):
        cat.normalise_race(["martian"])
    with pytest.raises(cat.CategoryError, match="cannot be combined"):
        cat.normalise_race(["prefer_not", "black"])


def test_every_detailed_category_belongs_to_a_minimum_category() -> None:
    assert set(cat.DETAILED_TO_MINIMUM.values()) == set(cat.RACE_ETHNICITY)
    assert "mena" in cat.RACE_ETHNICITY  # SPD 15 (2024) adds MENA


def test_report_values_keep_prefer_not_and_not_answered_as_rows() -> None:
    for dimension in cat.DIMENSIONS.values():
        assert dimension.report_values[-2:] == (cat.PREFER_NOT, cat.NOT_ANSWERED)
        assert dimension.label_for(None) == "Not answered"


def test_validate_choice_names_the_question_and_the_allowed_answers() -> None:
    assert cat.validate_choice("sex", " Female ") == "female"
    assert cat.validate_choice("sex", "") is None
    with pytest.raises(cat.CategoryError, match=r"not an answer to sex.*female"):
        cat.validate_choice("sex", "f")
