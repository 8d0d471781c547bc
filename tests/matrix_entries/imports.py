"""The people import (``belong.people.importing``): data stewards only."""

from belong.importing.models import ImportRun
from tests.matrix import Entry, personas

STEWARD = personas("data_steward")
FOUND = 302  # a redirect onward: to the upload page when no file is waiting


def _run(world) -> ImportRun:  # type: ignore[no-untyped-def]
    """A rejected run with problems and notes, so the report page shows its tables."""
    return ImportRun.objects.create(
        filename="registrar-export.csv",
        sha256="0" * 64,
        outcome=ImportRun.Outcome.REJECTED,
        rows=3,
        problem_count=2,
        problems=[
            {
                "row": 2,
                "column": "Dept",
                "letter": "D",
                "reason": "No unit has the code or name “cardiology”.",
                "code": "unknown_unit",
                "level": "error",
            },
            {
                "row": 3,
                "column": "Sex",
                "letter": "H",
                "reason": "This cell is not a known answer to sex; allowed: female, male, "
                "intersex, prefer_not (or their labels).",
                "code": "unknown_category",
                "level": "error",
            },
            {
                "row": None,
                "column": "",
                "letter": "",
                "reason": "Not imported (no field chosen): “Notes”.",
                "code": "ignored_columns",
                "level": "note",
            },
        ],
        mapping={"Employee ID": "institutional_id", "Dept": "unit_code", "Sex": "sex"},
        by=world.user("data_steward"),
    )


ENTRIES = [
    Entry("people:imports:upload", STEWARD),
    # Without a waiting upload the mapping step sends the steward back to upload one.
    Entry("people:imports:mapping", STEWARD, ok_status=FOUND),
    Entry("people:imports:values", STEWARD, ok_status=FOUND),
    Entry("people:imports:apply", STEWARD, method="post", ok_status=FOUND),
    Entry("people:imports:discard", STEWARD, method="post", ok_status=FOUND),
    Entry("people:imports:history", STEWARD),
    Entry("people:imports:run", STEWARD, kwargs=lambda w: {"run_id": _run(w).pk}),
    # A CSV download, not a page: listed through ``overrides`` so that the
    # browser sweep of pages (which cannot open a download) leaves it out.
    Entry(
        "people:imports:problems_csv",
        frozenset(),
        kwargs=lambda w: {"run_id": _run(w).pk},
        overrides={"data_steward": 200},
    ),
]
