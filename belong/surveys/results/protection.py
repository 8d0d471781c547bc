"""Which cuts of a survey's responses may be shown.

A *cut* is the responses of one group of one declared dimension (women;
class of 2028), or every response. Rules, applied in order until nothing
changes (each only hides more):

1. **At least k.** A group with fewer than ``k`` responses is hidden
   (``belong.privacy.suppress_one_way``, one table per dimension, whose total
   is every response).
2. **A partner for every hidden group.** Within a dimension, a lone hidden
   group could be worked out from the total and the groups shown, so the
   next-smallest group is hidden too; so are more until the hidden groups'
   responses leave each of them at least ``k`` possible sizes.
3. **No two cuts that differ by fewer than k people.** Two shown cuts whose
   responses differ by 1 to ``k - 1`` people (compared response by
   response, across dimensions and with the total) would give those few
   people's answers by subtraction, so the smaller cut is hidden -- and rule 2
   applies to it again.

Pure numpy; the responses are never written out, only which cuts are shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from belong.privacy import one_way_rows_to_hide, suppress_one_way
from belong.surveys.results.design import ALL


class TooFewResponses(ValueError):
    """Fewer responses than the campaign's threshold: no result can be shown."""


SMALL = "small"  # fewer than k responses
PARTNER = "partner"  # hidden so that another hidden group cannot be worked out
OVERLAP = "overlap"  # differs from another shown cut by fewer than k people


@dataclass
class Cut:
    dimension: str
    group: str
    mask: np.ndarray
    n: int
    shown: bool = True
    reason: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.dimension, self.group)


def protect_total(n: int, k: int) -> None:
    if n < k:
        raise TooFewResponses(
            f"There are {n} responses, fewer than the threshold of {k}: no result can be shown."
        )


def everyone(n: int) -> Cut:
    return Cut(ALL, ALL, np.ones(n, dtype=bool), n)


def cuts_for(
    groups: dict[str, np.ndarray], dimensions: tuple[str, ...], k: int, n: int
) -> list[Cut]:
    """Every cut of ``n`` responses (everyone first, then each dimension's groups, sorted),
    each shown or hidden with its reason. :class:`TooFewResponses` under ``k`` in all."""
    protect_total(n, k)
    cuts = [everyone(n)]
    by_dimension: dict[str, list[Cut]] = {}
    for dimension in dimensions:
        column = groups[dimension]
        values = sorted(set(column.tolist()))
        found = [Cut(dimension, v, column == v, 0) for v in values]
        for cut in found:
            cut.n = int(cut.mask.sum())
        counts = np.array([[c.n for c in found]], dtype=np.int64)
        if one_way_rows_to_hide(counts, k).any():
            hidden = np.ones(counts.shape, dtype=bool)
        else:
            hidden = suppress_one_way(counts, k)
        for cut, hide in zip(found, hidden[0], strict=True):
            if hide:
                cut.shown, cut.reason = False, SMALL if cut.n < k else PARTNER
        by_dimension[dimension] = found
        cuts += found
    while _hide_overlaps(cuts, k) | _hide_partners(by_dimension, k):
        pass
    return cuts


def _hide_overlaps(cuts: list[Cut], k: int) -> bool:
    changed = False
    shown = [c for c in cuts if c.shown]
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            if not (a.shown and b.shown):
                continue
            differ = int(np.count_nonzero(a.mask ^ b.mask))
            if 0 < differ < k:
                # Hide the smaller; never the total (it is always the larger).
                if a.dimension == ALL:
                    smaller = b
                elif b.dimension == ALL:
                    smaller = a
                else:
                    smaller = b if b.n <= a.n else a
                smaller.shown, smaller.reason = False, OVERLAP
                changed = True
    return changed


def _hide_partners(by_dimension: dict[str, list[Cut]], k: int) -> bool:
    changed = False
    for found in by_dimension.values():
        while True:
            hidden = [c for c in found if not c.shown and c.n > 0]
            shown = sorted((c for c in found if c.shown and c.n > 0), key=lambda c: (c.n, c.group))
            if not hidden or not shown:
                break
            size = sum(c.n for c in hidden)
            small = any(c.n < k for c in hidden)
            # One hidden group is its own difference; several must leave each at least
            # k possible sizes (suppress_one_way's rule: S - h + 1 >= k).
            if len(hidden) > 1 and not (small and size - len(hidden) + 1 < k):
                break
            shown[0].shown, shown[0].reason = False, PARTNER
            changed = True
    return changed
