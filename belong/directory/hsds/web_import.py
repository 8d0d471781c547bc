"""HSDS import from the web: small files in the request, large ones on the task worker.

Either way one ``ImportRun`` (kind ``hsds``) records what came in and what
happened: rejected with every problem by JSON path, checked, or applied. A
file over ``BELONG_IMPORT_JSON_MAX_BYTES`` is refused before it is read; one
over ``BELONG_IMPORT_INLINE_MAX_BYTES`` is kept as a waiting upload (the
shared ``importing.uploads`` folder) and imported by ``tasks.import_hsds_run``
with progress the run page polls (``importing.progress``). Only the run's id
goes on the task queue.
"""

from __future__ import annotations

import hashlib
from functools import partial
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from belong.access.permissions import Permission
from belong.access.policies import ensure_permission, has_permission
from belong.directory.hsds.importer import ImportResult, import_document
from belong.importing import progress, uploads
from belong.importing.engine import fail_run
from belong.importing.models import ImportRun

KIND = "hsds"
PERMISSION = Permission.IMPORT_DIRECTORY


def _sha256(fileobj: IO[bytes]) -> str:
    digest = hashlib.sha256()
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1 << 16), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def _finish(run: ImportRun, result: ImportResult) -> ImportRun:
    if not result.ok:
        run.outcome = ImportRun.Outcome.REJECTED
    elif result.applied:
        run.outcome = ImportRun.Outcome.APPLIED
    else:
        run.outcome = ImportRun.Outcome.DRY_RUN
    run.status = ImportRun.Status.DONE
    run.rows = result.organizations + result.services
    run.created = result.new_services
    run.updated = result.services - result.new_services
    run.problem_count = result.log.error_count
    run.problems = result.log.as_records()
    run.finished_at = timezone.now()
    run.upload = ""
    run.save()
    return run


def import_now(*, by: Any, fileobj: IO[bytes], filename: str, apply: bool) -> ImportRun:
    """Check (and apply) a small file within the request; returns its finished run."""
    ensure_permission(by, PERMISSION)
    run = ImportRun.objects.create(
        kind=KIND,
        filename=uploads.clean_filename(filename),
        sha256=_sha256(fileobj),
        apply=apply,
        status=ImportRun.Status.RUNNING,
        by=by,
    )
    try:
        result = import_document(fileobj, by=by, apply=apply)
    except Exception:
        fail_run(run)  # the page says it stopped, rather than "running" for ever
        raise
    return _finish(run, result)


def start(*, by: Any, pending: uploads.Pending, apply: bool) -> ImportRun:
    """Queue a waiting upload for the task worker; returns the queued run."""
    ensure_permission(by, PERMISSION)
    with transaction.atomic():
        run = ImportRun.objects.create(
            kind=KIND,
            filename=pending.filename,
            sha256=pending.sha256,
            apply=apply,
            status=ImportRun.Status.QUEUED,
            by=by,
            upload=pending.token,
        )
        transaction.on_commit(partial(_enqueue, run.pk))
    return run


def _enqueue(run_id: int) -> None:
    from belong.directory import tasks

    result = tasks.import_hsds_run.enqueue(run_id)
    ImportRun.objects.filter(pk=run_id, task_id="").update(task_id=str(result.id)[:64])


def execute(run_id: int) -> str:
    """Run a queued HSDS import (the task's body); safe to call twice."""
    claimed = ImportRun.objects.filter(pk=run_id, kind=KIND, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.RUNNING
    )
    if not claimed:
        return "not queued"
    run = ImportRun.objects.select_related("by").get(pk=run_id)
    path = uploads.path_for(run.upload)
    allowed = run.by is not None and run.by.is_active and has_permission(run.by, PERMISSION)
    if path is None or not path.is_file() or not allowed:
        fail_run(run)
        return "failed"
    try:
        with path.open("rb") as handle:
            result = import_document(
                handle, by=run.by, apply=run.apply, progress=progress.Writer(run.pk)
            )
        _finish(run, result)
    except Exception:
        fail_run(run)
        raise
    finally:
        progress.clear(run.pk)
        path.unlink(missing_ok=True)
    return run.outcome
