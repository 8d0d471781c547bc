"""The access-control matrix: every URL pattern × every persona → expected status.

Each app lists its URLs in ``tests/matrix_entries/<app>.py`` as ``ENTRIES``.
``tests/test_access_matrix.py`` fails when a URL pattern has no entry (so a
new page cannot ship without saying who may open it) or an entry names a URL
that no longer exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.personas import PERSONAS, SIGNED_IN, World

OK = 200
HIDDEN = 404
TO_LOGIN = 302
NOT_ALLOWED = 405

KwargsFactory = Callable[[World], Mapping[str, Any]]


@dataclass(frozen=True)
class Entry:
    """Who may open one URL pattern.

    ``allowed`` personas get ``ok_status``; other signed-in personas get
    ``denied_status`` (404 by default: what you may not see does not exist);
    the anonymous visitor gets ``anonymous_status`` (a redirect to sign in).
    ``overrides`` sets any persona's status explicitly.
    """

    name: str
    allowed: frozenset[str]
    kwargs: KwargsFactory | None = None
    method: str = "get"
    data: Mapping[str, Any] | None = None
    ok_status: int = OK
    denied_status: int = HIDDEN
    anonymous_status: int = TO_LOGIN
    overrides: Mapping[str, int] = field(default_factory=dict)
    query: str = ""

    def expected(self, persona: str) -> int:
        if persona in self.overrides:
            return self.overrides[persona]
        if persona == "anonymous":
            return self.ok_status if "anonymous" in self.allowed else self.anonymous_status
        return self.ok_status if persona in self.allowed else self.denied_status


def personas(*names: str) -> frozenset[str]:
    unknown = set(names) - set(PERSONAS)
    if unknown:
        raise ValueError(f"unknown persona(s): {sorted(unknown)}")
    return frozenset(names)


EVERYONE = frozenset(PERSONAS)
ALL_SIGNED_IN = frozenset(SIGNED_IN)
# Signed-in personas with a Person record (everyone but the outsider).
WITH_PERSON = frozenset(SIGNED_IN) - {"outsider"}


def entries_by_name(groups: Iterable[Iterable[Entry]]) -> dict[str, Entry]:
    found: dict[str, Entry] = {}
    for group in groups:
        for entry in group:
            if entry.name in found:
                raise ValueError(f"{entry.name} is listed twice in the access matrix")
            found[entry.name] = entry
    return found
