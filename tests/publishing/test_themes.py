"""Theme finding: planted themes come back, the same seed gives the same result, the k rule."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from belong.publishing.themes import Theme, ThemeResult, find_themes, finding, topics
from belong.publishing.themes.synthetic import ENGLISH_THEMES, SPANISH_THEMES, planted_comments
from belong.publishing.themes.words import words_of


def _vocabulary(theme) -> set[str]:  # type: ignore[no-untyped-def]
    return {w for phrase in (*theme.nouns, *theme.complaints) for w in words_of(phrase)}


def _matched(result: ThemeResult, planted) -> dict[str, Theme]:  # type: ignore[no-untyped-def]
    """Each shown theme matched to the planted theme whose words make up most of its terms."""
    matched = {}
    for theme in result.themes:
        shares = {p.name: len(set(theme.terms) & _vocabulary(p)) for p in planted}
        best = max(shares, key=lambda name: shares[name])
        assert shares[best] >= 0.75 * len(theme.terms), (theme.terms, shares)
        assert best not in matched, f"two themes for {best}"
        matched[best] = theme
    return matched


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_planted_themes_are_recovered_with_their_counts(seed: int) -> None:
    comments, planted = planted_comments(500, seed=seed)
    result = find_themes(comments, min_count=10, seed=seed, method="tfidf")
    assert result.method == "tfidf-nmf"
    matched = _matched(result, ENGLISH_THEMES)
    assert set(matched) == {t.name for t in ENGLISH_THEMES}
    for name, theme in matched.items():
        assert abs(theme.count - planted.count(name)) <= 5, (name, theme.count)
        assert theme.quotes, name
        for quote in theme.quotes:
            # A quote is one of the comments, written from the theme it illustrates.
            assert planted[comments.index(quote)] == name
    assert result.unthemed + sum(t.count for t in result.themes) == 500


def test_a_label_is_a_short_phrase_from_the_top_terms() -> None:
    assert (
        finding.label_of(("parking", "garage", "shuttle", "fees")) == "Parking, garage and shuttle"
    )
    assert finding.label_of(("sleep",)) == "Sleep"
    comments, _ = planted_comments(300, seed=1)
    for theme in find_themes(comments, min_count=10, method="tfidf").themes:
        assert theme.label == finding.label_of(theme.terms)


def test_spanish_comments_find_their_themes_without_spanish_stop_words() -> None:
    comments, _ = planted_comments(300, seed=2, themes=SPANISH_THEMES, spanish=True)
    result = find_themes(comments, min_count=10, method="tfidf")
    matched = _matched(result, SPANISH_THEMES)
    assert set(matched) == {t.name for t in SPANISH_THEMES}
    terms = {term for theme in result.themes for term in theme.terms}
    assert not terms & {"el", "es", "del", "muy", "para", "que", "y"}


def test_the_same_comments_and_seed_give_the_same_result() -> None:
    comments, _ = planted_comments(400, seed=3)
    first = find_themes(comments, min_count=10, seed=11, method="tfidf")
    again = find_themes(list(comments), min_count=10, seed=11, method="tfidf")
    assert first == again
    assert json.dumps(first.to_record()) == json.dumps(again.to_record())


def test_a_result_survives_a_json_round_trip() -> None:
    comments, _ = planted_comments(200, seed=4)
    result = find_themes(comments, min_count=10, method="tfidf")
    stored = json.loads(json.dumps(result.to_record()))
    assert ThemeResult.from_record(stored) == result


def test_a_theme_of_fewer_than_min_count_comments_is_not_shown(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    comments, _ = planted_comments(60, seed=5)
    big = topics.Grouping(("parking", "garage"), tuple(range(20)), (1.0,) * 20)
    small = topics.Grouping(("sleep", "hours"), tuple(range(20, 29)), (1.0,) * 9)
    monkeypatch.setattr(finding, "group_by_words", lambda *a, **k: [big, small])
    result = find_themes(comments, min_count=10, method="tfidf")
    assert [t.terms for t in result.themes] == [("parking", "garage")]
    assert result.themes[0].count == 20
    assert result.unthemed == 40  # the small theme's 9 and the 31 in no group


@pytest.mark.parametrize("min_count", [5, 10, 25, 60])
def test_every_shown_theme_holds_at_least_min_count_comments(min_count: int) -> None:
    comments, _ = planted_comments(150, seed=6)
    result = find_themes([*comments, "", "   "], min_count=min_count, method="tfidf")
    assert all(theme.count >= min_count for theme in result.themes)
    assert sum(theme.count for theme in result.themes) + result.unthemed == 150


def test_fewer_comments_than_min_count_give_no_theme() -> None:
    comments, _ = planted_comments(9, seed=8)
    assert find_themes(comments, min_count=10) == ThemeResult((), (), 9, "tfidf-nmf")


def test_comments_sharing_no_common_word_are_unthemed() -> None:
    comments = [f"word{n} only{n}" for n in range(30)]
    result = find_themes(comments, min_count=5, method="tfidf")
    assert result.themes == () and result.unthemed == 30


def test_bad_arguments_are_refused_clearly() -> None:
    with pytest.raises(ValueError, match="min_count must be at least 1"):
        find_themes(["a"], min_count=0)
    with pytest.raises(ValueError, match="method must be one of auto, tfidf, embeddings"):
        find_themes(["a"], min_count=1, method="lda")
    with pytest.raises(TypeError, match="known_names must be a collection of names"):
        find_themes(["a"], min_count=1, known_names="Okafor")
    with pytest.raises(TypeError, match=r"Comment 1 is not text \(int\)"):
        find_themes(["fine", 3, None], min_count=1)  # type: ignore[list-item]


_WORDS = st.sampled_from(["parking", "sleep", "mentor", "the", "and", "Dr.", "Ana", "3/4", "é", ""])


@hypothesis_settings(max_examples=40, deadline=None)
@given(
    comments=st.lists(st.lists(_WORDS, max_size=6).map(" ".join), max_size=40),
    min_count=st.integers(1, 12),
)
def test_any_comments_give_a_result_that_obeys_the_k_rule(
    comments: list[str], min_count: int
) -> None:
    result = find_themes(comments, min_count=min_count, known_names=["Ana"], method="tfidf")
    assert all(theme.count >= min_count for theme in result.themes)
    assert sum(t.count for t in result.themes) + result.unthemed == len(
        [c for c in comments if c.strip()]
    )
    assert ThemeResult.from_record(json.loads(json.dumps(result.to_record()))) == result


def test_a_few_comments_over_the_threshold_make_one_theme() -> None:
    comments = [f"the parking garage is full again, week {n}" for n in range(12)]
    result = find_themes(comments, min_count=10, method="tfidf")
    assert [t.count for t in result.themes] == [12]
    assert set(result.themes[0].terms) == {"parking", "garage", "week"}  # "full", "again": stop
    # Each comment's number is its own: every one is held back, none shown.
    assert result.themes[0].quotes == ()
    assert len(result.held_back) == 12
    assert all(h.reasons == ("a rare word",) for h in result.held_back)
