"""Request logging: one line per request with its id, errors with their traceback,
anonymous endpoints that leave no account, address, path or exact time."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from belong.core.logging import JsonFormatter, RequestContextFilter, TextFormatter

ROOT = Path(__file__).resolve().parents[2]
EXACT_TIME = re.compile(r"\d{2}:\d{2}:\d{2}")


class Captured:
    def __init__(self, formatter: logging.Formatter) -> None:
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.addFilter(RequestContextFilter())
        self.handler.setFormatter(formatter)

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.text.splitlines()]

    def of(self, logger: str) -> list[dict]:
        return [r for r in self.records() if r["logger"] == logger]


def _capture(formatter: logging.Formatter):  # type: ignore[no-untyped-def]
    captured = Captured(formatter)
    root = logging.getLogger()
    root.addHandler(captured.handler)
    return captured, lambda: root.removeHandler(captured.handler)


@pytest.fixture
def json_log():  # type: ignore[no-untyped-def]
    captured, remove = _capture(JsonFormatter())
    yield captured
    remove()


@pytest.fixture
def text_log():  # type: ignore[no-untyped-def]
    captured, remove = _capture(TextFormatter())
    yield captured
    remove()


def test_each_request_writes_one_line_with_its_id(world, client, json_log) -> None:  # type: ignore[no-untyped-def]
    student = world.user("student")
    client.force_login(student)
    response = client.get("/")
    assert response.status_code == 200
    (line,) = json_log.of("belong.request")
    assert line["request_id"] == response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{16}", line["request_id"])
    assert line["method"] == "GET" and line["route"] == "core:home" and line["path"] == "/"
    assert line["status"] == 200 and line["user_id"] == student.pk
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z", line["time"])
    # An id, never a name or an address.
    assert "student@example.edu" not in json_log.text and "Persona" not in json_log.text
    second = client.get("/")
    assert second["X-Request-ID"] != response["X-Request-ID"]


def test_request_line_leaves_out_the_query_string(world, client, json_log) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("data_steward"))
    client.get("/people/", {"q": "someone.private@example.edu"})
    (line,) = json_log.of("belong.request")
    assert line["path"] == "/people/" and line["route"] == "people:people_list"
    assert "someone.private" not in json_log.text


def test_signed_out_request_has_no_user(client, db, json_log) -> None:  # type: ignore[no-untyped-def]
    client.get("/accessibility/")
    (line,) = json_log.of("belong.request")
    assert "user_id" not in line and line["route"] == "core:accessibility"
    assert line["ip"] == "127.0.0.1"


def test_request_id_header_is_trusted_only_when_configured(client, db, settings, json_log) -> None:  # type: ignore[no-untyped-def]
    offered = "proxy-7f3a.19"
    response = client.get("/accessibility/", headers={"X-Request-ID": offered})
    assert response["X-Request-ID"] != offered
    settings.BELONG_REQUEST_ID_HEADER = "X-Request-ID"
    response = client.get("/accessibility/", headers={"X-Request-ID": offered})
    assert response["X-Request-ID"] == offered
    # What does not look like an id is not written to the log.
    response = client.get("/accessibility/", headers={"X-Request-ID": "jane doe\nforged line"})
    assert re.fullmatch(r"[0-9a-f]{16}", response["X-Request-ID"])
    assert "forged" not in json_log.text
    assert [r["request_id"] for r in json_log.of("belong.request")][1] == offered


@pytest.mark.urls("tests.core.error_urls")
def test_unexpected_error_is_logged_with_the_id_the_page_shows(world, json_log) -> None:  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=False)
    client.force_login(world.user("analyst"))
    response = client.get("/tests/broken/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    page = response.content.decode()
    assert "has been logged" in page and request_id in page
    (error,) = json_log.of("belong.errors")
    assert error["level"] == "ERROR" and error["request_id"] == request_id
    assert error["route"] == "tests_broken" and error["user_id"] == world.user("analyst").pk
    assert "RuntimeError: the view broke" in error["traceback"]
    assert 'in broken\n    raise RuntimeError("the view broke")' in error["traceback"]
    (line,) = json_log.of("belong.request")
    assert line["status"] == 500 and line["level"] == "ERROR" and line["request_id"] == request_id
    # Django's own "Internal Server Error: <path>" line is not repeated.
    assert not json_log.of("django.request")


@pytest.mark.urls("tests.core.error_urls")
def test_anonymous_endpoint_leaves_no_request_line(world, client, json_log) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("student"))
    response = client.get("/tests/anonymous/RECEIPT-4471/")
    assert response.status_code == 200 and response["X-Request-ID"]
    assert json_log.text == ""
    client.get("/")  # an ordinary page is still logged
    assert [r["route"] for r in json_log.of("belong.request")] == ["core:home"]


@pytest.mark.urls("tests.core.error_urls")
def test_error_on_anonymous_endpoint_is_logged_without_who_where_or_when(world, json_log) -> None:  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=False)
    student = world.user("student")
    client.force_login(student)
    response = client.get("/tests/anonymous-broken/RECEIPT-4471/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert request_id in response.content.decode()
    (error,) = json_log.records()
    assert error["logger"] == "belong.errors" and error["request_id"] == request_id
    assert error["route"] == "tests_anonymous_broken" and error["method"] == "GET"
    assert "RuntimeError: the anonymous view broke" in error["traceback"]
    assert "time" not in error and re.fullmatch(r"\d{4}-\d{2}-\d{2}", error["date"])
    for absent in ("user_id", "ip", "path"):
        assert absent not in error
    text = json_log.text
    assert "RECEIPT-4471" not in text and "127.0.0.1" not in text
    assert not EXACT_TIME.search(text.split('"traceback"')[0])


@pytest.mark.urls("tests.core.error_urls")
def test_text_lines_are_readable_and_anonymous_ones_carry_the_day_only(world, text_log) -> None:  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=False)
    client.force_login(world.user("student"))
    ordinary = client.get("/")
    first = text_log.text.splitlines()[0]
    assert re.match(
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z INFO belong\.request "
        rf"\[{ordinary['X-Request-ID']}\] GET core:home 200 method=GET route=core:home path=/ "
        rf"status=200 duration_ms=[\d.]+ user_id={world.user('student').pk} ip=127\.0\.0\.1$",
        first,
    ), first
    anonymous = client.get("/tests/anonymous-broken/RECEIPT-4471/")
    error = text_log.text.split("\n", 1)[1]
    assert error.startswith(
        f"{error[:10]} ERROR belong.errors [{anonymous['X-Request-ID']}] Unexpected error in GET "
        "tests_anonymous_broken method=GET route=tests_anonymous_broken\nTraceback"
    ), error
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", error[:10])
    assert "RECEIPT-4471" not in error and "user_id" not in error


def _python(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    dropped = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "SENTRY_DSN"}
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("BELONG_") and k not in dropped
    }
    environment.update(
        {
            "BELONG_DATA_DIR": str(tmp_path),
            "BELONG_ALLOWED_HOSTS": "testserver",
            "DJANGO_SETTINGS_MODULE": "belong.settings",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


_ONE_REQUEST = """
import django
django.setup()
from django.test import Client
response = Client().get("/accessibility/")
print(response["X-Request-ID"])
"""


def test_settings_write_json_lines_to_standard_error_when_asked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = _python(_ONE_REQUEST, tmp_path, BELONG_LOG_FORMAT="json")
    assert result.returncode == 0, result.stderr
    request_id = result.stdout.strip()
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    (line,) = [x for x in lines if x["logger"] == "belong.request"]
    assert line["request_id"] == request_id and line["route"] == "core:accessibility"
    assert line["status"] == 200


def test_settings_write_text_by_default(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = _python(_ONE_REQUEST, tmp_path)
    assert result.returncode == 0, result.stderr
    request_id = result.stdout.strip()
    assert f"INFO belong.request [{request_id}] GET core:accessibility 200" in result.stderr


def test_a_mistyped_log_format_stops_the_process(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = _python(_ONE_REQUEST, tmp_path, BELONG_LOG_FORMAT="jsno")
    assert result.returncode != 0
    assert "BELONG_LOG_FORMAT='jsno' must be one of: text, json" in result.stderr
