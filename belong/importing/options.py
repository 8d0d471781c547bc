"""What an import is told beside its column mapping: its key, matching, separators, values.

A mapping says which column feeds which field (``{header: field}``). The
options say how to read them, and are saved with a named mapping and recorded
on each run:

* ``key``: the identifier field every row is keyed by (for people: the
  school's id, the AAMC ID, the ERAS id). Empty: the importer's own default.
* ``match_on``: other identifier fields by which a row may find a person
  already on record. Never implicit: a row whose key is new but whose other
  identifier is on record is a problem unless its field is listed here.
* ``separators``: per field of several answers, the text between answers in
  this file (default “;” or “|”; never a comma unless stated, because labels
  such as “Hispanic, Latino, or of Spanish Origin” hold commas).
* ``values``: per field, what a value in this file means here (``{file value:
  code}``, an empty code meaning "read as not answered"), tried before the
  field's own codes, labels and crosswalks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from belong.importing.fields import Schema, normalise


@dataclass(frozen=True)
class ImportOptions:
    key: str = ""
    match_on: tuple[str, ...] = ()
    separators: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def separator(self, field_name: str) -> str | None:
        return self.separators.get(field_name) or None

    def words(self, field_name: str) -> dict[str, str]:
        """The file's values for one field, normalised, → code ("" = not answered)."""
        return {normalise(k): v for k, v in (self.values.get(field_name) or {}).items()}

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        if self.key:
            found["key"] = self.key
        if self.match_on:
            found["match_on"] = list(self.match_on)
        if self.separators:
            found["separators"] = dict(self.separators)
        if self.values:
            found["values"] = {k: dict(v) for k, v in self.values.items()}
        return found

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> ImportOptions:
        data = data or {}
        return cls(
            key=str(data.get("key") or ""),
            match_on=tuple(str(x) for x in data.get("match_on") or ()),
            separators={str(k): str(v) for k, v in (data.get("separators") or {}).items()},
            values={
                str(k): {str(a): str(b) for a, b in v.items()}
                for k, v in (data.get("values") or {}).items()
            },
        )


NO_OPTIONS = ImportOptions()


def from_arguments(
    schema: Schema,
    *,
    key: str = "",
    match_on: Sequence[str] = (),
    separators: Sequence[str] = (),
    values: Sequence[str] = (),
    start: ImportOptions = NO_OPTIONS,
) -> ImportOptions:
    """Options from the command line, over ``start`` (a saved mapping's).

    ``separators``: ``["race=|"]``; ``values``: ``["race:Other=prefer_not",
    "sex:U="]`` (an empty code reads the value as not answered). Raises
    ValueError, saying what is wrong, for a field the importer does not have.
    """

    def known(name: str, what: str) -> str:
        name = name.strip()
        if name not in schema.by_name:
            raise ValueError(
                f"{what}: “{name}” is not a field; fields are: {', '.join(schema.by_name)}"
            )
        return name

    if key:
        known(key, "--key")
        if key not in schema.key_fields:
            raise ValueError(
                f"--key: “{key}” cannot be a key; keys are: {', '.join(schema.key_fields)}"
            )
    for name in match_on:
        if known(name, "--match") not in schema.key_fields:
            raise ValueError(
                f"--match: “{name}” is not an identifier; identifiers are: "
                f"{', '.join(schema.key_fields)}"
            )
    seps = dict(start.separators)
    for pair in separators:
        name, sep, text = pair.partition("=")
        if not sep or not text:
            raise ValueError(f"--separator needs “field=separator”, got “{pair}”")
        seps[known(name, "--separator")] = text
    words: dict[str, dict[str, str]] = {k: dict(v) for k, v in start.values.items()}
    for item in values:
        name, colon, rest = item.partition(":")
        value, equals, code = rest.rpartition("=")
        if not colon or not equals or not value.strip():
            raise ValueError(f"--value needs “field:value in the file=code”, got “{item}”")
        words.setdefault(known(name, "--value"), {})[value.strip()] = code.strip()
    return ImportOptions(
        key=key or start.key,
        match_on=tuple(dict.fromkeys((*start.match_on, *match_on))),
        separators=seps,
        values=words,
    )
