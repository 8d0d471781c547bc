"""Sealed envelopes: anonymous content held encrypted, released later in random batches.

Use when a module records, in the same request, both that a person took part
(a survey's participation, for reminders) and what they said anonymously.
Writing both rows in one transaction would link them for anyone who reads the
database's bookkeeping: PostgreSQL stamps every row with the id of the
transaction that wrote it (``xmin``), SQLite numbers rows in the order they
were inserted (``rowid``), and both keep rows on disk in that order. So:

1. :func:`seal` (in the request's transaction) writes only an envelope: the
   content encrypted with AES-GCM under a key derived from the server's
   secret key, with a random nonce and no timestamp (a Fernet token would
   carry the time of encryption in the clear), in a row with a random key
   and no time column.
2. :func:`release_ready` (from a background task or a command, in a
   transaction of its own) opens a bucket's envelopes once at least ``2k``
   are waiting, shuffles them, writes all but ``k`` of them as records in that
   random order, and deletes the envelopes it opened. :func:`release_all`
   empties a bucket when its collection closes.

Every released record therefore arrived in a batch of at least ``k``, written
in an order nothing chose, from a span in which at least ``k`` people took
part; and a database reader without the secret key learns nothing from the
pool but its size. ``SECRET_KEY_FALLBACKS`` keep envelopes readable across a
key rotation. Limits (a reader who watches the database live, or who also has
the secret key) are in decision record 0017.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import transaction

from belong.anonymity.models import AnonymousRecord, SealedEnvelope
from belong.anonymity.periods import coarse_day

_NONCE_BYTES = 12
_CONTEXT = b"belong.anonymity.sealed-envelopes.v1"


# Changes a batch's field values before they are written (all rows at once, in
# the shuffled order): a survey generalises groups so each is shared by k.
Prepare = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


class EnvelopeError(Exception):
    """An envelope cannot be opened or does not fit its record model; nothing was released."""


def _key(secret: str) -> bytes:
    # A key of its own for envelopes: HMAC-SHA256 of a fixed context under the secret key.
    return hmac.new(secret.encode(), _CONTEXT, hashlib.sha256).digest()


def _keys() -> list[bytes]:
    fallbacks: Iterable[str] = getattr(settings, "SECRET_KEY_FALLBACKS", ())
    return [_key(settings.SECRET_KEY), *(_key(k) for k in fallbacks)]


def _encrypt(data: bytes) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(_keys()[0]).encrypt(nonce, data, _CONTEXT)


def _decrypt(token: bytes) -> bytes:
    nonce, sealed = token[:_NONCE_BYTES], token[_NONCE_BYTES:]
    for key in _keys():
        try:
            return AESGCM(key).decrypt(nonce, sealed, _CONTEXT)
        except InvalidTag:
            continue
    raise EnvelopeError(
        "A sealed envelope cannot be opened with the secret key or its fallbacks; if the "
        "key was rotated, add the old one to BELONG_SECRET_KEY_FALLBACKS."
    )


def _label(model: type[AnonymousRecord]) -> str:
    return model._meta.label_lower


def _check_fields(model: type[AnonymousRecord], fields: Mapping[str, Any]) -> None:
    allowed = {
        f.attname for f in model._meta.concrete_fields if f.attname not in {"id", "received_on"}
    }
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise EnvelopeError(f"{_label(model)} has no field {', '.join(unknown)}")


def seal(model: type[AnonymousRecord], *, bucket: str, fields: Mapping[str, Any]) -> None:
    """Hold one future ``model`` record, encrypted, in ``bucket`` (in the caller's transaction).

    ``fields`` are the record's field values by attribute name (a foreign key
    as ``campaign_id``), JSON-serialisable. The record's ``received_on`` is
    taken now, at the coarseness ``model.period`` allows. Returns nothing: there
    is no row to point at.
    """
    if not issubclass(model, AnonymousRecord):
        raise TypeError(f"{model!r} is not an AnonymousRecord")
    _check_fields(model, fields)
    body = {
        "model": _label(model),
        "received_on": coarse_day(model.period).isoformat(),
        "fields": dict(fields),
    }
    data = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    SealedEnvelope.objects.create(bucket=bucket, payload=_encrypt(data))


def waiting(bucket: str) -> int:
    """How many envelopes wait in ``bucket``."""
    return SealedEnvelope.objects.filter(bucket=bucket).count()


def _release(
    model: type[AnonymousRecord], bucket: str, keep: int, prepare: Prepare | None = None
) -> int:
    with transaction.atomic():
        rows = list(
            SealedEnvelope.objects.select_for_update()
            .filter(bucket=bucket)
            .values_list("id", "payload")
        )
        if len(rows) <= keep:
            return 0
        secrets.SystemRandom().shuffle(rows)
        opened = rows[: len(rows) - keep]
        bodies = []
        for _, payload in opened:
            try:
                body = json.loads(_decrypt(bytes(payload)))
            except ValueError as error:
                raise EnvelopeError(f"A sealed envelope in {bucket} is damaged: {error}") from None
            if body.get("model") != _label(model):
                raise EnvelopeError(
                    f"An envelope in {bucket} holds a {body.get('model')}, not a {_label(model)}"
                )
            _check_fields(model, body["fields"])
            bodies.append(body)
        if prepare is not None:
            for body, prepared in zip(
                bodies, prepare([dict(b["fields"]) for b in bodies]), strict=True
            ):
                _check_fields(model, prepared)
                body["fields"] = prepared
        records = [model(received_on=b["received_on"], **b["fields"]) for b in bodies]
        # One insert per record, in the shuffled order: the order on disk is that one.
        model._default_manager.bulk_create(records, batch_size=1)
        SealedEnvelope.objects.filter(pk__in=[pk for pk, _ in opened]).delete()
        return len(records)


def release_ready(
    model: type[AnonymousRecord], *, bucket: str, k: int, prepare: Prepare | None = None
) -> int:
    """Release a random ``waiting - k`` envelopes of ``bucket`` once ``2k`` or more wait.

    At least ``k`` are released at a time and at least ``k`` stay waiting, so
    every batch, the next one included, has ``k`` or more. ``prepare`` may
    change the batch's field values (all at once) before they are written.
    Returns how many records were written.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    if waiting(bucket) < 2 * k:
        return 0
    return _release(model, bucket, keep=k, prepare=prepare)


def release_all(
    model: type[AnonymousRecord], *, bucket: str, prepare: Prepare | None = None
) -> int:
    """Release every envelope of ``bucket`` (its collection has closed), in random order."""
    return _release(model, bucket, keep=0, prepare=prepare)
