from __future__ import annotations

import pytest
from django.http import Http404
from django.urls import reverse

from belong.access.models import AuditEvent
from belong.people import actions, queries
from belong.people.categories import CategoryError
from belong.people.models import SelfIdentification, SelfIdentificationVersion

pytestmark = pytest.mark.django_db

ANSWERS = {
    "race": ["black", "hispanic"],
    "race_detailed": ["hispanic_dominican"],
    "sex": "female",
    "gender_identity": "woman",
    "sexual_orientation": "prefer_not",
    "first_generation": "yes",
}


def test_changes_make_new_versions_and_keep_the_old(world) -> None:  # type: ignore[no-untyped-def]
    user, person = world.user("student"), world.person("student")
    record, changed = actions.save_self_identification(by=user, person=person, answers=ANSWERS)
    assert changed and record.version == 1 and record.ipeds == "hispanic"
    record, changed = actions.save_self_identification(
        by=user, person=person, answers={**ANSWERS, "race": ["black"], "race_detailed": []}
    )
    assert changed and record.version == 2 and record.ipeds == "black"
    versions = SelfIdentificationVersion.objects.filter(person=person).order_by("version")
    assert [v.race for v in versions] == [["black", "hispanic"], ["black"]]
    assert SelfIdentification.objects.filter(person=person).count() == 1


def test_unchanged_answers_make_no_version(world) -> None:  # type: ignore[no-untyped-def]
    user, person = world.user("student"), world.person("student")
    actions.save_self_identification(by=user, person=person, answers=ANSWERS)
    _record, changed = actions.save_self_identification(by=user, person=person, answers=ANSWERS)
    assert not changed
    assert SelfIdentificationVersion.objects.filter(person=person).count() == 1


def test_nothing_is_required(world) -> None:  # type: ignore[no-untyped-def]
    record, _ = actions.save_self_identification(
        by=world.user("student"), person=world.person("student"), answers={}
    )
    assert record.race == [] and record.sex is None and record.ipeds == "unknown"


def test_bad_answer_names_the_question_and_saves_nothing(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CategoryError, match="gender_identity"):
        actions.save_self_identification(
            by=world.user("student"),
            person=world.person("student"),
            answers={**ANSWERS, "gender_identity": "unknown-code"},
        )
    assert not SelfIdentification.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="people.self_identification").exists()


def test_nobody_can_save_someone_elses_answers_as_their_own(world) -> None:  # type: ignore[no-untyped-def]
    for persona in ("resident", "administrator", "data_steward"):
        with pytest.raises(Http404):
            actions.save_self_identification(
                by=world.user(persona), person=world.person("student"), answers=ANSWERS
            )


def test_change_is_audited_without_the_answers(world) -> None:  # type: ignore[no-untyped-def]
    actions.save_self_identification(
        by=world.user("student"), person=world.person("student"), answers=ANSWERS
    )
    event = AuditEvent.objects.get(verb="people.self_identification.changed")
    assert "black" not in str(event.detail) and "female" not in str(event.detail)


def test_every_read_is_audited_and_only_for_self_or_steward(world) -> None:  # type: ignore[no-untyped-def]
    person = world.person("student")
    actions.save_self_identification(by=world.user("student"), person=person, answers=ANSWERS)
    queries.self_identification_for(world.user("student"), person, purpose="own record")
    queries.self_identification_history_for(
        world.user("data_steward"), person, purpose="correction"
    )
    reads = AuditEvent.objects.filter(verb__startswith="people.self_identification.")
    reads = reads.exclude(verb="people.self_identification.changed")
    assert [(e.actor_label, e.detail["purpose"]) for e in reads.order_by("seq")] == [
        ("student", "own record"),
        ("data_steward", "correction"),
    ]
    for persona in ("resident", "administrator", "analyst", "leadership", "student_affairs"):
        with pytest.raises(Http404):
            queries.self_identification_for(world.user(persona), person, purpose="curiosity")


def test_form_saves_answers_with_detail_and_write_in(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("resident"))
    response = client.post(
        reverse("people:my_self_identification"),
        {
            "race": ["asian", "white"],
            "detail_asian": ["asian_korean"],
            "gender_identity": "nonbinary",
            "gender_identity_write_in": "genderfluid",
            "veteran": "prefer_not",
            "sex": "",
        },
    )
    assert response.status_code == 302
    record = SelfIdentification.objects.get(person=world.person("resident"))
    assert record.race == ["asian", "white"] and record.race_detailed == ["asian_korean"]
    assert record.ipeds == "two_or_more" and record.veteran == "prefer_not" and record.sex is None
    assert record.gender_identity_write_in == "genderfluid"


def test_form_refuses_prefer_not_with_a_category(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("resident"))
    response = client.post(
        reverse("people:my_self_identification"), {"race": ["prefer_not", "black"]}
    )
    assert response.status_code == 200
    assert "Choose one or the other" in response.content.decode()
    assert not SelfIdentification.objects.exists()


def test_pages_listing_people_never_show_demographics(world, client_for) -> None:  # type: ignore[no-untyped-def]
    actions.save_self_identification(
        by=world.user("student"), person=world.person("student"), answers=ANSWERS
    )
    client = client_for(world.user("data_steward"))
    for url in (
        reverse("people:people_list"),
        reverse("people:person_detail", args=[world.person("student").pk]),
        reverse("people:person_self_identification", args=[world.person("student").pk]),
    ):
        body = client.get(url).content.decode()
        for label in ("Black or African American", "Hispanic or Latino", "Dominican", "Female"):
            assert label not in body, (url, label)


def test_steward_sees_answers_only_after_giving_a_purpose(world, client_for) -> None:  # type: ignore[no-untyped-def]
    person = world.person("student")
    actions.save_self_identification(by=world.user("student"), person=person, answers=ANSWERS)
    client = client_for(world.user("data_steward"))
    url = reverse("people:person_self_identification", args=[person.pk])
    response = client.post(url, {"purpose": "correction"})
    assert "Dominican" in response.content.decode()
    event = AuditEvent.objects.filter(verb="people.self_identification.history_read").get()
    assert event.actor_label == "data_steward" and event.detail["purpose"] == "correction"
