"""The accreditation evidence: the collector, the protection of each table, the page and files."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from belong.access.audit.catalogue import PublishingEvent
from belong.access.models import AuditEvent
from belong.core.browser_setup import PDF_PACKAGES, pdf_libraries_present
from belong.core.env import env_bool
from belong.privacy import Constraint, feasible_ranges
from belong.publishing import evidence
from belong.publishing.evidence import Column, EvidenceTable
from belong.wellbeing import evidence as wellbeing_evidence
from belong.wellbeing.models import CoverageRecord
from tests.factories.people import AffiliationFactory
from tests.factories.wellbeing import CoverageRecordFactory, CoverageYearFactory

pytestmark = pytest.mark.django_db

needs_pdf = pytest.mark.skipif(
    not pdf_libraries_present() and not env_bool("BELONG_REQUIRE_BROWSER", False),
    reason="Pango or DejaVu fonts missing: apt-get install -y " + " ".join(PDF_PACKAGES),
)

S = CoverageRecord.Status


def _text(content: bytes) -> str:
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_every_app_contributes_its_tables_by_convention() -> None:
    keys = {s.key: s.element for s in evidence.sources()}
    assert keys == {
        "surveys-climate": "3.5",
        "concerns-mistreatment": "3.6",
        "wellbeing-reach": "12.3",
        "wellbeing-support": "12.3",
        "wellbeing-services": "12.4",
        "coaching-no-assessor": "12.5",
        "wellbeing-no-assessor": "12.5",
        "wellbeing-coverage": "12.6",
    }
    elements = [s.element for s in evidence.sources()]
    assert elements == sorted(elements, key=list(evidence.ELEMENTS).index)


def test_only_leadership_student_affairs_and_the_analyst_read_the_evidence() -> None:
    from belong.access.permissions import Permission
    from belong.access.policies import RULES
    from belong.access.roles import ROLES

    holders = {
        r.code for r in ROLES.values() if Permission.VIEW_ACCREDITATION_EVIDENCE in r.permissions
    }
    assert holders == {"analyst", "student_affairs", "leadership"}
    # A page of aggregates: no object is ever checked, so no object rule exists (fails closed).
    assert not [p for p, _ in RULES.pairs() if p == Permission.VIEW_ACCREDITATION_EVIDENCE]


def test_a_table_refuses_an_unknown_element_or_a_ragged_row() -> None:
    columns = [Column("Group", "text"), Column("Count")]
    with pytest.raises(ValueError, match=r"no DCI element '9\.9'"):
        EvidenceTable("9.9", "x", "X", "", columns, [], date(2026, 12, 3), 10)
    with pytest.raises(ValueError, match="a row of 3 values for 2"):
        EvidenceTable("3.5", "x", "X", "", columns, [["a", 1, 2]], date(2026, 12, 3), 10)
    with pytest.raises(ValueError, match="kind 'money'"):
        Column("Cost", "money")


def test_hidden_figures_are_a_dash_on_the_page_and_spelt_out_in_the_workbook() -> None:
    table = EvidenceTable(
        "12.6",
        "t",
        "T",
        "",
        [Column("Class", "text"), Column("Students"), Column("Compliant", "share")],
        [["Class of 2027", None, 0.925], ["All classes", 1234, None]],
        date(2026, 12, 3),
        10,
    )
    drawn = table.display()
    assert [c.text for c in drawn.rows[0].cells] == ["—", "92.5%"]
    assert drawn.rows[0].cells[0].suppressed and drawn.rows[1].cells[0].text == "1,234"
    assert "as of 3 December 2026" in drawn.caption
    header, rows = table.sheet_rows()
    assert header == ["Class", "Students", "Compliant (%)"]
    assert rows == [["Class of 2027", "suppressed", 92.5], ["All classes", 1234, "suppressed"]]


def _students(cohort: int, statuses: dict[str, int], year) -> None:  # type: ignore[no-untyped-def]
    for status, n in statuses.items():
        for _ in range(n):
            affiliation = AffiliationFactory(cohort=cohort)
            if status != "not_started":
                CoverageRecordFactory(person=affiliation.person, year=year, status=status)


def test_coverage_hides_small_counts_so_that_no_sum_recovers_them(world) -> None:  # type: ignore[no-untyped-def]
    year = CoverageYearFactory()
    _students(2027, {S.ENROLLED: 14, S.DENIED: 2, "not_started": 11}, year)
    _students(2028, {S.ENROLLED: 12, S.APPROVED: 11, S.DENIED: 1}, year)
    context = evidence.Context(today=timezone.localdate(), k=10)
    table = wellbeing_evidence.coverage(context)
    assert table is not None
    rows = {r[0]: r for r in table.rows}
    personas_class = [r for r in rows if r not in ("Class of 2027", "Class of 2028", "All classes")]
    codes = ("enrolled", "waived", "pending", "denied", "not_started")
    groups = ["Class of 2027", "Class of 2028", *personas_class, "All classes"]
    # The reader's view: every cell and the sums they know.
    published = {(g, c): rows[g][i + 2] for g in groups for i, c in enumerate(codes)}
    published |= {(g, "students"): rows[g][1] for g in groups}
    assert published[("Class of 2027", "denied")] is None  # 2 students: hidden
    assert published[("Class of 2028", "denied")] is None  # 1 student: hidden
    assert published[("Class of 2027", "enrolled")] == 14
    constraints = [Constraint((g, "students"), tuple((g, c) for c in codes)) for g in groups] + [
        Constraint(("All classes", c), tuple((g, c) for g in groups[:-1]))
        for c in ("students", *codes)
    ]
    ranges = feasible_ranges(published, constraints, integer=True)
    for key, (low, high) in ranges.items():
        assert high - low >= 9, f"{key} narrowed to {low}..{high}"
    # The share compliant is shown only where the counts it rests on are.
    assert rows["Class of 2028"][-1] is None or rows["Class of 2028"][3] is not None


def test_nothing_to_count_leaves_the_element_listed_as_empty(world) -> None:  # type: ignore[no-untyped-def]
    sections = evidence.collect(today=timezone.localdate(), k=10, only=["12.6"])
    assert [s.element for s in sections] == ["12.6"]
    assert sections[0].tables == [] and sections[0].empty == ["wellbeing-coverage"]


def test_the_page_shows_every_element_to_its_readers_and_audits_the_read(world, client_for) -> None:  # type: ignore[no-untyped-def]
    year = CoverageYearFactory()
    _students(2027, {S.ENROLLED: 12}, year)
    response = client_for(world.user("student_affairs")).get(reverse("publishing:evidence"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Element 12.6: Student health and disability insurance" in body
    assert "Nothing to count yet for: surveys-climate" in body
    event = AuditEvent.objects.filter(verb=PublishingEvent.EVIDENCE_READ.verb).latest("seq")
    assert event.detail["format"] == "page" and event.detail["k"] == 10
    assert event.actor_id == world.user("student_affairs").pk
    student = client_for(world.user("student"))
    for name in ("publishing:evidence", "publishing:evidence_xlsx", "publishing:evidence_pdf"):
        assert student.get(reverse(name)).status_code == 404


def test_the_workbook_has_contents_and_one_sheet_per_table(world, client_for) -> None:  # type: ignore[no-untyped-def]
    year = CoverageYearFactory()
    _students(2029, {S.ENROLLED: 12, S.DENIED: 1}, year)
    response = client_for(world.user("leadership")).get(reverse("publishing:evidence_xlsx"))
    assert response.status_code == 200
    assert "belong-accreditation-evidence-" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Contents"
    contents = list(book["Contents"].iter_rows(values_only=True))
    assert contents[0][:3] == ("Element", "Element title", "Table")
    sheet = next(r[3] for r in contents[1:] if r[0] == "12.6")
    rows = list(book[sheet].iter_rows(values_only=True))
    assert rows[0][:2] == ("Class", "Students")
    class_2029 = next(r for r in rows if r[0] == "Class of 2029")
    # One denial among 13: hidden, and another beside it so that the total cannot give it away.
    assert class_2029[5] == "suppressed" and class_2029[:7].count("suppressed") >= 2
    verbs = AuditEvent.objects.filter(verb=PublishingEvent.EVIDENCE_READ.verb)
    assert verbs.latest("seq").detail["format"] == "xlsx"


@needs_pdf
def test_the_pdf_carries_the_tables_and_their_date(world, client_for) -> None:  # type: ignore[no-untyped-def]
    year = CoverageYearFactory()
    _students(2027, {S.ENROLLED: 12}, year)
    response = client_for(world.user("analyst")).get(reverse("publishing:evidence_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    today = timezone.localdate()
    assert "Accreditation evidence" in text
    assert f"as of {today.day} {today:%B %Y}" in text
    assert "Element 12.6: Student health and disability insurance" in text
    assert "Class of 2027" in text and "Enrolled in school plan" in text


def test_the_no_assessor_sweep_finds_a_coach_who_assesses_their_student(world) -> None:  # type: ignore[no-untyped-def]
    from belong.coaching import evidence as coaching_evidence
    from belong.people.models import AssessmentRelationship
    from tests.factories.coaching import coaching_world

    built = coaching_world(world)
    today = timezone.localdate()
    clean = coaching_evidence.no_assessor_coaching(evidence.Context(today=today, k=1))
    assert clean is not None
    assert clean.rows[2][1:] == [2, 0]  # two pairings in force, no conflict
    # An assessment recorded behind the actions' back (an import, a hand edit): the sweep sees it.
    AssessmentRelationship.objects.create(
        assessor=built.coach.person,
        student=world.person("student"),
        role=AssessmentRelationship.Role.COURSE_DIRECTOR,
        course="Clinical Skills II",
        start_date=today,
    )
    found = coaching_evidence.no_assessor_coaching(evidence.Context(today=today, k=1))
    assert found is not None and found.rows[2][1:] == [2, 1]
    # At the school's threshold the single conflict is hidden, never shown as 0.
    hidden = coaching_evidence.no_assessor_coaching(evidence.Context(today=today, k=10))
    assert hidden is not None and hidden.rows[2][2] is None


def test_the_counselling_sweep_finds_a_handler_who_assesses_the_requester(world) -> None:  # type: ignore[no-untyped-def]
    from belong.people.models import AssessmentRelationship
    from belong.wellbeing.models import SupportRequest
    from tests.factories.wellbeing import build_wellbeing

    made = build_wellbeing(world)
    request = made["counselling_request"]
    handler = world.user("case_manager")
    SupportRequest.objects.filter(pk=request.pk).update(assigned_to=handler)
    today = timezone.localdate()
    clean = wellbeing_evidence.no_assessor_checks(evidence.Context(today=today, k=1))
    assert clean is not None and clean.rows[0][1:] == [1, 0]
    # The handler starts grading the student after the request was assigned to them.
    AssessmentRelationship.objects.create(
        assessor=handler.person,
        student=request.requester,
        role=AssessmentRelationship.Role.COURSE_DIRECTOR,
        course="Clinical Skills II",
        start_date=today,
    )
    found = wellbeing_evidence.no_assessor_checks(evidence.Context(today=today, k=1))
    assert found is not None and found.rows[0][1:] == [1, 1]
