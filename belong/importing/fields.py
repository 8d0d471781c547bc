"""What an importer can take from a column: its fields, and the schema that groups them.

An importer (people, stage events, a REDCap data dictionary, ...) declares a
:class:`Schema`: its fields, which of them a file must have a column for, and
the words that name each field in a header. The mapping screen, the cell
readers (:mod:`belong.importing.cells`) and the reports all follow it; nothing
in the engine knows what a row describes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# How a cell is read (see :func:`belong.importing.cells.read_cell`). Any other
# kind names a lookup the importer supplies per run (a unit, a campus...).
TEXT, ID, EMAIL, DATE, YEAR, CHOICE, CODES = (
    "text",
    "id",
    "email",
    "date",
    "year",
    "choice",
    "codes",
)
BUILT_IN_KINDS = frozenset({TEXT, ID, EMAIL, DATE, YEAR, CHOICE, CODES})


@functools.lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Lower case, words separated by single spaces: "Employee_ID " → "employee id"."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


@dataclass(frozen=True)
class Field:
    """One field an importer can take from a column.

    ``kind`` says how a cell is read: ``text``, ``id``, ``email``, ``date``,
    ``year``, ``choice`` (one code), ``codes`` (several codes), or the name of
    a lookup the importer supplies. ``sensitive`` fields (self-identification
    answers) are never repeated in a problem's reason.
    """

    name: str
    label: str
    group: str = ""
    kind: str = TEXT
    max_length: int | None = None
    sensitive: bool = False
    # Lookup: normalised code or label → stored code.
    choices: Mapping[str, str] = field(default_factory=dict)
    # What the report lists as allowed (codes only).
    allowed: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    help: str = ""
    # Words (normalised) read as a blank cell: a registrar's "Unknown", "N/A".
    blank_words: frozenset[str] = frozenset()
    # Codes that cannot be given with any other (``prefer_not`` among categories).
    exclusive: tuple[str, ...] = ()
    # Free text that may hold line breaks and tabs (a REDCap field label); other
    # control characters are still refused.
    multiline: bool = False
    # Text starting like a formula (=, +, -, @) is refused unless this is False:
    # such a cell would run in a spreadsheet when exported.
    refuse_formulas: bool = True


@dataclass(frozen=True)
class Schema:
    """An importer's fields, those every file must map, and how headers name them.

    ``noun`` names what one row is, in the plural ("people", "events",
    "fields"), for messages such as "no rows of people under the header".
    ``missing_hint`` is added when a required column is missing (where to
    look for it in a typical export).
    """

    fields: tuple[Field, ...]
    required: tuple[str, ...] = ()
    groups: Mapping[str, str] = field(default_factory=dict)
    noun: str = "rows"
    missing_hint: str = ""
    # Identifier fields any one of which an import may choose as its key (the
    # first required one is the default); see belong.importing.options.
    key_fields: tuple[str, ...] = ()
    by_name: Mapping[str, Field] = field(init=False, repr=False, compare=False)
    header_words: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name = {f.name: f for f in self.fields}
        if len(by_name) != len(self.fields):
            raise ValueError("two fields share a name")
        unknown = [name for name in self.required if name not in by_name]
        if unknown:
            raise ValueError(f"required fields not in the schema: {unknown}")
        words: dict[str, str] = {}
        for f in self.fields:
            for word in (f.name, f.label, *f.synonyms):
                words.setdefault(normalise(word), f.name)
        object.__setattr__(self, "by_name", MappingProxyType(by_name))
        object.__setattr__(self, "header_words", MappingProxyType(words))

    def label(self, name: str) -> str:
        return self.by_name[name].label
