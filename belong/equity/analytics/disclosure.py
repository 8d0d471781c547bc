"""Small-cell protection of a release (k = 10 by default), via :mod:`belong.privacy`.

How the counts of one stage x year are protected:

1. **Linked system** (:func:`belong.privacy.suppress_small_cells`): the stage-year
   total; the race (IPEDS), sex and gender-identity one-way tables; the
   race x sex and race x gender-identity tables, whose row and column margins
   *are* those one-way cells (one key each, so a cell is hidden everywhere or
   nowhere); every school-defined grouping, as sums of the cells of its
   dimension (which then joins the system); and, for each benchmark, the
   *universe* (people of known race who are residents), because its size is a
   published denominator. Each intersection needs its two margin tables among
   the release's groupings.
2. **Independent one-way tables** (:func:`belong.privacy.suppress_one_way`,
   vectorised over every stage-year at once): every other exclusive table
   (OMB alone, citizenship, sexual orientation, ...), each summing to the
   published total.
3. **OMB "any"** (select all that apply) is not additive: its cells overlap
   and have no sum constraint, so only its own small cells are hidden, and
   cells whose complement (everyone minus the cell) is 1..k-1 people. The
   risk is subtraction between schemes, handled by step 4.
4. **Cross-scheme guard.** The race schemes describe overlapping populations:
   OMB-alone Black is contained in OMB-any Black, IPEDS Black (residents only)
   in OMB-alone Black, IPEDS nonresident *is* citizenship nonresident, OMB-alone
   "prefer not" *is* OMB-any "prefer not". Every such nested pair is found once,
   exactly, from the answer patterns each cell covers. When the two counts
   differ by 1..k-1 they cannot both be shown; when they are equal they must be
   shown or hidden together. The guard hides the cell outside the linked
   system (OMB any first, then OMB alone, citizenship or a custom table), and
   step 2 reruns with that cell forced, until nothing changes.

Stage-years whose total is 1..k-1 are hidden whole, total included.

Stage order (:mod:`.ordering`): step 1 runs per *year*, all its stage-years in
one call, so the stage order of a cohort pipeline can be declared and
certified jointly; step 2's one-way tables get a joint pass per year too.
With ``ordering.FULL_PROTECTION`` every nested stage pair is declared and each
hidden cell of 1..k-1 people keeps k whole-number values against the margins
and the order; it is off by default, for what it hides (``docs/decisions/0021``).
Differences between
stages of the same cohort (applied minus interviewed) are published as the
brief's stage x year model has it; the cross-release differencing guard
(:func:`belong.privacy.find_differencing_risks`) runs over
``ReleaseResult.published_cells()`` in the Django layer, where earlier
releases are known.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from belong.privacy import Constraint, suppress_one_way

from .counting import Counts
from .groupings import _ALONE_LUT, _IPEDS_LUT, RACE_BITS, VARIABLES, Grouping, single_grouping
from .ordering import StageBlock, nested_pairs, order_one_way_tables, protect_year

__all__ = ["Hidden", "population_filters", "protect", "protect_one_way"]

_MAX_GUARD_ROUNDS = 6


@dataclass
class Hidden:
    """Which counts of a release are suppressed (True = shown as "—")."""

    totals: np.ndarray  # (S, Y)
    tables: dict[str, np.ndarray]  # code -> (S, Y, G)
    universe: dict[str, np.ndarray]  # benchmark table code -> (S, Y)
    advanced: list[dict[str, np.ndarray]]  # per transition: code -> (Y, G)
    n_cells: int = 0
    n_hidden: int = 0
    linked_systems: int = 0


def protect_one_way(counts: np.ndarray, k: int, forced: np.ndarray | None = None) -> np.ndarray:
    """Vectorised one-way suppression with optional forced cells.

    ``counts`` is (n_tables, n_cells) with each row's total published.
    ``forced`` cells are hidden whatever their count (the guard's decisions);
    they are passed to :func:`belong.privacy.suppress_one_way` as primary
    cells so that their complements are chosen with them. Rows the privacy
    module says cannot be protected while their total is shown (a total of
    1..k-1, or only single-person cells) are hidden whole.

    Returns
    -------
    ndarray of bool, same shape as ``counts``.
    """
    from belong.privacy import one_way_rows_to_hide

    counts = np.asarray(counts, dtype=np.int64)
    hidden = np.zeros(counts.shape, dtype=bool)
    if counts.size == 0:
        return hidden
    whole = one_way_rows_to_hide(counts, k)
    hidden[whole] = counts[whole] > 0
    rest = np.flatnonzero(~whole)
    if not rest.size:
        return hidden
    table = counts[rest]
    if forced is not None:
        f = forced[rest]
        # A forced cell must be primary: give it a count in 1..k-1, keeping
        # its size as the cost so that complements stay the cheapest cells.
        table = np.where(f, np.clip(table, 1, k - 1), table)
        # Forcing can leave a row whose remaining information is too thin
        # (its modified total under k): hide the row whole.
        thin = one_way_rows_to_hide(table, k) & ~whole[rest]
        hidden[rest[thin]] = counts[rest[thin]] > 0
        keep = ~thin
        rest, table = rest[keep], table[keep]
    if rest.size:
        hidden[rest] = suppress_one_way(table, k)
    return hidden


def _populations(groupings: Sequence[Grouping]) -> dict[str, np.ndarray]:
    """For each race-derived table, the (mask, nonresident) patterns each row covers.

    Returns a bool array (G, 2 * 2**bits): row g covers pattern ``mask*2 + nonres``.
    """
    n_masks = 1 << len(RACE_BITS)
    masks = np.repeat(np.arange(n_masks), 2)
    nonres = np.tile([False, True], n_masks)
    ipeds = np.where(nonres, VARIABLES["ipeds"].index("nonresident"), _IPEDS_LUT[masks])
    alone = _ALONE_LUT[masks].astype(np.int64)
    out: dict[str, np.ndarray] = {}
    for grouping in groupings:
        var = grouping.variables[0]
        n = len(grouping)
        if grouping.kind == "single" and var == "ipeds":
            row = ipeds
        elif grouping.kind == "single" and var == "omb_alone":
            row = alone
        elif grouping.kind == "select_all":
            cover = np.zeros((n, masks.size), dtype=bool)
            for gi, bits in grouping.membership_bits():
                cover[gi] = (masks & bits) != 0 if bits else masks == 0
            out[grouping.code] = cover
            continue
        elif grouping.kind == "custom" and var in ("ipeds", "omb_alone", "omb_any"):
            from .groupings import EncodedPeople

            if var == "omb_any":
                fake = EncodedPeople(np.zeros(masks.size), {}, masks.astype(np.uint16))
                row = grouping.assign(fake)
            else:
                row = np.asarray(grouping.lookup)[ipeds if var == "ipeds" else alone]
        elif grouping.kind == "single" and var == "citizenship":
            # Only the nonresident row is a race-pattern population.
            cover = np.zeros((n, masks.size), dtype=bool)
            cover[VARIABLES["citizenship"].index("nonresident")] = nonres
            out[grouping.code] = cover
            continue
        else:
            continue
        out[grouping.code] = row[None, :] == np.arange(n)[:, None]
    return out


def _pattern_names() -> np.ndarray:
    n_masks = 1 << len(RACE_BITS)
    names = []
    for mask in range(n_masks):
        codes = [c for j, c in enumerate(RACE_BITS) if mask >> j & 1] or ["none"]
        for nonres in (False, True):
            names.append("+".join(codes) + ("/nonresident" if nonres else "/resident"))
    return np.asarray(names, dtype=object)


def population_filters(groupings: Sequence[Grouping]) -> dict[str, list[dict[str, frozenset]]]:
    """Each row's population as filters for :class:`belong.privacy.PublishedCell`.

    Race-derived rows are described by the set of race answers (and residency)
    they cover, so that the differencing guard sees, for instance, that
    OMB-alone Black is inside OMB-any Black and that IPEDS nonresident is the
    same population as citizenship nonresident. Other rows restrict their own
    question. A dimension that is not restricted is left out, as the guard
    requires.
    """
    pops = _populations(groupings)
    names = _pattern_names()
    out: dict[str, list[dict[str, frozenset]]] = {}
    for g in groupings:
        rows: list[dict[str, frozenset]] = []
        var = VARIABLES.get(g.variables[0])
        for gi, code in enumerate(g.groups):
            if g.code in pops and pops[g.code][gi].any():
                rows.append({"race": frozenset(names[pops[g.code][gi]].tolist())})
            elif g.kind == "intersection":
                a, b = code.split("|")
                first = single_grouping(g.variables[0])
                filt: dict[str, frozenset] = {}
                if g.variables[0] in ("ipeds", "omb_alone"):
                    cover = _populations([first])[first.code][first.groups.index(a)]
                    filt["race"] = frozenset(names[cover].tolist())
                else:
                    filt[g.variables[0]] = frozenset({a})
                filt[g.variables[1]] = frozenset({b})
                rows.append(filt)
            elif g.kind == "custom" and var is not None:
                members = [v for v, j in zip(var.values, g.lookup, strict=True) if j == gi]
                rows.append({var.code: frozenset(members)})
            else:
                rows.append({g.variables[0]: frozenset({code})})
        out[g.code] = rows
    return out


def _nested_pairs(
    groupings: Sequence[Grouping], linked: set[str]
) -> list[tuple[str, int, str, int, str]]:
    """(table X, row, table Y, row, table to hide) for every X within Y across tables."""
    pops = _populations(groupings)
    rank = {
        g.code: (0 if g.kind == "select_all" else 1 if g.code not in linked else 9)
        for g in groupings
    }
    codes = [c for c in pops if c in rank]
    pairs: list[tuple[str, int, str, int, str]] = []
    for i, a in enumerate(codes):
        for b in codes[i + 1 :]:
            if a in linked and b in linked:
                continue  # the linked system already holds their relation
            pa, pb = pops[a], pops[b]
            inter = pa.astype(np.int64) @ pb.T.astype(np.int64)
            size_a, size_b = pa.sum(1), pb.sum(1)
            for ga, gb in zip(*np.nonzero(inter), strict=True):
                hide = a if rank[a] <= rank[b] else b
                if inter[ga, gb] == size_a[ga]:
                    pairs.append((a, int(ga), b, int(gb), hide))
                elif inter[ga, gb] == size_b[gb]:
                    pairs.append((b, int(gb), a, int(ga), hide))
    # A race x sex cell lies inside every race cell, of any scheme, whose
    # answers include all of its race row's: "Black alone" minus "Black
    # (IPEDS), intersex" is a group too. The containing cell is hidden.
    by_code = {g.code: g for g in groupings}
    for g in groupings:
        if g.kind != "intersection" or g.variables[0] not in ("ipeds", "omb_alone"):
            continue
        first = single_grouping(g.variables[0])
        rows = _populations([first])[first.code]
        n_second = len(VARIABLES[g.variables[1]].values)
        for b in codes:
            if b in linked or by_code[b].kind == "intersection":
                continue
            pb = pops[b]
            inter = rows.astype(np.int64) @ pb.T.astype(np.int64)
            size = rows.sum(1)
            for r, gb in zip(*np.nonzero(inter), strict=True):
                if inter[r, gb] == size[r]:
                    for j in range(n_second):
                        pairs.append((g.code, int(r) * n_second + j, b, int(gb), b))
    return pairs


def _protect_unlinked(
    tables: Mapping[str, np.ndarray],
    totals: np.ndarray,
    hidden: dict[str, np.ndarray],
    groupings: Sequence[Grouping],
    linked: set[str],
    k: int,
    small_total: np.ndarray | None = None,
    stage_order: Callable[[int], Sequence[tuple[int, int]]] | None = None,
) -> None:
    """Steps 2-4: one-way tables, OMB any and the cross-scheme guard, in place.

    ``tables`` are (S, Y, G) counts, ``totals`` (S, Y); ``hidden`` already
    holds the linked tables' masks and receives the others'. With a
    ``stage_order`` (nested stage pairs per year), the tables of each year are
    then certified jointly under it (:func:`.ordering.order_one_way_tables`),
    hiding stage-years whole in ``small_total`` where that cannot be done.
    """
    by_code = {g.code: g for g in groupings}
    n_stages, n_years = totals.shape
    independent = [c for c in by_code if c not in linked and by_code[c].additive]
    select_all = [c for c in by_code if not by_code[c].additive]
    forced = {c: np.zeros(tables[c].shape, dtype=bool) for c in by_code}
    pairs = _nested_pairs(groupings, linked)
    for _ in range(_MAX_GUARD_ROUNDS):
        for code in independent:
            t = tables[code].reshape(n_stages * n_years, -1)
            f = forced[code].reshape(t.shape)
            hidden[code] = protect_one_way(t, k, f).reshape(tables[code].shape)
        for code in select_all:
            # Not additive, so no complements; but "everyone minus the people
            # who chose White" is a group too, and must not be 1..k-1 people.
            t = tables[code]
            rest = totals[:, :, None] - t
            hidden[code] = ((t > 0) & (t < k)) | ((rest > 0) & (rest < k)) | forced[code]
        if stage_order is not None and small_total is not None:
            order_one_way_tables(
                tables,
                totals,
                hidden,
                independent + select_all,
                set(independent),
                small_total,
                stage_order,
                k,
            )
        changed = False
        for x, gx, ybig, gy, hide in pairs:
            cx, cy = tables[x][:, :, gx], tables[ybig][:, :, gy]
            hx, hy = hidden[x][:, :, gx], hidden[ybig][:, :, gy]
            diff = cy - cx
            clash = ((diff > 0) & (diff < k) & ~hx & ~hy) | ((diff == 0) & (hx != hy))
            if clash.any():
                target = forced[hide][:, :, gx if hide == x else gy]
                if (clash & ~target).any():
                    target |= clash
                    changed = True
        if not changed:
            return


def protect(
    counts: Counts,
    groupings: Sequence[Grouping],
    universes: Mapping[str, np.ndarray],
    *,
    k: int,
    nested_transitions: np.ndarray,
    stage_pairs: Sequence[tuple[int, int]],
) -> Hidden:
    """Suppress small cells and their complements across a release.

    Parameters
    ----------
    counts : Counts
    groupings : sequence of Grouping
    universes : mapping grouping code -> bool array over that table's rows
        The rows a benchmark covers (their sum is a published denominator).
    k : int
    nested_transitions : ndarray of bool (T, Y)
        Where a transition's "advanced" people are exactly the target stage's
        people (their counts are already protected as stage cells).
    stage_pairs : sequence of (source, target) stage indices, one per transition

    Returns
    -------
    Hidden
        ``advanced[t][code]`` is True where the transition's advanced count
        (and so its rate) must not be shown; the source stage's own hidden
        cells are *not* included there.

    """
    n_stages, n_years = counts.totals.shape
    by_code = {g.code: g for g in groupings}
    single_of = {g.variables[0]: g.code for g in groupings if g.kind in ("single", "select_all")}
    linked: set[str] = set()
    for g in groupings:
        if g.kind == "intersection":
            margins = [single_of.get(v) for v in g.variables]
            if None in margins:
                raise ValueError(f"{g.code}: its margins {g.variables} must be groupings too")
            linked.update([g.code, *margins])  # type: ignore[list-item]
        elif g.kind == "custom" and g.variables[0] != "omb_any":
            base = single_of.get(g.variables[0])
            if base is None:
                raise ValueError(f"{g.code}: its dimension {g.variables[0]} must be a grouping too")
            linked.update([g.code, base])
    linked.update(universes)

    totals = counts.totals
    tables = counts.tables
    hidden = Hidden(
        totals=(totals > 0) & (totals < k),
        tables={c: np.zeros(t.shape, dtype=bool) for c, t in tables.items()},
        universe={c: np.zeros((n_stages, n_years), dtype=bool) for c in universes},
        advanced=[],
    )
    small_total = hidden.totals

    # 1. Linked systems: the stage-years of one year together, under their stage order.
    order = [c for c in by_code if c in linked]
    for y in range(n_years):
        pairs = nested_pairs(nested_transitions, stage_pairs, y)
        blocks: dict[int, StageBlock] = {}
        layout: dict[int, tuple[dict[str, np.ndarray], dict[str, int]]] = {}
        for s in range(n_stages):
            if totals[s, y] == 0:
                continue
            blocks[s], ids, uni = _linked_block(
                tables, universes, by_code, single_of, order, s, y, int(totals[s, y])
            )
            layout[s] = (ids, uni)
        if not any(0 < v < k for b in blocks.values() for v in b.values):
            continue
        whole = {s for s in blocks if small_total[s, y]}
        masks = protect_year(blocks, pairs, k=k, whole=whole)
        hidden.linked_systems += 1
        for s, mask in masks.items():
            small_total[s, y] |= s in whole
            ids, uni = layout[s]
            for code in order:
                hidden.tables[code][s, y] = mask[ids[code]]
            for code in universes:
                hidden.universe[code][s, y] = mask[uni[code]]

    # 2-4. Independent one-way tables, OMB any, and the cross-scheme guard.
    _protect_unlinked(
        tables,
        totals,
        hidden.tables,
        groupings,
        linked,
        k,
        small_total,
        lambda y: nested_pairs(nested_transitions, stage_pairs, y),
    )
    # A small total hides its whole stage-year.
    for code in by_code:
        hidden.tables[code] |= small_total[:, :, None] & (tables[code] > 0)
    for code in universes:
        hidden.universe[code] |= small_total
    hidden.totals = small_total

    # Transitions whose "advanced" people are a new count (event-year
    # pipelines, or a cohort where someone reached the target without the
    # source) are one-way tables of their own, total = everyone who advanced.
    # Intersections and school-defined groupings of such transitions would
    # need linked systems of their own; they are not published.
    for ti, per_table in enumerate(counts.advanced):
        if nested_transitions[ti].all():
            target = stage_pairs[ti][1]
            hidden.advanced.append({c: hidden.tables[c][target].copy() for c in per_table})
            continue
        published = [g for g in groupings if g.kind not in ("intersection", "custom")]
        adv_tables = {g.code: per_table[g.code][None] for g in published}
        adv_hidden = {c: np.zeros(t.shape, dtype=bool) for c, t in adv_tables.items()}
        _protect_unlinked(
            adv_tables, counts.advanced_total[ti][None], adv_hidden, published, set(), k
        )
        out = {c: h[0] for c, h in adv_hidden.items()}
        for g in groupings:
            if g.code not in out:
                out[g.code] = np.ones(per_table[g.code].shape, dtype=bool)
        hidden.advanced.append(out)

    hidden.n_cells = int(totals.size + sum(t.size for t in tables.values()))
    hidden.n_hidden = int(hidden.totals.sum() + sum(h.sum() for h in hidden.tables.values()))
    return hidden


def _linked_block(
    tables: Mapping[str, np.ndarray],
    universes: Mapping[str, np.ndarray],
    by_code: Mapping[str, Grouping],
    single_of: Mapping[str, str],
    order: Sequence[str],
    s: int,
    y: int,
    total: int,
) -> tuple[StageBlock, dict[str, np.ndarray], dict[str, int]]:
    """One stage-year's linked cells (index 0 its total) and their constraints."""
    values: list[int] = [total]
    ids: dict[str, np.ndarray] = {}
    for code in order:
        row = tables[code][s, y]
        ids[code] = np.arange(len(values), len(values) + row.size)
        values.extend(row.tolist())
    uni: dict[str, int] = {}
    for code, member in universes.items():
        uni[code] = len(values)
        values.append(int(tables[code][s, y][member].sum()))
    constraints = []
    for code in order:
        g = by_code[code]
        cells = ids[code]
        if g.kind == "intersection":
            a, b = (single_of[v] for v in g.variables)
            grid = cells.reshape(len(by_code[a]), len(by_code[b]))
            constraints += [
                Constraint(int(ids[a][i]), tuple(grid[i].tolist())) for i in range(grid.shape[0])
            ]
            constraints += [
                Constraint(int(ids[b][j]), tuple(grid[:, j].tolist())) for j in range(grid.shape[1])
            ]
            continue
        constraints.append(Constraint(0, tuple(cells.tolist())))
        if g.kind == "custom":
            base_ids = ids[single_of[g.variables[0]]]
            lookup = np.asarray(g.lookup)
            constraints += [
                Constraint(int(cells[j]), tuple(base_ids[lookup == j].tolist()))
                for j in range(len(g))
            ]
    for code, member in universes.items():
        constraints.append(Constraint(uni[code], tuple(ids[code][member].tolist())))
    race = [c for c in order if by_code[c].kind == "single" and c.startswith("race")]
    key = ids[race[0]][~np.asarray(by_code[race[0]].special, bool)].tolist() if race else []
    return StageBlock(values, constraints, key), ids, uni
