"""A person makes an API token (shown once), calls the API with it, and revokes it;
the API's documentation page draws from the app's own files, offline."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import expect

from belong.access.models import AccessToken
from tests.browser.conftest import assert_accessible


def test_make_use_and_revoke_a_token(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in(world.user("data_steward"))
    page.goto(f"{live_server.url}/access/tokens/")
    expect(page.get_by_role("heading", name="API tokens", level=1)).to_be_visible()
    assert_accessible(page, context="tokens page")

    page.get_by_role("button", name="Make token").click()
    expect(page.get_by_role("alert")).to_contain_text("Name the token")
    assert_accessible(page, context="tokens page with errors")

    page.get_by_label("Name").fill("HR sync")
    page.get_by_label("Data steward").check()
    page.get_by_label("Lasts").select_option(label="7 days")
    page.get_by_role("button", name="Make token").click()
    raw = page.get_by_role("textbox", name="Token", exact=True).input_value()
    token = AccessToken.objects.get(name="HR sync")
    assert raw.startswith(f"belong_{token.prefix}_") and token.roles == ["data_steward"]
    assert_accessible(page, context="tokens page showing a new token")

    answer = page.request.get(
        f"{live_server.url}/api/v1/people/", headers={"Authorization": f"Bearer {raw}"}
    )
    assert answer.status == 200 and answer.json()["total"] > 0

    page.goto(f"{live_server.url}/access/tokens/")
    expect(page.get_by_role("textbox", name="Token", exact=True)).to_have_count(0)
    table = page.get_by_role("table", name="Your tokens (1)")
    expect(table).to_contain_text("HR sync")
    expect(table).to_contain_text("Live")
    table.get_by_role("button", name="Revoke HR sync").click()
    expect(page.get_by_text("Token “HR sync” revoked")).to_be_visible()
    expect(page.get_by_role("table", name="Your tokens (1)")).to_contain_text("Revoked")
    assert_accessible(page, context="tokens page after revoking")
    answer = page.request.get(
        f"{live_server.url}/api/v1/people/", headers={"Authorization": f"Bearer {raw}"}
    )
    assert answer.status == 401


def test_api_documentation_loads_from_the_app_alone(world, page, live_server) -> None:  # type: ignore[no-untyped-def]
    own = urlsplit(live_server.url).netloc
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda r: urlsplit(r.url).netloc not in (own, "") and elsewhere.append(r.url),
    )
    blocked: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text))
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.get_by_text("/api/v1/people/").first).to_be_visible()
    expect(page.get_by_text("/api/v1/hsds/services").first).to_be_visible()
    assert elsewhere == [] and blocked == []
    assert_accessible(page, context="API documentation")
