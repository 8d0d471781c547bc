"""Differencing guard: two safe tables must not subtract into an unsafe one.

If one release shows 57 people for years 2015–2020 and another shows 60 for
2015–2021, anyone can subtract and learn that 3 people joined in 2021, a cell that
was never published and describes fewer than k people. The guard compares every
new cell with every earlier cell (and with the other new cells) of the same scope
whose population contains it or is contained in it, and reports the pairs whose
counts differ by 1..k-1.

It also reports a cell *definition* published twice with counts 1..k-1 apart: a
correction between data versions reveals that a handful of identifiable records
changed (someone withdrew, someone's self-identification changed).

Populations are compared by their filters only, so callers must describe them
consistently: a dimension that is not restricted is left out, never given as the
full list of its values (the guard cannot know a list is complete).
"""

from __future__ import annotations

import gc
import math
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from belong.privacy.constraints import as_count, check_k

__all__ = ["DifferencingRisk", "PublishedCell", "find_differencing_risks"]


class _Filters(Mapping[str, frozenset]):
    """Immutable, hashable filter mapping: dimension -> frozenset of included values."""

    __slots__ = ("_hash", "_items")

    def __init__(self, items: dict[str, frozenset]) -> None:
        self._items = items
        self._hash = hash(frozenset(items.items()))

    def __getitem__(self, dimension: str) -> frozenset:
        return self._items[dimension]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Filters):
            return self._hash == other._hash and self._items == other._items
        if isinstance(other, Mapping):
            return self._items == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return repr(self._items)


def _normalise_filters(filters: Mapping[str, Any]) -> _Filters:
    if isinstance(filters, _Filters):
        return filters
    if not isinstance(filters, Mapping):
        raise TypeError(
            f"filters must be a mapping of dimension -> set of values; got {filters!r}."
        )
    items: dict[str, frozenset] = {}
    for dimension, values in filters.items():
        if not isinstance(dimension, str):
            raise TypeError(f"Filter dimension names must be strings; got {dimension!r}.")
        # A bare string or tuple would be ambiguous (is ("mena", "white") one value or
        # two?), so only sets are accepted.
        if not isinstance(values, set | frozenset):
            raise TypeError(
                f"Filter {dimension!r} must be a set or frozenset of included values; got "
                f"{values!r}. Wrap a single value: frozenset({{{values!r}}})."
            )
        items[dimension] = frozenset(values)
    return _Filters(items)


@dataclass(frozen=True)
class PublishedCell:
    """One published count and the population it describes.

    Attributes
    ----------
    scope
        What is counted, e.g. ``("md_admissions", "interviewed")``; only cells with
        equal scope are compared.
    filters
        Dimension -> set of values the population includes. A missing dimension
        means "all values". Stored as an immutable mapping.
    count
        The published count.
    release
        Which release published it (used in explanations).
    key
        The caller's cell key, so a flagged cell can be suppressed.
    """

    scope: Hashable
    filters: Mapping[str, frozenset]
    count: int
    release: Hashable = None
    key: Hashable = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "filters", _normalise_filters(self.filters))
        object.__setattr__(self, "count", as_count(self.key, self.count))

    def describe(self) -> str:
        """The population in words, e.g. ``interviewed, year 2015–2020, unit md``."""
        scope = self.scope if isinstance(self.scope, str) else _format_scope(self.scope)
        if not self.filters:
            return f"{scope}, everyone"
        parts = [
            f"{dimension} {_format_values(self.filters[dimension])}" for dimension in self.filters
        ]
        return f"{scope}, " + ", ".join(parts)


