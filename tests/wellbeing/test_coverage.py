from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from belong.access.models import AuditEvent
from belong.wellbeing import actions
from belong.wellbeing.models import CoverageEvent, CoverageProof, CoverageRecord
from tests.factories.wellbeing import JPEG, PDF, PNG, CoverageYearFactory

pytestmark = pytest.mark.django_db
Status = CoverageRecord.Status


@pytest.fixture
def year(db):  # type: ignore[no-untyped-def]
    return CoverageYearFactory()


def _waiver(year, **changes):  # type: ignore[no-untyped-def]
    data = {
        "carrier": "Blue Horizon Health",
        "plan_name": "PPO Gold",
        "member_id": "BH1",
        "coverage_start": year.coverage_starts_on - dt.timedelta(days=30),
        "coverage_end": year.coverage_ends_on,
        "proof": SimpleUploadedFile("card.pdf", PDF, content_type="application/pdf"),
    }
    data.update(changes)
    return data


def _nothing_saved() -> None:
    assert not CoverageRecord.objects.exists()
    assert not CoverageProof.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="wellbeing.coverage").exists()


def test_a_waiver_without_proof_is_refused_naming_the_field(world, year) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        actions.submit_waiver(by=world.user("student"), year=year, **_waiver(year, proof=None))
    assert caught.value.message_dict["proof"][0].startswith("Proof of coverage: upload")
    _nothing_saved()


def test_coverage_that_ends_early_is_refused_naming_the_dates(world, year) -> None:  # type: ignore[no-untyped-def]
    short = year.coverage_ends_on - dt.timedelta(days=31)
    with pytest.raises(ValidationError) as caught:
        actions.submit_waiver(
            by=world.user("student"), year=year, **_waiver(year, coverage_end=short)
        )
    message = caught.value.message_dict["coverage_end"][0]
    assert message.startswith("Coverage ends: your plan must cover the whole year")
    assert short.strftime("%Y") in message
    _nothing_saved()


def test_every_missing_field_is_named_at_once(world, year) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        actions.submit_waiver(
            by=world.user("student"),
            year=year,
            **_waiver(year, carrier="", member_id=" ", coverage_start=None, proof=None),
        )
    assert set(caught.value.message_dict) == {"carrier", "member_id", "coverage_start", "proof"}
    assert caught.value.message_dict["member_id"] == ["Member id: this is needed for a waiver."]
    _nothing_saved()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("card.pdf", b"just text pretending to be a PDF", "not a PDF, PNG or JPEG"),
        ("card.exe", b"MZ\x90\x00", "not a PDF, PNG or JPEG"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_proof_must_really_be_pdf_png_or_jpeg(world, year, name, content, words) -> None:  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as caught:
        actions.submit_waiver(by=world.user("student"), year=year, **_waiver(year, proof=upload))
    assert words in caught.value.message_dict["proof"][0]
    _nothing_saved()


HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
PAD = b"\x00" * 1100


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        # The first bytes of a PDF, then a web page: nothing a PDF reader can read.
        ("card.pdf", b"%PDF-1.4\n" + HTML, "web-page code"),
        ("card.pdf", b"%PDF-1.4\n%" + b"x" * 2000 + HTML + b"\n%%EOF\n", "not a readable PDF"),
        # A real file with a page appended after its end (past where browsers sniff).
        ("card.pdf", PDF + PAD + HTML, "does not end where a PDF ends"),
        ("card.png", PNG + PAD + HTML, "does not end where a PNG ends"),
        ("card.jpg", JPEG + PAD + HTML, "does not end where a JPEG ends"),
        # Right first and last bytes, nothing readable in between.
        ("card.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"IEND\xaeB`\x82", "not a readable"),
        ("card.jpg", b"\xff\xd8\xff" + b"\x00" * 64 + b"\xff\xd9", "not a readable picture"),
        ("card.png", b"\x89PNG\r\n\x1a\n" + JPEG + b"IEND\xaeB`\x82", "not a readable"),
    ],
)
def test_proof_is_parsed_all_the_way_through(world, year, name, content, words) -> None:  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as caught:
        actions.submit_waiver(by=world.user("student"), year=year, **_waiver(year, proof=upload))
    message = caught.value.message_dict["proof"][0]
    assert message.startswith("Proof of coverage: ") and words in message
    _nothing_saved()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("card.pdf", PDF, "application/pdf"),
        ("c.png", PNG, "image/png"),
        ("c.jpg", JPEG, "image/jpeg"),
    ],
)
def test_real_pdf_png_and_jpeg_files_are_accepted(world, year, name, content, content_type) -> None:  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile(name, content + b"\n")
    record = actions.submit_waiver(
        by=world.user("student"), year=year, **_waiver(year, proof=upload)
    )
    assert record.proofs.get().content_type == content_type


