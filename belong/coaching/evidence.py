"""LCME element 12.5 (non-involvement of health providers in assessment), coaching's part.

A person who assesses a student may not be that student's coach. The rule is
checked in three places, and each check is counted here from what it left
behind (``publishing.evidence`` collects the table):

* every pairing run: each student's pairs with coaches who assess them are
  forbidden to the solver (kept with the run's frozen inputs); a published
  run's final pairs are checked against them again;
* pairings in force on the date, against the assessments in force on the
  date (``people.assessment``): a conflict here would be one the two write-time
  checks (recording an assessment refuses a current coach; publishing a
  pairing refuses a current assessor) let through.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from belong.coaching.models import Pairing, PairingRun
from belong.people.assessment import assessor_pairs
from belong.privacy import suppress_small_cells
from belong.publishing.evidence import Column, Context, EvidenceTable, Source


def _runs(context: Context) -> dict[str, int]:
    counts = {"runs": 0, "students": 0, "excluded": 0, "published_pairs": 0, "published_bad": 0}
    finished = PairingRun.objects.filter(
        status__in=[
            PairingRun.Status.PROPOSED,
            PairingRun.Status.ADJUSTED,
            PairingRun.Status.PUBLISHED,
            PairingRun.Status.DISCARDED,
        ],
        created_at__date__lte=context.today,
    ).only("inputs", "status", "final_pairs")
    for run in finished:
        problem = (run.inputs or {}).get("problem", {})
        forbidden = {(s, c) for s, c, *_ in problem.get("forbidden", [])}
        counts["runs"] += 1
        counts["students"] += len(problem.get("students", []))
        counts["excluded"] += len(forbidden)
        if run.status == PairingRun.Status.PUBLISHED:
            pairs = (run.final_pairs or {}).items()
            counts["published_pairs"] += len(pairs)
            counts["published_bad"] += sum(1 for pair in pairs if tuple(pair) in forbidden)
    return counts


def _in_force(context: Context) -> tuple[int, int]:
    active = list(
        Pairing.objects.filter(active=True, start_date__lte=context.today).values_list(
            "student_id", "coach__person_id"
        )
    )
    pairs = assessor_pairs({s for s, _ in active}, on=context.today)
    return len(active), sum(1 for student, coach in active if (coach, student) in pairs)


def no_assessor_coaching(context: Context) -> EvidenceTable | None:
    """Checks of the no-assessor rule on coaching pairings, with the conflicts found."""
    runs = _runs(context)
    pairings, conflicts = _in_force(context)
    if not runs["runs"] and not pairings:
        return None
    counts: dict[Hashable, int] = {
        ("runs", "checked"): runs["students"],
        ("runs", "found"): runs["excluded"],
        ("published", "checked"): runs["published_pairs"],
        ("published", "found"): runs["published_bad"],
        ("force", "checked"): pairings,
        ("force", "found"): conflicts,
    }
    at_most: list[tuple[Any, Any]] = [
        (("published", "found"), ("published", "checked")),
        (("force", "found"), ("force", "checked")),
    ]
    shown = suppress_small_cells(counts, [], k=context.k, at_most=at_most).published(counts)
    return EvidenceTable(
        element="12.5",
        key="coaching-no-assessor",
        title="Coaches never assess their students: the rule's checks",
        description=(
            f"{runs['runs']} pairing run(s) to the date. Each run checks every student against "
            "every coach's assessments and forbids the pairs where the coach assesses the "
            "student (conflicts found, kept out of the pairing); each published run's pairs are "
            "checked again; and every pairing in force on the date is checked against the "
            "assessments in force on the date."
        ),
        columns=[
            Column("Check", "text"),
            Column("Checked"),
            Column("Conflicts found"),
        ],
        rows=[
            [
                "Pairing runs: students checked, coach–student pairs forbidden",
                shown[("runs", "checked")],
                shown[("runs", "found")],
            ],
            [
                "Published pairings: pairs checked, pairs that broke the rule",
                shown[("published", "checked")],
                shown[("published", "found")],
            ],
            [
                "Pairings in force on the date: checked, coach assesses student",
                shown[("force", "checked")],
                shown[("force", "found")],
            ],
        ],
        as_of=context.today,
        k=context.k,
        notes=[
            "Conflicts found by a pairing run are resolved by the run itself: the solver never "
            "proposes a forbidden pair. The last two rows should read 0."
        ],
    )


TABLES = [Source("12.5", "coaching-no-assessor", no_assessor_coaching)]