@dataclass(frozen=True)
class DifferencingRisk:
    """Two published cells whose difference describes 1..k-1 people.

    Attributes
    ----------
    smaller
        For nested populations, the contained one; for a cell published twice, the
        lower count.
    larger
        The containing population, or the higher count.
    difference
        ``larger.count - smaller.count``. Negative only when nested populations
        contradict each other (their counts come from different data versions).
    k
        Threshold the pair was checked against.
    """

    smaller: PublishedCell
    larger: PublishedCell
    difference: int
    k: int | None = field(default=None, compare=False)

    @property
    def is_revision(self) -> bool:
        """Same population published twice with different counts."""
        return (self.smaller.scope, self.smaller.filters) == (
            self.larger.scope,
            self.larger.filters,
        )

    def explain(self) -> str:
        """Plain-English account of what a reader can learn and what to do about it."""
        threshold = f" (fewer than k={self.k})" if self.k is not None else ""
        first = _release_name(self.smaller.release)
        second = _release_name(self.larger.release)
        if self.is_revision:
            return (
                f"The count for {self.smaller.describe()} is {self.smaller.count} in {first} "
                f"but {self.larger.count} in {second}. The change of "
                f"{self.difference}{threshold} can reveal the people whose records changed "
                "between the two versions of the data. Keep the earlier figure or suppress "
                "the cell in the new release."
            )
        if self.difference < 0:
            return (
                f"{self.smaller.describe()} ({self.smaller.count}, {first}) is part of "
                f"{self.larger.describe()} ({self.larger.count}, {second}) yet has "
                f"{-self.difference} more people{threshold}: the two come from different "
                "versions of the data, and comparing them reveals individual changes. "
                "Rebuild both from the same data or suppress one of them."
            )
        return (
            f"Subtracting {self.smaller.describe()} ({self.smaller.count}, {first}) from "
            f"{self.larger.describe()} ({self.larger.count}, {second}) leaves "
            f"{self.difference} {'person' if self.difference == 1 else 'people'}{threshold}: "
            f"{_describe_difference(self.smaller, self.larger)}. Suppress one of the two "
            "cells, or publish the difference only once it describes at least k people."
        )


def find_differencing_risks(
    new: Iterable[PublishedCell], earlier: Iterable[PublishedCell] = (), *, k: int
) -> list[DifferencingRisk]:
    """Pairs of published cells that subtract into a group of 1..k-1 people.

    Parameters
    ----------
    new
        Cells about to be published.
    earlier
        Cells already published to the same audience (any number of releases).
    k
        Threshold; the school's default is 10.

    Returns
    -------
    list of DifferencingRisk
        Each risky pair once (new×earlier and new×new; earlier×earlier pairs are
        history and not reported): nested populations whose counts differ by 1..k-1
        (or contradict each other by as much), and the same population published
        with counts 1..k-1 apart. Sorted by scope order of appearance, then difference.

    Notes
    -----
    Cells are indexed by scope, by the set of restricted dimensions and by filter
    value, so only candidate supersets are ever compared; a release of 10,000 cells
    against a few earlier releases takes a fraction of a second.
    """
    k = check_k(k)
    new_cells = list(new)
    earlier_cells = list(earlier)
    for cell in (*new_cells, *earlier_cells):
        if not isinstance(cell, PublishedCell):
            raise TypeError(f"Expected PublishedCell, got {cell!r}.")
    # The indexes below are large and acyclic; the cyclic collector would otherwise
    # re-walk every object in the process several times while they are built, which
    # costs more than the search itself. Reference counting still frees everything.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _find_risks(new_cells, earlier_cells, k)
    finally:
        if collecting:
            gc.enable()


