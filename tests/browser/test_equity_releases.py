"""Outcome releases in the browser: build, inspect, filter, export, print, publish, read."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from belong.equity import actions
from belong.equity.audiences import Audience
from belong.equity.models import Release
from belong.people.models import SelfIdentification
from tests.browser.conftest import assert_accessible
from tests.factories import equity as F


def _charts_drawn(page) -> None:  # type: ignore[no-untyped-def]
    expect(page.locator("#release-results .chart[data-drawn='true']").first).to_be_visible()
    assert page.locator(".chart svg[aria-hidden='true']").count() > 0


def test_an_analyst_builds_inspects_exports_prints_and_publishes(
    world, page, live_server, sign_in
) -> None:
    F.load_school(0.04, pipelines=("md_admissions",))
    sign_in(world.user("analyst"))
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Build a release").click()
    assert_accessible(page, context="build form")
    page.get_by_label("Pipeline").select_option(label="MD admissions and graduation")
    page.get_by_label("From year").fill("2018")
    page.get_by_role("button", name="Build and freeze").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "MD admissions and graduation, 2018–2024"
    )
    expect(page.get_by_role("status").first).to_contain_text("Built and frozen in")
    expect(page.get_by_text("This is a draft")).to_be_visible()
    _charts_drawn(page)
    expect(page.get_by_role("heading", name="What the release finds")).to_be_visible()
    suppressed = page.locator("td.suppressed").first
    expect(suppressed).to_contain_text("suppressed")
    assert_accessible(page, context="release draft")

    # Filters swap the results in place and keep the address shareable.
    page.get_by_label("Grouping").select_option(label="Sex")
    expect(page.locator("#release-results caption").first).to_contain_text("Sex at each stage")
    expect(page).to_have_url(re.compile(r"table=sex"))
    _charts_drawn(page)
    assert_accessible(page, context="release filtered")

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV: People and shares by stage, year and group").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith('"stage","year","table","group"') and '"suppressed"' in text
    assert "T00" not in text  # no institutional id of the synthetic school

    page.get_by_role("link", name="Printable report").click()
    expect(page.get_by_role("heading", name="How these figures were made")).to_be_visible()
    assert_accessible(page, context="printable report")
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Back to the release").click()

    page.get_by_role("link", name="Publish…").click()
    assert_accessible(page, context="publish form")
    page.get_by_role("radio", name=re.compile(r"Leadership:")).check()
    page.get_by_role("button", name="Check and publish").click()
    expect(page.get_by_role("status").first).to_contain_text("Published to leadership")
    release = Release.objects.get()
    assert release.status == "published" and release.audience == "leadership"

    # The dean reads it.
    sign_in(world.user("leadership"))
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name=release.title)).to_be_visible()
    page.get_by_role("link", name="Read the release").click()
    _charts_drawn(page)
    expect(page.get_by_role("button", name="Unpublish")).to_have_count(0)
    assert_accessible(page, context="release as leadership")


def test_a_risky_publication_is_refused_and_explained(world, page, live_server, sign_in) -> None:
    F.load_school(0.04, pipelines=("md_admissions",))
    analyst = world.user("analyst")
    F.published(analyst, Audience.LEADERSHIP)
    record = SelfIdentification.objects.filter(
        race=["white"], person__stage_events__stage="interviewed"
    ).first()
    record.race, record.ipeds = ["asian"], "asian"
    record.save()
    second = F.build(analyst, title="Rebuilt after a correction")
    sign_in(analyst)
    page.goto(live_server.url + f"/equity/releases/{second.pk}/publish/")
    page.get_by_role("radio", name=re.compile(r"All faculty and staff:")).check()
    page.get_by_role("button", name="Check and publish").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Not published")
    expect(alert).to_contain_text("versions of the data")
    assert_accessible(page, context="publication refused")
    second.refresh_from_db()
    assert second.status == Release.Status.FROZEN


def test_a_public_release_with_noise_reads_signed_out(world, page, live_server, sign_in) -> None:
    F.load_school(0.04, pipelines=("md_admissions",))
    release = F.build(
        world.user("analyst"),
        bounded=True,
        groupings=("race_ipeds",),
        title="Admissions and the nation",
    )
    sign_in(world.user("analyst"))
    page.goto(live_server.url + f"/equity/releases/{release.pk}/publish/")
    page.get_by_role("radio", name=re.compile(r"The public:")).check()
    page.get_by_label("Add calibrated noise (public releases only)").check()
    page.get_by_label("Privacy parameter ε").fill("1.0")
    page.get_by_role("button", name="Check and publish").click()
    expect(
        page.get_by_text("deliberate random noise to protect privacy; ε = 1").first
    ).to_be_visible()

    page.context.clear_cookies()
    page.goto(live_server.url + "/equity/public/")
    assert_accessible(page, context="public list")
    page.get_by_role("link", name="Admissions and the nation").click()
    expect(page.get_by_role("note").first).to_contain_text("ε = 1")
    _charts_drawn(page)
    assert_accessible(page, context="public release")
    actions.unpublish_release(by=world.user("analyst"), release=release)
    page.reload()
    assert (
        page.get_by_role("heading", name="Page not found").count()
        + page.locator("text=/not found/i").count()
        > 0
    )


def test_a_data_steward_imports_stage_events(world, page, live_server, sign_in, tmp_path) -> None:
    actions.ensure_defaults(by=None, record=False)
    from tests.factories.people import PersonFactory

    PersonFactory(institutional_id="B1")
    bad = tmp_path / "events.csv"
    bad.write_text(
        "institutional_id,pipeline,stage,year,unit_code,date\n"
        "B1,md_admissions,offered,2025,md,2025-01-10\n"
        "B9,md_admissions,applied,2025,md,2024-06-01\n"
    )
    sign_in(world.user("data_steward"))
    page.goto(live_server.url + "/equity/events/")
    page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(str(bad))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("alert")).to_contain_text("2 problems: nothing was imported")
    expect(page.get_by_role("table", name="Every problem (the first 200)")).to_contain_text("B9")
    assert_accessible(page, context="import problems")

    good = tmp_path / "good.csv"
    good.write_text(
        "institutional_id,pipeline,stage,year,unit_code,date\n"
        "B1,md_admissions,applied,2025,md,2024-06-01\n"
        "B1,md_admissions,interviewed,2025,md,2024-09-01\n"
    )
    page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(str(good))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_text("2 events imported from 2 rows.")).to_be_visible()
    assert_accessible(page, context="import done")


def test_a_large_event_file_runs_on_the_worker_with_its_progress(
    world, page, live_server, sign_in, tmp_path, settings
) -> None:  # type: ignore[no-untyped-def]
    from belong.equity.importing import PATH
    from belong.importing import background, progress
    from belong.importing.models import ImportRun
    from tests.factories.people import PersonFactory

    actions.ensure_defaults(by=None, record=False)
    PersonFactory(institutional_id="B1")
    settings.BELONG_IMPORT_INLINE_MAX_BYTES = 10
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    events = tmp_path / "events.csv"
    events.write_text(
        "institutional_id,pipeline,stage,year,unit_code,date\n"
        "B1,md_admissions,applied,2025,md,2024-06-01\n"
        "B1,md_admissions,interviewed,2025,md,2024-09-01\n"
    )
    sign_in(world.user("data_steward"))
    page.goto(live_server.url + "/equity/events/")
    page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(str(events))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stage-event import")
    run = ImportRun.objects.get(kind="stage_events")
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING)
    progress.Writer(run.pk)("Checking", 1, 2)
    expect(page.get_by_role("progressbar", name="Checking: rows done")).to_have_attribute(
        "value", "1"
    )
    assert_accessible(page, context="event import progress")
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.QUEUED)
    assert background.execute(run.pk, PATH) == ImportRun.Outcome.APPLIED
    expect(page.get_by_text("2 events imported from 2 rows.")).to_be_visible()
    assert_accessible(page, context="event import done")
