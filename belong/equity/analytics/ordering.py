"""Stage order: what every reader of a cohort pipeline knows, declared to the suppressor.

In a cohort pipeline whose stages nest (everyone interviewed in the 2021 cycle
applied in it), each count of a stage is at most the same count of the stage
before: interviewed Black women <= applied Black women, per year and table. A
reader can use that to narrow hidden cells (an applicant group of 3 interviewed
beside 4 applied leaves little to guess), so the suppressor is told: the
stage-years of one year are suppressed *jointly*, with every nested stage pair
declared as ``at_most`` pairs (:func:`belong.privacy.suppress_small_cells`).

Only pairs that nest are declared: ``Counts.nested`` says, per transition and
year, whether everyone at the target stage passed through the source stage (an
event-year pipeline, or a cohort where someone reached a stage without the one
before, has no such order, and none is claimed).

A stage-year that cannot be protected with its total shown is hidden whole
(total included) and the year is certified again: its hidden cells still take
part, since the order still bounds them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence

import numpy as np

from belong.privacy import CellKey, Constraint, ProtectionError, suppress_small_cells

# Full protection in releases: the nested stage order declared and k values per hidden
# small cell (interval k). Off by default, although it is safe and proven by attack
# tests: on the demo school, even with complements chosen jointly per year, it hides
# the Black applicant race cells in 9 of 10 years (race x sex and race x gender
# identity force a race margin hidden wherever another race is small), so the
# planted disparity can no longer be seen (docs/decisions/0021). Off: no order, two
# values per hidden cell.
FULL_PROTECTION = False
# How much dearer a cell of a stage's key comparison (the first race table, answered
# rows) is to hide than its count says; complements are chosen jointly per year.
KEY_PRIORITY = 20.0
_RELEASE = -1  # protect_year's interval when not given: what FULL_PROTECTION says

__all__ = [
    "FULL_PROTECTION",
    "StageBlock",
    "nested_pairs",
    "order_one_way_tables",
    "protect_year",
]


def nested_pairs(
    nested_transitions: np.ndarray, stage_pairs: Sequence[tuple[int, int]], year: int
) -> list[tuple[int, int]]:
    """(later stage, earlier stage) pairs whose people nest in ``year``.

    Empty unless :data:`FULL_PROTECTION` is on.
    """
    if not FULL_PROTECTION:
        return []
    return [
        (target, source)
        for ti, (source, target) in enumerate(stage_pairs)
        if nested_transitions.shape[0] > ti and bool(nested_transitions[ti, year])
    ]


class StageBlock:
    """The cells of one stage-year (index 0 is its total) and their constraints."""

    def __init__(
        self,
        values: Sequence[int],
        constraints: Sequence[Constraint],
        key: Sequence[int] = (),
    ) -> None:
        self.values = [int(v) for v in values]
        self.constraints = list(constraints)
        # Cells of the stage's key comparison (the first race table): dear to hide.
        self.key = [int(i) for i in key]


def protect_year(
    blocks: dict[int, StageBlock],
    pairs: Sequence[tuple[int, int]],
    *,
    k: int,
    whole: set[int],
    forced: Mapping[int, Sequence[int]] | None = None,
    interval: int | None = _RELEASE,
) -> dict[int, np.ndarray]:
    """Suppress the stage-years of one year jointly, under their stage order.

    Parameters
    ----------
    blocks
        Stage index -> its cells (index 0 the stage-year total) and constraints,
        whose keys are indices into the block.
    pairs
        (later, earlier) stage pairs that nest this year; every cell of the later
        block is at most the same cell of the earlier one.
    k
        Threshold and protection interval.
    whole
        Stages hidden whole (total included); updated in place when a stage-year
        turns out not to be protectable with its total shown.
    forced
        For a stage, block indices that must be hidden (decisions made elsewhere).
    interval
        Whole-number values each hidden cell of 1..k-1 people keeps against the
        margins and the order together; ``None`` means ``k``. Not given: ``k``
        with :data:`FULL_PROTECTION`, else 2.

    Returns
    -------
    dict
        Stage -> boolean mask over its block (True = hidden).
    """
    if interval == _RELEASE:
        interval = None if FULL_PROTECTION else 2
    for _ in range(len(blocks) + 1):
        counts: dict[CellKey, int] = {}
        constraints: list[Constraint] = []
        always: set[CellKey] = set()
        for s, block in blocks.items():
            counts.update({(s, i): v for i, v in enumerate(block.values)})
            for c in block.constraints:
                constraints.append(Constraint((s, c.total), tuple((s, p) for p in c.parts)))
            if s in whole:
                always.update((s, i) for i, v in enumerate(block.values) if v > 0)
            extra = (forced or {}).get(s, ())
            always.update((s, int(i)) for i in extra if block.values[int(i)] > 0)
        order = [
            ((later, i), (earlier, i))
            for later, earlier in pairs
            if later in blocks and earlier in blocks
            for i in range(len(blocks[later].values))
        ]
        shown = [(s, 0) for s in blocks if s not in whole]
        try:
            result = suppress_small_cells(
                counts,
                constraints,
                k=k,
                never_suppress=shown,
                always_suppress=always - set(shown),
                at_most=order,
                interval=interval,
                priority={(s, i): KEY_PRIORITY for s, b in blocks.items() for i in b.key},
            )
        except ProtectionError as error:
            failing = {key[0] for key in error.keys if isinstance(key, tuple)}
            stuck = failing - whole
            if not stuck:
                # Already hidden whole: hide the stages that bound them as well.
                stuck = {b for a, b in pairs if a in failing} - whole
                stuck |= {a for a, b in pairs if b in failing} - whole
            if not stuck:
                stuck = set(blocks) - whole
            if not stuck:
                raise
            whole.update(stuck)
            continue
        return {
            s: np.asarray([result.is_suppressed((s, i)) for i in range(len(b.values))])
            for s, b in blocks.items()
        }
    raise AssertionError("stage-order protection did not converge")  # pragma: no cover


def order_one_way_tables(
    tables: Mapping[str, np.ndarray],
    totals: np.ndarray,
    hidden: dict[str, np.ndarray],
    codes: Sequence[str],
    additive: Collection[str],
    small_total: np.ndarray,
    stage_order: Callable[[int], Sequence[tuple[int, int]]],
    k: int,
) -> bool:
    """Certify (and extend) the one-way tables' suppression under the stage order.

    ``tables`` are (S, Y, G) counts; ``hidden`` their masks so far (kept: they are
    passed as cells that must stay hidden). Tables in ``additive`` sum to the
    stage-year total; the others (select all that apply) are cells with no sum,
    bounded only by the order. Updates ``hidden`` and ``small_total`` in place and
    returns whether anything more was hidden.
    """
    n_stages, n_years = totals.shape
    changed = False
    for y in range(n_years):
        pairs = stage_order(y)
        if not pairs or not codes:
            continue
        blocks: dict[int, StageBlock] = {}
        ids: dict[str, np.ndarray] = {}
        for s in range(n_stages):
            if totals[s, y] == 0:
                continue
            values = [int(totals[s, y])]
            constraints = []
            for code in codes:
                row = tables[code][s, y]
                ids[code] = np.arange(len(values), len(values) + row.size)
                values.extend(row.tolist())
                if code in additive:
                    constraints.append(Constraint(0, tuple(ids[code].tolist())))
            blocks[s] = StageBlock(values, constraints)
        if not any(0 < v < k for b in blocks.values() for v in b.values[1:]):
            continue
        forced = {
            s: [int(i) for code in codes for i in ids[code][hidden[code][s, y]]] for s in blocks
        }
        whole = {s for s in blocks if small_total[s, y]}
        masks = protect_year(blocks, pairs, k=k, whole=whole, forced=forced)
        for s, mask in masks.items():
            small_total[s, y] |= s in whole
            for code in codes:
                now = mask[ids[code]] | hidden[code][s, y]
                changed |= bool((now != hidden[code][s, y]).any())
                hidden[code][s, y] = now
    return changed
