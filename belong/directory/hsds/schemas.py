"""The HSDS 3.0 JSON Schemas shipped in ``data/``, bundled into one schema for a document.

The specification's schemas refer to each other by file name
(``"$ref": "location.json"``). They are bundled under ``$defs`` with each
reference rewritten to ``#/$defs/<name>``, so validation needs no resolver and
never fetches anything.

A directory document is Belong's envelope around HSDS objects::

    {"hsds_version": "3.0", "organizations": [organization...], "services": [service...]}

each organization with its ``locations`` (and their ``schedules``), each
service with its ``contacts``, ``languages``, ``service_at_locations`` and
``attributes`` (audience, topic and campus as attributes).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


def _rewrite(node: Any) -> Any:
    if isinstance(node, dict):
        out = {key: _rewrite(value) for key, value in node.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.endswith(".json") and "/" not in ref:
            out["$ref"] = f"#/$defs/{ref.removesuffix('.json')}"
        return out
    if isinstance(node, list):
        return [_rewrite(item) for item in node]
    return node


@functools.cache
def definitions() -> dict[str, Any]:
    return {path.stem: _rewrite(json.loads(path.read_text())) for path in DATA.glob("*.json")}


@functools.cache
def document_schema() -> dict[str, Any]:
    """The schema of a whole directory document (HSDS objects in Belong's envelope)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["hsds_version", "organizations", "services"],
        "properties": {
            "hsds_version": {"const": "3.0"},
            "organizations": {"type": "array", "items": {"$ref": "#/$defs/organization"}},
            "services": {"type": "array", "items": {"$ref": "#/$defs/service"}},
        },
        "$defs": definitions(),
    }


def object_schema(name: str) -> dict[str, Any]:
    """The schema of one HSDS object (``service``, ``organization``...), references bundled."""
    return {**definitions()[name], "$defs": definitions()}
