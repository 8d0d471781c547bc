from __future__ import annotations

import pytest
from django.urls import reverse

from belong.access.models import AuditEvent
from belong.wellbeing import actions
from belong.wellbeing.models import ReflectionEntry
from tests.personas import SIGNED_IN

pytestmark = pytest.mark.django_db


def test_only_the_author_can_open_a_reflection(world, wb, client_for, make_student) -> None:  # type: ignore[no-untyped-def]
    url = reverse("wellbeing:journal_entry", args=[wb["reflection"].pk])
    others = [world.user(p) for p in SIGNED_IN if p != "student"] + [make_student("classmate")]
    for user in others:
        assert client_for(user).get(url).status_code == 404, user.username
    response = client_for(world.user("student")).get(url)
    assert response.status_code == 200
    assert "It was a lot, and it was good." in response.content.decode()


def test_every_read_of_the_journal_is_audited_without_its_text(world, wb, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("student"))
    client.get(reverse("wellbeing:journal"))
    client.get(reverse("wellbeing:journal_entry", args=[wb["reflection"].pk]))
    verbs = list(AuditEvent.objects.order_by("seq").values_list("verb", flat=True))
    assert "wellbeing.reflections.read" in verbs and "wellbeing.reflection.read" in verbs
    assert not AuditEvent.objects.filter(detail__icontains="a lot").exists()


def test_writing_and_deleting_a_reflection(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("student"))
    response = client.post(reverse("wellbeing:journal"), {"title": "", "body": "   "})
    assert "Reflection: this is needed." in response.content.decode()
    assert not ReflectionEntry.objects.exists()
    client.post(reverse("wellbeing:journal"), {"title": "Week 1", "body": "Tired but glad."})
    entry = ReflectionEntry.objects.get()
    assert entry.author == world.person("student")
    client.post(reverse("wellbeing:journal_entry_delete", args=[entry.pk]))
    assert not ReflectionEntry.objects.exists()


def test_a_reflection_can_only_name_ones_own_class_week(world, wb) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    from tests.factories.wellbeing import ReachWeekFactory

    other = ReachWeekFactory(cohort=2029)
    with pytest.raises(ValidationError):
        actions.save_reflection(by=world.user("student"), body="x", week=other)
