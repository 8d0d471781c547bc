"""The site names itself: a favicon on every page and at /favicon.ico, and a
sign-in page that says Belong rather than the host it was reached by."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.core import mail


def test_favicon_ico_answers_with_the_shipped_icon(client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    with open(finders.find("core/favicon.ico"), "rb") as handle:
        assert response.content == handle.read()
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO header, not a page
    assert "max-age" in response["Cache-Control"]


def test_every_page_links_its_icon(world, client) -> None:  # type: ignore[no-untyped-def]
    for user, url in [(None, "/accounts/login/"), (world.user("student"), "/"), (None, "/nope/")]:
        client.logout()
        if user is not None:
            client.force_login(user)
        page = client.get(url).content.decode()
        assert re.search(r'<link rel="icon" href="[^"]*favicon\.svg" type="image/svg\+xml">', page)
        assert re.search(r'<link rel="icon" href="[^"]*favicon\.ico"', page)


def test_sign_in_page_names_belong_not_the_host(client, db, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ALLOWED_HOSTS = ["belong-web-3.internal"]
    page = client.get("/accounts/login/", HTTP_HOST="belong-web-3.internal").content.decode()
    assert "<title>Sign in · Belong</title>" in page
    assert "<h1>Sign in to Belong</h1>" in page
    assert "belong-web-3.internal" not in page


def test_password_reset_mail_names_belong(world, client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = world.user("staff")
    user.set_password("a-long-staff-password")
    user.save()
    client.post("/accounts/password/reset/", {"email": user.email})
    (message,) = mail.outbox
    assert message.subject == "Reset your Belong password"
