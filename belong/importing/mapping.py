"""Which column of the file feeds which field: suggested, saved, overridden, checked.

A mapping is ``{header in the file: field name}``, as saved in
:class:`~belong.importing.models.ImportMapping` and recorded on each run. It
is kept to that one shape so that a later step can add, beside it, a map of
values per column (the file's words → the field's codes) without changing
how columns are matched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from belong.importing.fields import Schema, normalise
from belong.importing.options import NO_OPTIONS, ImportOptions
from belong.importing.problems import ProblemLog, column_letter

IGNORE = ""


@dataclass(frozen=True)
class Columns:
    """A checked mapping: field name → column index, header and letter."""

    index: dict[str, int]
    headers: list[str]
    schema: Schema
    options: ImportOptions = NO_OPTIONS

    def header(self, field_name: str) -> str:
        """The column's header as the file has it, or the field's label when unmapped."""
        if field_name in self.index:
            return self.headers[self.index[field_name]]
        return self.schema.label(field_name)

    def letter(self, field_name: str) -> str:
        return column_letter(self.index[field_name]) if field_name in self.index else ""

    def has(self, field_name: str) -> bool:
        return field_name in self.index

    def as_mapping(self) -> dict[str, str]:
        """{header: field} for ``ImportRun.mapping`` and ``ImportMapping.columns``."""
        return {self.headers[i]: name for name, i in sorted(self.index.items(), key=lambda x: x[1])}


def suggest(headers: Iterable[str], schema: Schema) -> dict[str, str]:
    """Guess each header's field from its name; a field goes to the first header that names it."""
    taken: set[str] = set()
    mapping: dict[str, str] = {}
    for header in headers:
        if not header or header in mapping:
            continue
        guess = schema.header_words.get(normalise(header), IGNORE)
        if guess and guess in taken:
            guess = IGNORE
        mapping[header] = guess
        if guess:
            taken.add(guess)
    return mapping


def parse_overrides(pairs: Iterable[str], schema: Schema) -> dict[str, str]:
    """``["Employee ID=institutional_id", "Notes="]`` → ``{header: field}``.

    An empty field (or ``-``) means "ignore this column". Raises ValueError on
    a pair without ``=`` or naming a field that does not exist.
    """
    overrides: dict[str, str] = {}
    for pair in pairs:
        header, sep, name = pair.rpartition("=")
        if not sep or not header.strip():
            raise ValueError(f"--map needs “Header=field”, got “{pair}”")
        name = name.strip()
        if name == "-":
            name = IGNORE
        if name and name not in schema.by_name:
            raise ValueError(
                f"--map: “{name}” is not a field; fields are: {', '.join(schema.by_name)}"
            )
        overrides[header.strip()] = name
    return overrides


def combine(
    headers: list[str], schema: Schema, *layers: Mapping[str, str] | None
) -> dict[str, str]:
    """The suggestion, then each layer (a saved mapping, overrides) on top.

    A layer's header matches a file header exactly or, failing that, by its
    normalised form ("Employee ID" matches "employee_id"). Headers a layer
    names that the file lacks are ignored.
    """
    mapping = suggest(headers, schema)
    by_normal = {normalise(h): h for h in headers if h}
    for layer in layers:
        if not layer:
            continue
        for header, name in layer.items():
            target = header if header in mapping else by_normal.get(normalise(header))
            if target is None:
                continue
            if name:
                # A field goes to one column: the layer's choice wins over a guess.
                for other, other_name in mapping.items():
                    if other_name == name and other != target:
                        mapping[other] = IGNORE
            mapping[target] = name
    return mapping


def required_fields(schema: Schema, options: ImportOptions) -> tuple[str, ...]:
    """The schema's required fields, with the chosen key in place of the default key."""
    if not options.key or options.key not in schema.key_fields:
        return schema.required
    return (options.key, *(n for n in schema.required if n not in schema.key_fields))


def check(
    headers: list[str],
    mapping: Mapping[str, str],
    schema: Schema,
    log: ProblemLog,
    options: ImportOptions = NO_OPTIONS,
) -> Columns | None:
    """Turn ``{header: field}`` into :class:`Columns`, logging every problem.

    Returns None when the import cannot go on (a required field without a
    column, a field mapped twice, duplicate headers).
    """
    fatal = False
    positions: dict[str, list[int]] = {}
    for i, header in enumerate(headers):
        if header:
            positions.setdefault(header, []).append(i)
    for header, where in positions.items():
        if len(where) > 1:
            log.add(
                1,
                header,
                column_letter(where[1]),
                f"The header “{header}” is on columns "
                + " and ".join(column_letter(i) for i in where)
                + "; give each column its own header.",
                "duplicate_header",
            )
            fatal = True
    index: dict[str, int] = {}
    for header, name in mapping.items():
        if not name:
            continue
        if name not in schema.by_name:
            log.add(1, header, "", f"“{name}” is not a field Belong knows.", "mapping")
            fatal = True
            continue
        if header not in positions:
            continue
        column = positions[header][0]
        if name in index:
            log.add(
                1,
                header,
                column_letter(column),
                f"Columns {column_letter(index[name])} and {column_letter(column)} are both "
                f"mapped to “{schema.label(name)}”; map only one.",
                "mapping",
            )
            fatal = True
            continue
        index[name] = column
    if options.key and options.key not in schema.key_fields:
        log.add(1, "", "", f"“{options.key}” cannot be the key of this import.", "mapping")
        fatal = True
    for name in required_fields(schema, options):
        if name not in index:
            log.add(
                1,
                "",
                "",
                f"No column is mapped to “{schema.label(name)}”, which every row needs. Map the "
                "column that holds it"
                + (f" {schema.missing_hint}" if schema.missing_hint else "")
                + ".",
                "missing_column",
            )
            fatal = True
    ignored = [h for h in headers if h and h not in {headers[i] for i in index.values()}]
    if ignored:
        log.note(
            "Not imported (no field chosen): " + ", ".join(f"“{h}”" for h in ignored) + ".",
            "ignored_columns",
        )
    if any(not h for h in headers):
        log.note(
            "Columns without a header were not read: "
            + ", ".join(column_letter(i) for i, h in enumerate(headers) if not h)
            + ".",
            "ignored_columns",
        )
    if fatal:
        return None
    return Columns(index=index, headers=list(headers), schema=schema, options=options)
