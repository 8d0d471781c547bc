"""Schemathesis against the schemas the app serves: ``/api/v1/`` and ``/api/hsds/``.

Every operation of each schema is called with cases generated from the schema
itself (valid ones and, where schemathesis makes them, invalid ones), with the
token of a persona the API access matrix allows to call it, over WSGI. Each
answer must not be a server error and must match what the schema documents:
status code, content type, headers and body. ``max_examples`` stays small so
that the test runs in ``make test`` in well under a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings

from belong.access import tokens
from belong.access.policies import role_codes
from belong.wsgi import application
from tests.api_matrix import entries_by_key
from tests.factories.directory import build_directory
from tests.factories.equity import matrix_release
from tests.factories.surveys import campaign
from tests.matrix_entries.api import API_ENTRIES

MATRIX = entries_by_key(API_ENTRIES)
EXAMPLES = 10


def _token_for(world, allowed: frozenset[str]) -> dict[str, str]:  # type: ignore[no-untyped-def]
    persona = next((p for p in sorted(allowed) if p not in ("anonymous", "outsider")), "student")
    key = f"schemathesis_token_{persona}"
    if key not in world.extra:
        user = world.user(persona)
        world.extra[key] = tokens.create_token(
            by=user, name="schemathesis", roles=sorted(role_codes(user)), days=30
        )[1]
    return {"Authorization": f"Bearer {world.extra[key]}"}


@pytest.fixture
def _connection_kept_open():  # type: ignore[no-untyped-def]
    """Calls go straight to the WSGI application, whose request signals would close the
    test's database connection (and its transaction) after each answer; Django's test
    client keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("_connection_kept_open")
@pytest.mark.parametrize("schema_url", ["/api/v1/openapi.json", "/api/hsds/openapi.json"])
def test_the_api_keeps_to_its_schema(schema_url: str, world) -> None:  # type: ignore[no-untyped-def]
    build_directory(world)
    matrix_release(world, "leadership")
    matrix_release(world, "public", noised=True)
    campaign(world)
    schema = schemathesis.openapi.from_wsgi(schema_url, application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations
    for operation in operations:
        entry = MATRIX[(operation.method.lower(), operation.path)]
        _check(operation, _token_for(world, entry.allowed))


def _check(operation, headers: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def call(case):  # type: ignore[no-untyped-def]
        case.call_and_validate(headers=headers)

    call()
