"""Receipts: enough randomness, forgiving typing, stored only hashed, guessing slowed."""

from __future__ import annotations

import math

import pytest
import time_machine

from belong.concerns import receipts
from belong.concerns.models import Concern, ReceiptFailures
from tests.factories.concerns import anonymous_case

pytestmark = pytest.mark.django_db


def test_a_receipt_holds_at_least_80_secret_bits_and_50_lookup_bits() -> None:
    assert len(receipts.ALPHABET) == 32 and len(set(receipts.ALPHABET)) == 32
    assert receipts.SECRET_LENGTH * math.log2(32) >= 80
    receipt = receipts.new_receipt()
    assert len(receipt.lookup) == 10 and len(receipt.secret) == 20
    assert len({receipts.new_receipt().secret for _ in range(200)}) == 200


def test_a_receipt_typed_with_spaces_dashes_lower_case_and_look_alikes_reads_the_same() -> None:
    receipt = receipts.Receipt("0123456789", "ABCDEFGHJK1MNPQRSTVW")
    assert receipts.parse(receipt.text) == receipt
    sloppy = " 01234 56789 abcdefghjk-lmnpqrstvw ".replace("0", "o", 1)
    assert receipts.parse(sloppy) == receipt


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "type the receipt"),
        ("   ", "type the receipt"),
        ("ABCDE", "has 30 letters and digits; this one has 5"),
        ("ABCDE-FGHJK-MNPQR-STVWX-YZ012-3456U", "'U'"),
    ],
)
def test_a_receipt_that_cannot_be_read_says_why(typed: str, message: str) -> None:
    with pytest.raises(receipts.ReceiptError, match=message):
        receipts.parse(typed)


def test_only_an_argon2_hash_of_the_secret_is_stored() -> None:
    case, receipt = anonymous_case()
    concern = Concern.objects.get(pk=case.concern_id)
    assert concern.receipt_lookup == receipt.lookup
    assert concern.receipt_hash.startswith("$argon2id$")
    assert receipt.secret not in concern.receipt_hash


def test_the_right_receipt_opens_its_concern_and_a_wrong_secret_does_not() -> None:
    case, receipt = anonymous_case()
    assert receipts.concern_for(receipt.text.lower()).pk == case.concern_id
    wrong = receipts.Receipt(receipt.lookup, "0" * 20 if receipt.secret != "0" * 20 else "1" * 20)
    with pytest.raises(receipts.ReceiptError, match="no report opens"):
        receipts.concern_for(wrong.text)


def test_failures_lock_one_receipt_for_the_day_and_never_say_who_tried(settings) -> None:
    settings.BELONG_CONCERNS_RECEIPT_FAILURES_PER_DAY = 3
    case, receipt = anonymous_case()
    wrong = receipts.Receipt(receipt.lookup, "Z" * 20).text
    with time_machine.travel("2026-11-10 09:00 +00:00", tick=False):
        for _ in range(3):
            with pytest.raises(receipts.ReceiptError, match="no report opens"):
                receipts.concern_for(wrong)
        # Even the right receipt is refused until the day is over: guessing has stopped.
        with pytest.raises(receipts.TooManyAttempts, match="until tomorrow"):
            receipts.concern_for(receipt.text)
    with time_machine.travel("2026-11-11 09:00 +00:00", tick=False):
        assert receipts.concern_for(receipt.text).pk == case.concern_id
    for row in ReceiptFailures.objects.all():
        # The lookup part is never stored as typed; the window is an hour or a day.
        assert receipt.lookup not in row.scope
        assert len(row.window) in (10, 13)


def test_failures_across_every_receipt_pause_all_checks_for_the_hour(settings) -> None:
    settings.BELONG_CONCERNS_RECEIPT_FAILURES_PER_HOUR = 4
    case, receipt = anonymous_case()
    with time_machine.travel("2026-11-10 09:05 +00:00", tick=False):
        # Guesses spread over many receipts (as from many addresses): each is new.
        for _ in range(4):
            with pytest.raises(receipts.ReceiptError):
                receipts.concern_for(receipts.new_receipt().text)
        with pytest.raises(receipts.TooManyAttempts, match="last hour, by anyone"):
            receipts.concern_for(receipt.text)
    with time_machine.travel("2026-11-10 10:01 +00:00", tick=False):
        assert receipts.concern_for(receipt.text).pk == case.concern_id
    assert ReceiptFailures.objects.filter(scope="all").count() == 1


def test_past_windows_are_deleted_at_the_next_failure() -> None:
    _, receipt = anonymous_case()
    wrong = receipts.Receipt(receipt.lookup, "Z" * 20).text
    with (
        time_machine.travel("2026-11-10 09:00 +00:00", tick=False),
        pytest.raises(receipts.ReceiptError),
    ):
        receipts.concern_for(wrong)
    assert ReceiptFailures.objects.count() == 2
    with (
        time_machine.travel("2026-11-11 09:00 +00:00", tick=False),
        pytest.raises(receipts.ReceiptError),
    ):
        receipts.concern_for(receipts.new_receipt().text)
    windows = sorted(ReceiptFailures.objects.values_list("window", flat=True))
    # Yesterday's counts are gone; today's day and hour (local time) remain.
    assert windows[0] == "2026-11-11" and windows[1].startswith("2026-11-11T")
    assert len(windows) == 2
