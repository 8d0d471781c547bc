from __future__ import annotations

import pytest

from belong.wellbeing import who5


def test_percentage_score_is_raw_sum_times_four() -> None:
    assert who5.percentage_score([5, 5, 5, 5, 5]) == 100
    assert who5.percentage_score([0, 0, 0, 0, 0]) == 0
    assert who5.percentage_score([3, 2, 4, 1, 2]) == 48


@pytest.mark.parametrize(
    "items", [[1, 2, 3, 4], [1, 2, 3, 4, 6], [1, 2, 3, 4, -1], [1, 2, 3, 4, True]]
)
def test_percentage_score_refuses_wrong_answers(items) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        who5.percentage_score(items)


def test_items_are_the_who_wording_with_six_point_scale() -> None:
    assert who5.ITEMS[0] == "I have felt cheerful and in good spirits"
    assert who5.ITEMS[4] == "My daily life has been filled with things that interest me"
    assert [v for v, _ in who5.SCALE] == [5, 4, 3, 2, 1, 0]
    assert who5.SCALE[0][1] == "All of the time" and who5.SCALE[-1][1] == "At no time"


@pytest.mark.parametrize(
    ("score", "previous", "support", "urgent"),
    [
        (52, None, False, False),
        (48, None, True, False),  # below 50
        (50, None, False, False),  # 50 is not below 50
        (32, None, True, False),
        (28, None, True, True),  # 28 or below
        (0, None, True, True),
        (64, 72, False, False),  # a drop of 8 is not meaningful
        (60, 72, True, False),  # a drop of 12 is, even above 50
        (62, 72, True, False),  # exactly 10
        (84, 60, False, False),  # a rise
    ],
)
def test_reading_thresholds(score, previous, support, urgent) -> None:  # type: ignore[no-untyped-def]
    reading = who5.interpret(score, previous)
    assert reading.offer_support is support
    assert reading.urgent is urgent


def test_reading_words_are_kind_and_name_the_change() -> None:
    assert "not your fault" in who5.interpret(20).explanation
    assert who5.interpret(60, 72).meaningful_drop
    assert who5.interpret(60, 72).change == -12
    assert who5.interpret(84, 60).meaningful_rise
