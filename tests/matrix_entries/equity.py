"""Who may open each outcomes-monitoring URL.

Releases are made on first use by ``tests.factories.equity.matrix_release``.
Downloads (exports) are listed with ``overrides`` rather than ``allowed``, so
that the page checker does not try to open a file download as a page.
"""

from tests.factories.equity import SavedGroupingFactory, matrix_release
from tests.matrix import ALL_SIGNED_IN, EVERYONE, Entry, personas

# The data steward reads individual answers, so builds and publishes nothing
# (docs/decisions/0010-data-steward-separation-of-duties.md).
BUILDERS = personas("analyst")
LEADERSHIP_READERS = personas("analyst", "leadership")
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


def _download(readers):  # type: ignore[no-untyped-def]
    return {persona: 200 for persona in readers}


ENTRIES = [
    Entry("equity:release_list", ALL_SIGNED_IN),
    Entry(
        "equity:release_detail",
        LEADERSHIP_READERS,
        kwargs=lambda w: {"release_id": matrix_release(w, "leadership").pk},
    ),
    Entry(
        "equity:release_report",
        LEADERSHIP_READERS,
        kwargs=lambda w: {"release_id": matrix_release(w, "leadership").pk},
    ),
    Entry(
        "equity:release_export",
        frozenset(),
        kwargs=lambda w: {"release_id": matrix_release(w, "leadership").pk},
        query="?frame=cells&format=csv",
        overrides=_download(LEADERSHIP_READERS),
    ),
    Entry("equity:release_build", BUILDERS),
    Entry(
        "equity:release_publish",
        BUILDERS,
        kwargs=lambda w: {"release_id": matrix_release(w, None).pk},
    ),
    Entry(
        "equity:release_unpublish",
        BUILDERS,
        kwargs=lambda w: {"release_id": matrix_release(w, "leadership").pk},
        method="post",
        ok_status=302,
    ),
    Entry("equity:public_release_list", EVERYONE),
    Entry(
        "equity:public_release_detail",
        EVERYONE,
        kwargs=lambda w: {"release_id": matrix_release(w, "public", noised=True).pk},
    ),
    Entry(
        "equity:public_release_report",
        EVERYONE,
        kwargs=lambda w: {"release_id": matrix_release(w, "public", noised=True).pk},
    ),
    Entry(
        "equity:public_release_export",
        frozenset(),
        kwargs=lambda w: {"release_id": matrix_release(w, "public", noised=True).pk},
        query="?frame=cells&format=xlsx",
        overrides=_download(EVERYONE),
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
