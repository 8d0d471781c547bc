"""Benchmark: survey responses at load, over real HTTP, on SQLite and on PostgreSQL.

A campaign invites ``--responses`` students (default 500; the figure we
report is ``--responses=5000``), each with a single-use link, through the
project's own actions. Then Belong is served as in production — gunicorn, 2
workers — and ``--clients`` threads (default 8) answer it at once: each takes a
link, GETs the form (for its CSRF token) and POSTs the answers, as a browser
would. Measured in the same run, against the same server:

* **baseline**: the same clients and the same number of request pairs, each
  pair two GETs of ``/healthz`` (a request that touches the database and
  writes nothing);
* **responses**: the GET and POST of a real response (seal the answers, record
  the participation, kill the link, count the anonymous audit event).

Printed per database: responses per second, median and 95th-percentile
latency of a response (GET + POST), the same for the baseline, their ratio,
and how much slower the last tenth of the responses were than the first tenth
(1.0 when a submission costs the same however many came before it). Afterwards
every link must be dead, with one participation, one sealed envelope and one
anonymous audit event per response; any error fails the benchmark.

PostgreSQL: ``BELONG_BENCH_POSTGRES`` (default
``postgres://postgres@127.0.0.1:5432/postgres``) names a server whose user may
create a database; a scratch database is created and dropped, and PostgreSQL
is skipped, saying so, when the server cannot be reached. Options:
``--responses=N``, ``--clients=C``, ``--db=sqlite,postgres``.
"""

from __future__ import annotations

import os
import queue
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
RESPONSES = 500
CLIENTS = 8
WORKERS = 2
ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ANSWERS: dict[str, Any] = {
    **{f"belong_{n}": "4" for n in range(1, 5)},
    **{f"env_{n}": "3" for n in range(1, 5)},
    **{f"voice_{n}": "2" for n in range(1, 4)},
    "witnessed": "once",
    "settings": ["clinical"],
    "comment": "More quiet rooms on the wards.",
}


def _option(argv: list[str], name: str, default: str) -> str:
    for arg in argv:
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
    return default


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[int(share * (len(ordered) - 1))]


# --- inside a scratch database: setup and checks (run as subprocesses) ------------------


def _django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belong.settings")
    django.setup()


def setup(responses: int, tokens_file: Path) -> None:
    """Migrate, invite ``responses`` students to an open campaign, write their links."""
    import datetime

    _django()
    from django.core.management import call_command
    from django.utils import timezone

    from belong.access.actions import grant_role_from_console
    from belong.access.models import User
    from belong.people.models import Affiliation, Person, Unit
    from belong.surveys import links
    from belong.surveys.actions.campaigns import CampaignSettings, create_campaign, open_campaign
    from belong.surveys.actions.instruments import install_standard
    from belong.surveys.models import Instrument, Invitation

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    md = Unit.objects.get(kind=Unit.Kind.PROGRAM, parent__kind=Unit.Kind.SCHOOL)  # a migration's
    people = Person.objects.bulk_create(
        Person(
            institutional_id=f"S{i:06d}",
            legal_given_name=f"Student{i}",
            legal_family_name="Bench",
            email=f"s{i}@example.edu",
        )
        for i in range(responses)
    )
    Affiliation.objects.bulk_create(
        Affiliation(
            person=p,
            kind=Affiliation.Kind.STUDENT,
            unit=md,
            cohort=2028 + i % 4,
            start_date=today - datetime.timedelta(days=400),
            status=Affiliation.Status.ACTIVE,
        )
        for i, p in enumerate(people)
    )
    analyst = User.objects.create_user("analyst", email="analyst@example.edu")
    grant_role_from_console(user=analyst, role="analyst")
    install_standard()
    settings = CampaignSettings(
        title="Climate survey",
        version=Instrument.objects.get(code="belong-climate").latest,
        opens_on=today,
        closes_on=today + datetime.timedelta(days=21),
        audience_kinds=("student",),
        dimensions=("cohort",),
    )
    campaign = open_campaign(by=analyst, campaign=create_campaign(by=analyst, settings=settings))
    invitations = Invitation.objects.filter(campaign=campaign).values_list("pk", "link_salt")
    tokens = [links.make_token(pk, salt) for pk, salt in invitations]
    secrets.SystemRandom().shuffle(tokens)
    tokens_file.write_text("\n".join(tokens))


def check(responses: int) -> None:
    """Exit non-zero unless every response left exactly what it should."""
    _django()
    from belong.access.models import PendingAnonymousEvents
    from belong.anonymity.models import SealedEnvelope
    from belong.surveys.models import Invitation, Participation

    found = {
        "participations": Participation.objects.count(),
        "sealed envelopes": SealedEnvelope.objects.count(),
        "anonymous audit events": sum(
            e["count"] for p in PendingAnonymousEvents.objects.all() for e in p.events
        ),
        "dead links": Invitation.objects.filter(link_salt="").count(),
    }
    wrong = {k: v for k, v in found.items() if v != responses}
    print(f"  afterwards: {', '.join(f'{v:,} {k}' for k, v in found.items())}")
    if wrong:
        raise SystemExit(f"expected {responses:,} of each, found {wrong}")


