"""Browser tests: Playwright driving Debian's Chromium against a live server.

Every test here is marked ``browser``. Without Chromium they skip with a
message saying what to install, unless ``BELONG_REQUIRE_BROWSER=true`` (CI),
in which case they fail.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from belong.core.browser_setup import CHROMIUM, chromium_present
from belong.core.env import env_bool

# Django's live server and Playwright's sync API share a thread in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The machines that run the suite are shared and often busy: give a page and an
# expectation 20 seconds rather than Playwright's 5 before calling it a failure.
BUSY_MACHINE_TIMEOUT_MS = 20_000
expect.set_options(timeout=BUSY_MACHINE_TIMEOUT_MS)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_AXE = Axe()


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    here = os.path.dirname(__file__)
    required = env_bool("BELONG_REQUIRE_BROWSER", False)
    for item in items:
        if not str(item.fspath).startswith(here):
            continue
        item.add_marker(pytest.mark.browser)
        if not chromium_present() and not required:
            item.add_marker(
                pytest.mark.skip(
                    reason=f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
                )
            )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # type: ignore[no-untyped-def]
    if not chromium_present():
        pytest.fail(f"BELONG_REQUIRE_BROWSER is set but Chromium is missing at {CHROMIUM}")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def sign_in(page, live_server) -> Callable[[Any], None]:  # type: ignore[no-untyped-def]
    """``sign_in(user)``: put a signed-in session for ``user`` into the browser."""

    def do(user: Any) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.clear_cookies()
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return do


def assert_accessible(page: Any, *, context: str = "") -> None:
    """Run axe-core (WCAG 2.0–2.2 A and AA rules) on the page; zero violations."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
    # A test may call this straight after a click that navigates: let the new
    # document load first, and retry once if axe still caught it between pages.
    page.wait_for_load_state("load")
    try:
        results = _AXE.run(page, options=options)
    except PlaywrightError as exc:
        if "documentElement" not in str(exc) and "Execution context was destroyed" not in str(exc):
            raise
        page.wait_for_load_state("load")
        results = _AXE.run(page, options=options)
    assert results.violations_count == 0, (
        f"{context or page.url}: {results.violations_count} accessibility violation(s)\n"
        + results.generate_report()
    )


@pytest.fixture
def axe() -> Callable[..., None]:
    return assert_accessible
