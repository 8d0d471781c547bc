"""Answers as small integer codes: the variables a grouping is built on, and the encoding
of the people frame that every count reads.

A *variable* is one coded answer per person: a single-choice question
(``sex``, ``veteran`` ...), ``citizenship``, or a race and ethnicity scheme
derived from the select-all answer (``ipeds``, ``omb_alone``; ``omb_any`` is
the select-all membership itself). :func:`encode_people` turns the people
frame into one small-integer array per variable and a bit mask of race
answers; the race schemes are derived from the mask by lookup tables built
with the reference functions of ``people.categories``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from belong.people import categories as cat

__all__ = [
    "RACE_BITS",
    "SPECIAL_CODES",
    "VARIABLES",
    "EncodedPeople",
    "GroupingError",
    "Variable",
    "derive_race_codes",
    "encode_people",
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