def event_costs(responses: int, repeats: int = 50) -> None:
    """The cost of one anonymous audit event when the day already holds 0 or ``responses``.

    ``one row``: the previous design, re-enacted here: the day's events in one row,
    a list sorted by random id rewritten whole under a row lock at each event.
    ``shards``: ``record_anonymous`` as shipped. Run in rolled-back transactions.
    """
    _django()
    from django.db import transaction
    from django.utils import timezone

    from belong.access import audit
    from belong.access.audit import anonymous
    from belong.access.models import PendingAnonymousEvents

    target = ("surveys.campaign", "1")
    kind = audit.SurveyEvent.RESPONSE_RECEIVED
    item = {"verb": kind.verb, "target_type": target[0], "target_id": target[1], "detail": {}}

    def one_row(before: int) -> float:
        day = timezone.localdate() + datetime.timedelta(days=400)  # a day nothing else uses
        events = sorted(
            ({**item, "id": secrets.token_hex(16)} for _ in range(before)), key=lambda e: e["id"]
        )
        PendingAnonymousEvents.objects.create(day=day, shard=0, events=events)
        began = time.perf_counter()
        for _ in range(repeats):
            with transaction.atomic():
                row = PendingAnonymousEvents.objects.select_for_update().get(day=day, shard=0)
                new = {**item, "id": secrets.token_hex(16)}
                row.events = sorted([*row.events, new], key=lambda e: e["id"])
                row.save(update_fields=["events"])
        return (time.perf_counter() - began) / repeats

    def shards(before: int) -> float:
        PendingAnonymousEvents.objects.filter(day=timezone.localdate()).delete()
        anonymous.open_day(timezone.localdate())
        for shard in PendingAnonymousEvents.objects.filter(day=timezone.localdate()):
            n = before // anonymous.SHARDS + (shard.shard < before % anonymous.SHARDS)
            shard.events = [{**item, "count": n}] if n else []
            shard.save(update_fields=["events"])
        began = time.perf_counter()
        for _ in range(repeats):
            with transaction.atomic():
                audit.record_anonymous(kind, target=target)
        return (time.perf_counter() - began) / repeats

    import datetime

    costs = {}
    for name, fn in (("one row", one_row), ("shards", shards)):
        for before in (0, responses):
            with transaction.atomic():
                costs[name, before] = fn(before)
                transaction.set_rollback(True)
    for name in ("one row", "shards"):
        print(
            f"  one anonymous audit event, {name:<8} {1000 * costs[name, 0]:6.2f} ms on an empty "
            f"day, {1000 * costs[name, responses]:6.2f} ms after {responses:,} "
            f"({costs[name, responses] / costs[name, 0]:.2f}x)"
        )
    print(
        f"  after {responses:,}: one row / shards = "
        f"{costs['one row', responses] / costs['shards', responses]:.1f}x"
    )


# --- the clients ------------------------------------------------------------------------


def _clients(base: str, clients: int, jobs: list[str], work: Any) -> dict[str, Any]:
    """Run ``work(session, base, job)`` for every job on ``clients`` threads."""
    import requests

    todo: queue.Queue[tuple[int, str]] = queue.Queue()
    for i, job in enumerate(jobs):
        todo.put((i, job))
    timings: list[tuple[int, float]] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        with requests.Session() as session:
            while True:
                try:
                    i, job = todo.get_nowait()
                except queue.Empty:
                    return
                began = time.perf_counter()
                try:
                    work(session, base, job)
                except Exception as error:
                    with lock:
                        errors.append(f"{type(error).__name__}: {error}"[:300])
                    continue
                with lock:
                    timings.append((i, time.perf_counter() - began))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    latencies = [t for _, t in sorted(timings)]
    tenth = max(1, len(latencies) // 10)
    return {
        "per_second": len(latencies) / elapsed,
        "median_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "p95_ms": 1000 * _percentile(latencies, 0.95) if latencies else float("nan"),
        "growth": statistics.median(latencies[-tenth:]) / statistics.median(latencies[:tenth])
        if latencies
        else float("nan"),
        "done": len(latencies),
        "errors": errors,
    }


def _health_pair(session: Any, base: str, _job: str) -> None:
    for _ in range(2):
        response = session.get(f"{base}/healthz", timeout=60)
        response.raise_for_status()


def _respond(session: Any, base: str, token: str) -> None:
    url = f"{base}/surveys/answer/{token}/"
    page = session.get(url, timeout=60)
    page.raise_for_status()
    match = CSRF.search(page.text)
    if match is None:
        raise RuntimeError("the form has no CSRF token")
    sent = session.post(
        url,
        data={**ANSWERS, "csrfmiddlewaretoken": match.group(1)},
        headers={"Referer": url},
        allow_redirects=False,
        timeout=60,
    )
    if sent.status_code != 302 or not sent.headers.get("Location", "").endswith("/answered/"):
        raise RuntimeError(f"POST answered {sent.status_code}, not a redirect to answered")


# --- one database -----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "belong.wsgi:application",
            f"--workers={WORKERS}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    import requests

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=30).ok:
                return server
        except requests.RequestException:
            time.sleep(0.5)
    _stop(server)
    raise SystemExit("gunicorn did not answer within 90 s")


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(10)


