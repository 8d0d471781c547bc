"""Every API operation, called by every persona with its token, answers as the matrix says."""

from __future__ import annotations

import pytest
from django.db import transaction

from belong.access import tokens
from belong.access.policies import role_codes
from belong.core.api import api as belong_api
from belong.directory.api import api as hsds_api
from tests.api_matrix import ApiEntry, entries_by_key, operations
from tests.matrix_entries.api import API_ENTRIES
from tests.personas import PERSONAS

MATRIX = entries_by_key(API_ENTRIES)


def _served_operations() -> set[tuple[str, str]]:
    return operations(belong_api.get_openapi_schema(path_prefix="/api/v1/")) | operations(
        hsds_api.get_openapi_schema(path_prefix="/api/hsds/")
    )


def test_the_schemas_are_those_served(client) -> None:  # type: ignore[no-untyped-def]
    for url, api, prefix in (
        ("/api/v1/openapi.json", belong_api, "/api/v1/"),
        ("/api/hsds/openapi.json", hsds_api, "/api/hsds/"),
    ):
        served = client.get(url).json()
        assert operations(served) == operations(api.get_openapi_schema(path_prefix=prefix))
        assert operations(served), url


def test_api_matrix_lists_every_operation() -> None:
    served = _served_operations()
    missing = sorted(served - set(MATRIX))
    stale = sorted(set(MATRIX) - served)
    assert not missing, f"API operations with no access-matrix entry: {missing}"
    assert not stale, f"API access-matrix entries for operations that no longer exist: {stale}"


def test_every_v1_operation_needs_a_token() -> None:
    schema = belong_api.get_openapi_schema(path_prefix="/api/v1/")
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert operation.get("security"), f"{method} {path} has no security requirement"


def _headers(world, persona: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    user = world.user(persona)
    if user is None or not role_codes(user):
        return {}
    key = f"api_token_{persona}"
    if key not in world.extra:
        world.extra[key] = tokens.create_token(
            by=user, name="matrix", roles=sorted(role_codes(user)), days=30
        )[1]
    return {"Authorization": f"Bearer {world.extra[key]}"}


@pytest.mark.parametrize("key", sorted(MATRIX), ids=lambda k: f"{k[0]} {k[1]}")
def test_api_matrix(key: tuple[str, str], world, client) -> None:  # type: ignore[no-untyped-def]
    entry: ApiEntry = MATRIX[key]
    url = entry.url(world)
    wrong: list[str] = []
    for persona in PERSONAS:
        headers = _headers(world, persona)
        client.logout()
        with transaction.atomic():
            response = getattr(client, entry.method)(url, headers=headers)
            transaction.set_rollback(True)
        expected = entry.expected(persona, bool(headers))
        if response.status_code != expected:
            wrong.append(f"{persona}: got {response.status_code}, expected {expected}")
    assert not wrong, f"{entry.method.upper()} {url}:\n  " + "\n  ".join(wrong)
