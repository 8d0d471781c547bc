"""Reporting schemes: how people are sorted into the groups a release reports.

A :class:`Grouping` is one reporting table built on variables (the coded
answers of :mod:`.answers`):

* ``single`` -- the rows of one variable, exclusive and additive;
* ``select_all`` -- ``omb_any``: a person counts in every category they chose,
  so rows are *not* additive and overlap;
* ``intersection`` -- every pair of rows of two exclusive variables;
* ``custom`` -- a school-defined grouping that maps the codes of one variable
  into named groups (e.g. URiM), defined as data with :func:`custom_grouping`.

"Prefer not to answer" and "Not answered" are always rows of their own (IPEDS
folds both into "Race and ethnicity unknown", its own row); such rows are
*special*: never dropped, never the reference group, never merged into a
school-defined group.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from belong.people import categories as cat

from .answers import (
    _ALIASES,
    _ALONE_LUT,
    _IPEDS_LUT,
    _PREFER_BIT,
    RACE_BITS,
    SPECIAL_CODES,
    VARIABLES,
    EncodedPeople,
    GroupingError,
    Variable,
    derive_race_codes,
    encode_people,
)

__all__ = [
    "DEFAULT_INTERSECTIONS",
    "RACE_BITS",
    "SPECIAL_CODES",
    "VARIABLES",
    "EncodedPeople",
    "Grouping",
    "GroupingError",
    "custom_grouping",
    "default_groupings",
    "derive_race_codes",
    "encode_people",
    "intersection",
    "single_grouping",
]
# Kept importable from here, where other modules have always found them.
_REEXPORTED = (_ALIASES, _ALONE_LUT, _IPEDS_LUT)


@dataclass(frozen=True)
class Grouping:
    """One reporting table: its rows and how a person is assigned to them.

    Build with :func:`default_groupings`, :func:`intersection` or
    :func:`custom_grouping` rather than by hand.
    """

    code: str
    label: str
    kind: Literal["single", "select_all", "intersection", "custom"]
    variables: tuple[str, ...]
    groups: tuple[str, ...]
    labels: tuple[str, ...]
    special: tuple[bool, ...]
    # custom: index of the group each value of the base variable falls in.
    lookup: tuple[int, ...] = ()
    # custom: the groups as the analyst wrote them, for to_dict().
    definition: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def additive(self) -> bool:
        """True if each person is in exactly one row (rows sum to the total)."""
        return self.kind != "select_all"

    def __len__(self) -> int:
        return len(self.groups)

    def assign(self, people: EncodedPeople) -> np.ndarray:
        """Row index of every person (exclusive groupings only)."""
        if self.kind == "single":
            return people.codes[self.variables[0]].astype(np.int64)
        if self.kind == "intersection":
            a, b = self.variables
            return people.codes[a].astype(np.int64) * len(VARIABLES[b].values) + people.codes[b]
        if self.kind == "custom":
            base = self.variables[0]
            if base == "omb_any":
                return self._assign_any(people)
            return np.asarray(self.lookup, dtype=np.int64)[people.codes[base]]
        raise GroupingError(f"{self.code} is a select-all grouping; use membership()")

    def _assign_any(self, people: EncodedPeople) -> np.ndarray:
        # Select-all base: a person joins the first group (in the order the
        # analyst listed them) that shares any category with their answer,
        # which keeps the custom rows exclusive and additive.
        mask = people.race_mask.astype(np.int64)
        out = np.full(mask.size, -1, dtype=np.int64)
        for gi, code in enumerate(self.groups):
            bits = sum(1 << RACE_BITS.index(c) for c in self.definition.get(code, ()))
            hit = (out < 0) & ((mask & bits) != 0)
            out[hit] = gi
        special = {c: self.groups.index(c) for c in self.groups if c in SPECIAL_CODES}
        out[(out < 0) & ((mask & _PREFER_BIT) != 0)] = special[cat.PREFER_NOT]
        out[(out < 0) & (mask == 0)] = special[cat.NOT_ANSWERED]
        out[out < 0] = self.groups.index("other")
        return out

    def membership_bits(self) -> list[tuple[int, int]]:
        """For select-all groupings: (row, race-mask bits) pairs; 0 bits = not answered."""
        return [
            (i, 1 << RACE_BITS.index(c)) if c != cat.NOT_ANSWERED else (i, 0)
            for i, c in enumerate(self.groups)
        ]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Grouping:
        """Rebuild a grouping from :meth:`to_dict` (as frozen in a release).

        Raises :class:`GroupingError` if the vocabulary has changed so that the
        rebuilt rows differ from the frozen ones.
        """
        kind, variables = data["kind"], list(data["variables"])
        if kind in ("single", "select_all"):
            grouping = single_grouping(variables[0])
        elif kind == "intersection":
            grouping = intersection(variables[0], variables[1])
        else:
            labels = {g["code"]: g["label"] for g in data["groups"]}
            definition: dict[str, Any] = {
                "code": data["code"],
                "label": data["label"],
                "dimension": variables[0],
                "groups": {labels[c]: list(m) for c, m in data["definition"].items()},
            }
            if "other" in labels:
                definition["other_label"] = labels["other"]
            grouping = custom_grouping(definition)
        if grouping.code != data["code"] or list(grouping.groups) != [
            g["code"] for g in data["groups"]
        ]:
            raise GroupingError(f"the frozen grouping {data['code']!r} no longer matches")
        return grouping

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "label": self.label,
            "kind": self.kind,
            "variables": list(self.variables),
            "additive": self.additive,
            "groups": [
                {"code": c, "label": lab, "special": s}
                for c, lab, s in zip(self.groups, self.labels, self.special, strict=True)
            ],
        }
        if self.definition:
            out["definition"] = {k: list(v) for k, v in self.definition.items()}
        return out


def _single(var: Variable, code: str | None = None) -> Grouping:
    kind: Literal["single", "select_all"] = "select_all" if var.select_all else "single"
    return Grouping(
        code=code or (f"race_{var.code}" if var.code in cat.RACE_SCHEMES else var.code),
        label=var.label,
        kind=kind,
        variables=(var.code,),
        groups=var.values,
        labels=var.labels,
        special=tuple(v in SPECIAL_CODES for v in var.values),
    )


def _resolve(variable: str) -> Variable:
    name = _ALIASES.get(variable, variable)
    if name not in VARIABLES:
        raise GroupingError(
            f"unknown dimension {variable!r}; use one of {', '.join(sorted(VARIABLES))}"
        )
    return VARIABLES[name]


def intersection(first: str, second: str) -> Grouping:
    """Two-way intersection of two exclusive variables, e.g. ``("ipeds", "sex")``."""
    a, b = _resolve(first), _resolve(second)
    if a.select_all or b.select_all:
        raise GroupingError("intersections need exclusive schemes; omb_any is select-all")
    if a.code == b.code:
        raise GroupingError("an intersection needs two different dimensions")
    ga, gb = _single(a), _single(b)
    return Grouping(
        code=f"{ga.code}__{gb.code}",
        label=f"{a.label} by {b.label.lower()}",
        kind="intersection",
        variables=(a.code, b.code),
        groups=tuple(f"{x}|{y}" for x in a.values for y in b.values),
        labels=tuple(f"{x}, {y}" for x in a.labels for y in b.labels),
        special=tuple(x in SPECIAL_CODES or y in SPECIAL_CODES for x in a.values for y in b.values),
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def custom_grouping(definition: Mapping[str, Any]) -> Grouping:
    """Build a school-defined grouping from data.

    Parameters
    ----------
    definition : mapping
        ``{"code": "urim", "label": "Underrepresented in medicine",
        "dimension": "ipeds", "groups": {"URiM": ["black", "hispanic", "aian",
        "nhpi"]}}``. ``dimension`` is a single-choice question, ``citizenship``
        or a race scheme (``ipeds``, ``omb_alone``, ``omb_any``).
        ``other_label`` (optional) names the row for answers in no group.

    Returns
    -------
    Grouping
        Rows: the named groups in the order given, "All other answers" if any
        answer is left over, then the special rows of the dimension (prefer not,
        not answered, unknown), which can never be mapped into a group.
        Under ``omb_any`` a person joins the first listed group that shares any
        category with their answer.
    """
    try:
        code, label, dimension, groups = (
            str(definition["code"]),
            str(definition["label"]),
            str(definition["dimension"]),
            definition["groups"],
        )
    except KeyError as exc:
        raise GroupingError(f"custom grouping needs {exc.args[0]!r}") from exc
    var = _resolve(dimension)
    if not isinstance(groups, Mapping) or not groups:
        raise GroupingError(f"custom grouping {code!r}: 'groups' must map labels to codes")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", code):
        raise GroupingError(f"custom grouping code {code!r}: use lower-case letters, digits, _")
    seen: dict[str, str] = {}
    group_codes: list[str] = []
    group_labels: list[str] = []
    parsed: dict[str, tuple[str, ...]] = {}
    for group_label, members in groups.items():
        gcode = _slug(str(group_label)) or f"group_{len(group_codes) + 1}"
        if gcode in group_codes or gcode in SPECIAL_CODES or gcode == "other":
            raise GroupingError(f"custom grouping {code!r}: group name {group_label!r} is taken")
        if isinstance(members, str) or not members:
            raise GroupingError(
                f"custom grouping {code!r}: group {group_label!r} needs a list of codes"
            )
        for m in members:
            if m in SPECIAL_CODES:
                raise GroupingError(
                    f"custom grouping {code!r}: {m!r} is always its own row and cannot be grouped"
                )
            if m not in var.values:
                raise GroupingError(
                    f"custom grouping {code!r}: {m!r} is not a code of {var.code} "
                    f"(codes: {', '.join(v for v in var.values if v not in SPECIAL_CODES)})"
                )
            if m in seen and var.code != "omb_any":
                raise GroupingError(
                    f"custom grouping {code!r}: {m!r} is in both {seen[m]!r} and {group_label!r}"
                )
            seen[m] = str(group_label)
        group_codes.append(gcode)
        group_labels.append(str(group_label))
        parsed[gcode] = tuple(members)
    leftover = [v for v in var.values if v not in seen and v not in SPECIAL_CODES]
    if leftover:
        group_codes.append("other")
        group_labels.append(str(definition.get("other_label", "All other answers")))
    specials = [v for v in var.values if v in SPECIAL_CODES]
    for s in specials:
        group_codes.append(s)
        group_labels.append(var.labels[var.index(s)])
    index = {g: i for i, g in enumerate(group_codes)}
    member_of = {m: index[g] for g, ms in reversed(list(parsed.items())) for m in ms}
    lookup = tuple(
        index[v] if v in SPECIAL_CODES else member_of.get(v, index.get("other", -1))
        for v in var.values
    )
    return Grouping(
        code=code,
        label=label,
        kind="custom",
        variables=(var.code,),
        groups=tuple(group_codes),
        labels=tuple(group_labels),
        special=tuple(g in SPECIAL_CODES for g in group_codes),
        lookup=lookup,
        definition=parsed,
    )


DEFAULT_INTERSECTIONS: tuple[tuple[str, str], ...] = (
    ("ipeds", "sex"),
    ("ipeds", "gender_identity"),
)


def default_groupings(custom: Sequence[Mapping[str, Any]] = ()) -> tuple[Grouping, ...]:
    """Every dimension, the three race schemes, the default intersections, then ``custom``."""
    singles = [
        _single(VARIABLES[v])
        for v in ("ipeds", "omb_alone", "omb_any", *cat.SINGLE_CHOICE_DIMENSIONS, "citizenship")
    ]
    out = [*singles, *(intersection(a, b) for a, b in DEFAULT_INTERSECTIONS)]
    out += [custom_grouping(c) for c in custom]
    codes = [g.code for g in out]
    if len(set(codes)) != len(codes):
        raise GroupingError(
            f"duplicate grouping codes: {sorted({c for c in codes if codes.count(c) > 1})}"
        )
    return tuple(out)


def single_grouping(variable: str) -> Grouping:
    """The one-way table of one variable (``"sex"``, ``"ipeds"`` ...)."""
    return _single(_resolve(variable))