def test_proof_has_a_size_limit(world, year, settings) -> None:  # type: ignore[no-untyped-def]
    settings.BELONG_COVERAGE_PROOF_MAX_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("big.png", PNG + b"\x00" * (1024 * 1024))
    with pytest.raises(ValidationError) as caught:
        actions.submit_waiver(by=world.user("student"), year=year, **_waiver(year, proof=upload))
    assert "the limit is 1 MB" in caught.value.message_dict["proof"][0]
    _nothing_saved()


def test_a_complete_waiver_is_submitted_with_its_proof(world, year) -> None:  # type: ignore[no-untyped-def]
    record = actions.submit_waiver(by=world.user("student"), year=year, **_waiver(year))
    assert record.status == Status.WAIVER_SUBMITTED
    proof = record.proofs.get()
    assert proof.content_type == "application/pdf" and bytes(proof.data) == PDF
    assert proof.filename == "card.pdf"
    assert record.events.get().action == CoverageEvent.Action.SUBMITTED
    event = AuditEvent.objects.get(verb="wellbeing.coverage.waiver_submitted")
    assert "BH1" not in str(event.detail)


def test_review_ask_for_more_then_resubmit_then_approve(world, year) -> None:  # type: ignore[no-untyped-def]
    student, sa = world.user("student"), world.user("student_affairs")
    record = actions.submit_waiver(by=student, year=year, **_waiver(year))
    with pytest.raises(ValidationError) as caught:
        actions.review_waiver(by=sa, record=record, decision="more_info", message="")
    assert "say what more you need" in caught.value.message_dict["message"][0]
    actions.review_waiver(by=sa, record=record, decision="more_info", message="Dates, please.")
    record.refresh_from_db()
    assert record.status == Status.MORE_INFO and record.decision_message == "Dates, please."
    # Answering a request for more keeps the earlier proof; no new upload needed.
    actions.submit_waiver(by=student, year=year, **_waiver(year, proof=None, member_id="BH2"))
    record.refresh_from_db()
    assert record.status == Status.WAIVER_SUBMITTED and record.member_id == "BH2"
    actions.review_waiver(by=sa, record=record, decision="approve")
    record.refresh_from_db()
    assert record.status == Status.APPROVED and record.is_compliant
    actions_seen = list(record.events.values_list("action", flat=True))
    assert actions_seen == ["submitted", "more_info", "resubmitted", "approved"]


def test_denial_needs_a_reason(world, year) -> None:  # type: ignore[no-untyped-def]
    record = actions.submit_waiver(by=world.user("student"), year=year, **_waiver(year))
    with pytest.raises(ValidationError) as caught:
        actions.review_waiver(by=world.user("student_affairs"), record=record, decision="deny")
    assert "give the reason" in caught.value.message_dict["message"][0]
    actions.review_waiver(
        by=world.user("student_affairs"), record=record, decision="deny", message="Ends in May."
    )
    record.refresh_from_db()
    assert record.status == Status.DENIED


