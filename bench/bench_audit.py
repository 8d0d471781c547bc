"""Benchmark: 20 signed-in students reading their own pages at once, on PostgreSQL.

Each page a student opens here records audit events (a read of their own
check-ins, reflections, support requests). Until the log had several chains,
every event took one global lock held to its commit, so the students queued on
it. Measured in the same run, on the same freshly migrated database:

* **before**: the single-lock log (``belong.access.audit.chain.CHAINS = 1``:
  one chain, one lock, exactly the old append path);
* **after**: the log as shipped (``CHAINS`` chains, one lock each).

``USERS`` worker processes (one per student, each with its own connection, as
web workers would have) sign in and request their pages in a loop for
``SECONDS`` seconds; both modes run ``ROUNDS`` times, alternating, and the best
round of each is kept (the machine is shared: its load average is printed).
Printed: pages per second, median and 95th-percentile latency, audit events
written, the time each request spent waiting for an audit lock (measured
inside the workers, so it holds however loaded the machine is), and the
after/before ratio of pages per second. A second figure isolates the lock:
the same processes append audit events only, with no page.

Needs a PostgreSQL server (``BELONG_BENCH_POSTGRES``, default
``postgres://postgres@127.0.0.1:5432/postgres``) whose user may create a
database: a scratch database is created and dropped. Skips, saying so, when
the server cannot be reached. Options: ``--users=N``, ``--seconds=S``,
``--rounds=R``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from typing import Any

SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
USERS = 20
SECONDS = 6.0
ROUNDS = 2
PAGES = ("/wellbeing/checkins/", "/wellbeing/reach/journal/", "/wellbeing/support/")


def _option(argv: list[str], name: str, default: float) -> float:
    for arg in argv:
        if arg.startswith(f"--{name}="):
            return float(arg.split("=", 1)[1])
    return default


def _reachable(url: str) -> str | None:
    """None if the server answers, else why not."""
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return None


def main(argv: list[str]) -> int:
    server = os.environ.get("BELONG_BENCH_POSTGRES", SERVER)
    problem = _reachable(server)
    if problem:
        print(
            f"SKIPPED: PostgreSQL is not reachable at {server} ({problem}). This benchmark "
            "measures PostgreSQL's locks; set BELONG_BENCH_POSTGRES=postgres://user@host:port/db "
            "to a server whose user may create a database."
        )
        return 0
    import psycopg

    name = f"belong_bench_audit_{os.getpid()}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        url = server.rsplit("/", 1)[0] + f"/{name}"
        # Django's test client calls itself "testserver".
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "BELONG_DEBUG": "false",
            "BELONG_ALLOWED_HOSTS": "testserver",
        }
        env.pop("BELONG_HTTPS", None)
        done = subprocess.run(
            [sys.executable, "-m", "bench.bench_audit", "--worker", *argv],
            env=env,
            check=False,
        )
        return done.returncode
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- inside the scratch database ----------------------------------------------------------


def _setup(users: int) -> list[int]:
    import datetime

    from django.core.management import call_command

    from belong.access.models import User
    from belong.people.models import Affiliation, Person, Unit

    call_command("migrate", verbosity=0)
    school = Unit.objects.create(code="school", name="School of Medicine", kind=Unit.Kind.SCHOOL)
    md = Unit.objects.create(code="md", name="MD Program", kind=Unit.Kind.PROGRAM, parent=school)
    ids = []
    for i in range(users):
        user = User.objects.create_user(f"student{i:02d}", email=f"s{i}@example.edu")
        person = Person.objects.create(
            institutional_id=f"S{i:05d}",
            legal_given_name=f"Student{i}",
            legal_family_name="Bench",
            email=f"s{i}@example.edu",
            user=user,
        )
        Affiliation.objects.create(
            person=person,
            kind=Affiliation.Kind.STUDENT,
            unit=md,
            cohort=datetime.date.today().year + 1,
            start_date=datetime.date.today() - datetime.timedelta(days=400),
            status=Affiliation.Status.ACTIVE,
        )
        ids.append(user.pk)
    return ids


def _student(user_id: int, chains: int, seconds: float, pages: bool, start: Any, out: Any) -> None:
    """One signed-in student (a process of its own), requesting pages until time is up."""
    from django.db import connections
    from django.test import Client

    from belong.access import audit
    from belong.access.audit import chain
    from belong.access.models import User

    connections.close_all()
    chain.CHAINS = chains
    # Time spent waiting for the audit lock, whatever else the machine is doing.
    waited = [0.0]
    take_lock = chain.hold_transaction_lock

    def timed_lock(name: str) -> None:
        began = time.perf_counter()
        take_lock(name)
        waited[0] += time.perf_counter() - began

    chain.hold_transaction_lock = timed_lock
    user = User.objects.get(pk=user_id)
    client = Client()
    client.force_login(user)
    for page in PAGES:  # warm caches and check the pages answer
        response = client.get(page)
        if response.status_code != 200:
            out.put({"error": f"{page} answered {response.status_code} for {user}"})
            return
    latencies, waits = [], []
    start.wait()
    deadline = time.perf_counter() + seconds
    i = 0
    while (now := time.perf_counter()) < deadline:
        waited[0] = 0.0
        if pages:
            response = client.get(PAGES[i % len(PAGES)])
            assert response.status_code == 200
        else:
            audit.record(audit.AccessEvent.SIGNED_IN, by=user, target=user)
        latencies.append(time.perf_counter() - now)
        waits.append(waited[0])
        i += 1
    out.put({"latencies": latencies, "waits": waits})
    connections.close_all()


def _round(ids: list[int], chains: int, seconds: float, pages: bool) -> dict[str, float]:
    import multiprocessing

    from django.db import connections

    from belong.access.models import AuditEvent

    connections.close_all()
    context = multiprocessing.get_context("fork")
    start, out = context.Event(), context.Queue()
    before = AuditEvent.objects.count()
    connections.close_all()
    workers = [
        context.Process(target=_student, args=(uid, chains, seconds, pages, start, out))
        for uid in ids
    ]
    for w in workers:
        w.start()
    time.sleep(1.0)  # every worker signed in and warmed up
    began = time.perf_counter()
    start.set()
    results = [out.get(timeout=seconds + 120) for _ in workers]
    elapsed = time.perf_counter() - began
    for w in workers:
        w.join(30)
    errors = [r["error"] for r in results if "error" in r]
    if errors:
        raise SystemExit(errors[0])
    latencies = sorted(x for r in results for x in r["latencies"])
    waits = sorted(x for r in results for x in r["waits"])
    return {
        "wait_ms": 1000 * statistics.mean(waits),
        "wait_p95_ms": 1000 * waits[int(0.95 * (len(waits) - 1))],
        "wait_share": sum(waits) / sum(latencies),
        "per_second": len(latencies) / min(elapsed, seconds + 0.5),
        "median_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "requests": len(latencies),
        "events": AuditEvent.objects.count() - before,
    }


def worker(argv: list[str]) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belong.settings")
    django.setup()
    from django.db import connection

    from belong.access.audit import chain, verify_chain

    users = int(_option(argv, "users", USERS))
    seconds = _option(argv, "seconds", SECONDS)
    rounds = int(_option(argv, "rounds", ROUNDS))
    ids = _setup(users)
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        sync = cursor.fetchone()[0]
    print(
        f"{users} signed-in students, each in its own process, {seconds:g} s per round, "
        f"best of {rounds}; PostgreSQL synchronous_commit={sync}; "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    )
    status = 0
    for label, pages in (("own pages", True), ("audit appends only", False)):
        best: dict[str, dict[str, float]] = {}
        for _ in range(rounds):
            for mode, count in (("before", 1), ("after", chain.CHAINS)):
                result = _round(ids, count, seconds, pages)
                if mode not in best or result["per_second"] > best[mode]["per_second"]:
                    best[mode] = result
        print(f"\n{label}:")
        for mode, count in (("before", 1), ("after", chain.CHAINS)):
            r = best[mode]
            print(
                f"  {mode:<6} ({count:>2} chain{'s' if count > 1 else ' '}) "
                f"{r['per_second']:8.1f} /s   median {r['median_ms']:6.1f} ms   "
                f"p95 {r['p95_ms']:6.1f} ms   ({r['requests']:,} requests, "
                f"{r['events']:,} audit events)\n"
                f"{'':18}waiting for the audit lock: mean {r['wait_ms']:6.2f} ms, "
                f"p95 {r['wait_p95_ms']:6.2f} ms per request, "
                f"{100 * r['wait_share']:.1f}% of request time"
            )
        ratio = best["after"]["per_second"] / best["before"]["per_second"]
        waits = (best["before"]["wait_ms"], best["after"]["wait_ms"])
        print(
            f"  ratio after/before: {ratio:.2f}x throughput; lock wait per request "
            f"{waits[0]:.2f} ms -> {waits[1]:.2f} ms; load average {os.getloadavg()[0]:.2f}"
        )
    report = verify_chain()
    print(
        f"\nverify_audit after the run: {report.events:,} events in {len(report.heads)} "
        f"chains, {'intact' if report.ok else 'NOT intact'}"
    )
    if not report.ok:
        status = 1
    return status


if __name__ == "__main__":
    if "--worker" in sys.argv:
        sys.exit(worker([a for a in sys.argv[1:] if a != "--worker"]))
    sys.exit(main(sys.argv[1:]))
