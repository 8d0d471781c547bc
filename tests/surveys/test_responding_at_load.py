"""Respondents of one campaign do not wait for one another (PostgreSQL's row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError, connection, connections, transaction

from belong.surveys.actions.responding import invitation_for, submit
from belong.surveys.models import Invitation, Participation
from tests.factories.surveys import campaign, full_answers, token_of


@pytest.mark.django_db(transaction=True)
def test_a_respondent_does_not_wait_for_another_respondent_of_the_same_campaign(world) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises every writer")
    first, second = Invitation.objects.filter(campaign=campaign(world, n=6)).order_by("pk")[:2]
    holding, release = threading.Event(), threading.Event()

    def first_respondent_mid_submission() -> None:
        try:
            with transaction.atomic():
                invitation_for(token_of(first), lock=True)  # what submit holds to its commit
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_respondent_mid_submission)
    thread.start()
    assert holding.wait(10)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '500ms'")
            try:
                with transaction.atomic():
                    submit(token=token_of(second), answers=full_answers())
                waited_too_long = False
            except OperationalError:  # the lock timeout
                waited_too_long = True
    finally:
        release.set()
        thread.join(10)
    assert not waited_too_long
    assert Participation.objects.filter(person_id=second.person_id).exists()
