"""Background work for imports, run by django-tasks (``manage.py db_worker``).

Arguments are a run id and an importer's code path: nothing from the file
sits in the task queue.
"""

from __future__ import annotations

from django_tasks import task


@task()
def run_import(run_id: int, importer_path: str) -> str:
    """Check (and, if asked, apply) a queued import run; returns its outcome."""
    from belong.importing.background import execute

    return execute(run_id, importer_path)
