"""LCME element 3.6 (student mistreatment) for the accreditation evidence (``publishing.evidence``).

The table is the concerns aggregates' own accreditation frame
(``aggregates.compute.accreditation_frame``), computed live from every report
with the same suppression as a concerns release: reports received and
resolved (their case closed) per academic year and category, and the median
days from report to closure where at least ``k`` were resolved.
"""

from __future__ import annotations

from belong.concerns.aggregates.build import reports
from belong.concerns.aggregates.compute import TooFewReports, compute_aggregates
from belong.concerns.aggregates.presentation import year_label
from belong.publishing.evidence import Column, Context, EvidenceTable, Source
from belong.publishing.frames import frame_from_records


def mistreatment(context: Context) -> EvidenceTable | None:
    """Reports received and resolved, and median days to resolution, by year and category."""
    found = [r for r in reports() if r.received_on <= context.today]
    try:
        result = compute_aggregates(found, k=context.k)
    except TooFewReports:
        return None
    frame = frame_from_records(result["accreditation"])
    rows = [
        [
            f"{year_label(row['year'])}: {row['category_label']}",
            row["received"],
            row["resolved"],
            row["median_days"],
        ]
        for row in frame.iter_rows(named=True)
    ]
    return EvidenceTable(
        element="3.6",
        key="concerns-mistreatment",
        title="Mistreatment reports and their resolution",
        description=(
            "Every learning-environment concern report (named, confidential or anonymous), by "
            "the academic year it arrived and the categories it names (a report may name "
            "several); resolved means its case was closed; days run from the day the report "
            "arrived to the day its case closed. Reports are answered through the concerns "
            "case workflow: triage, assignment, follow-up with the reporter, outcome."
        ),
        columns=[
            Column("Academic year and category", "text"),
            Column("Received"),
            Column("Resolved"),
            Column("Median days to resolution", "days"),
        ],
        rows=rows,
        as_of=context.today,
        k=context.k,
        notes=["Median days are shown only where at least k reports were resolved."],
    )


TABLES = [Source("3.6", "concerns-mistreatment", mistreatment)]
