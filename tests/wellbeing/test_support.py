from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from belong.access.models import AuditEvent
from belong.people.models import AssessmentRelationship
from belong.wellbeing import actions, policies, queries
from belong.wellbeing.models import SupportRequest, SupportStatusChange
from tests.factories.wellbeing import SupportRequestFactory

pytestmark = pytest.mark.django_db
Status = SupportRequest.Status


def test_a_request_goes_to_the_services_office_with_a_due_time(
    world, wb, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    service = wb["services"]["tutoring"]
    with django_capture_on_commit_callbacks(execute=True):
        request = actions.create_support_request(
            by=world.user("student"), service=service, summary="Pharmacology help"
        )
    assert request.office == world.tutoring_office and not request.no_assessor
    assert request.due_by - request.created_at == dt.timedelta(hours=48)
    assert request.history.get().to_status == Status.SUBMITTED
    assert AuditEvent.objects.get(verb="wellbeing.support_request.created").detail == {
        "kind": "tutoring",
        "office": "tutoring",
    }


def test_the_office_is_emailed_that_something_waits_never_what(
    world, wb, make_case_manager, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    make_case_manager("tutor_lead", world.tutoring_office)
    with django_capture_on_commit_callbacks(execute=True):
        actions.create_support_request(
            by=world.user("student"),
            service=wb["services"]["tutoring"],
            summary="Failing renal physiology",
            details="Very private details",
        )
    assert [m.to for m in mail.outbox] == [["tutor_lead@example.edu"]]
    body = mail.outbox[0].subject + mail.outbox[0].body
    assert "Failing" not in body and "private" not in body and "student" in body.lower()
    assert "Sign in" in body


def test_counselling_requests_carry_the_no_assessor_rule(world, wb) -> None:  # type: ignore[no-untyped-def]
    assert wb["counselling_request"].no_assessor
    assert not wb["tutoring_request"].no_assessor


def test_the_student_is_told_who_cannot_see_a_counselling_request(world, wb, client_for) -> None:  # type: ignore[no-untyped-def]
    page = (
        client_for(world.user("student"))
        .get(reverse("wellbeing:support_request", args=[wb["counselling_request"].pk]))
        .content.decode()
    )
    assert "no role in your assessment or promotion" in page


def test_the_queue_shows_only_the_case_managers_office(world, wb) -> None:  # type: ignore[no-untyped-def]
    queue = list(queries.office_queue(world.user("case_manager")))
    assert queue == [wb["counselling_request"]]


def _assessed_by(assessor, student=None, cohort=None):  # type: ignore[no-untyped-def]
    return AssessmentRelationship.objects.create(
        assessor=assessor,
        role=AssessmentRelationship.Role.GRADER if student else "course_director",
        student=student,
        cohort=cohort,
        start_date=dt.date(2024, 1, 1),
    )


@pytest.mark.parametrize("how", ["directly", "as_course_director"])
def test_a_case_manager_who_assesses_the_student_never_sees_their_counselling_request(
    world, wb, client_for, how
) -> None:  # type: ignore[no-untyped-def]
    case_manager = world.user("case_manager")
    if how == "directly":
        _assessed_by(world.person("case_manager"), student=world.person("student"))
    else:
        _assessed_by(world.person("case_manager"), cohort=2027)
    request = wb["counselling_request"]
    assert list(queries.office_queue(case_manager)) == []
    assert queries.office_queue_counts(case_manager).open == 0
    client = client_for(case_manager)
    assert client.get(reverse("wellbeing:support_case", args=[request.pk])).status_code == 404
    for name, data in (
        ("wellbeing:support_case_update", {"action": "acknowledge"}),
        ("wellbeing:support_case_assign", {"assignee": ""}),
        ("wellbeing:support_message", {"body": "Hello"}),
    ):
        assert client.post(reverse(name, args=[request.pk]), data).status_code == 404, name
    with pytest.raises(Http404):
        actions.acknowledge_request(by=case_manager, request=request)
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED and not request.messages.exists()


def test_the_rule_applies_only_to_services_that_carry_it(world, wb, make_case_manager) -> None:  # type: ignore[no-untyped-def]
    tutor = make_case_manager("tutor", world.tutoring_office)
    _assessed_by(tutor.person, student=world.person("student"))
    assert list(queries.office_queue(tutor)) == [wb["tutoring_request"]]


def test_an_ended_assessment_no_longer_hides_the_request(world, wb) -> None:  # type: ignore[no-untyped-def]
    relation = _assessed_by(world.person("case_manager"), student=world.person("student"))
    relation.end_date = dt.date(2024, 6, 30)
    relation.save()
    assert list(queries.office_queue(world.user("case_manager"))) == [wb["counselling_request"]]


def test_queue_filter_agrees_with_the_object_rule(world, wb, make_student) -> None:  # type: ignore[no-untyped-def]
    """The SQL filter and ``assesses`` must draw the same line for every request."""
    service = wb["services"]["counselling"]
    cm = world.user("case_manager")
    students = [make_student(f"s{i}", cohort=2027 + i % 3).person for i in range(6)]
    requests = [SupportRequestFactory(requester=p, service=service) for p in students]
    _assessed_by(cm.person, student=students[0])
    _assessed_by(cm.person, cohort=2028)  # students 1 and 4
    ended = _assessed_by(cm.person, student=students[2])
    ended.end_date = dt.date(2024, 2, 1)
    ended.save()
    in_queue = set(queries.office_queue(cm).values_list("pk", flat=True))
    by_rule = {r.pk for r in [*requests, wb["counselling_request"]] if policies.may_handle(cm, r)}
    assert in_queue == by_rule
    assert {r.pk for r in requests} - in_queue == {requests[0].pk, requests[1].pk, requests[4].pk}


def test_office_reply_acknowledges_and_records_first_response(
    world, wb, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    request = wb["counselling_request"]
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_support_message(
            by=world.user("case_manager"), request=request, body="Can you come on Thursday?"
        )
    request.refresh_from_db()
    assert request.status == Status.ACKNOWLEDGED and request.first_response_at is not None
    assert [m.to for m in mail.outbox] == [[world.person("student").email]]
    assert "Thursday" not in mail.outbox[0].body


def test_status_flow_keeps_history_and_times(world, wb) -> None:  # type: ignore[no-untyped-def]
    cm = world.user("case_manager")
    request = wb["counselling_request"]
    actions.acknowledge_request(by=cm, request=request)
    with pytest.raises(ValidationError, match="already been acknowledged"):
        actions.acknowledge_request(by=cm, request=request)
    actions.resolve_request(by=cm, request=request, note="Met twice; follow-up booked")
    request.refresh_from_db()
    assert request.status == Status.RESOLVED and request.resolved_at is not None
    with pytest.raises(ValidationError, match="messages are closed"):
        actions.post_support_message(by=world.user("student"), request=request, body="One more")
    actions.reopen_request(by=cm, request=request)
    request.refresh_from_db()
    assert request.status == Status.ACKNOWLEDGED and request.resolved_at is None
    steps = list(
        SupportStatusChange.objects.filter(request=request).values_list("to_status", flat=True)
    )
    assert steps == ["submitted", "acknowledged", "resolved", "acknowledged"]


def test_the_student_may_withdraw_but_not_act_for_the_office(world, wb) -> None:  # type: ignore[no-untyped-def]
    student = world.user("student")
    request = wb["counselling_request"]
    with pytest.raises(Http404):
        actions.resolve_request(by=student, request=request)
    actions.withdraw_request(by=student, request=request)
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN


def test_assignment_only_to_colleagues_who_may_see_the_request(
    world, wb, make_case_manager
) -> None:  # type: ignore[no-untyped-def]
    request = wb["counselling_request"]
    colleague = make_case_manager("colleague", world.counselling_office)
    grader = make_case_manager("grader", world.counselling_office)
    tutor = make_case_manager("tutor", world.tutoring_office)
    _assessed_by(grader.person, student=world.person("student"))
    handlers = {u.username for u in policies.eligible_handlers(request)}
    assert handlers == {"case_manager", "colleague"}
    actions.assign_request(by=world.user("case_manager"), request=request, assignee=colleague)
    for wrong in (grader, tutor):
        with pytest.raises(ValidationError):
            actions.assign_request(by=world.user("case_manager"), request=request, assignee=wrong)
    request.refresh_from_db()
    assert request.assigned_to == colleague


def test_queue_counts_overdue_and_unassigned(world, wb) -> None:  # type: ignore[no-untyped-def]
    request = wb["counselling_request"]
    SupportRequest.objects.filter(pk=request.pk).update(
        due_by=timezone.now() - dt.timedelta(hours=1)
    )
    counts = queries.office_queue_counts(world.user("case_manager"))
    assert (counts.open, counts.overdue, counts.unassigned) == (1, 1, 1)


def test_reads_are_audited(world, wb, client_for) -> None:  # type: ignore[no-untyped-def]
    request = wb["counselling_request"]
    client_for(world.user("case_manager")).get(reverse("wellbeing:support_queue"))
    client_for(world.user("case_manager")).get(reverse("wellbeing:support_case", args=[request.pk]))
    client_for(world.user("student")).get(reverse("wellbeing:support_request", args=[request.pk]))
    reads = AuditEvent.objects.filter(
        verb__in=["wellbeing.support_request.read", "wellbeing.support_queue.read"]
    )
    assert sorted(e.detail.get("as", "queue") for e in reads) == ["office", "queue", "student"]


def test_missing_summary_is_named_and_nothing_is_saved(world, wb, client_for) -> None:  # type: ignore[no-untyped-def]
    before = SupportRequest.objects.count()
    response = client_for(world.user("student")).post(
        reverse("wellbeing:support_new"), {"service": wb["services"]["tutoring"].pk, "summary": ""}
    )
    assert "What you would like help with: this is needed." in response.content.decode()
    assert SupportRequest.objects.count() == before


def test_counselling_cannot_be_configured_without_the_rule(world, wb) -> None:  # type: ignore[no-untyped-def]
    service = wb["services"]["counselling"]
    with pytest.raises(ValidationError) as caught:
        actions.save_support_service(
            by=world.user("student_affairs"),
            service=service,
            kind="counselling",
            office=world.counselling_office,
            no_assessor_rule=False,
        )
    assert "accreditation" in caught.value.message_dict["no_assessor_rule"][0]


def test_changing_a_services_office_leaves_existing_requests_where_they_are(world, wb) -> None:  # type: ignore[no-untyped-def]
    actions.save_support_service(
        by=world.user("student_affairs"),
        service=wb["services"]["tutoring"],
        kind="tutoring",
        office=world.student_affairs_office,
    )
    wb["tutoring_request"].refresh_from_db()
    assert wb["tutoring_request"].office == world.tutoring_office
