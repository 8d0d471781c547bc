"""An instrument as plain data: what the builder, the library and the REDCap import produce.

:func:`problems_of` says everything wrong with one (empty when it can be
saved); ``actions.instruments`` saves only a spec without problems.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

KINDS = ("likert", "single", "multiple", "text", "descriptive")
CODE = re.compile(r"^[a-z][a-z0-9_]{0,99}$")


@dataclass(frozen=True)
class ItemSpec:
    code: str
    kind: str
    prompt: str
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False
    reverse_scored: bool = False
    section: str = ""
    note: str = ""
    matrix_group: str = ""
    branching: str = ""
    validation: str = ""


@dataclass(frozen=True)
class ScaleSpec:
    code: str
    label: str
    item_codes: tuple[str, ...]


@dataclass(frozen=True)
class InstrumentSpec:
    code: str
    title: str
    items: tuple[ItemSpec, ...]
    scales: tuple[ScaleSpec, ...] = ()
    description: str = ""
    source: str = ""
    introduction: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _item_problems(item: ItemSpec) -> list[str]:
    found = []
    if not CODE.match(item.code):
        found.append(
            f"Item code “{item.code}” must start with a letter and hold only lower-case "
            "letters, digits and underscores."
        )
    if item.kind not in KINDS:
        found.append(f"Item {item.code}: “{item.kind}” is not a kind of item.")
    if not item.prompt.strip():
        found.append(f"Item {item.code} has no wording.")
    if item.kind in ("likert", "single", "multiple") and len(item.choices) < 2:
        found.append(f"Item {item.code} needs at least two labelled choices.")
    values = [v for v, _ in item.choices]
    if len(set(values)) != len(values):
        found.append(f"Item {item.code} gives the same choice value twice.")
    if item.kind == "likert":
        try:
            numbers = [int(v) for v in values]
        except ValueError:
            found.append(f"Item {item.code}: a Likert item's points must be whole numbers.")
        else:
            if numbers != sorted(numbers):
                found.append(f"Item {item.code}: list a Likert item's points lowest first.")
    if item.reverse_scored and item.kind != "likert":
        found.append(f"Item {item.code}: only a Likert item can be reverse-scored.")
    return found


def problems_of(spec: InstrumentSpec) -> list[str]:
    """Every reason ``spec`` cannot be saved, in words; empty when it can."""
    found: list[str] = []
    if not spec.title.strip():
        found.append("The instrument needs a title.")
    if not any(i.kind != "descriptive" for i in spec.items):
        found.append("The instrument has no question to answer.")
    codes = Counter(i.code for i in spec.items)
    found += [f"Item code {c} is used {n} times." for c, n in codes.items() if n > 1]
    for item in spec.items:
        found += _item_problems(item)
    by_code = {i.code: i for i in spec.items}
    for scale in spec.scales:
        if not scale.item_codes:
            found.append(f"Scale {scale.code} has no items.")
        for code in scale.item_codes:
            scaled = by_code.get(code)
            if scaled is None:
                found.append(f"Scale {scale.code} names {code}, which is not an item.")
            elif scaled.kind != "likert":
                found.append(f"Scale {scale.code}: {code} is not a Likert item.")
    return found
