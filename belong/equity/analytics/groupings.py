"""Reporting schemes: how people are sorted into the groups a release reports.

A *variable* is one coded answer per person: a single-choice question
(``sex``, ``veteran`` ...), ``citizenship``, or a race and ethnicity scheme
derived from the select-all answer (``ipeds``, ``omb_alone``; ``omb_any`` is
the select-all membership itself). A :class:`Grouping` is one reporting table
built on variables:

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
import polars as pl

from belong.people import categories as cat

__all__ = [
    "DEFAULT_INTERSECTIONS",
    "VARIABLES",
    "EncodedPeople",
    "Grouping",
    "GroupingError",
    "custom_grouping",
    "default_groupings",
    "encode_people",
    "intersection",
]

SPECIAL_CODES = frozenset({cat.PREFER_NOT, cat.NOT_ANSWERED, "unknown"})

# Bits of the race mask: one per minimum category, then "prefer not".
RACE_BITS: tuple[str, ...] = (*cat.RACE_ETHNICITY, cat.PREFER_NOT)
_PREFER_BIT = 1 << (len(RACE_BITS) - 1)


class GroupingError(ValueError):
    """A grouping definition or a people frame that cannot be used."""


@dataclass(frozen=True)
class Variable:
    """One coded answer per person, with its rows in display order."""

    code: str
    label: str
    values: tuple[str, ...]
    labels: tuple[str, ...]
    select_all: bool = False

    def index(self, value: str) -> int:
        return self.values.index(value)


def _variable(
    code: str,
    label: str,
    choices: Mapping[str, str],
    *,
    missing: bool = True,
    select_all: bool = False,
) -> Variable:
    values = [*choices]
    labels = [*choices.values()]
    if missing:
        values += [cat.PREFER_NOT, cat.NOT_ANSWERED]
        labels += [cat.PREFER_NOT_LABEL, cat.NOT_ANSWERED_LABEL]
    return Variable(code, label, tuple(values), tuple(labels), select_all)


VARIABLES: dict[str, Variable] = {
    **{
        d: _variable(d, cat.DIMENSIONS[d].label, cat.DIMENSIONS[d].choices)
        for d in cat.SINGLE_CHOICE_DIMENSIONS
    },
    "citizenship": _variable("citizenship", "Citizenship", cat.CITIZENSHIP),
    # IPEDS has its own "unknown" row for both kinds of missing answer.
    "ipeds": _variable(
        "ipeds", f"Race and ethnicity ({cat.RACE_SCHEMES['ipeds'][0]})", cat.IPEDS, missing=False
    ),
    "omb_alone": _variable(
        "omb_alone", f"Race and ethnicity ({cat.RACE_SCHEMES['omb_alone'][0]})", cat.OMB_ALONE
    ),
    "omb_any": _variable(
        "omb_any",
        f"Race and ethnicity ({cat.RACE_SCHEMES['omb_any'][0]})",
        cat.RACE_ETHNICITY,
        select_all=True,
    ),
}

# Accepted spellings of the race schemes in analyst definitions.
_ALIASES = {f"race_{s}": s for s in cat.RACE_SCHEMES} | {"race": "omb_any"}


@dataclass(frozen=True)
class EncodedPeople:
    """People as small integer codes, one array per variable, aligned by row.

    ``codes[v][i]`` is the index into ``VARIABLES[v].values`` of person ``i``;
    ``race_mask[i]`` has bit ``j`` set for ``RACE_BITS[j]`` (0 = not answered).
    """

    person_id: np.ndarray
    codes: dict[str, np.ndarray]
    race_mask: np.ndarray
    missing_columns: tuple[str, ...] = ()

    def __len__(self) -> int:
        return int(self.person_id.size)


def _race_luts() -> tuple[np.ndarray, np.ndarray]:
    """Lookup tables mask -> IPEDS / OMB-alone index, built with the reference functions.

    Building them by calling :func:`categories.derive_ipeds` and
    :func:`categories.derive_omb_alone` on every possible answer keeps the
    vectorised derivation equal to the Python one by construction.
    """
    size = 1 << len(RACE_BITS)
    ipeds = np.zeros(size, dtype=np.uint8)
    alone = np.zeros(size, dtype=np.uint8)
    for mask in range(size):
        codes = [c for j, c in enumerate(RACE_BITS) if mask >> j & 1]
        ipeds[mask] = VARIABLES["ipeds"].index(cat.derive_ipeds(codes, None))
        alone[mask] = VARIABLES["omb_alone"].index(cat.derive_omb_alone(codes))
    return ipeds, alone


_IPEDS_LUT, _ALONE_LUT = _race_luts()


def _check_codes(frame: pl.DataFrame, column: str, allowed: Sequence[str]) -> None:
    bad = (
        frame.lazy()
        .select(pl.col(column))
        .filter(pl.col(column).is_not_null() & ~pl.col(column).is_in(list(allowed)))
        .unique()
        .sort(column)
        .head(5)
        .collect()
        .to_series()
        .to_list()
    )
    if bad:
        raise GroupingError(
            f"column {column!r} has codes that are not answers: {', '.join(map(repr, bad))} "
            f"(allowed: {', '.join(allowed)}, or null for not answered)"
        )


_BAD_BIT = 1 << 15


def _explain_bad_codes(people: pl.DataFrame) -> None:
    """Raise :class:`GroupingError` naming the first column with unknown codes."""
    for name in (*cat.SINGLE_CHOICE_DIMENSIONS, "citizenship"):
        if name in people.columns:
            _check_codes(people, name, [v for v in VARIABLES[name].values if v != cat.NOT_ANSWERED])
    if "race" in people.columns:
        allowed = list(RACE_BITS)
        bad = (
            people.lazy()
            .select(pl.col("race").explode())
            .filter(pl.col("race").is_not_null() & ~pl.col("race").is_in(allowed))
            .unique()
            .sort("race")
            .head(5)
            .collect()
            .to_series()
            .to_list()
        )
        if bad:
            raise GroupingError(
                f"column 'race' has codes that are not minimum categories: "
                f"{', '.join(map(repr, bad))} (allowed: {', '.join(allowed)})"
            )


def encode_people(people: pl.DataFrame) -> EncodedPeople:
    """Encode the people frame (the contract in :mod:`belong.equity.analytics`).

    A dimension column that is absent is treated as "not answered" for
    everyone and listed in ``missing_columns``; an unknown code raises
    :class:`GroupingError` naming the column and the codes.
    """
    if "person_id" not in people.columns:
        raise GroupingError("people frame needs a person_id column")
    ids = np.sort(people["person_id"].to_numpy())
    if ids.size and (ids[1:] == ids[:-1]).any():
        raise GroupingError("people frame has duplicate person_id values")
    missing: list[str] = []
    exprs: list[pl.Expr] = []
    for name in (*cat.SINGLE_CHOICE_DIMENSIONS, "citizenship"):
        var = VARIABLES[name]
        if name not in people.columns:
            missing.append(name)
            continue
        # An Enum cast is the fastest strict mapping; it fails on an unknown
        # code, and then the slow path below names the column and the codes.
        exprs.append(
            pl.col(name)
            .cast(pl.Enum(list(var.values)))
            .to_physical()
            .fill_null(var.index(cat.NOT_ANSWERED))
            .cast(pl.UInt8)
            .alias(name)
        )
    if "race" in people.columns:
        bits = {code: 1 << j for j, code in enumerate(RACE_BITS)}
        exprs.append(
            pl.col("race")
            .list.eval(
                pl.element()
                .replace_strict(
                    list(bits), list(bits.values()), default=_BAD_BIT, return_dtype=pl.UInt16
                )
                .unique()
                .sum()
            )
            .list.first()
            .fill_null(0)
            .alias("_race_mask")
        )
    else:
        missing.append("race")
    try:
        frame = people.select(pl.col("person_id").cast(pl.Int64), *exprs)
    except pl.exceptions.PolarsError:
        frame = None
    if frame is None or ("_race_mask" in frame.columns and (frame["_race_mask"] >= _BAD_BIT).any()):
        _explain_bad_codes(people)
        raise GroupingError("people frame has codes that are not answers")  # pragma: no cover
    assert frame is not None
    n = frame.height
    codes: dict[str, np.ndarray] = {}
    for name in (*cat.SINGLE_CHOICE_DIMENSIONS, "citizenship"):
        if name in frame.columns:
            codes[name] = frame[name].to_numpy()
        else:
            codes[name] = np.full(n, VARIABLES[name].index(cat.NOT_ANSWERED), dtype=np.uint8)
    race_mask = (
        frame["_race_mask"].to_numpy() if "_race_mask" in frame.columns else np.zeros(n, np.uint16)
    )
    derive_race_codes(codes, race_mask)
    return EncodedPeople(
        person_id=frame["person_id"].to_numpy(),
        codes=codes,
        race_mask=race_mask,
        missing_columns=tuple(missing),
    )


def derive_race_codes(codes: dict[str, np.ndarray], race_mask: np.ndarray) -> None:
    """Add the ``ipeds`` and ``omb_alone`` codes derived from the race mask and citizenship."""
    # Prefer-not combined with a category contradicts itself; the reference
    # functions resolve it to prefer-not, and so do the lookup tables.
    ipeds = _IPEDS_LUT[race_mask]
    nonresident = codes["citizenship"] == VARIABLES["citizenship"].index("nonresident")
    codes["ipeds"] = np.where(nonresident, VARIABLES["ipeds"].index("nonresident"), ipeds).astype(
        np.uint8
    )
    codes["omb_alone"] = _ALONE_LUT[race_mask]


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
