"""Optional Sentry reporting: off and not even imported by default; when on, no
personal data, the request id as a tag, nothing from anonymous endpoints.

Each case runs in its own process: Sentry's Django integration patches Django
for the life of a process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DSN = "https://public@sentry.invalid/1"


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


def test_default_install_neither_needs_nor_loads_sentry(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = "import sys, django\ndjango.setup()\nprint('sentry_sdk' in sys.modules)"
    result = _python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_sentry_dsn_without_the_extra_says_what_to_install(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = "import sys\nsys.modules['sentry_sdk'] = None\nimport django\ndjango.setup()"
    result = _python(code, tmp_path, SENTRY_DSN=DSN)
    assert result.returncode != 0
    assert "sentry-sdk is not installed: pip install 'belong[sentry]'" in result.stderr


def test_sentry_dsn_turns_reporting_on_without_personal_data(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = """
import json, django
django.setup()
import sentry_sdk
options = sentry_sdk.get_client().options
print(json.dumps([sentry_sdk.get_client().is_active(), options["send_default_pii"],
                  options["include_local_variables"], options["max_request_body_size"],
                  options["environment"]]))
"""
    result = _python(code, tmp_path, SENTRY_DSN=DSN, BELONG_SENTRY_ENVIRONMENT="staging")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [True, False, False, "never", "staging"]


_REPORT = """
import json, django
django.setup()
from django.test import Client, override_settings
from sentry_sdk.transport import Transport

from belong.core.sentry import init_sentry

events = []


class Capture(Transport):
    def capture_envelope(self, envelope):
        events.extend(i.payload.json for i in envelope.items if i.type == "event")


init_sentry("DSN_HERE", environment="test", release="", transport=Capture())
with override_settings(ROOT_URLCONF="tests.core.error_urls"):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "abc"
    ordinary = client.get("/tests/broken/")
    anonymous = client.get("/tests/anonymous-broken/RECEIPT-4471/")
print(json.dumps({"ids": [ordinary["X-Request-ID"], anonymous["X-Request-ID"]],
                  "statuses": [ordinary.status_code, anonymous.status_code],
                  "events": events}))
""".replace("DSN_HERE", DSN)


def test_errors_reach_sentry_tagged_with_the_request_id_and_nothing_personal(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = _python(_REPORT, tmp_path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.splitlines()[-1])
    assert out["statuses"] == [500, 500]
    (event,) = out["events"]  # the anonymous endpoint's error is not sent
    assert event["tags"]["request_id"] == out["ids"][0]
    assert event["exception"]["values"][-1]["value"] == "the view broke"
    assert "user" not in event or not event["user"].get("ip_address")
    request = event.get("request", {})
    assert not request.get("data") and "cookies" not in request
    assert "abc" not in json.dumps(request.get("headers", {}))
    frames = event["exception"]["values"][-1]["stacktrace"]["frames"]
    assert frames and not any("vars" in frame for frame in frames)
    assert "RECEIPT-4471" not in json.dumps(out["events"])
