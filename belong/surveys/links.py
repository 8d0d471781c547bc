"""Single-use invitation links, and saved progress only the link can read.

A link carries ``signing.dumps({"i": invitation id, "n": nonce})``: the
signature makes a tampered link fail loudly. The nonce is not stored; it is an
HMAC, under the secret key, of the invitation's random ``link_salt``, so the
system can send the same link again in a reminder. Emptying ``link_salt``
when the person answers kills the link for ever.

Saved progress (a draft) is encrypted with AES-GCM under a key derived from
the nonce: a reader of the database alone cannot read it, and it is deleted
when the answers are submitted.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy

SALT = "belong.surveys.invitation-link"
_DRAFT_CONTEXT = b"belong.surveys.draft.v1"


class LinkError(Exception):
    """The link cannot be used; the message says why, in words for the respondent."""


TAMPERED = gettext_lazy(
    "This survey link is not valid: it may have been copied incompletely or changed. "
    "Open it again from your invitation e-mail."
)


def new_salt() -> str:
    return secrets.token_hex(16)


def nonce_for(invitation_id: int, link_salt: str) -> str:
    message = f"{invitation_id}:{link_salt}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def make_token(invitation_id: int, link_salt: str) -> str:
    return signing.dumps({"i": invitation_id, "n": nonce_for(invitation_id, link_salt)}, salt=SALT)


def read_token(token: str) -> tuple[int, str]:
    """``(invitation id, nonce)`` of a link, or :class:`LinkError` if it was altered."""
    try:
        body = signing.loads(token, salt=SALT)
        return int(body["i"]), str(body["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise LinkError(TAMPERED) from None


def nonce_matches(nonce: str, invitation_id: int, link_salt: str) -> bool:
    return bool(link_salt) and hmac.compare_digest(nonce, nonce_for(invitation_id, link_salt))


def _draft_key(nonce: str) -> bytes:
    return hmac.new(nonce.encode(), _DRAFT_CONTEXT, hashlib.sha256).digest()


def seal_draft(nonce: str, answers: dict[str, Any]) -> bytes:
    iv = os.urandom(12)
    data = json.dumps(answers, sort_keys=True).encode()
    return iv + AESGCM(_draft_key(nonce)).encrypt(iv, data, _DRAFT_CONTEXT)


def open_draft(nonce: str, blob: bytes | memoryview | None) -> dict[str, Any]:
    if not blob:
        return {}
    raw = bytes(blob)
    try:
        return dict(
            json.loads(AESGCM(_draft_key(nonce)).decrypt(raw[:12], raw[12:], _DRAFT_CONTEXT))
        )
    except (InvalidTag, ValueError):
        return {}
