from __future__ import annotations

import sys
import zlib

import factory.random
import pytest
from hypothesis import settings as hypothesis_settings

from tests import object_checks
from tests.clock import start_at, suite_day
from tests.personas import World, build_world

_clock = None


# Property tests draw the same examples on every run, so CI is repeatable; a case
# that a development run with other seeds finds is kept as an explicit test.
hypothesis_settings.register_profile("belong", derandomize=True, database=None)
hypothesis_settings.load_profile("belong")


def pytest_configure(config):  # type: ignore[no-untyped-def]
    """Start every test process on the same day (``tests/clock.py``)."""
    global _clock
    from django.conf import settings

    _clock = start_at(suite_day(), settings.TIME_ZONE)
    _clock.start()


def pytest_unconfigure(config):  # type: ignore[no-untyped-def]
    if _clock is not None:
        _clock.stop()


def pytest_report_header(config):  # type: ignore[no-untyped-def]
    return f"belong: tests run on {suite_day():%Y-%m-%d} (BELONG_TEST_DAY moves it)"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """pytest-django's test database, with no stray session left when it is dropped.

    A thread that ran queries (a concurrency test's worker, the live server's
    request threads) may still hold its PostgreSQL session for a moment after the
    last test; ``DROP DATABASE`` would then fail the run after every test passed.
    Those sessions are ended first, and named on stderr so a leak can be found.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, left(query, 120) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        for pid, query in cursor.fetchall():
            print(f"ending a stray test-database session {pid}: {query}", file=sys.stderr)
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    connection.close()


@pytest.fixture(autouse=True)
def _same_invented_values_every_run(request):  # type: ignore[no-untyped-def]
    # factory_boy's Faker draws names at random; seed it from the test's id so a
    # test meets the same invented people on every run, alone or in a crowd.
    factory.random.reseed_random(zlib.crc32(request.node.nodeid.encode()))


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language():  # type: ignore[no-untyped-def]
    # A request through the test client runs LocaleMiddleware in this thread and
    # leaves its language active (a Spanish page, say); a later test that turns a
    # lazy text into a string would read it in that language.
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def _watch_object_checks():  # type: ignore[no-untyped-def]
    """Record every (permission, model) pair the code checks (``tests/object_checks.py``)."""
    from belong.access.policies import RULES

    stop = object_checks.watch(RULES)
    yield
    stop()


@pytest.fixture(autouse=True)
def _every_object_check_has_a_rule():  # type: ignore[no-untyped-def]
    """Fail the test whose run made the code check a pair that no object rule decides."""
    before = len(object_checks.unruled)
    yield
    found = list(object_checks.new_unruled_checks(before))
    if found:
        pytest.fail(
            "The code checked a permission on a model with no object rule (always refused; "
            "register a rule with access.policies.object_rule):\n  "
            + object_checks.describe(found),
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    # Argon2 is deliberately slow; tests need speed, not resistance to cracking.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _guard_time_for_a_busy_machine(settings):  # type: ignore[no-untyped-def]
    # The guard's wall-time budget protects a server's workers; the suite runs on a
    # shared machine whose load varies, so a check's outcome must not hang on it.
    # The budget itself is tested where a test sets it (test_audience_guard).
    settings.BELONG_GUARD_SECONDS = 600


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
concerns_manager = _persona_fixture("concerns_manager")
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
