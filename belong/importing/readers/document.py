"""Read a JSON document (Open Referral HSDS and the like) and check it against a schema.

A document is parsed whole (it is bounded by ``BELONG_IMPORT_JSON_MAX_BYTES``),
then walked by the importer; every problem is placed by its JSON path
(``$.services[3].name``), as :meth:`ProblemLog.add_at` records it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings

from belong.importing.problems import ProblemLog
from belong.importing.readers.sniff import sniff_format
from belong.importing.readers.table import JSON, XLSX

PathParts = list[str | int]


@dataclass
class Document:
    """A parsed JSON document and what was noticed while reading it."""

    data: Any
    size: int
    notes: list[str] = field(default_factory=list)

    def items(self, path: Sequence[str]) -> Iterator[tuple[PathParts, Any]]:
        """Each element of the array at ``path`` (keys from the root), with its own path.

        A missing array yields nothing; a value that is not an array is the
        importer's to report (see :func:`schema_problems`).
        """
        node: Any = self.data
        for key in path:
            if not isinstance(node, dict) or key not in node:
                return
            node = node[key]
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield [*path, index], item


def max_bytes() -> int:
    return int(settings.BELONG_IMPORT_JSON_MAX_BYTES)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def open_document(fileobj: IO[bytes], log: ProblemLog) -> Document | None:
    """The parsed document, or None after logging why the file is not one."""
    fileobj.seek(0)
    head = fileobj.read(8192)
    fileobj.seek(0)
    kind = sniff_format(head, fileobj, log)
    if kind is None:
        return None
    if kind != JSON:
        what = "an Excel workbook" if kind == XLSX else "text that does not start with “{” or “[”"
        log.add(None, "", "", f"This is {what}, not a JSON document.", "damaged_json")
        return None
    limit = max_bytes()
    raw = fileobj.read(limit + 1)
    if len(raw) > limit:
        log.add(
            None,
            "",
            "",
            f"The document is larger than {limit / 1e6:,.0f} MB "
            "(BELONG_IMPORT_JSON_MAX_BYTES); it was not read.",
            "too_large",
        )
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        log.add(
            None,
            "",
            "",
            f"The document is not UTF-8 text: byte 0x{raw[exc.start]:02X} (byte "
            f"{exc.start + 1:,} of the file) cannot be read. JSON must be UTF-8.",
            "encoding",
        )
        return None
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        log.add(
            None,
            "",
            "",
            f"The JSON cannot be read at line {exc.lineno}, column {exc.colno}: {exc.msg}.",
            "damaged_json",
        )
        return None
    except ValueError as exc:
        log.add(None, "", "", f"The JSON cannot be read: {exc}.", "damaged_json")
        return None
    except RecursionError:
        log.add(None, "", "", "The JSON is nested too deeply to be read.", "damaged_json")
        return None
    return Document(data=data, size=len(raw))


def _reason(error: Any) -> tuple[PathParts, str]:
    """A jsonschema error as (path, words), without repeating the value found."""
    path: PathParts = list(error.absolute_path)
    kind, expected = error.validator, error.validator_value
    if kind == "required":
        # "'name' is a required property": place it at the missing property itself.
        missing = next((name for name in expected if name not in (error.instance or {})), "")
        return [*path, missing], "required: this property is missing."
    if kind == "type":
        types = expected if isinstance(expected, list) else [expected]
        return path, "must be " + " or ".join(f"of type {t}" for t in types) + "."
    if kind == "enum":
        return path, "must be one of: " + ", ".join(json.dumps(v) for v in expected) + "."
    if kind == "additionalProperties":
        extra = sorted(set(error.instance or {}) - set((error.schema or {}).get("properties", {})))
        return path, "holds properties the format does not have: " + ", ".join(extra) + "."
    if kind in ("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum"):
        return path, f"breaks the rule {kind} = {expected}."
    if kind == "format":
        return path, f"is not in the {expected} format."
    if kind == "pattern":
        return path, f"does not match the pattern {expected}."
    return path, f"does not satisfy the schema's rule “{kind}”."


def schema_problems(data: Any, schema: Mapping[str, Any], log: ProblemLog) -> int:
    """Check ``data`` against a JSON Schema; log each violation at its JSON path.

    Returns how many were found. Reasons name the rule, never the value found,
    so a document's contents do not leak into the report.
    """
    from jsonschema.validators import validator_for

    validator_class = validator_for(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    found = 0
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path, reason = _reason(error)
        log.add_at(path, reason[:1].upper() + reason[1:], "schema")
        found += 1
    return found
