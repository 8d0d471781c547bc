"""The quote screen: names, rare words, addresses, phones, ids and dates are held back."""

from __future__ import annotations

import random
import re

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from belong.publishing.themes import find_themes
from belong.publishing.themes.finding import choose_quotes
from belong.publishing.themes.screening import EMAIL, ID_OR_DATE, NAME, PHONE, RARE, QuoteScreen
from belong.publishing.themes.synthetic import planted_comments
from belong.publishing.themes.topics import Grouping
from belong.publishing.themes.words import ENGLISH, comment_frequencies

COMMON = "the parking garage costs too much and the shuttle runs late"


def _screen(*extra: str, names: tuple[str, ...] = ()) -> QuoteScreen:
    comments = [COMMON] * 10 + list(extra)
    return QuoteScreen.build(
        frequencies=comment_frequencies(comments),
        min_count=10,
        stop_words=ENGLISH,
        known_names=names,
    )


def test_an_ordinary_quote_of_common_words_passes() -> None:
    assert _screen().reasons("The shuttle runs late, and the parking garage costs too much!") == ()


def test_a_known_name_is_held_back_in_any_case_and_a_title_name_without_being_known() -> None:
    common = [COMMON + " okafor"] * 10 + [COMMON + " dr chen"] * 10
    screen = QuoteScreen.build(
        frequencies=comment_frequencies(common),
        min_count=10,
        stop_words=ENGLISH,
        known_names=("Amara Okafor",),
    )
    assert screen.reasons("the parking garage costs too much okafor") == (NAME,)
    assert screen.reasons("Okafor: the shuttle runs late") == (NAME,)
    # "chen" is shared by ten comments and nobody passed it: a title still marks it.
    assert screen.reasons("Dr. Chen and the shuttle runs late") == (NAME,)
    assert screen.reasons("dr chen and the shuttle runs late") == (NAME,)
    assert screen.reasons("the shuttle runs late chen") == ()


def test_a_name_that_is_also_a_stop_word_counts_only_when_capitalised_mid_sentence() -> None:
    screen = _screen(names=("Will Parker",))
    assert screen.reasons("the shuttle will runs late") == ()
    assert screen.reasons("Will the shuttle runs late") == ()
    assert NAME in screen.reasons("the shuttle runs late, ask Will")


def test_a_word_fewer_than_min_count_comments_share_is_held_back() -> None:
    screen = _screen("the only neurosurgery student")
    assert screen.reasons(
        "the parking garage costs too much for the only neurosurgery student"
    ) == (RARE,)


def test_addresses_phones_ids_and_dates_are_held_back() -> None:
    frequent = [COMMON + " me at call on my badge since march"] * 10
    screen = QuoteScreen.build(
        frequencies=comment_frequencies(frequent), min_count=10, stop_words=ENGLISH
    )
    assert EMAIL in screen.reasons("the shuttle runs late, write me at a.b@school.edu")
    assert PHONE in screen.reasons("the shuttle runs late, call (555) 123-4567")
    assert ID_OR_DATE in screen.reasons("my badge 48213 and the shuttle runs late")
    assert ID_OR_DATE in screen.reasons("the shuttle runs late since 3/12")
    assert ID_OR_DATE in screen.reasons("the shuttle runs late since March 12")
    assert ID_OR_DATE in screen.reasons("the shuttle runs late since 2026-03-12")


def _with_planted(extra: str, every: int, *, skip: int = 0) -> tuple[list[str], list[int]]:
    """Planted comments, ``extra`` added to every ``every``-th (or all but every ``skip``-th)."""
    comments, _ = planted_comments(300, seed=9)
    if skip:
        touched = [i for i in range(len(comments)) if i % skip]
    else:
        touched = list(range(0, len(comments), every))
    for i in touched:
        comments[i] = comments[i].rstrip(".") + extra.format(n=i)
    return comments, touched


