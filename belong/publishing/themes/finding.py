"""find_themes: comments in, themes that obey the k rule and screened quotes out."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from threadpoolctl import threadpool_limits

from belong.publishing.themes import embedded
from belong.publishing.themes.result import HeldBack, Theme, ThemeResult
from belong.publishing.themes.screening import QuoteScreen
from belong.publishing.themes.topics import Grouping, group_by_words, vectorise
from belong.publishing.themes.words import comment_frequencies, stop_words_for

logger = logging.getLogger(__name__)

METHODS = ("auto", "tfidf", "embeddings")
# A long comment says more about its writer; it is never a quote.
MAX_QUOTE_CHARS = 400
# Quotes are looked for among this many of a theme's most representative comments
# per quote wanted.
CANDIDATES_PER_QUOTE = 5


def label_of(terms: Sequence[str]) -> str:
    """A short phrase from a theme's top three terms: "Parking, garage and shuttle"."""
    top = list(terms[:3])
    if not top:
        return "Other"
    phrase = top[0] if len(top) == 1 else ", ".join(top[:-1]) + " and " + top[-1]
    return phrase[0].upper() + phrase[1:]


def choose_quotes(
    group: Grouping, texts: Sequence[str], screen: QuoteScreen, *, label: str, wanted: int
) -> tuple[tuple[str, ...], list[HeldBack]]:
    """The theme's best quotes that pass the screen, and those it held back on the way.

    Candidates are the theme's most representative comments; one whose rarest
    word is shared by fewer than ``2 * min_count`` comments is ranked down in
    proportion, so quotes made of common words come first.
    """
    pool = group.members[: wanted * CANDIDATES_PER_QUOTE]
    affinity = dict(zip(group.members, group.affinity, strict=True))
    common = 2 * screen.min_count

    def preference(i: int) -> float:
        return affinity[i] * min(1.0, screen.rarest(texts[i]) / common)

    shown: list[str] = []
    held: list[HeldBack] = []
    for i in sorted(pool, key=lambda i: (-preference(i), i)):
        text = texts[i]
        if len(shown) == wanted:
            break
        if len(text) > MAX_QUOTE_CHARS or text in shown:
            continue
        reasons = screen.reasons(text)
        if reasons:
            held.append(HeldBack(label, reasons))
        else:
            shown.append(text)
    return tuple(shown), held


def _groups(
    texts: Sequence[str],
    method: str,
    *,
    min_count: int,
    max_themes: int,
    seed: int,
    stop: frozenset[str],
    names: frozenset[str],
) -> tuple[list[Grouping], str]:
    vectors = vectorise(texts, min_count=min_count, excluded=stop | names)
    if vectors is None:
        return [], "tfidf-nmf"
    use_embeddings = method == "embeddings" or (method == "auto" and embedded.available())
    if use_embeddings:
        try:
            embeddings = embedded.encode(texts)
        except (ImportError, OSError) as error:
            if method == "embeddings":
                raise RuntimeError(
                    f"Themes by embeddings need the optional “embeddings” extra "
                    f"(pip install 'belong[embeddings]'): {error}"
                ) from error
            logger.warning("comment embeddings unavailable, using TF-IDF: %s", error)
        else:
            groups = embedded.group_by_meaning(
                embeddings, vectors, min_count=min_count, max_themes=max_themes, seed=seed
            )
            return groups, "embeddings"
    groups = group_by_words(vectors, min_count=min_count, max_themes=max_themes, seed=seed)
    return groups, "tfidf-nmf"


def screen_for(
    texts: Sequence[str], *, min_count: int, known_names: Iterable[str] = ()
) -> QuoteScreen:
    """The quote screen for one set of comments (word counts over the whole set)."""
    return QuoteScreen.build(
        frequencies=comment_frequencies(texts),
        min_count=min_count,
        stop_words=stop_words_for(texts),
        known_names=known_names,
    )


def screen_comments(
    comments: Sequence[str], *, min_count: int, known_names: Iterable[str] = ()
) -> tuple[list[str], int]:
    """The comments that may be shown whole, in their order, and how many were held back.

    The same screen as a theme's quotes: a comment naming a known person, holding
    a word fewer than ``min_count`` comments share, an e-mail address, a phone
    number, an id or a date is not shown.
    """
    if min_count < 1:
        raise ValueError(f"min_count must be at least 1, not {min_count}.")
    if isinstance(known_names, str):
        raise TypeError("known_names must be a collection of names, not one string.")
    texts = [c.strip() for c in comments if c and c.strip()]
    screen = screen_for(texts, min_count=min_count, known_names=known_names)
    shown = [t for t in texts if not screen.reasons(t)]
    return shown, len(texts) - len(shown)


def find_themes(
    comments: Sequence[str],
    *,
    min_count: int,
    known_names: Iterable[str] = (),
    seed: int = 0,
    max_themes: int = 8,
    quotes_per_theme: int = 3,
    method: str = "auto",
) -> ThemeResult:
    """Themes of free-text ``comments``, each shared by at least ``min_count`` of them.

    Parameters
    ----------
    comments
        The comments of one question (None and blank ones are ignored and not
        counted).
    min_count
        The k rule: a theme of fewer comments is not shown (its comments count
        as unthemed), and a quote may hold no word (other than a stop word)
        that fewer comments share.
    known_names
        The given and family names of the school's people; a quote naming one
        is held back, and no name becomes a theme's term.
    seed
        The same comments and seed give the same result.
    max_themes
        At most this many themes (fewer when comments are few).
    quotes_per_theme
        Quotes wanted per theme; fewer when the screen holds back the rest.
    method
        ``"auto"`` (embeddings when the optional extra is installed, else
        TF-IDF), ``"tfidf"`` or ``"embeddings"`` (an error without the extra).
    """
    if min_count < 1:
        raise ValueError(f"min_count must be at least 1, not {min_count}.")
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not “{method}”.")
    if method == "embeddings" and not embedded.available():
        raise RuntimeError(
            "Themes by embeddings need the optional “embeddings” extra "
            "(pip install 'belong[embeddings]'); method='auto' falls back to TF-IDF."
        )
    if isinstance(known_names, str):
        raise TypeError("known_names must be a collection of names, not one string.")
    for position, comment in enumerate(comments):
        if comment is not None and not isinstance(comment, str):
            raise TypeError(
                f"Comment {position} is not text ({type(comment).__name__}): pass the comments "
                "as strings (None or blank for no comment)."
            )
    texts = [c.strip() for c in comments if c and c.strip()]
    screen = screen_for(texts, min_count=min_count, known_names=known_names)
    stop = screen.stop_words
    if len(texts) < min_count:
        return ThemeResult((), (), len(texts), "tfidf-nmf")
    # One BLAS thread: the matrices are small, and on a busy machine threads
    # fighting over the cores cost more than they give.
    with threadpool_limits(limits=1):
        groups, used = _groups(
            texts,
            method,
            min_count=min_count,
            max_themes=max_themes,
            seed=seed,
            stop=stop,
            names=screen.names,
        )
    shown = sorted(
        (g for g in groups if len(g.members) >= min_count and g.terms),
        key=lambda g: (-len(g.members), g.terms),
    )
    themes, held_back = [], []
    for group in shown:
        label = label_of(group.terms)
        quotes, held = choose_quotes(group, texts, screen, label=label, wanted=quotes_per_theme)
        themes.append(Theme(label, group.terms, len(group.members), quotes))
        held_back.extend(held)
    unthemed = len(texts) - sum(t.count for t in themes)
    return ThemeResult(tuple(themes), tuple(held_back), unthemed, used)
