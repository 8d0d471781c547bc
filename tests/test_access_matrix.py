"""Every URL pattern, opened by every persona, answers as the matrix says."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix import Entry, entries_by_name
from tests.matrix_entries import all_entry_groups
from tests.personas import PERSONAS

# Namespaces that are not Belong's own pages (Django's admin is one entry).
_SKIP_NAMESPACES = {"admin", "oidc"}

MATRIX = entries_by_name(all_entry_groups())


def _pattern_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            ns = namespace
            if item.namespace:
                if item.namespace in _SKIP_NAMESPACES:
                    continue
                ns = f"{namespace}{item.namespace}:"
            names |= _pattern_names(item, ns)
        elif isinstance(item, URLPattern) and item.name:
            names.add(f"{namespace}{item.name}")
        elif isinstance(item, URLPattern):
            names.add(f"{namespace}<unnamed {item.pattern}>")
    return names


def test_access_matrix_lists_every_url_pattern() -> None:
    patterns = _pattern_names(get_resolver())
    listed = {name for name in MATRIX if name.split(":")[0] not in _SKIP_NAMESPACES}
    missing = sorted(patterns - listed)
    stale = sorted(listed - patterns)
    assert not missing, f"URL patterns with no access-matrix entry: {missing}"
    assert not stale, f"access-matrix entries for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access_matrix(name: str, world, client) -> None:  # type: ignore[no-untyped-def]
    entry: Entry = MATRIX[name]
    kwargs = dict(entry.kwargs(world)) if entry.kwargs else {}
    url = reverse(name, kwargs=kwargs) + entry.query
    wrong: list[str] = []
    for persona in PERSONAS:
        client.logout()
        user = world.user(persona)
        if user is not None:
            client.force_login(user)
        send = getattr(client, entry.method)
        # Each persona meets the same records: a delete by one persona must not turn
        # the next persona's answer into a 404 for a row that is simply gone.
        with transaction.atomic():
            response = send(url, data=entry.data or {})
            transaction.set_rollback(True)
        expected = entry.expected(persona)
        if response.status_code != expected:
            wrong.append(f"{persona}: got {response.status_code}, expected {expected}")
    assert not wrong, f"{name} ({url}):\n  " + "\n  ".join(wrong)
