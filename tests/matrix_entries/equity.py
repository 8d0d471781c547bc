"""Who may open each outcomes-monitoring URL (reading and publishing releases:
``publishing.py``). The old public addresses answer a permanent redirect to everyone."""

from tests.factories.equity import SavedGroupingFactory, matrix_release
from tests.matrix import EVERYONE, Entry, personas

# The data steward reads individual answers, so builds and publishes nothing
# (docs/decisions/0010-data-steward-separation-of-duties.md).
BUILDERS = personas("analyst")
ANALYST = personas("analyst")
STEWARD = personas("data_steward")


def _grouping(world):  # type: ignore[no-untyped-def]
    if "equity_grouping" not in world.extra:
        world.extra["equity_grouping"] = SavedGroupingFactory()
    return world.extra["equity_grouping"]


def _event_run(world):  # type: ignore[no-untyped-def]
    """A rejected stage-event run, so that its page shows the problem tables."""
    from belong.importing.models import ImportRun

    return ImportRun.objects.create(
        kind="stage_events",
        filename="events.csv",
        sha256="0" * 64,
        outcome=ImportRun.Outcome.REJECTED,
        rows=2,
        problem_count=1,
        problems=[
            {
                "row": 2,
                "column": "stage",
                "letter": "C",
                "reason": "“waitlisted” is not a stage of MD admissions.",
                "code": "unknown_stage",
                "level": "error",
            }
        ],
        mapping={"stage": "stage"},
        by=world.user("data_steward"),
    )


ENTRIES = [
    Entry("equity:release_build", BUILDERS),
    Entry("equity:old_public_list", frozenset(), overrides={p: 301 for p in EVERYONE}),
    Entry(
        "equity:old_public_release",
        frozenset(),
        kwargs=lambda w: {"release_id": matrix_release(w, "public", noised=True).pk},
        overrides={p: 301 for p in EVERYONE},
    ),
    Entry("equity:setup", BUILDERS),
    Entry("equity:pipeline_create", ANALYST),
    Entry("equity:pipeline_edit", ANALYST, kwargs=lambda w: {"code": "faculty"}),
    Entry("equity:grouping_create", BUILDERS),
    Entry(
        "equity:grouping_retire",
        BUILDERS,
        kwargs=lambda w: {"grouping_id": _grouping(w).pk},
        method="post",
        ok_status=302,
    ),
    Entry("equity:benchmark_import", ANALYST),
    Entry("equity:event_import", STEWARD),
    Entry("equity:event_derive", STEWARD, method="post", ok_status=302),
    Entry("equity:event_import_run", STEWARD, kwargs=lambda w: {"run_id": _event_run(w).pk}),
]
