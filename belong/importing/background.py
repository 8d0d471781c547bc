"""Imports on the task worker, for files too large to check or apply within a request.

:func:`start` records a queued run and hands its id to the worker (django-tasks,
``manage.py db_worker``); :func:`execute` (the task) runs it with a progress
callback that the run page polls. No upload holds a web worker: the request
only stores the file and queues the run.

The importer is named by the dotted path of its module-level instance (for
example ``belong.people.importing.importer.PEOPLE``), so the task queue holds
ids and a code path, never a value from the file, and no registry is needed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from belong.access.policies import has_permission
from belong.importing import progress, uploads
from belong.importing.engine import Importer, fail_run, run_import
from belong.importing.models import ImportRun
from belong.importing.options import ImportOptions


def inline_max_bytes() -> int:
    return int(settings.BELONG_IMPORT_INLINE_MAX_BYTES)


def runs_inline(size: int) -> bool:
    """Whether a file of ``size`` bytes is checked (or applied) within the request."""
    return size <= inline_max_bytes()


def importer_at(path: str) -> Importer:
    """The importer instance at a dotted path; refuses anything that is not one."""
    if not path.startswith("belong."):
        raise ValueError(f"not an importer: {path!r}")
    found = import_string(path)
    if not isinstance(found, Importer):
        raise ValueError(f"not an importer: {path!r}")
    return found


def start(
    importer_path: str,
    *,
    by: Any,
    pending: uploads.Pending,
    columns: dict[str, str],
    apply: bool,
    options: ImportOptions | None = None,
) -> ImportRun:
    """Record a queued run for the waiting upload and queue it on the worker."""
    importer = importer_at(importer_path)
    importer.ensure_allowed(by)
    with transaction.atomic():
        run = ImportRun.objects.create(
            kind=importer.kind,
            filename=pending.filename,
            sha256=pending.sha256,
            apply=apply,
            status=ImportRun.Status.QUEUED,
            mapping=columns,
            options=(options or ImportOptions()).as_dict(),
            by=by if getattr(by, "is_authenticated", False) else None,
            upload=pending.token,
        )
        transaction.on_commit(lambda: _enqueue(run.pk, importer_path))
    return run


def _enqueue(run_id: int, importer_path: str) -> None:
    from belong.importing import tasks

    result = tasks.run_import.enqueue(run_id, importer_path)
    ImportRun.objects.filter(pk=run_id, task_id="").update(task_id=str(result.id)[:64])


def execute(run_id: int, importer_path: str) -> str:
    """Run a queued import; returns its outcome (or why it did not run). Safe to call twice."""
    importer = importer_at(importer_path)
    claimed = ImportRun.objects.filter(
        pk=run_id, status=ImportRun.Status.QUEUED, kind=importer.kind
    ).update(status=ImportRun.Status.RUNNING)
    if not claimed:
        return "not queued"
    run = ImportRun.objects.select_related("by").get(pk=run_id)
    path = uploads.path_for(run.upload)
    allowed = (
        run.by is not None and run.by.is_active and has_permission(run.by, importer.permission)
    )
    if path is None or not path.is_file() or not allowed:
        # The file expired or was discarded, or the steward lost the role meanwhile.
        fail_run(run)
        return "failed"
    try:
        with path.open("rb") as handle:
            result = run_import(
                importer,
                by=run.by,
                fileobj=handle,
                filename=run.filename,
                columns=run.mapping,
                options=ImportOptions.from_dict(run.options),
                apply=run.apply,
                progress=progress.Writer(run.pk),
                run=run,
            )
    finally:
        progress.clear(run.pk)
    if result.applied or not importer.keeps_upload_for_apply:
        path.unlink(missing_ok=True)  # the waiting file has done its work
    return result.run.outcome
