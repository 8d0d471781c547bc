"""Comments: shown only from ``comment_k`` responses, screened, shuffled, with no date.

A comment is shown whole only if it passes the same screen as a theme's quotes
(``belong.publishing.themes``: no known name, no word shared by fewer than
``comment_k`` comments, no e-mail address, phone number, id or date); the
others are counted, never shown. The order on the page is drawn afresh from a
seed after sorting, so it says nothing about when, or in what order, comments
arrived or were stored. The release never carries a date finer than the round
(the campaign).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from belong.publishing.themes import ThemeResult, find_themes, screen_comments


@dataclass(frozen=True)
class Comments:
    shown: list[str]  # screened, shuffled
    held_back: int  # comments the screen kept back
    themes: ThemeResult


def comments_of(
    texts: Sequence[str],
    *,
    responses: int,
    comment_k: int,
    seed: int,
    known_names: Iterable[str] = (),
) -> Comments:
    """The comments a release may carry, and their themes.

    None unless there are ``comment_k`` responses and ``comment_k`` comments.
    """
    found = sorted(t.strip() for t in texts if t and t.strip())
    if responses < comment_k or len(found) < comment_k:
        return Comments([], 0, ThemeResult((), (), len(found)))
    names = tuple(known_names)
    shown, held = screen_comments(found, min_count=comment_k, known_names=names)
    random.Random(seed).shuffle(shown)
    themes = find_themes(found, min_count=comment_k, known_names=names, seed=seed)
    return Comments(shown, held, themes)
