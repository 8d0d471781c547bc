"""The API's access matrix: every operation of every API schema × every persona.

Django's URL patterns do not list the API's operations (one pattern may carry
several methods), so the operations are read from the OpenAPI schemas the app
serves. ``tests/matrix_entries/api.py`` lists one :class:`ApiEntry` per
(method, path); ``tests/test_api_matrix.py`` fails when an operation has no
entry or an entry names an operation that no longer exists. Each persona calls
with a token carrying every role it holds (the anonymous visitor and the
outsider, who holds no role, have none).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.personas import World

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


@dataclass(frozen=True)
class ApiEntry:
    """Who may call one operation: ``allowed`` get ``ok_status``, other token holders
    ``denied_status`` (404: what a token's roles may not see does not exist), a caller
    without a token ``anonymous_status`` (401)."""

    method: str
    path: str
    allowed: frozenset[str]
    params: Callable[[World], Mapping[str, Any]] | None = None
    query: str = ""
    ok_status: int = 200
    denied_status: int = 404
    anonymous_status: int = 401
    overrides: Mapping[str, int] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.method.lower(), self.path)

    def url(self, world: World) -> str:
        values = dict(self.params(world)) if self.params else {}
        return self.path.format(**values) + self.query

    def expected(self, persona: str, has_token: bool) -> int:
        if persona in self.overrides:
            return self.overrides[persona]
        if not has_token:
            return self.ok_status if "anonymous" in self.allowed else self.anonymous_status
        return self.ok_status if persona in self.allowed else self.denied_status


def operations(schema: Mapping[str, Any], prefix: str = "") -> set[tuple[str, str]]:
    """Every (method, path) of an OpenAPI schema, paths with ``prefix`` in front."""
    found = set()
    for path, item in schema.get("paths", {}).items():
        for method in item:
            if method in HTTP_METHODS:
                found.add((method, prefix + path))
    return found


def entries_by_key(entries: Iterable[ApiEntry]) -> dict[tuple[str, str], ApiEntry]:
    found: dict[tuple[str, str], ApiEntry] = {}
    for entry in entries:
        if entry.key in found:
            raise ValueError(f"{entry.key} is listed twice in the API access matrix")
        found[entry.key] = entry
    return found
