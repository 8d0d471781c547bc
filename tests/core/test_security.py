"""Production safety: deploy checks, headers, sessions, throttling, secrets."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from belong.core import env

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, extra_env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    # A production-like environment: none of Belong's settings from this run, and
    # not the async-safety switch the browser tests set in this process.
    dropped = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("BELONG_") and k not in dropped
    }
    environment.update({"BELONG_DATA_DIR": str(tmp_path), **extra_env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_settings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        extra_env={
            "BELONG_HTTPS": "true",
            "BELONG_SECRET_KEY": secrets.token_urlsafe(64),
            "BELONG_ALLOWED_HOSTS": "belong.example.edu",
            "BELONG_SITE_URL": "https://belong.example.edu",
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_https_without_a_secret_key_is_an_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    production = {"BELONG_HTTPS": "true", "BELONG_ALLOWED_HOSTS": "belong.example.edu"}
    result = _manage("check", extra_env=production, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "belong.E001" in result.stderr and "no secret key is set" in result.stderr
    # Neither migrate nor gunicorn (which runs no checks) goes ahead.
    result = _manage("migrate", "--no-input", extra_env=production, tmp_path=tmp_path)
    assert result.returncode != 0 and "belong.E001" in result.stderr
    served = subprocess.run(
        [sys.executable, "-c", "import belong.wsgi"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith("BELONG_")}
        | {"BELONG_DATA_DIR": str(tmp_path), **production},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert served.returncode != 0 and "belong.E001" in served.stderr


def test_https_with_a_secret_key_file_passes_the_check(tmp_path) -> None:  # type: ignore[no-untyped-def]
    key_file = tmp_path / "key"
    key_file.write_text(secrets.token_urlsafe(64))
    result = _manage(
        "check",
        extra_env={"BELONG_HTTPS": "true", "BELONG_SECRET_KEY_FILE": str(key_file)},
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr


def test_secret_key_check_in_process(settings) -> None:  # type: ignore[no-untyped-def]
    from belong.core.checks import secret_key_is_configured, site_url_is_configured

    settings.HTTPS, settings.SECRET_KEY_CONFIGURED = False, False
    assert secret_key_is_configured() == []  # one machine, no HTTPS: a generated key is fine
    settings.HTTPS = True
    assert [m.id for m in secret_key_is_configured()] == ["belong.E001"]
    settings.SECRET_KEY_CONFIGURED = True
    assert secret_key_is_configured() == []
    settings.BELONG_SITE_URL = ""
    assert [m.id for m in site_url_is_configured()] == ["belong.W001"]


def test_deploy_check_fails_without_https(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", extra_env={}, tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stderr or "W008" in result.stderr


def test_a_mistyped_boolean_stops_the_process(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = _manage("check", extra_env={"BELONG_DEBUG": "ture"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "BELONG_DEBUG='ture' is not a boolean" in result.stderr


def test_secret_key_from_file_and_generated_once(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    key_file = tmp_path / "key"
    key_file.write_text("from-a-file\n")
    monkeypatch.setenv("X_SECRET_FILE", str(key_file))
    assert env.env_secret("X_SECRET") == "from-a-file"
    first = env.local_secret_key(tmp_path / "data")
    assert env.local_secret_key(tmp_path / "data") == first and len(first) > 50
    assert oct((tmp_path / "data" / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_env_int_names_the_variable(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("X_NUMBER", "ten")
    with pytest.raises(env.EnvironmentValueError, match="X_NUMBER='ten' is not a whole number"):
        env.env_int("X_NUMBER", 1)
    monkeypatch.setenv("X_NUMBER", "0")
    with pytest.raises(env.EnvironmentValueError, match="below the minimum"):
        env.env_int("X_NUMBER", 1, minimum=1)


@pytest.mark.django_db
def test_pages_carry_csp_with_nonce_and_frame_protection(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()  # htmx's script tag


def test_signed_in_pages_are_not_stored_by_browsers(client_for, world) -> None:  # type: ignore[no-untyped-def]
    response = client_for(world.user("student")).get(reverse("people:me"))
    assert response["Cache-Control"] == "no-store"


def test_passwords_are_hashed_with_argon2_in_production() -> None:
    from django.conf import settings as django_settings

    from belong import settings as belong_settings

    assert belong_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert belong_settings.SESSION_COOKIE_AGE <= 8 * 60 * 60


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account_from_that_address(client, settings) -> None:  # type: ignore[no-untyped-def]
    from belong.access.models import User

    settings.AXES_ENABLED = True
    User.objects.create_user("target", password="the-right-password-1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "target", "password": "guess"})
    response = client.post(
        reverse("login"), {"username": "target", "password": "the-right-password-1"}
    )
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()


@pytest.mark.django_db
def test_password_reset_sends_a_single_use_link(client, mailoutbox) -> None:  # type: ignore[no-untyped-def]
    from belong.access.models import User

    User.objects.create_user("resetme", email="resetme@example.edu", password="old-password-12")
    response = client.post(reverse("password_reset"), {"email": "resetme@example.edu"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-password-9", "new_password2": "a-brand-new-password-9"},
    )
    assert User.objects.get(username="resetme").check_password("a-brand-new-password-9")
    again = client.get("/" + path, follow=True)
    assert "has been used or has expired" in again.content.decode()
