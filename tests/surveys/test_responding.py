import datetime

import pytest
from django.core import signing
from django.core.exceptions import ValidationError

from belong.access.models import PendingAnonymousEvents
from belong.anonymity.models import SealedEnvelope
from belong.surveys import links, tasks
from belong.surveys.actions.responding import invitation_for, save_progress, saved_progress, submit
from belong.surveys.models import Campaign, Invitation, Participation
from tests.factories.surveys import campaign, full_answers, token_of


def _first(made: Campaign) -> Invitation:
    invitation = Invitation.objects.filter(campaign=made).first()
    assert invitation is not None
    return invitation


def test_submitting_seals_records_participation_and_kills_the_link(world) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=6)
    invitation = _first(made)
    token = token_of(invitation)
    submit(token=token, answers=full_answers())
    invitation.refresh_from_db()
    assert invitation.link_salt == "" and invitation.snapshot == {} and invitation.draft is None
    assert Participation.objects.filter(campaign=made, person=invitation.person).exists()
    assert SealedEnvelope.objects.filter(bucket=made.bucket).count() == 1
    (event,) = [e for shard in PendingAnonymousEvents.objects.all() for e in shard.events]
    assert event["verb"] == "surveys.response.received" and event["count"] == 1


def test_a_second_submission_with_one_link_is_refused_and_nothing_is_added(world) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=6)
    token = token_of(_first(made))
    submit(token=token, answers=full_answers())
    with pytest.raises(links.LinkError, match="already been used"):
        submit(token=token, answers=full_answers())
    assert SealedEnvelope.objects.count() == 1 and Participation.objects.count() == 1


def test_a_tampered_link_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=6)
    first, second = Invitation.objects.filter(campaign=made).order_by("pk")[:2]
    token = token_of(first)
    _, nonce = links.read_token(token)
    wrong_key = signing.dumps({"i": second.pk, "n": nonce}, salt=links.SALT, key="not-the-key")
    # Even correctly signed, one invitation's nonce does not open another invitation.
    swapped = signing.dumps({"i": second.pk, "n": nonce}, salt=links.SALT)
    for bad in (token[:-2] + ("xx" if not token.endswith("xx") else "yy"), wrong_key, swapped, "x"):
        with pytest.raises(links.LinkError, match="not valid"):
            submit(token=bad, answers=full_answers())
    assert not SealedEnvelope.objects.exists()


def test_a_closed_survey_takes_no_answers(world) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=6)
    token = token_of(_first(made))
    Campaign.objects.filter(pk=made.pk).update(closes_on=datetime.date(2026, 1, 1))
    with pytest.raises(links.LinkError, match="closed on 1 January 2026"):
        submit(token=token, answers=full_answers())
    assert not SealedEnvelope.objects.exists() and not Participation.objects.exists()


def test_bad_answers_say_which_question_and_nothing_is_saved(world) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=6)
    token = token_of(_first(made))
    with pytest.raises(ValidationError) as caught:
        submit(token=token, answers=full_answers(belong_1="9", settings=["moon"], extra="x"))
    errors = caught.value.message_dict
    assert "belong_1" in errors and "settings" in errors and "extra" in errors["__all__"][0]
    assert not SealedEnvelope.objects.exists() and not Participation.objects.exists()
    assert _first(made).link_salt  # the link still works


def test_progress_is_saved_encrypted_under_the_link(world) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=6)
    invitation = _first(made)
    token = token_of(invitation)
    save_progress(token=token, answers={"belong_1": "5", "comment": "Half-way"})
    invitation.refresh_from_db()
    assert b"Half-way" not in bytes(invitation.draft)
    found, nonce = invitation_for(token)
    assert saved_progress(found, nonce) == {"belong_1": "5", "comment": "Half-way"}


def test_responses_are_released_in_batches_with_groups_shared_by_k(world) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=12)
    for invitation in Invitation.objects.filter(campaign=made):
        submit(token=token_of(invitation), answers=full_answers())
    released = tasks.release_open_campaigns()
    assert released == 12 - made.k
    groups = [tuple(r.groups.values()) for r in made.responses.all()]
    assert all(groups.count(g) >= made.k for g in groups)
