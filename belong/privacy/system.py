"""The guard over everything an audience has seen: all published counts as one linear system.

Pairs of nested cells (:mod:`belong.privacy.differencing`) are not enough:
three releases whose unit sets overlap without nesting ({A,B}, {B,C}, {A,C})
give, by adding and subtracting, the count of each single unit. So every exact
count published to an audience (and to the audiences nested in it), plus the
new release's, is read as one system of linear facts over the *finest cells*
the filters can tell apart, and the new release may publish only if no such
cell describing 1..k-1 people becomes determined, or narrowed below ``k``
possible values, by the whole system. The reader is assumed to know only the
published counts and that counts are whole numbers at least 0.

How the system is cut (what is and is not linked):

* per **scope** (what is counted: a pipeline's stage, or a transition's
  advanced people): different scopes share no facts;
* per **year component**: cells whose year sets overlap are linked (every
  equity cell has one year, so this is one year at a time; pooled years join
  the single years they cover);
* per **table signature** (the set of group dimensions a cell restricts, e.g.
  ``{race}`` or ``{race, sex}``): a subsystem holds the cells of that
  signature and of every smaller one (the totals and the margins). Tables of
  *unrelated* signatures ({race} beside {sex} alone) are not linked to each
  other except through their common totals, which is exact for additive
  tables: a cell of one tells nothing about the atoms of the other beyond the
  total.

Inside a subsystem the variables (*atoms*) are, per dimension, the values
grouped by which published sets contain them (units by membership pattern
across the unit sets, plus "units in no published set" when some cell covers
every unit; group values by pattern across merged groupings), and the atoms
are their products. Each published count is the sum of the atoms it covers.

A risk is an atom that the whole system narrows to fewer than ``k`` possible
values, some of them between 1 and k-1, while neither the earlier releases
alone nor the new release alone did (the first is history this release
cannot change; the second is the suppressor's job inside one release).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from belong.privacy import _system_solve as solve
from belong.privacy.constraints import check_k
from belong.privacy.differencing import PublishedCell, _format_scope, _format_values

__all__ = ["Atom", "SystemCheck", "SystemRisk", "find_system_risks"]

SHARED_DIMENSIONS = ("year", "unit")
"""Dimensions every table of a release shares: they never make a table signature."""

MAX_ATOMS = 20_000


@dataclass(frozen=True)
class Atom:
    """One finest cell: a scope and, per dimension, the values it stands for (None: no set)."""

    scope: Hashable
    parts: tuple[tuple[str, frozenset | None], ...]

    def describe(self) -> str:
        scope = self.scope if isinstance(self.scope, str) else _format_scope(self.scope)
        words = []
        for dimension, values in self.parts:
            if values is None:
                words.append(f"{dimension} in none of the published {dimension} lists")
            else:
                words.append(f"{dimension} {_format_values(values)}")
        return f"{scope}, " + ", ".join(words) if words else f"{scope}, everyone"


@dataclass(frozen=True)
class SystemRisk:
    """An atom that the releases read together narrow to fewer than ``k`` possible values."""

    atom: Atom
    low: int
    high: int
    releases: tuple[str, ...]
    k: int
    new_cells: tuple[PublishedCell, ...] = field(default=(), compare=False)

    @property
    def determined(self) -> bool:
        return self.low == self.high

    def explain(self) -> str:
        """Plain words: which releases, which people, what a reader learns. No codes."""
        earlier = [r for r in self.releases if r != "this release"]
        if earlier:
            named = ", ".join(f"release {r}" for r in earlier)
            who = f"{named} and this release together"
        else:
            who = "This release"
        what = f"the number of people in {self.atom.describe()}"
        if self.determined:
            learnt = f"exactly: fewer than {self.k} people"
        else:
            learnt = (
                f"to fewer than {self.k} possible values (between {self.low} and {self.high} "
                "people)"
            )
        return f"{who[0].upper()}{who[1:]} give {what} {learnt}. Hide the cells named below."


@dataclass
class SystemCheck:
    """What the system guard checked and found."""

    k: int
    risks: list[SystemRisk] = field(default_factory=list)
    subsystems: int = 0
    checked: int = 0
    nothing_new: int = 0
    contradictions: int = 0
    determined: int = 0
    certified: int = 0
    history: int = 0
    exact_lps: int = 0

    @property
    def ok(self) -> bool:
        return not self.risks


@dataclass
class _Fact:
    scope: Hashable
    filters: dict[str, frozenset]  # a plain dict: read many times over
    count: int
    releases: list[str]
    new: bool  # information no earlier release published
    mine: bool  # published by the new release (new or repeated)
    cell: PublishedCell | None = None


def _label(release: Hashable) -> str:
    return "this release" if release is None else str(release)


LARGE_SET = 8


@dataclass
class _Canon:
    """One object per distinct large value set, so equal filters compare by identity.

    Every release builds its own sets, so equal sets are different objects and each
    later comparison walks them (a grouping's set can hold hundreds of answers).
    Cells of one release share their sets, so most are found by ``id``; the sets
    stay alive with the cells, so their ids stay theirs.
    """

    by_id: dict[int, frozenset] = field(default_factory=dict)
    by_value: dict[frozenset, frozenset] = field(default_factory=dict)

    def filters(self, filters: Mapping[str, frozenset]) -> dict[str, frozenset]:
        items = getattr(filters, "_items", None)  # faster than the Mapping protocol
        plain = dict(items if isinstance(items, dict) else filters)
        for dimension, values in plain.items():
            if len(values) > LARGE_SET:
                shared = self.by_id.get(id(values))
                if shared is None:
                    shared = self.by_value.setdefault(values, values)
                    self.by_id[id(values)] = shared
                plain[dimension] = shared
        return plain


def _facts(new: Sequence[PublishedCell], earlier: Iterable[PublishedCell]) -> list[_Fact]:
    by_definition: dict[tuple[Hashable, Any], _Fact] = {}
    canon = _Canon()
    for cell in earlier:
        ident = (cell.scope, cell.filters)
        fact = by_definition.get(ident)
        if fact is None or fact.count != cell.count:
            # A revision among earlier releases: the latest stands (the pairwise guard
            # reports revisions; two versions of one count are not one linear system).
            by_definition[ident] = _Fact(
                cell.scope, canon.filters(cell.filters), cell.count, [], False, False
            )
            fact = by_definition[ident]
        fact.releases.append(_label(cell.release))
    for cell in new:
        ident = (cell.scope, cell.filters)
        fact = by_definition.get(ident)
        if fact is not None and fact.count == cell.count:
            fact.mine = True
            continue
        by_definition[ident] = _Fact(
            cell.scope, canon.filters(cell.filters), cell.count, ["this release"], True, True, cell
        )
    return list(by_definition.values())


def _year_components(facts: list[_Fact]) -> list[list[_Fact]]:
    parent = list(range(len(facts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[Any, int] = {}
    for index, fact in enumerate(facts):
        years = fact.filters.get("year")
        for year in years if years is not None else ("*all*",):
            if year in owner:
                parent[find(index)] = find(owner[year])
            else:
                owner[year] = index
    if "*all*" in owner:  # a cell over every year links all of them
        for year in list(owner):
            parent[find(owner[year])] = find(owner["*all*"])
    groups: dict[int, list[_Fact]] = {}
    for index, fact in enumerate(facts):
        groups.setdefault(find(index), []).append(fact)
    return list(groups.values())


def _atoms_of(
    dimension: str, facts: list[_Fact], complete: frozenset | None
) -> list[frozenset | None]:
    sets = list({f.filters[dimension] for f in facts if dimension in f.filters})
    values = frozenset().union(*sets, complete or ())
    patterns: dict[tuple[bool, ...], set] = {}
    for value in values:
        patterns.setdefault(tuple(value in s for s in sets), set()).add(value)
    atoms: list[frozenset | None] = [frozenset(v) for _, v in sorted(patterns.items())]
    if complete is None and any(dimension not in f.filters for f in facts):
        atoms.append(None)  # values no published list names (unless the list is known whole)
    return atoms


def _matrix(
    facts: list[_Fact], dimensions: list[str], atoms: dict[str, list[frozenset | None]]
) -> np.ndarray:
    """Which atoms each fact covers: the product, per dimension, of the atoms its filter holds."""
    rows = np.ones((len(facts), 1), dtype=np.int8)
    for dimension in dimensions:
        masks: dict[frozenset | None, np.ndarray] = {}
        for chosen in {fact.filters.get(dimension) for fact in facts}:
            masks[chosen] = np.array(
                [
                    chosen is None or (atom is not None and atom <= chosen)
                    for atom in atoms[dimension]
                ],
                dtype=np.int8,
            )
        mask = np.array([masks[fact.filters.get(dimension)] for fact in facts], dtype=np.int8)
        mask = mask.reshape(len(facts), len(atoms[dimension]))
        rows = (rows[:, :, None] * mask[:, None, :]).reshape(len(facts), -1)
    return rows


def _atom_at(
    scope: Hashable, index: int, dimensions: list[str], atoms: dict[str, list[frozenset | None]]
) -> Atom:
    shape = [len(atoms[d]) for d in dimensions]
    position = np.unravel_index(index, shape) if shape else ()
    return Atom(scope, tuple((d, atoms[d][p]) for d, p in zip(dimensions, position, strict=True)))


def find_system_risks(
    new: Iterable[PublishedCell],
    earlier: Iterable[PublishedCell] = (),
    *,
    k: int,
    shared: Sequence[str] = SHARED_DIMENSIONS,
    complete: Mapping[str, frozenset] | None = None,
    memo: dict[bytes, solve.Verdict] | None = None,
) -> SystemCheck:
    """Atoms of 1..k-1 people that ``new`` together with ``earlier`` pins down.

    Parameters
    ----------
    new
        The cells the new release publishes (its ``release`` left None or its label).
    earlier
        Every exact cell already published to the audience and the audiences nested in it.
    k
        Threshold: an atom that may hold 1..k-1 people must keep ``k`` possible values.
    shared
        Dimensions common to all of a release's tables (not table signatures).
    complete
        Dimensions whose every value the reader knows (e.g. the sexes a form
        offers): no people lie outside them. Elsewhere the guard keeps an atom
        for "values in no published list", which a whole list makes empty.
    memo
        Verdicts of subsystems already solved, by their content: the fix checks
        the same earlier releases against many versions of one release, and most
        subsystems are the same each time.
    """
    k = check_k(k)
    # The matrices are small: BLAS threads cost more in waking up than they save, and on
    # a busy machine many times more (they spin waiting for a core).
    with threadpool_limits(limits=1, user_api="blas"):
        return _find_system_risks(list(new), earlier, k, shared, complete, memo)


def _find_system_risks(
    new_cells: list[PublishedCell],
    earlier: Iterable[PublishedCell],
    k: int,
    shared: Sequence[str],
    complete: Mapping[str, frozenset] | None,
    memo: dict[bytes, solve.Verdict] | None,
) -> SystemCheck:
    check = SystemCheck(k=k)
    facts = _facts(new_cells, earlier)
    by_scope: dict[Hashable, list[_Fact]] = {}
    for fact in facts:
        by_scope.setdefault(fact.scope, []).append(fact)
    for scope, scoped in by_scope.items():
        if not any(f.new for f in scoped):
            continue
        for component in _year_components(scoped):
            if not any(f.new for f in component):
                continue
            signed = [(frozenset(f.filters) - set(shared), f) for f in component]
            for signature in {sign for sign, _ in signed}:
                members = [f for sign, f in signed if sign <= signature]
                check.subsystems += 1
                solve.on_time()
                if not any(f.new for f in members) or all(f.mine for f in members):
                    continue  # untouched, or the new release alone (the suppressor's part)
                if not any(f.count for f in members):
                    # Every count 0: each atom a fact covers is 0, the others are free.
                    # Nothing here can hold 1..k-1 people, whatever is new.
                    check.nothing_new += 1
                    continue
                _check_subsystem(scope, members, k, check, complete or {}, memo)
    return check


def _check_subsystem(
    scope: Hashable,
    members: list[_Fact],
    k: int,
    check: SystemCheck,
    complete: Mapping[str, frozenset],
    memo: dict[bytes, solve.Verdict] | None = None,
) -> None:
    dimensions = sorted({d for f in members for d in f.filters})
    atoms = {d: _atoms_of(d, members, complete.get(d)) for d in dimensions}
    if int(np.prod([len(atoms[d]) for d in dimensions])) > MAX_ATOMS:
        raise ValueError(
            f"The releases about {_format_scope(scope)} cut it into more than {MAX_ATOMS} "
            "finest cells; publish fewer overlapping unit lists or groupings."
        )
    matrix = _matrix(members, dimensions, atoms)
    counts = np.array([f.count for f in members], dtype=float)
    earlier_rows = np.array([not f.new for f in members])
    mine_rows = np.array([f.mine for f in members])
    key = _content_key(matrix, counts, earlier_rows, mine_rows, k)
    try:
        verdict = memo[key] if memo is not None and key in memo else None
        if verdict is None:
            verdict = solve.subsystem_risks(matrix, counts, earlier_rows, mine_rows, k)
        if memo is not None:
            memo[key] = verdict
    except solve.Inconsistent:
        check.checked += 1
        check.contradictions += 1
        return
    if verdict.nothing_new:
        check.nothing_new += 1
        return
    check.checked += 1
    check.determined += verdict.determined
    check.certified += verdict.certified
    check.history += verdict.history
    check.exact_lps += verdict.exact_lps
    explained = solve.explaining_facts(matrix, [atom for atom, _, _ in verdict.risks])
    for (atom, low, high), involved in zip(verdict.risks, explained, strict=True):
        releases = sorted({r for i in involved for r in members[i].releases}, key=_release_order)
        # The new cells in the combination that gives the atom (or, for a narrowed
        # atom, every new cell that covers it): hiding one of them breaks it.
        touching = (
            tuple(members[row].cell for row in involved if members[row].new and members[row].cell)
            or tuple(
                f.cell for row, f in enumerate(members) if f.new and f.cell and matrix[row, atom]
            )
            or tuple(f.cell for f in members if f.new and f.cell)
        )
        check.risks.append(
            SystemRisk(
                _atom_at(scope, atom, dimensions, atoms), low, high, tuple(releases), k, touching
            )
        )


def _content_key(*parts: np.ndarray | int) -> bytes:
    """A digest of a subsystem's facts: same digest, same verdict."""
    digest = hashlib.blake2b(digest_size=32)
    for part in parts:
        array = np.asarray(part)
        digest.update(repr((array.shape, array.dtype.str)).encode())
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.digest()


def _release_order(label: str) -> tuple[int, str]:
    return (1, label) if label == "this release" else (0, label)


def blame(risks: Iterable[SystemRisk]) -> Counter[PublishedCell]:
    """How many risks each new cell touches (the greedy fix hides the most-blamed first)."""
    counter: Counter[PublishedCell] = Counter()
    for risk in risks:
        counter.update(risk.new_cells)
    return counter
