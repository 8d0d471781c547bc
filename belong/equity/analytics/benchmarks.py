"""Benchmark distributions: whom the school's outcomes should reflect.

The shipped benchmark is the 2020 Census for the United States. Analysts can
add their own (the school's patients, its county, the applicant pool of a
national body) as CSV, read and validated by :func:`read_benchmark_csv`.

A benchmark belongs to one reporting table (its ``scheme``: ``race_ipeds``,
``sex`` ...) and gives a share for some of that table's groups: its
*universe*. A release compares each group's share *of the people in the
universe* with the benchmark share, so rows the benchmark has no figure for
(unknown race, nonresidents, prefer not to answer) neither inflate nor
deflate the comparison.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .groupings import _ALIASES, SPECIAL_CODES, VARIABLES, single_grouping

__all__ = ["CENSUS_2020_US", "Benchmark", "BenchmarkError", "read_benchmark_csv"]

SHARE_TOLERANCE = 0.01


class BenchmarkError(ValueError):
    """A benchmark file with problems; ``problems`` lists each with its row and column."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Benchmark:
    """Shares of a reference population over the groups of one reporting table."""

    code: str
    label: str
    scheme: str  # grouping code, e.g. "race_ipeds"
    shares: Mapping[str, float]
    source: str = ""
    year: int | None = None
    geography: str = ""
    notes: str = ""
    published_figures: Mapping[str, float] = field(default_factory=dict)
    # An availability pool (the people the school could hire or admit at ``stages``),
    # rather than the population at large: findings rank it first for those stages.
    availability: bool = False
    stages: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "scheme": self.scheme,
            "shares": dict(self.shares),
            "source": self.source,
            "year": self.year,
            "geography": self.geography,
            "notes": self.notes,
            "published_figures": dict(self.published_figures),
            "availability": self.availability,
            "stages": list(self.stages),
        }


# Census 2020 (P2, Hispanic or Latino, and not Hispanic or Latino by race),
# United States, percent of the total population.
_CENSUS_2020_FIGURES: dict[str, float] = {
    "Hispanic or Latino": 18.7,
    "White alone, not Hispanic or Latino": 57.8,
    "Black or African American alone, not Hispanic or Latino": 12.1,
    "Asian alone, not Hispanic or Latino": 5.9,
    "American Indian and Alaska Native alone, not Hispanic or Latino": 0.7,
    "Native Hawaiian and Other Pacific Islander alone, not Hispanic or Latino": 0.2,
    "Some other race alone, not Hispanic or Latino": 0.5,
    "Two or more races, not Hispanic or Latino": 4.1,
}
_CENSUS_TO_IPEDS: dict[str, str | None] = {
    "Hispanic or Latino": "hispanic",
    "White alone, not Hispanic or Latino": "white",
    "Black or African American alone, not Hispanic or Latino": "black",
    "Asian alone, not Hispanic or Latino": "asian",
    "American Indian and Alaska Native alone, not Hispanic or Latino": "aian",
    "Native Hawaiian and Other Pacific Islander alone, not Hispanic or Latino": "nhpi",
    # IPEDS has no "some other race" row: left out, the rest renormalised.
    "Some other race alone, not Hispanic or Latino": None,
    "Two or more races, not Hispanic or Latino": "two_or_more",
}


def _census_shares() -> dict[str, float]:
    kept = {_CENSUS_TO_IPEDS[k]: v for k, v in _CENSUS_2020_FIGURES.items() if _CENSUS_TO_IPEDS[k]}
    total = sum(kept.values())
    return {str(code): value / total for code, value in kept.items()}


CENSUS_2020_US = Benchmark(
    code="census_2020_us",
    label="U.S. population, 2020 Census",
    scheme="race_ipeds",
    shares=_census_shares(),
    source="U.S. Census Bureau, 2020 Census Redistricting Data (P.L. 94-171), table P2",
    year=2020,
    geography="United States",
    notes=(
        "Mapped to the IPEDS categories. 'Some other race alone, not Hispanic or Latino' "
        "(0.5%) has no IPEDS row; it is left out and the other shares are divided by 99.5% "
        "so they sum to one. Middle Eastern or North African people were counted as White "
        "in 2020, as IPEDS counts them. The comparison universe is therefore people of "
        "known race and ethnicity who are U.S. residents: IPEDS 'unknown' and "
        "'U.S. nonresident' rows are not compared."
    ),
    published_figures=_CENSUS_2020_FIGURES,
)


