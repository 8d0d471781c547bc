"""Benchmark: searching a directory of 10,000 entries (target: 100 ms or less per search).

Belong's search (``directory.queries.search_services``: every word against
the normalised ``search_text`` column, audience and topic by index, one page
of 25) is timed against a baseline measured in the same run on the same
database: the query one would write without the normalised column,
``icontains`` on each text field of the service and its organization for
every word. Each is the best of three runs of a mix of searches (one word,
two words, a word with a filter, a filter alone, a word matching nothing);
the figure is per search. The machine is shared: its load average is printed.

Runs on an in-memory SQLite test database (or the ``DATABASE_URL`` one's
test copy), created and dropped here. On PostgreSQL the migrations add a
``pg_trgm`` GIN index on ``search_text``; the table is vacuumed and analysed
after filling (as autovacuum would after a bulk load), and for a rare and a
common word the planner's choice is printed with the time of each plan.
Option: ``--entries=N``.
"""

from __future__ import annotations

import os
import time
from typing import Any

from bench.timing import best_time

ENTRIES = 10_000
TARGET_S = 0.100
WORDS = (
    "counselling",
    "tutoring",
    "career",
    "advising",
    "wellness",
    "spanish",
    "peer",
    "clinic",
    "fitness",
    "coverage",
    "writing",
    "mentoring",
    "housing",
    "food",
    "legal",
)
SEARCHES: tuple[tuple[str, str, str], ...] = (
    ("counselling", "", ""),
    ("peer tutoring", "", ""),
    ("spanish", "students", ""),
    ("", "faculty", "career"),
    ("zebra", "", ""),
    ("clinic", "", "counselling"),
)


def _setup() -> Any:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belong.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    return connection, old


def _fill(n: int) -> None:
    import random
    import uuid

    from belong.directory.models import Audience, Organization, Service, Topic
    from belong.people.models import Unit

    rng = random.Random(2026)
    office = Unit.objects.create(code="bench-office", name="Bench office", kind=Unit.Kind.OFFICE)
    orgs = Organization.objects.bulk_create(
        Organization(
            name=f"Office {i} {rng.choice(WORDS)}",
            owner=office,
            hsds_id=str(uuid.UUID(int=rng.getrandbits(128))),
        )
        for i in range(n // 20)
    )
    services = []
    for i in range(n):
        s = Service(
            organization=orgs[i % len(orgs)],
            name=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {i}",
            description=" ".join(rng.choice(WORDS) for _ in range(30)),
            eligibility=" ".join(rng.choice(WORDS) for _ in range(8)),
            languages=rng.choice(["English", "English, Spanish", "English, Français"]),
            audience=rng.choice(Audience.values),
            topic=rng.choice(Topic.values),
            hsds_id=str(uuid.UUID(int=rng.getrandbits(128))),
        )
        s.organization = orgs[i % len(orgs)]
        s.refresh_search_text()
        services.append(s)
    Service.objects.bulk_create(services, batch_size=1000)


def _execution_ms(cursor: Any, sql: str, params: Any) -> float:
    cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
    return float(cursor.fetchone()[0][0]["Execution Time"])


def _plan(connection: Any) -> str:
    """On PostgreSQL: whether the planner uses the trigram index for a one-word search,
    and that search's time with the index and with a sequential scan (best of three each)."""
    if connection.vendor != "postgresql":
        return ""
    from belong.directory import queries

    lines = []
    with connection.cursor() as cursor:
        # As autovacuum would after a bulk load: moves the GIN index's pending entries
        # into the index proper, and gathers statistics.
        cursor.execute("VACUUM ANALYZE directory_service")
        for word in ("zebra", "counselling"):
            qs = queries.search_services(queries.Filters(query=word)).values("pk")
            sql, params = qs.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            chosen = "trigram index" if "directory_service_search_trgm" in plan else "seq scan"
            cursor.execute("SET enable_seqscan = off")
            indexed = min(_execution_ms(cursor, sql, params) for _ in range(3))
            cursor.execute("SET enable_seqscan = on")
            cursor.execute("SET enable_bitmapscan = off")
            cursor.execute("SET enable_indexscan = off")
            scanned = min(_execution_ms(cursor, sql, params) for _ in range(3))
            cursor.execute("RESET enable_bitmapscan")
            cursor.execute("RESET enable_indexscan")
            lines.append(
                f"one word {word!r}: planner chose {chosen}; with the trigram index "
                f"{indexed:.2f} ms, sequential scan {scanned:.2f} ms "
                f"(ratio {indexed / scanned:.2f})"
            )
    return "\n".join(lines)


def _belong() -> int:
    from belong.directory import queries

    total = 0
    for q, audience, topic in SEARCHES:
        qs = queries.search_services(queries.Filters(query=q, audience=audience, topic=topic))
        total += qs.count() + len(list(qs[:25]))
    return total


def _baseline() -> int:
    from django.db.models import Q

    from belong.directory.models import Service

    total = 0
    for q, audience, topic in SEARCHES:
        qs = Service.objects.exclude(status="inactive")
        for word in q.split():
            qs = qs.filter(
                Q(name__icontains=word)
                | Q(description__icontains=word)
                | Q(organization__name__icontains=word)
                | Q(eligibility__icontains=word)
                | Q(languages__icontains=word)
            )
        if audience:
            qs = qs.filter(audience__in=[audience, "everyone"])
        if topic:
            qs = qs.filter(topic=topic)
        qs = qs.select_related("organization").order_by("name", "pk")
        total += qs.count() + len(list(qs[:25]))
    return total


def main(argv: list[str]) -> int:
    n = ENTRIES
    for option in argv:
        if option.startswith("--entries="):
            n = int(option.split("=", 1)[1])
    connection, old = _setup()
    try:
        started = time.perf_counter()
        _fill(n)
        print(
            f"directory of {n:,} entries built in {time.perf_counter() - started:.1f} s "
            f"({connection.vendor})"
        )
        plan = _plan(connection)
        if plan:
            print(plan)
        b_wall, _, b_found = best_time(_belong)
        base_wall, _, base_found = best_time(_baseline)
        # Same answers, or the comparison means nothing.
        print(f"entries found: Belong {b_found:,}, baseline {base_found:,}")
        per_search = b_wall / len(SEARCHES)
        per_base = base_wall / len(SEARCHES)
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"Belong search:   {per_search * 1000:7.1f} ms per search (count and first page)")
        print(f"baseline search: {per_base * 1000:7.1f} ms per search (icontains on every field)")
        print(f"ratio Belong/baseline: {per_search / per_base:.2f}")
        verdict = "meets" if per_search <= TARGET_S else "MISSES"
        print(f"target {TARGET_S * 1000:.0f} ms per search: {verdict}")
        return 0 if per_search <= TARGET_S else 1
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
