"""Times and phone numbers as people read and use them."""

from __future__ import annotations

import pytest

from belong.core.formatting import duration, phone_number_spans
from belong.core.templatetags.belong import hours_as_words, phone_links


@pytest.mark.parametrize(
    ("hours", "words"),
    [
        (0.25, "15 minutes"),
        (1, "1 hour"),
        (12, "12 hours"),
        (24, "1 day"),
        (36, "36 hours"),
        (48, "2 days"),
        (120, "5 days"),
        (292.0, "12 days 4 hours"),
        (720, "30 days"),
        (25.04, "25 hours"),
    ],
)
def test_durations_are_said_in_days_and_hours(hours: float, words: str):
    assert duration(hours) == words
    assert hours_as_words(hours) == words


def test_an_empty_duration_is_blank():
    assert hours_as_words(None) == ""


def test_phone_numbers_in_text_become_tel_links_and_the_rest_is_escaped():
    html = phone_links("Call +1 (555) 010-0199 <b>now</b>, room 204")
    assert html == (
        'Call <a href="tel:+15550100199">+1 (555) 010-0199</a> &lt;b&gt;now&lt;/b&gt;, room 204'
    )
    assert phone_number_spans("Room 204 or ext. 4512") == [("Room 204 or ext. 4512", None)]
    assert phone_links(None) == ""