def _run(label: str, url: str, data_dir: Path, responses: int, clients: int) -> int:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "BELONG_DATA_DIR": str(data_dir),
        "BELONG_SECRET_KEY": secrets.token_urlsafe(50),
        "BELONG_DEBUG": "false",
        "BELONG_ALLOWED_HOSTS": "127.0.0.1",
        "BELONG_LOG_LEVEL": "warning",  # the baseline's request lines are not measured
    }
    env.pop("BELONG_HTTPS", None)
    tokens_file = data_dir / "links.txt"
    (data_dir / "static").mkdir()  # STATIC_ROOT; the clients fetch no static file
    began = time.perf_counter()
    me = [sys.executable, "-m", "bench.bench_survey_load"]
    subprocess.run(
        [*me, "--setup", f"--responses={responses}", f"--out={tokens_file}"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    tokens = tokens_file.read_text().split("\n")
    print(
        f"\n{label}: campaign with {len(tokens):,} invitations set up in "
        f"{time.perf_counter() - began:.1f} s"
    )
    port = _free_port()
    server = _serve(env, port)
    base = f"http://127.0.0.1:{port}"
    try:
        _clients(base, clients, ["warm"] * (4 * clients), _health_pair)
        baseline = _clients(base, clients, ["health"] * len(tokens), _health_pair)
        measured = _clients(base, clients, tokens, _respond)
    finally:
        _stop(server)
    for name, r in (
        ("baseline (2 x GET /healthz)", baseline),
        ("responses (GET + POST)", measured),
    ):
        print(
            f"  {name:<28} {r['per_second']:7.1f} /s   median {r['median_ms']:6.1f} ms   "
            f"p95 {r['p95_ms']:6.1f} ms   ({r['done']:,} done, {len(r['errors'])} errors)"
        )
    print(
        f"  responses/baseline: {measured['per_second'] / baseline['per_second']:.2f}x "
        f"throughput, p95 {measured['p95_ms'] / baseline['p95_ms']:.2f}x; last tenth of the "
        f"responses / first tenth (median): {measured['growth']:.2f}x; "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    )
    errors = baseline["errors"] + measured["errors"]
    if errors:
        print(f"  FAILED: {len(errors)} errors, the first: {errors[0]}")
        return 1
    done = subprocess.run([*me, "--check", f"--responses={len(tokens)}"], cwd=ROOT, env=env)
    subprocess.run([*me, "--events", f"--responses={len(tokens)}"], cwd=ROOT, env=env, check=True)
    return done.returncode


def _postgres(server: str) -> tuple[str | None, str]:
    """A scratch database's URL, or None and why not."""
    import psycopg

    name = f"belong_bench_survey_{os.getpid()}"
    try:
        with psycopg.connect(server, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as exc:
        return None, str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return server.rsplit("/", 1)[0] + f"/{name}", name


def _drop(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(argv: list[str]) -> int:
    responses = int(_option(argv, "responses", str(RESPONSES)))
    clients = int(_option(argv, "clients", str(CLIENTS)))
    databases = _option(argv, "db", "sqlite,postgres").split(",")
    print(
        f"{responses:,} survey responses by {clients} concurrent clients over HTTP, gunicorn "
        f"with {WORKERS} workers; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    )
    status = 0
    for database in databases:
        with tempfile.TemporaryDirectory(prefix="belong-bench-") as scratch:
            data_dir = Path(scratch)
            if database == "sqlite":
                url = f"sqlite:///{data_dir / 'belong.sqlite3'}"
                status |= _run("SQLite", url, data_dir, responses, clients)
                continue
            server = os.environ.get("BELONG_BENCH_POSTGRES", SERVER)
            url_or_none, name = _postgres(server)
            if url_or_none is None:
                print(
                    f"\nPostgreSQL SKIPPED: not reachable at {server} ({name}); set "
                    "BELONG_BENCH_POSTGRES to a server whose user may create a database."
                )
                continue
            try:
                status |= _run("PostgreSQL", url_or_none, data_dir, responses, clients)
            finally:
                _drop(server, name)
    return status


if __name__ == "__main__":
    if "--setup" in sys.argv:
        setup(
            int(_option(sys.argv, "responses", str(RESPONSES))), Path(_option(sys.argv, "out", ""))
        )
    elif "--events" in sys.argv:
        event_costs(int(_option(sys.argv, "responses", str(RESPONSES))))
    elif "--check" in sys.argv:
        check(int(_option(sys.argv, "responses", str(RESPONSES))))
    else:
        sys.exit(main(sys.argv[1:]))
