"""Themes from words alone: TF-IDF and non-negative matrix factorisation (scikit-learn).

Only words shared by at least ``min_count`` comments enter the vocabulary, so
a theme's terms (and the label made from them) never hold a rare word; stop
words and the people's names never enter it at all. The number of themes is
chosen within a small range (2 to ``max_themes``, and no more than one theme
per ``2 * min_count`` comments, so that a theme is well above the threshold
on average) by the silhouette of the comments' assignment:
comments should be nearer (cosine distance on TF-IDF) to their own theme's
comments than to the next theme's. Merged themes lower it (a theme's comments
lie apart) and so do split ones (the next theme is as near). The fewest themes
win a tie.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score

from belong.publishing.themes.words import words_of

TOP_TERMS = 8
# Comments sampled to score a number of themes (the silhouette is quadratic).
SILHOUETTE_SAMPLE = 2000


@dataclass(frozen=True)
class Grouping:
    """A group of comments: its top terms and its members, most representative first."""

    terms: tuple[str, ...]
    members: tuple[int, ...]
    affinity: tuple[float, ...]


@dataclass(frozen=True)
class Vectors:
    matrix: sparse.csr_matrix
    vocabulary: np.ndarray


def analyzer_for(excluded: frozenset[str]) -> Callable[[str], list[str]]:
    """Words of two or more letters (no digits) that are not stop words or names."""

    def analyse(text: str) -> list[str]:
        return [w for w in words_of(text) if len(w) > 1 and w.isalpha() and w not in excluded]

    return analyse


def vectorise(texts: Sequence[str], *, min_count: int, excluded: frozenset[str]) -> Vectors | None:
    """TF-IDF rows of ``texts`` over words shared by ``min_count`` or more; None if no such word."""
    # A word in nearly every comment says nothing about a theme, unless it is all
    # there is (a few comments about one thing).
    for max_df in (max(min_count, int(0.8 * len(texts))), len(texts)):
        vectorizer = TfidfVectorizer(
            analyzer=analyzer_for(excluded),
            min_df=min_count,
            max_df=max_df,
            sublinear_tf=True,
            dtype=np.float32,
        )
        try:
            matrix = vectorizer.fit_transform(texts)
            break
        except ValueError:  # no word left after pruning
            continue
    else:
        return None
    return Vectors(matrix.tocsr(), vectorizer.get_feature_names_out())


def score_assignment(
    matrix: sparse.csr_matrix, weights: np.ndarray, seed: int, sample: int = SILHOUETTE_SAMPLE
) -> float:
    """Silhouette (cosine) of each comment's strongest theme, on a seeded sample of comments."""
    placed = weights.max(axis=1) > 0
    labels = weights.argmax(axis=1)[placed]
    # The silhouette is defined for 2 to n - 1 groups only.
    if not 2 <= len(set(labels.tolist())) < len(labels):
        return -1.0
    return float(
        silhouette_score(
            matrix[placed],
            labels,
            metric="cosine",
            sample_size=min(sample, int(placed.sum())),
            random_state=seed,
        )
    )


def _fit(matrix: sparse.csr_matrix, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=400, tol=1e-4)
    with warnings.catch_warnings(), np.errstate(invalid="ignore"):
        # A fit that stops at max_iter is still a usable factorisation; an exact
        # fit's error can come out a hair below zero before its square root.
        warnings.simplefilter("ignore", ConvergenceWarning)
        weights = model.fit_transform(matrix)
    return weights, model.components_


def choose_and_fit(
    vectors: Vectors, *, min_count: int, max_themes: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Fit NMF for each number of themes in range; keep the best-scoring (fewest on a tie)."""
    rows, terms = vectors.matrix.shape
    upper = min(max_themes, rows // (2 * min_count), terms - 1)
    if upper < 2:
        return _fit(vectors.matrix, 1, seed)
    fits = []
    for k in range(2, upper + 1):
        weights, components = _fit(vectors.matrix, k, seed)
        fits.append((score_assignment(vectors.matrix, weights, seed), k, weights, components))
    best = max(score for score, *_ in fits)
    _, _, weights, components = next(f for f in fits if f[0] == best)
    return weights, components


def group_by_words(
    vectors: Vectors, *, min_count: int, max_themes: int, seed: int
) -> list[Grouping]:
    """Each comment goes to its strongest theme; a comment with no vocabulary word goes nowhere."""
    weights, components = choose_and_fit(
        vectors, min_count=min_count, max_themes=max_themes, seed=seed
    )
    best = weights.argmax(axis=1)
    strength = weights.max(axis=1)
    groups = []
    for t, row in enumerate(components):
        members = np.flatnonzero((best == t) & (strength > 0))
        order = members[np.argsort(-strength[members], kind="stable")]
        terms = tuple(
            str(vectors.vocabulary[i]) for i in np.argsort(-row)[:TOP_TERMS] if row[i] > 0
        )
        groups.append(
            Grouping(terms, tuple(int(i) for i in order), tuple(float(strength[i]) for i in order))
        )
    return groups
