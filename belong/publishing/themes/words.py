"""Words of comments: one definition of a word, stop words, and how many comments share each.

A *word* is a run of letters and digits (``[^\\W_]+``), lower-cased. Both the
quote screen and its tests count words this way, so "shared by at least k
comments" means the same thing everywhere.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

WORD = re.compile(r"[^\W_]+")

# Spanish function words (articles, pronouns, prepositions, conjunctions and the
# commonest forms of ser/estar/haber/tener). Used only when a comment set reads
# as Spanish, so that an English set's rare words are not excused by them.
SPANISH_STOP_WORDS = frozenset(
    """
    a al algo algunas algunos ante antes aquel aquella aquellas aquellos aqui aquí así
    aun aún bien cada como cómo con contra cual cuál cuales cuando cuándo de del desde
    donde dónde dos durante e el él ella ellas ello ellos en entre era eran eres es esa
    esas ese eso esos esta está estaba estaban estamos están estar estas este esto estos
    estoy fue fueron fui ha había habían han has hasta hay he la las le les lo los más
    mas me mi mí mis mucho muchos muy nada ni no nos nosotros o os otra otras otro otros
    para pero poco por porque que qué quien quién quienes se sea ser si sí siempre sin
    sobre solo sólo somos son soy su sus también tan tanto te tenemos tener tengo tiene
    tienen todo todos tu tú tus un una uno unos usted ustedes vosotros y ya yo
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

ENGLISH = frozenset(ENGLISH_STOP_WORDS)


def words_of(text: str) -> list[str]:
    """The words of ``text``, lower-cased, in order."""
    return WORD.findall(text.lower())


def stop_words_for(comments: Sequence[str]) -> frozenset[str]:
    """English stop words, with Spanish ones added when the comments read as Spanish.

    A set reads as Spanish when Spanish-only function words are at least half
    as frequent as English-only ones (a mixed set gets both lists).
    """
    english_only = ENGLISH - SPANISH_STOP_WORDS
    spanish_only = SPANISH_STOP_WORDS - ENGLISH
    english = spanish = 0
    for comment in comments:
        for word in words_of(comment):
            english += word in english_only
            spanish += word in spanish_only
    if spanish and spanish * 2 >= english:
        return ENGLISH | SPANISH_STOP_WORDS
    return ENGLISH


def comment_frequencies(comments: Iterable[str]) -> Counter[str]:
    """For each word, the number of comments that hold it at least once."""
    shared: Counter[str] = Counter()
    for comment in comments:
        shared.update(set(words_of(comment)))
    return shared
