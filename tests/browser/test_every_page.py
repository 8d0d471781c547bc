"""Every page in the access matrix, opened in Chromium by someone allowed to see
it, renders without a server error and with zero axe-core violations."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser.conftest import assert_accessible
from tests.matrix import OK
from tests.matrix_entries import all_entry_groups
from tests.personas import PERSONAS

PAGES = sorted(
    (entry.name, entry)
    for group in all_entry_groups()
    for entry in group
    if entry.method == "get" and entry.ok_status == OK and entry.allowed
)


def _viewer(entry) -> str:  # type: ignore[no-untyped-def]
    """Prefer a persona who sees the page as its audience would."""
    for persona in PERSONAS:
        if persona in entry.allowed and entry.expected(persona) == OK:
            return persona
    raise AssertionError(f"nobody may open {entry.name}")


@pytest.mark.parametrize(("name", "entry"), PAGES, ids=[name for name, _ in PAGES])
def test_page_is_accessible(name, entry, world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    persona = _viewer(entry)
    user = world.user(persona)
    if user is not None:
        sign_in(user)
    kwargs = dict(entry.kwargs(world)) if entry.kwargs else {}
    url = live_server.url + reverse(name, kwargs=kwargs) + entry.query
    response = page.goto(url)
    assert response is not None and response.status == OK, f"{name} as {persona}: {response}"
    if "html" not in (response.headers.get("content-type") or ""):
        return  # not a page (JSON, an icon)
    assert_accessible(page, context=f"{name} as {persona}")
