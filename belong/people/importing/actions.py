"""The writes of a people import: run one (checked, then applied all or nothing), save a mapping.

Each function takes keyword-only ``by=`` (the acting user; None for the
command line, recorded as "system") and leaves exactly one audit event. The
work itself is the import engine's (:func:`belong.importing.engine.run_import`)
with the people importer (:data:`~belong.people.importing.importer.PEOPLE`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import IO, Any

from django.db import transaction

from belong.access import audit
from belong.importing import engine
from belong.importing.engine import ImportResult, ProgressCallback
from belong.importing.models import ImportMapping
from belong.importing.options import ImportOptions
from belong.people.importing.importer import KIND, PEOPLE

__all__ = ["KIND", "ImportResult", "run_import", "save_mapping", "saved_mapping"]


def run_import(
    *,
    by: Any,
    fileobj: IO[bytes],
    filename: str,
    columns: Mapping[str, str] | None = None,
    apply: bool,
    progress: ProgressCallback | None = None,
    today: dt.date | None = None,
    options: ImportOptions | None = None,
) -> ImportResult:
    """Check a people file and, if ``apply`` and nothing is wrong, apply it all at once.

    ``columns`` maps file headers to fields; None uses the suggestion from the
    headers. Every problem is found before anything is written; any problem,
    or any failure while writing, leaves the records exactly as they were.
    Records one :class:`ImportRun` and one audit event either way.
    """
    return engine.run_import(
        PEOPLE,
        by=by,
        fileobj=fileobj,
        filename=filename,
        columns=columns,
        apply=apply,
        progress=progress,
        today=today,
        options=options,
    )


def save_mapping(
    *, by: Any, name: str, columns: Mapping[str, str], options: ImportOptions | None = None
) -> ImportMapping:
    """Save (or replace) a named column mapping for people imports, with its options
    (key, matching, separators and values)."""
    PEOPLE.ensure_allowed(by)
    name = name.strip()
    if not name:
        raise ValueError("A saved mapping needs a name.")
    clean = {str(h): str(f) for h, f in columns.items() if f}
    kept = (options or ImportOptions()).as_dict()
    with transaction.atomic():
        mapping, created = ImportMapping.objects.update_or_create(
            kind=KIND,
            name=name,
            defaults={"columns": clean, "options": kept},
            create_defaults={
                "columns": clean,
                "options": kept,
                "created_by": by if getattr(by, "is_authenticated", False) else None,
            },
        )
        audit.record(
            audit.PeopleEvent.IMPORT_MAPPING_SAVED
            if created
            else audit.PeopleEvent.IMPORT_MAPPING_REPLACED,
            by=by,
            target=mapping,
            detail={"columns": len(clean)},
        )
    return mapping


def saved_mapping(name: str) -> ImportMapping | None:
    return ImportMapping.objects.filter(kind=KIND, name=name).first()
