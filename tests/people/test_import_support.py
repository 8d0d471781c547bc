"""Helpers shared by the people-import tests (no tests here)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook

from belong.access.models import AuditEvent
from belong.importing.models import ImportRun
from belong.people.importing import actions
from belong.people.models import Affiliation, Person, SelfIdentification, SelfIdentificationVersion

TODAY = date(2026, 11, 24)

HEADER = (
    "institutional_id,legal_given_name,legal_family_name,email,affiliation_kind,unit_code,"
    "campus_code,start_date,cohort,sex,race"
)
GOOD_ROWS = [
    "S100,Ada,Okafor,ada@example.edu,student,md,pasadena,2024-07-01,2028,female,black;hispanic",
    "S101,Bo,Tran,bo@example.edu,student,md,pasadena,2024-07-01,2028,male,asian",
    "F200,Cy,Ruiz,cy@example.edu,faculty,medicine,,2019-09-01,,prefer_not,",
]


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def xlsx_bytes(rows: Sequence[Sequence[Any]], *, sheets: int = 1) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "People"
    for row in rows:
        sheet.append(list(row))
    for n in range(1, sheets):
        workbook.create_sheet(f"Other {n}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(
    world: Any,
    content: bytes,
    *,
    apply: bool = True,
    filename: str = "people.csv",
    columns: dict[str, str] | None = None,
    today: date = TODAY,
    by: Any = "steward",
) -> actions.ImportResult:
    user = world.user("data_steward") if by == "steward" else by
    return actions.run_import(
        by=user,
        fileobj=io.BytesIO(content),
        filename=filename,
        columns=columns,
        apply=apply,
        today=today,
    )


def codes(result: actions.ImportResult) -> list[str]:
    return [p.code for p in result.log.sorted_errors()]


def table_counts() -> dict[str, int]:
    """Rows in every table an import may write (the run's own records apart)."""
    return {
        "people": Person.objects.count(),
        "affiliations": Affiliation.objects.count(),
        "self_ids": SelfIdentification.objects.count(),
        "versions": SelfIdentificationVersion.objects.count(),
        "audit": AuditEvent.objects.count(),
        "runs": ImportRun.objects.count(),
    }


def unchanged_but_for_the_run(before: dict[str, int], after: dict[str, int]) -> bool:
    """Nothing written but the run's own ImportRun and its one audit event."""
    return after == {**before, "audit": before["audit"] + 1, "runs": before["runs"] + 1}
