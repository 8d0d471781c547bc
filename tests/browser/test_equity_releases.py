"""Outcome releases in the browser: build, read the summary, filter, export, print, publish,
read as the dean and as the public; pages that never scroll sideways."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from belong.equity import actions
from belong.people.models import SelfIdentification
from belong.publishing import actions as publishing
from belong.publishing.audiences import Audience
from belong.publishing.models import Release
from tests.browser.conftest import assert_accessible
from tests.factories import equity as F

WIDTHS = (1280, 375)


def _charts_drawn(page) -> None:  # type: ignore[no-untyped-def]
    expect(page.locator("#release-results figure.chart svg[role='img']").first).to_be_visible()
    # Each chart is named and described for screen readers and keeps its table beside it.
    named = page.evaluate(
        """() => [...document.querySelectorAll('#release-results svg[role=img]')].every(svg =>
             (svg.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean)
               .every(id => document.getElementById(id)) &&
             svg.closest('section').querySelector('table'))"""
    )
    assert named


def _never_scrolls_sideways(page, context: str) -> None:  # type: ignore[no-untyped-def]
    """At a desktop and a phone width the page itself never scrolls sideways; a wide
    table scrolls inside its own region."""
    size = page.viewport_size
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{context}: scrolls sideways by {overflow}px at {width}px"
    page.set_viewport_size(size)


def _pdf_pages(page) -> int:  # type: ignore[no-untyped-def]
    pdf = page.pdf(format="Letter", print_background=True)
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_an_analyst_builds_reads_the_summary_exports_prints_and_publishes(
    world, page, live_server, sign_in
) -> None:
    F.load_school(0.04, pipelines=("md_admissions",))
    sign_in(world.user("analyst"))
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Build a release").click()
    assert_accessible(page, context="build form")
    page.get_by_label("Pipeline", exact=True).select_option(label="MD admissions and graduation")
    page.get_by_label("From year").fill("2018")
    page.get_by_role("button", name="Build and freeze").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "MD admissions and graduation, 2018–2024"
    )
    expect(page.get_by_role("status").first).to_contain_text("Built and frozen in")
    expect(page.get_by_text("This is a draft")).to_be_visible()
    expect(page.get_by_role("heading", name="What the release finds")).to_be_visible()
    expect(page.get_by_role("heading", name="What is hidden, and why")).to_be_visible()
    _charts_drawn(page)
    expect(page.locator("td.suppressed").first).to_contain_text("suppressed")
    assert_accessible(page, context="release draft")
    _never_scrolls_sideways(page, "release draft")

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

    # The two-page summary, before the tables.
    page.get_by_role("link", name="Two-page summary").click()
    expect(page.get_by_role("heading", name="What the release finds")).to_be_visible()
    assert_accessible(page, context="two-page summary")
    _never_scrolls_sideways(page, "two-page summary")
    assert _pdf_pages(page) <= 2
    page.get_by_role("link", name="Back to the release").click()

    page.get_by_role("link", name="Full printable report").click()
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

    # The dean reads it, from the home page's headline.
    sign_in(world.user("leadership"))
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name=release.title)).to_be_visible()
    expect(page.get_by_text(re.compile(r"of [\d,]+ comparisons significant"))).to_be_visible()
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
    page.goto(live_server.url + f"/releases/{second.pk}/publish/")
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
    sign_in(world.user("analyst"))
    page.goto(live_server.url + "/equity/releases/build/")
    page.get_by_label("Pipeline", exact=True).select_option(label="MD admissions and graduation")
    page.get_by_label("Title").fill("Admissions and the nation")
    for box in page.get_by_role("group", name="Reporting tables").get_by_role("checkbox").all():
        box.uncheck()
    ipeds = "Race and ethnicity (IPEDS nine categories)"
    page.get_by_role("checkbox", name=ipeds, exact=True).check()
    page.get_by_label("For the public: add calibrated noise").check()
    page.get_by_role("button", name="Build and freeze").click()
    expect(page.get_by_role("status").first).to_contain_text("noise drawn for the public")
    release = Release.objects.get()
    assert release.is_noised and release.result["parameters"]["pooled_years"]

    page.get_by_role("link", name="Publish…").click()
    expect(page.get_by_text("built with calibrated noise for the public")).to_be_visible()
    page.get_by_role("radio", name=re.compile(r"The public:")).check()
    page.get_by_role("button", name="Check and publish").click()
    expect(page.get_by_role("status").first).to_contain_text("Published to the public")

    page.context.clear_cookies()
    page.goto(live_server.url + "/public/")
    assert_accessible(page, context="public list")
    page.get_by_role("link", name="Admissions and the nation").click()
    note = page.get_by_role("note").first
    expect(note).to_contain_text("ε = 1")
    expect(note).to_contain_text("the smaller ε, the more noise")
    # Every noisy figure with its uncertainty, in the table and in the chart.
    expect(page.locator("td.num", has_text=re.compile(r"± \d")).first).to_be_visible()
    page.get_by_label("Stage", exact=True).select_option(label="Offered a place")
    expect(page.get_by_role("img", name=re.compile(r"^Offered a place")).first).to_be_visible()
    _charts_drawn(page)
    legend = page.locator("#release-results .chart-legend").first
    expect(legend).to_contain_text("95% noise interval")
    assert_accessible(page, context="public release")
    _never_scrolls_sideways(page, "public release")
    page.get_by_role("link", name="Two-page summary").click()
    assert_accessible(page, context="public summary")
    assert _pdf_pages(page) <= 2

    publishing.unpublish_release(by=world.user("analyst"), release=release)
    page.goto(live_server.url + f"/public/{release.pk}/")
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
