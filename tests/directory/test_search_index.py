"""PostgreSQL only: the search column has a trigram GIN index, and a rare word uses it."""

from __future__ import annotations

import pytest
from django.db import connection

from belong.directory import queries
from tests.factories.directory import ServiceFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's"),
]


def test_the_search_column_has_a_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'directory_service_search_trgm'"
        )
        (definition,) = cursor.fetchone()
    assert "gin (search_text gin_trgm_ops)" in definition


def test_a_word_search_can_use_the_index(world):
    ServiceFactory.create_batch(20)
    sql, params = (
        queries.search_services(queries.Filters(query="zebra")).values("pk").query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "directory_service_search_trgm" in plan
