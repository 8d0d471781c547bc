from __future__ import annotations

from typing import Any

import pytest

from belong.access.models import RoleAssignment, User
from tests.factories.people import AffiliationFactory, PersonFactory
from tests.factories.wellbeing import build_wellbeing


@pytest.fixture
def wb(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """One of everything (see ``tests.factories.wellbeing.build_wellbeing``)."""
    return build_wellbeing(world)


@pytest.fixture(autouse=True)
def _tasks_run_now_and_mail_is_kept(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def make_case_manager(world):  # type: ignore[no-untyped-def]
    """``make_case_manager(username, office)``: another case manager with a person record."""

    def make(username: str, office: Any) -> User:
        user = User.objects.create_user(username, email=f"{username}@example.edu")
        person = PersonFactory(user=user, legal_given_name=username.title())
        AffiliationFactory(person=person, kind="staff", unit=world.medicine)
        RoleAssignment.objects.create(user=user, role="case_manager", unit=office)
        return user

    return make


@pytest.fixture
def make_student(world):  # type: ignore[no-untyped-def]
    """``make_student(username, cohort=2027)``: another student with an account."""

    def make(username: str, cohort: int = 2027) -> User:
        user = User.objects.create_user(username, email=f"{username}@example.edu")
        person = PersonFactory(user=user, legal_given_name=username.title())
        AffiliationFactory(person=person, kind="student", unit=world.md_program, cohort=cohort)
        return user

    return make
