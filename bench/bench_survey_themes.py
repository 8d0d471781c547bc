"""Benchmark: themes of 10,000 survey comments on the CPU.

Comments: ``COMMENTS`` planted comments over five themes
(``belong.publishing.themes.synthetic``), each given up to six more words drawn
from ``FILLER_WORDS`` invented words with Zipf frequencies (so the vocabulary
is thousands of words, as in real comments, and many words are rare), and one
comment in twenty given a name, an address or an id for the screen to catch.

Measured in one run (best of ``REPEATS`` wall-clock runs, CPU time beside it,
and the load average, since the machine is shared):

* Belong: ``find_themes(..., method="tfidf")``, from the comments to the
  screened result, choosing the number of themes in 2..8;
* baseline: scikit-learn's ``TfidfVectorizer`` with its defaults, vectorising
  the same comments (the least any TF-IDF theme finder must do).

Printed: both times, their ratio, the themes found and how many of their
comments come from one planted theme (purity). Target: Belong in at most
``TARGET_S`` seconds of wall time, every planted theme found, purity at least
0.9. ``--embeddings`` also times the sentence-embedding path on
``EMBEDDING_COMMENTS`` comments when the optional extra is installed
(no target: it is optional, and slow on a shared CPU).
"""

from __future__ import annotations

import os
import random
import time
from collections import Counter

from bench.timing import best_time

COMMENTS = 10_000
FILLER_WORDS = 5_000
REPEATS = 2
TARGET_S = 30.0
EMBEDDING_COMMENTS = 1_000
SEED = 20_261_203

_SYLLABLES = ("ka", "lo", "mi", "ru", "te", "va", "no", "si", "pe", "dor", "lan", "tik")
_INJECTIONS = (
    " Dr. Mbeki said so.",
    " Write to me at j.doe@school.edu.",
    " My badge is 40417.",
    " Since 3/14 nothing changed.",
)


def comments(count: int, seed: int = SEED) -> tuple[list[str], list[str]]:
    """Planted comments with Zipf-distributed filler words and some personal details."""
    from belong.publishing.themes.synthetic import planted_comments

    texts, labels = planted_comments(count, seed=seed)
    rng = random.Random(seed)
    filler = sorted(
        {
            "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
            for _ in range(2 * FILLER_WORDS)
        }
    )[:FILLER_WORDS]
    weights = [1 / rank for rank in range(1, len(filler) + 1)]
    out = []
    for n, text in enumerate(texts):
        extra = rng.choices(filler, weights=weights, k=rng.randint(0, 6))
        text = text + (" " + " ".join(extra) if extra else "")
        if n % 20 == 0:
            text += rng.choice(_INJECTIONS)
        out.append(text)
    return out, labels


def _purity(result, texts: list[str], labels: list[str]) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """Share of quoted comments from their theme's main planted theme; planted themes found."""
    from belong.publishing.themes.synthetic import ENGLISH_THEMES
    from belong.publishing.themes.words import words_of

    found = set()
    agree = total = 0
    for theme in result.themes:
        votes: Counter[str] = Counter()
        for planted in ENGLISH_THEMES:
            vocabulary = {w for p in (*planted.nouns, *planted.complaints) for w in words_of(p)}
            votes[planted.name] = len(set(theme.terms) & vocabulary)
        name = votes.most_common(1)[0][0]
        found.add(name)
        for quote in theme.quotes:
            total += 1
            agree += labels[texts.index(quote)] == name
    return (agree / total if total else 0.0), len(found)


def main(argv: list[str]) -> int:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from belong.publishing.themes import embedded, find_themes

    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    texts, labels = comments(COMMENTS)
    vocabulary = len(TfidfVectorizer().fit(texts).vocabulary_)
    print(f"{len(texts):,} comments, {vocabulary:,} distinct words")

    base_wall, base_cpu, _ = best_time(lambda: TfidfVectorizer().fit_transform(texts), REPEATS)
    wall, cpu, result = best_time(
        lambda: find_themes(texts, min_count=10, seed=0, method="tfidf"), REPEATS
    )
    purity, found = _purity(result, texts, labels)
    print(f"baseline TfidfVectorizer alone: {base_wall:.2f} s wall, {base_cpu:.2f} s CPU")
    print(
        f"Belong find_themes (tfidf): {wall:.2f} s wall, {cpu:.2f} s CPU, "
        f"{wall / base_wall:.1f}x the baseline"
    )
    for theme in result.themes:
        print(f"  {theme.count:5d}  {theme.label}  ({len(theme.quotes)} quotes)")
    reasons = Counter(r for h in result.held_back for r in h.reasons)
    print(
        f"  unthemed {result.unthemed}; {len(result.held_back)} quotes held back "
        f"({', '.join(f'{r}: {n}' for r, n in sorted(reasons.items())) or 'none'})"
    )
    met = wall <= TARGET_S and found == 5 and purity >= 0.9
    print(
        f"planted themes found {found}/5, quote purity {purity:.2f}. "
        f"Target <= {TARGET_S:.0f} s, 5/5, purity >= 0.9: {'met' if met else 'MISSED'}"
    )

    if "--embeddings" in argv:
        if not embedded.available():
            print("embeddings: the optional extra is not installed; skipped")
        else:
            sample = texts[:EMBEDDING_COMMENTS]
            started = time.perf_counter()
            embedded.encode(sample[:8])  # load the model outside the timing
            load = time.perf_counter() - started
            e_wall, e_cpu, _ = best_time(
                lambda: find_themes(sample, min_count=10, method="embeddings"), 1
            )
            t_wall, _, _ = best_time(lambda: find_themes(sample, min_count=10, method="tfidf"), 1)
            print(
                f"embeddings on {len(sample):,} comments: {e_wall:.2f} s wall, {e_cpu:.2f} s CPU "
                f"(model load {load:.1f} s), {e_wall / t_wall:.1f}x tfidf on the same comments"
            )
    return 0 if met else 1
