"""Receipts for anonymous reporters: 150 random bits, typed back, stored only hashed.

A receipt is 30 characters of Crockford's base32 (no I, L, O or U), shown in
six groups of five. The first two groups (50 bits) are a *lookup* part, stored
as they are so a receipt finds its concern without hashing against every row;
the other four (100 bits) are the *secret* part, stored only as an Argon2 hash.
Knowing a lookup part (it is in the database) gives nothing without the secret.

Typing is forgiving: spaces, dashes and lower case are ignored, and the
letters people confuse with digits (O, I, L) are read as 0, 1, 1.

Failed checks are counted (``ReceiptFailures``), never who made them: per
hour across every receipt (guessing spread over many addresses or many
receipts) and per day for one receipt's lookup part (keyed, so the count
cannot be joined to the concern without the server's secret key). Past a
budget, checks are refused until the window ends, each with a message.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from belong.concerns.models import Concern, ReceiptFailures

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32
LOOKUP_LENGTH = 10  # 50 bits
SECRET_LENGTH = 20  # 100 bits
LENGTH = LOOKUP_LENGTH + SECRET_LENGTH
GROUP = 5
_CONFUSED = str.maketrans({"O": "0", "I": "1", "L": "1"})

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    # Verified when no concern has the lookup part, so a wrong lookup takes as long as a
    # wrong secret.
    return _hasher.hash("not a receipt")


class ReceiptError(ValueError):
    """A receipt that cannot be read or checked; the message says why, for the reporter."""


class TooManyAttempts(ReceiptError):
    """Too many failed checks in the current window; nothing was checked."""


@dataclass(frozen=True)
class Receipt:
    lookup: str
    secret: str

    @property
    def text(self) -> str:
        whole = self.lookup + self.secret
        return "-".join(whole[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def new_receipt() -> Receipt:
    """A fresh receipt from the operating system's random source."""
    whole = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return Receipt(whole[:LOOKUP_LENGTH], whole[LOOKUP_LENGTH:])


def parse(typed: str) -> Receipt:
    """Read a receipt as typed: spaces, dashes and case do not matter."""
    cleaned = "".join(typed.split()).replace("-", "").upper().translate(_CONFUSED)
    if not cleaned:
        raise ReceiptError(_("Receipt: type the receipt you were given when you reported."))
    wrong = sorted({ch for ch in cleaned if ch not in ALPHABET})
    if wrong:
        raise ReceiptError(
            _(
                "Receipt: it holds %(wrong)s, which no receipt has "
                "(receipts use digits and the letters A to Z without I, L, O and U)."
            )
            % {"wrong": ", ".join(repr(c) for c in wrong)}
        )
    if len(cleaned) != LENGTH:
        raise ReceiptError(
            _("Receipt: a receipt has %(length)d letters and digits; this one has %(typed)d.")
            % {"length": LENGTH, "typed": len(cleaned)}
        )
    return Receipt(cleaned[:LOOKUP_LENGTH], cleaned[LOOKUP_LENGTH:])


def hash_secret(receipt: Receipt) -> str:
    return _hasher.hash(receipt.secret)


# --- failed attempts ---------------------------------------------------------------------


def _scope_of(lookup: str) -> str:
    key = hmac.new(settings.SECRET_KEY.encode(), b"belong.concerns.receipt-lookup", "sha256")
    key.update(lookup.encode())
    return key.hexdigest()[:32]


def _windows(lookup: str) -> list[tuple[str, str, int]]:
    now = timezone.localtime()
    return [
        ("all", now.strftime("%Y-%m-%dT%H"), settings.BELONG_CONCERNS_RECEIPT_FAILURES_PER_HOUR),
        (
            _scope_of(lookup),
            now.strftime("%Y-%m-%d"),
            settings.BELONG_CONCERNS_RECEIPT_FAILURES_PER_DAY,
        ),
    ]


def _refuse_if_spent(lookup: str) -> None:
    for scope, window, budget in _windows(lookup):
        spent = (
            ReceiptFailures.objects.filter(scope=scope, window=window)
            .values_list("failures", flat=True)
            .first()
        )
        if spent is not None and spent >= budget:
            if scope == "all":
                raise TooManyAttempts(
                    _(
                        "Too many wrong receipts have been typed in the last hour, by anyone. "
                        "Receipts are not being checked until the hour is over; please try "
                        "again then."
                    )
                )
            raise TooManyAttempts(
                _(
                    "Too many wrong receipts have been typed for this report today. It is "
                    "locked until tomorrow; please try again then."
                )
            )


def _count_failure(lookup: str) -> None:
    windows = _windows(lookup)
    with transaction.atomic():
        # Past windows are of no use any more, whichever receipt they counted.
        ReceiptFailures.objects.filter(scope="all").exclude(window=windows[0][1]).delete()
        ReceiptFailures.objects.exclude(scope="all").exclude(window=windows[1][1]).delete()
        for scope, window, _ in windows:
            row, created = ReceiptFailures.objects.get_or_create(
                scope=scope, window=window, defaults={"failures": 1}
            )
            if not created:
                ReceiptFailures.objects.filter(pk=row.pk).update(failures=F("failures") + 1)


def concern_for(typed: str) -> Concern:
    """The concern a typed receipt opens, or ``ReceiptError`` saying why not.

    Refused before any check once a failure budget is spent; every failed
    check counts against both budgets. Only delivered concerns are found: a
    report sent within the last delivery interval is still sealed.
    """
    receipt = parse(typed)
    _refuse_if_spent(receipt.lookup)
    concern = Concern.objects.filter(receipt_lookup=receipt.lookup).first()
    stored = concern.receipt_hash if concern is not None else _dummy_hash()
    try:
        _hasher.verify(stored, receipt.secret)
        ok = concern is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or concern is None:
        _count_failure(receipt.lookup)
        raise ReceiptError(
            _(
                "Receipt: no report opens with this receipt. Check it and type it again. A "
                "report sent less than an hour ago may not have been delivered yet."
            )
        )
    return concern