def test_planted_names_are_held_back_and_never_become_terms() -> None:
    comments, _ = _with_planted(" Ask Okafor.", every=2)
    result = find_themes(comments, min_count=10, known_names=["Amara Okafor"], method="tfidf")
    assert result.held_back and all(NAME in h.reasons for h in result.held_back)
    for theme in result.themes:
        assert "okafor" not in theme.terms and "Okafor" not in theme.label
        assert theme.quotes and not any("Okafor" in q for q in theme.quotes)


def test_planted_rare_words_and_emails_are_held_back_and_ordinary_quotes_kept() -> None:
    rng = random.Random(1)
    invented = ["".join(rng.choice("bcdfgklmnprstvz") for _ in range(9)) for _ in range(300)]
    # Nine comments in ten end with an invented address; quotes come from the tenth.
    comments, touched = _with_planted(" Write to me, {n}.", every=1, skip=10)
    for i in touched:
        comments[i] = comments[i].replace(f"{i}.", f"{invented[i]}@school.edu.")
    result = find_themes(comments, min_count=10, method="tfidf")
    assert all({RARE, EMAIL} <= set(h.reasons) for h in result.held_back)
    assert len(result.held_back) >= len(result.themes)
    shown = [q for t in result.themes for q in t.quotes]
    assert shown and all(comments.index(q) % 10 == 0 for q in shown)
    # Held back means held back: no text of a withheld quote is in the result.
    stored = str(result.to_record())
    assert not any(word in stored for word in invented)


_INJECTIONS = st.sampled_from(
    [
        " Dr. Zhou agreed.",
        " My id is 20931.",
        " I am the only podiatry student.",
        " Email k.li@school.edu.",
        " Call 617 555 0199.",
        " It was on 3/14.",
        " Ask Parker.",
        " The {word} unit.",
    ]
)


@hypothesis_settings(max_examples=15, deadline=None)
@given(
    picks=st.lists(st.tuples(st.integers(0, 199), _INJECTIONS), min_size=1, max_size=120),
    min_count=st.integers(5, 15),
    seed=st.integers(0, 3),
)
def test_attack_every_word_of_every_shown_quote_is_common_or_a_stop_word(
    picks: list[tuple[int, str]], min_count: int, seed: int
) -> None:
    comments, _ = planted_comments(200, seed=seed)
    for n, (i, injection) in enumerate(picks):
        comments[i] += injection.format(word=f"ward{'x' * (n % 7)}")
    result = find_themes(
        comments, min_count=min_count, known_names=["Parker"], seed=seed, method="tfidf"
    )
    # Counted here independently of the module: words as runs of letters and digits.
    shared: dict[str, int] = {}
    for comment in comments:
        for word in set(re.findall(r"[^\W_]+", comment.lower())):
            shared[word] = shared.get(word, 0) + 1
    for theme in result.themes:
        for quote in theme.quotes:
            for word in re.findall(r"[^\W_]+", quote.lower()):
                assert word in ENGLISH_STOP_WORDS or shared[word] >= min_count, (word, quote)
            assert "parker" not in quote.lower() and "@" not in quote
        for term in theme.terms:
            assert shared[term] >= min_count


def test_quotes_of_common_words_come_before_more_representative_ones_with_rarer_words() -> None:
    texts = [
        "the shuttle runs late near the helipad",
        "the parking garage costs too much near the helipad",
        "the shuttle runs late",
        "the parking garage costs too much",
    ]
    # "helipad" is shared by exactly min_count comments: allowed, but less common.
    frequencies = comment_frequencies([COMMON] * 30 + [COMMON + " near helipad"] * 10)
    screen = QuoteScreen(frequencies, 10, ENGLISH)
    group = Grouping(("shuttle",), (0, 1, 2, 3), (1.0, 0.99, 0.98, 0.97))
    shown, held = choose_quotes(group, texts, screen, label="Shuttle", wanted=2)
    assert shown == ("the shuttle runs late", "the parking garage costs too much")
    assert held == []
    assert screen.reasons(texts[0]) == ()  # it would have passed the screen
