"""Comments: shown only from ``comment_k`` responses, in a shuffled order, with no date.

The order on the page is drawn afresh from a seed after sorting, so it says
nothing about when, or in what order, comments arrived or were stored. The
release never carries a date finer than the round (the campaign).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any


def shown_comments(texts: Sequence[str], *, responses: int, comment_k: int, seed: int) -> list[str]:
    """The non-empty comments, shuffled; none unless there are ``comment_k`` responses and
    ``comment_k`` comments."""
    found = sorted(t.strip() for t in texts if t and t.strip())
    if responses < comment_k or len(found) < comment_k:
        return []
    random.Random(seed).shuffle(found)
    return found


def comment_themes(comments: Sequence[str], *, min_count: int, seed: int) -> list[dict[str, Any]]:
    """Themes of the comments for the release (label, top terms, count, screened quotes).

    This is where ``belong.surveys.themes.find_themes(comments, min_count=min_count,
    seed=seed)`` is called, its ``ThemeResult`` written as plain records. Until
    that package is part of Belong, a release carries its comments and no themes.
    """
    return []