def _find_risks(
    new_cells: list[PublishedCell], earlier_cells: list[PublishedCell], k: int
) -> list[DifferencingRisk]:
    definitions = _collect_definitions(new_cells, earlier_cells)
    risks: list[DifferencingRisk] = []
    seen: set[tuple[Any, ...]] = set()

    def report(smaller: PublishedCell, larger: PublishedCell) -> None:
        difference = larger.count - smaller.count
        if difference == 0 or abs(difference) >= k:
            return
        fingerprint = (
            smaller.scope,
            smaller.filters,
            smaller.count,
            larger.scope,
            larger.filters,
            larger.count,
        )
        if fingerprint not in seen:
            seen.add(fingerprint)
            risks.append(DifferencingRisk(smaller, larger, difference, k))

    for definition in definitions.values():
        for position, cell in enumerate(definition.new):
            for other in (*definition.new[position + 1 :], *definition.earlier):
                low, high = (cell, other) if cell.count < other.count else (other, cell)
                report(low, high)

    by_scope: dict[Hashable, list[_Definition]] = {}
    for definition in definitions.values():
        by_scope.setdefault(definition.scope, []).append(definition)
    for scope_definitions in by_scope.values():
        for inner, outer in _nested_pairs(scope_definitions, k):
            _report_pairs(inner, outer, k, report)
    return risks


class _Definition:
    """All published cells with one (scope, filters): distinct counts, new and earlier."""

    __slots__ = ("earlier", "filters", "high", "low", "new", "scope")

    def __init__(self, scope: Hashable, filters: Mapping[str, frozenset]) -> None:
        self.scope = scope
        self.filters = filters
        self.new: list[PublishedCell] = []
        self.earlier: list[PublishedCell] = []
        self.low = math.inf
        self.high = -math.inf

    def add(self, cell: PublishedCell, is_new: bool) -> None:
        count = cell.count
        bucket = self.new if is_new else self.earlier
        # Republishing the same count adds nothing to subtract; keep one of each.
        for existing in bucket:
            if existing.count == count:
                return
        bucket.append(cell)
        if count < self.low:
            self.low = count
        if count > self.high:
            self.high = count


def _collect_definitions(
    new_cells: list[PublishedCell], earlier_cells: list[PublishedCell]
) -> dict[tuple[Hashable, Mapping[str, frozenset]], _Definition]:
    definitions: dict[tuple[Hashable, Mapping[str, frozenset]], _Definition] = {}
    for cells, is_new in ((new_cells, True), (earlier_cells, False)):
        for cell in cells:
            ident = (cell.scope, cell.filters)
            definition = definitions.get(ident)
            if definition is None:
                definition = definitions[ident] = _Definition(cell.scope, cell.filters)
            definition.add(cell, is_new)
    return definitions


def _report_pairs(
    inner: _Definition,
    outer: _Definition,
    k: int,
    report: Callable[[PublishedCell, PublishedCell], None],
) -> None:
    for smalls, small_is_new in ((inner.new, True), (inner.earlier, False)):
        for larges, large_is_new in ((outer.new, True), (outer.earlier, False)):
            if not (small_is_new or large_is_new):
                continue  # both already public: history, not something this release can fix
            for small in smalls:
                for large in larges:
                    if abs(large.count - small.count) < k:
                        report(small, large)


