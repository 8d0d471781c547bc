"""The audit pages show events in words, filtered by a kind chosen from a list."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from belong.access import actions, audit
from belong.access.audit.display import in_words
from belong.access.models import AuditEvent
from belong.access.roles import ROLES
from tests.text import page_text

pytestmark = pytest.mark.django_db


def _stored_row(verb: str, *, target: tuple[str, str] = ("", ""), detail=None) -> AuditEvent:  # type: ignore[no-untyped-def]
    """A row as an older version of Belong wrote it (no catalogue check)."""
    last = AuditEvent.objects.order_by("-seq").first()
    event = AuditEvent(
        seq=(last.seq + 1) if last else 1,
        at=timezone.now(),
        actor=None,
        actor_label="system",
        verb=verb,
        target_type=target[0],
        target_id=target[1],
        detail=detail or {},
        prev_hash=last.hash if last else audit.GENESIS,
    )
    event.hash = audit.compute_hash(
        seq=event.seq,
        at=event.at,
        actor_id=None,
        actor_label="system",
        verb=verb,
        target_type=event.target_type,
        target_id=event.target_id,
        detail=event.detail,
        prev_hash=event.prev_hash,
    )
    event.save(force_insert=True)
    return event


def test_a_role_given_reads_in_words_with_the_account_named(world, client_for) -> None:  # type: ignore[no-untyped-def]
    admin, student = world.user("administrator"), world.user("student")
    actions.assign_role(by=admin, user=student, role="analyst")
    text = page_text(client_for(admin).get(reverse("access:audit_log")))
    assert f"Role given: {ROLES['analyst'].name} to {student.get_username()}" in text
    assert "access.role.assigned" not in text
    assert f"access.user {student.pk}" not in text


def test_a_scoped_role_names_its_unit_and_a_console_grant_says_so(world) -> None:  # type: ignore[no-untyped-def]
    student = world.user("student")
    actions.grant_role_from_console(
        user=student, role="case_manager", unit=world.counselling_office
    )
    (row,) = in_words([AuditEvent.objects.get(verb="access.role.assigned", target_id=student.pk)])
    role = ROLES["case_manager"].name
    assert row.text == (
        f"Role given: {role} to {student.get_username()} for {world.counselling_office.code}, "
        "from the server's command line"
    )
    assert row.rest == []


def test_detail_the_words_do_not_use_is_shown_beside_them(world) -> None:  # type: ignore[no-untyped-def]
    event = audit.record(
        audit.PeopleEvent.SELF_IDENTIFICATION_READ,
        by=world.user("data_steward"),
        target=world.person("student"),
        detail={"purpose": "check against the registrar", "version": 3, "extra_flag": True},
    )
    (row,) = in_words([event])
    assert row.text == (
        f"Self-identification read: of {world.person('student')} (version 3); "
        "purpose: check against the registrar"
    )
    assert row.rest == [("extra flag", "yes")]


def test_an_old_row_with_less_detail_still_reads(world) -> None:  # type: ignore[no-untyped-def]
    student = world.user("student")
    old = _stored_row("access.role.assigned", target=("access.user", str(student.pk)))
    (row,) = in_words([old])
    assert row.text == f"Role given: {student.get_username()}"


def test_a_record_that_no_longer_exists_and_a_private_record_are_not_named(world) -> None:  # type: ignore[no-untyped-def]
    gone = _stored_row("access.signed_in", target=("access.user", "999999"))
    note = _stored_row("coaching.note.read", target=("coaching.coachingnote", "42"))
    rows = in_words([gone, note])
    assert rows[0].text == "Signed in"
    assert rows[0].record == "user 999999 (no longer exists)"
    assert rows[1].text == "Coaching note read: coaching note 42"


def test_a_verb_outside_the_catalogue_is_shown_as_stored_and_flagged(world, client_for) -> None:  # type: ignore[no-untyped-def]
    _stored_row("retired.thing", detail={"n": 2})
    text = page_text(client_for(world.user("administrator")).get(reverse("access:audit_log")))
    assert "retired.thing not in the catalogue" in text
    assert "N: 2" in text


def test_the_kind_filter_is_a_list_grouped_by_area_and_filters(world, client_for) -> None:  # type: ignore[no-untyped-def]
    admin, student = world.user("administrator"), world.user("student")
    actions.assign_role(by=admin, user=student, role="analyst")
    audit.record(audit.AccessEvent.SIGNED_IN, by=student, target=student)
    client = client_for(admin)
    page = client.get(reverse("access:audit_log")).content.decode()
    assert '<select name="kind"' in page
    assert '<optgroup label="Coaching">' in page
    assert '<option value="access.role.assigned">Role given</option>' in page
    filtered = client.get(reverse("access:audit_log"), {"kind": "access.role.assigned"})
    events = list(filtered.context["page"].object_list)
    assert events and {e.verb for e in events} == {"access.role.assigned"}


def test_a_kind_not_in_the_list_is_refused_and_filters_nothing(world, client_for) -> None:  # type: ignore[no-untyped-def]
    admin = world.user("administrator")
    audit.record(audit.AccessEvent.SIGNED_IN, by=admin, target=admin)
    response = client_for(admin).get(reverse("access:audit_log"), {"kind": "access.role"})
    assert "Select a valid choice" in page_text(response)
    assert response.context["page"].paginator.count == AuditEvent.objects.count()


def test_the_catalogue_page_describes_every_kind(world, client_for) -> None:  # type: ignore[no-untyped-def]
    text = page_text(client_for(world.user("administrator")).get(reverse("access:audit_kinds")))
    for _label, enum in audit.catalogue.AREAS:
        for kind in enum:
            assert kind.description in text, kind.verb


def test_the_home_card_counts_sensitive_reads_from_the_catalogue(world, client_for) -> None:  # type: ignore[no-untyped-def]
    """A history read counts as a sensitive read (its verb does not end in ".read");
    a sign-in does not."""
    from belong.access.navigation import home_cards

    steward = world.user("data_steward")
    request = client_for(world.user("administrator")).get("/").wsgi_request

    def figures() -> tuple[int, int]:
        (card,) = home_cards(request)
        found = re.search(r"([\d,]+) events, of which ([\d,]+) were reads", card.body)
        assert found, card.body
        return int(found[1].replace(",", "")), int(found[2].replace(",", ""))

    total, reads = figures()
    audit.record(
        audit.PeopleEvent.SELF_IDENTIFICATION_HISTORY_READ,
        by=steward,
        target=world.person("student"),
        detail={"purpose": "audit", "versions": 1},
    )
    audit.record(audit.AccessEvent.SIGNED_IN, by=steward, target=steward)
    assert figures() == (total + 2, reads + 1)
