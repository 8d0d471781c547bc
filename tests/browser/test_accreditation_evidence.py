"""Student affairs opens the accreditation evidence from the menu, reads a table, downloads
both files; zero axe-core violations on the page."""

from __future__ import annotations

from playwright.sync_api import expect

from belong.wellbeing.models import CoverageRecord
from tests.browser.conftest import assert_accessible
from tests.factories.people import AffiliationFactory
from tests.factories.wellbeing import CoverageRecordFactory, CoverageYearFactory


def test_read_and_download_the_accreditation_evidence(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    year = CoverageYearFactory()
    for _ in range(12):
        person = AffiliationFactory(cohort=2029).person
        CoverageRecordFactory(person=person, year=year, status=CoverageRecord.Status.ENROLLED)

    sign_in(world.user("student_affairs"))
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Accreditation evidence").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accreditation evidence")
    expect(
        page.get_by_role("heading", name="Element 12.6: Student health and disability insurance")
    ).to_be_visible()
    table = page.get_by_role("table", name="Health insurance")
    expect(table.get_by_role("rowheader", name="Class of 2029")).to_be_visible()
    assert_accessible(page, context="accreditation evidence")

    with page.expect_download() as xlsx:
        page.get_by_role("link", name="Download as Excel").click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download as PDF").click()
    assert pdf.value.suggested_filename.endswith(".pdf")
