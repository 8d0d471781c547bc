from __future__ import annotations

import pytest

from tests.personas import World, build_world


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    # Argon2 is deliberately slow; tests need speed, not resistance to cracking.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_login_throttling_state(settings):  # type: ignore[no-untyped-def]
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _lift_audit_guards_in_transactional_tests(request):  # type: ignore[no-untyped-def]
    """Transactional and live-server tests empty every table when they end, which
    the audit table's append-only triggers refuse; lift them for those tests only
    (on the test database). Ordinary tests run in a rolled-back transaction with
    the guards installed."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or "live_server" in (
        request.fixturenames
    )
    if marker is not None and marker.kwargs.get("transaction"):
        transactional = True
    from django.db import connection

    from belong.access.guards import install_audit_guards, remove_audit_guards

    if transactional:
        request.getfixturevalue("transactional_db")
        remove_audit_guards(connection)
    elif "db" in request.fixturenames or marker is not None:
        # A transactional test elsewhere on this worker may have lifted them; put
        # them back inside this test's transaction, so every ordinary test runs
        # against an append-only audit table.
        request.getfixturevalue("db")
        install_audit_guards(connection)


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


def _persona_fixture(name: str):  # type: ignore[no-untyped-def]
    @pytest.fixture(name=name)
    def fixture(world: World):  # type: ignore[no-untyped-def]
        return world.user(name)

    return fixture


student = _persona_fixture("student")
resident = _persona_fixture("resident")
coach = _persona_fixture("coach")
faculty = _persona_fixture("faculty")
staff = _persona_fixture("staff")
analyst = _persona_fixture("analyst")
data_steward = _persona_fixture("data_steward")
case_manager = _persona_fixture("case_manager")
student_affairs = _persona_fixture("student_affairs")
leadership = _persona_fixture("leadership")
administrator = _persona_fixture("administrator")
outsider = _persona_fixture("outsider")


@pytest.fixture
def client_for(client):  # type: ignore[no-untyped-def]
    """``client_for(user)``: the test client signed in as ``user`` (None: signed out)."""

    def sign_in(user):  # type: ignore[no-untyped-def]
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in
