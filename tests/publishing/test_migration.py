"""Releases frozen before publishing existed are carried into it unchanged, ids and all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("equity", "0002_import_run_in_importing"), ("publishing", "0001_initial")]
AFTER = [("equity", "0003_releases_move_to_publishing")]


def _migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_equity_releases_move_to_publishing_with_their_ids_and_history() -> None:
    old = _migrate(BEFORE)
    Release = old.get_model("equity", "Release")
    Publication = old.get_model("equity", "Publication")
    now = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
    common = {
        "spec": {"pipeline": {"code": "md_admissions"}},
        "data_version": "a" * 64,
        "data_summary": {"events": 3},
        "k": 10,
        "years": [2024],
        "created_at": now,
    }
    # Bulk writes: the historical model has no save() guard, but keep to what a row holds.
    Release.objects.bulk_create(
        [
            Release(
                id=7,
                title="Draft",
                pipeline_code="md_admissions",
                pipeline_label="MD admissions",
                result={"parameters": {}, "cells": {"columns": ["count"], "rows": [[12]]}},
                **common,
            ),
            Release(
                id=9,
                title="Noisy",
                pipeline_code="faculty",
                pipeline_label="Faculty",
                result={"parameters": {}},
                status="published",
                audience="public",
                published_at=now,
                noise_epsilon=1.0,
                noised_result={"parameters": {}, "cells": {"columns": ["count"], "rows": [[14]]}},
                **common,
            ),
        ]
    )
    Publication.objects.create(
        id=3, release_id=9, audience="public", noised=True, epsilon=1.0, published_at=now
    )

    new = _migrate(AFTER)
    Moved = new.get_model("publishing", "Release")
    MovedPublication = new.get_model("publishing", "Publication")
    rows = {r.pk: r for r in Moved.objects.all()}
    assert set(rows) == {7, 9}
    assert rows[7].kind == rows[9].kind == "equity"
    assert (rows[7].subject_code, rows[7].subject_label) == ("md_admissions", "MD admissions")
    assert rows[7].result["cells"]["rows"] == [[12]] and rows[7].status == "frozen"
    assert rows[9].noised_result["cells"]["rows"] == [[14]] and rows[9].noise_epsilon == 1.0
    assert rows[9].audience == "public" and rows[9].data_version == "a" * 64
    history = MovedPublication.objects.get()
    assert (history.pk, history.release_id, history.noised) == (3, 9, True)
    # New rows get ids after the carried ones (the sequence moved on, on PostgreSQL too).
    made = Moved.objects.create(
        kind="equity", title="Next", subject_code="x", subject_label="x", result={}, **common
    )
    assert made.pk > 9

    # And back: the rows return to equity's tables.
    back = _migrate(BEFORE)
    assert sorted(back.get_model("equity", "Release").objects.values_list("pk", flat=True)) == [
        7,
        9,
        made.pk,
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