def test_only_student_affairs_reviews(world, year) -> None:  # type: ignore[no-untyped-def]
    from django.http import Http404

    record = actions.submit_waiver(by=world.user("student"), year=year, **_waiver(year))
    for persona in ("student", "leadership", "administrator", "case_manager"):
        with pytest.raises(Http404):
            actions.review_waiver(by=world.user(persona), record=record, decision="approve")


def test_no_new_waiver_after_the_deadline(world) -> None:  # type: ignore[no-untyped-def]
    year = CoverageYearFactory(deadline=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="deadline"):
        actions.submit_waiver(by=world.user("student"), year=year, **_waiver(year))
    record = actions.enrol_in_school_plan(by=world.user("student"), year=year)
    assert record.status == Status.ENROLLED


def test_enrolling_withdraws_a_pending_waiver(world, year) -> None:  # type: ignore[no-untyped-def]
    actions.submit_waiver(by=world.user("student"), year=year, **_waiver(year))
    record = actions.enrol_in_school_plan(by=world.user("student"), year=year)
    assert record.status == Status.ENROLLED
    with pytest.raises(ValidationError, match="already enrolled"):
        actions.enrol_in_school_plan(by=world.user("student"), year=year)


def test_waiver_page_shows_each_problem_by_name(world, year, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for(world.user("student")).post(
        reverse("wellbeing:coverage_waiver", args=[year.academic_year]),
        {
            "carrier": "Blue",
            "plan_name": "",
            "member_id": "1",
            "coverage_start": "",
            "coverage_end": "",
        },
    )
    page = response.content.decode()
    for words in (
        "Plan name: this is needed",
        "Coverage starts:",
        "Coverage ends:",
        "Proof of coverage:",
    ):
        assert words in page
    assert "Nothing was saved" in page
    assert not CoverageRecord.objects.exists()


def test_waiver_upload_through_the_page(world, year, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for(world.user("student")).post(
        reverse("wellbeing:coverage_waiver", args=[year.academic_year]),
        {
            "carrier": "Blue",
            "plan_name": "PPO",
            "member_id": "1",
            "coverage_start": year.coverage_starts_on.isoformat(),
            "coverage_end": year.coverage_ends_on.isoformat(),
            "proof": SimpleUploadedFile("scan.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    assert CoverageProof.objects.get().content_type == "image/png"


def test_proof_is_served_only_to_its_student_and_reviewers(
    world, wb, client_for, make_student
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("wellbeing:coverage_proof", args=[wb["proof"].pk])
    for user in (make_student("classmate"), world.user("leadership"), world.user("administrator")):
        assert client_for(user).get(url).status_code == 404
    response = client_for(world.user("student_affairs")).get(url)
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert AuditEvent.objects.filter(verb="wellbeing.coverage_proof.read").count() == 1


def test_not_covered_list_is_for_student_affairs_only(world, wb, client_for, make_student) -> None:  # type: ignore[no-untyped-def]
    make_student("late_student")
    url = reverse("wellbeing:coverage_missing", args=[wb["year"].academic_year])
    assert client_for(world.user("leadership")).get(url).status_code == 404
    page = client_for(world.user("student_affairs")).get(url).content.decode()
    assert "Late_Student" in page and "Not started" in page
    assert "Waiver submitted, awaiting review" in page  # the student persona
    assert AuditEvent.objects.filter(verb="wellbeing.coverage_missing.read").exists()


def test_coverage_year_dates_are_checked(world) -> None:  # type: ignore[no-untyped-def]
    from decimal import Decimal

    with pytest.raises(ValidationError) as caught:
        actions.save_coverage_year(
            by=world.user("student_affairs"),
            academic_year=2030,
            coverage_starts_on=dt.date(2030, 8, 1),
            coverage_ends_on=dt.date(2030, 7, 1),
            plan_name="Plan",
            annual_cost=Decimal("1"),
            deadline=dt.date(2030, 8, 1),
        )
    assert "is not after the start" in caught.value.message_dict["coverage_ends_on"][0]