def _scheme(name: str) -> tuple[str, tuple[str, ...]] | None:
    """Grouping code and allowed group codes for a scheme name, or None."""
    variable = _ALIASES.get(name, name)
    if variable not in VARIABLES:
        return None
    grouping = single_grouping(variable)
    if not grouping.additive:
        return None
    return grouping.code, tuple(g for g in grouping.groups if g not in SPECIAL_CODES)


def read_benchmark_csv(
    file: str | Path | io.TextIOBase,
    *,
    code: str = "analyst",
    label: str = "",
    source: str = "",
    year: int | None = None,
    geography: str = "",
    notes: str = "",
) -> dict[str, Benchmark]:
    """Read analyst benchmarks from CSV.

    Parameters
    ----------
    file : path or text stream
        A CSV with a header row and the columns ``scheme``, ``group`` and
        either ``share`` (fractions or percentages) or ``count``. One file may
        hold several schemes.
    code, label, source, year, geography, notes
        Describe the benchmark; kept with every release that uses it.

    Returns
    -------
    dict of str to Benchmark
        One benchmark per scheme, keyed by grouping code (``race_ipeds`` ...).

    Raises
    ------
    BenchmarkError
        Listing every problem with its row (as a spreadsheet numbers it, the
        header being row 1) and column: unknown scheme or group codes,
        duplicates, values that are not numbers or are negative, and shares
        that do not sum to 1 (or 100) within 0.01.
    """
    if isinstance(file, str | Path):
        text = Path(file).read_text(encoding="utf-8-sig")
    else:
        text = file.read()
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    problems: list[str] = []
    value_column = "share" if "share" in header else "count" if "count" in header else None
    for needed in ("scheme", "group"):
        if needed not in header:
            problems.append(f"row 1: missing column {needed!r}")
    if value_column is None:
        problems.append("row 1: needs a 'share' or a 'count' column")
    if problems:
        raise BenchmarkError(problems)
    assert value_column is not None
    values: dict[str, dict[str, float]] = {}
    rows_of: dict[str, list[int]] = {}
    for rowno, raw in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        scheme_name, group = row.get("scheme", ""), row.get("group", "").lower()
        scheme = _scheme(scheme_name.lower())
        if scheme is None:
            problems.append(f"row {rowno}, column 'scheme': unknown scheme {scheme_name!r}")
            continue
        grouping_code, allowed = scheme
        if group not in allowed:
            problems.append(
                f"row {rowno}, column 'group': {group!r} is not a group of {scheme_name} "
                f"(groups: {', '.join(allowed)})"
            )
            continue
        try:
            value = float(row.get(value_column, ""))
        except ValueError:
            problems.append(
                f"row {rowno}, column {value_column!r}: {row.get(value_column)!r} is not a number"
            )
            continue
        if not math.isfinite(value) or value < 0:
            problems.append(f"row {rowno}, column {value_column!r}: {value} must be zero or more")
            continue
        bucket = values.setdefault(grouping_code, {})
        if group in bucket:
            problems.append(
                f"row {rowno}, column 'group': {group!r} appears twice in {scheme_name}"
            )
            continue
        bucket[group] = value
        rows_of.setdefault(grouping_code, []).append(rowno)
    out: dict[str, Benchmark] = {}
    for grouping_code, shares in values.items():
        total = sum(shares.values())
        rows = rows_of[grouping_code]
        where = f"rows {rows[0]}-{rows[-1]}, column {value_column!r}"
        if total <= 0:
            problems.append(f"{where}: {grouping_code} values sum to zero")
            continue
        if value_column == "share":
            scale = 100.0 if abs(total - 100.0) <= 100 * SHARE_TOLERANCE else 1.0
            if abs(total / scale - 1.0) > SHARE_TOLERANCE:
                problems.append(f"{where}: {grouping_code} shares sum to {total:g}, not 1 (or 100)")
                continue
        out[grouping_code] = Benchmark(
            code=f"{code}:{grouping_code}",
            label=label or code,
            scheme=grouping_code,
            shares={g: v / total for g, v in shares.items()},
            source=source,
            year=year,
            geography=geography,
            notes=notes,
            published_figures=dict(shares),
        )
    if problems:
        raise BenchmarkError(problems)
    if not out:
        raise BenchmarkError(["the file has no benchmark rows"])
    return out