def _nested_pairs(
    definitions: list[_Definition], k: int
) -> Iterator[tuple[_Definition, _Definition]]:
    """Yield (inner, outer): inner's population strictly inside outer's, counts < k apart.

    Definitions are grouped by the set of dimensions they restrict. An outer
    population can only restrict dimensions the inner one restricts too, with value
    sets that include the inner's. Within a group a definition *is* its tuple of
    value sets, and each dimension has only a handful of distinct value sets (single
    years and year ranges, single races and a few groupings), so for each dimension
    we list, once, the value sets containing the inner's, and look up every
    combination: exact, and never a scan over all cells.
    """
    groups: dict[tuple[str, ...], dict[tuple[frozenset, ...], _Definition]] = {}
    for definition in definitions:
        dimensions = tuple(sorted(definition.filters))
        values = tuple(definition.filters[d] for d in dimensions)
        groups.setdefault(dimensions, {})[values] = definition
    # Earlier-only cells need only be compared with new ones, so each group also has a
    # view restricted to definitions with a new cell (far fewer value sets to combine).
    tries = {
        (has_new, dimensions): _trie(
            (values, d) for values, d in members.items() if has_new or d.new
        )
        for has_new in (True, False)
        for dimensions, members in groups.items()
    }
    distinct_sets = {key: _distinct_sets_by_level(trie, len(key[1])) for key, trie in tries.items()}
    compatible = {
        dimensions: [
            (other, tuple(dimensions.index(d) for d in other))
            for other in groups
            if set(other) <= set(dimensions)
        ]
        for dimensions in groups
    }
    containing: dict[tuple[bool, tuple[str, ...], int, frozenset], list[frozenset]] = {}

    for dimensions, members in groups.items():
        for inner_values, inner in members.items():
            has_new = bool(inner.new)
            low, high = inner.low, inner.high
            for outer_dimensions, positions in compatible[dimensions]:
                trie = tries[has_new, outer_dimensions]
                # The group restricting nothing ("everyone in scope") sits at key ().
                nodes: list[Any] = [trie[()]] if not positions and () in trie else [trie]
                for level, position in enumerate(positions):
                    value_set = inner_values[position]
                    key = (has_new, outer_dimensions, level, value_set)
                    supersets = containing.get(key)
                    if supersets is None:
                        supersets = containing[key] = [
                            candidate
                            for candidate in distinct_sets[has_new, outer_dimensions][level]
                            if value_set <= candidate
                        ]
                    nodes = [
                        child
                        for node in nodes
                        for candidate in supersets
                        if (child := node.get(candidate)) is not None
                    ]
                    if not nodes:
                        break
                for outer in nodes:
                    if not isinstance(outer, _Definition) or outer is inner:
                        continue
                    if outer.low - high >= k or low - outer.high >= k:
                        continue
                    yield inner, outer


def _trie(items: Iterable[tuple[tuple[frozenset, ...], _Definition]]) -> dict:
    """Nested dicts, one level per dimension, ending in the definition."""
    root: dict = {}
    for values, definition in items:
        if not values:
            root[()] = definition
            continue
        node = root
        for value_set in values[:-1]:
            node = node.setdefault(value_set, {})
        node[values[-1]] = definition
    return root


def _distinct_sets_by_level(trie: dict, depth: int) -> list[list[frozenset]]:
    levels: list[set[frozenset]] = [set() for _ in range(depth)]
    nodes = [trie]
    for level in range(depth):
        children: list[dict] = []
        for node in nodes:
            levels[level].update(node)
            children.extend(node.values())
        nodes = children
    return [list(level) for level in levels]


def _release_name(release: Hashable) -> str:
    return "this release" if release is None else f"release {release}"


def _format_scope(scope: Hashable) -> str:
    if isinstance(scope, tuple):
        return " / ".join(str(part) for part in scope)
    return str(scope)


def _format_value(value: Hashable) -> str:
    if isinstance(value, tuple):
        return "+".join(str(part) for part in value)
    return str(value)


def _format_values(values: frozenset) -> str:
    if not values:
        return "(none)"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        ordered = sorted(values)
        if len(ordered) > 2 and ordered[-1] - ordered[0] == len(ordered) - 1:
            return f"{ordered[0]}–{ordered[-1]}"
        return ", ".join(str(v) for v in ordered)
    return ", ".join(sorted(_format_value(v) for v in values))


def _describe_difference(inner: PublishedCell, outer: PublishedCell) -> str:
    differing = [
        dimension
        for dimension in inner.filters
        if dimension not in outer.filters or inner.filters[dimension] != outer.filters[dimension]
    ]
    if len(differing) == 1:
        dimension = differing[0]
        if dimension in outer.filters:
            extra = outer.filters[dimension] - inner.filters[dimension]
            return f"exactly the people with {dimension} {_format_values(extra)}"
        return (
            f"exactly the people whose {dimension} is not "
            f"{_format_values(inner.filters[dimension])}"
        )
    return "the people in the second population but not in the first"
