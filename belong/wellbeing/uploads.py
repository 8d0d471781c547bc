"""Checking an uploaded proof of coverage: its size, and that it really is a PDF,
PNG or JPEG, all the way through.

The checks are the shared ones of :mod:`belong.core.files` (the first bytes
choose the format, never the name or the type the browser claims; a real
reader parses the whole file, which must end where that format ends). This
module adds what is particular to a proof: its size limit, a safe file name,
its checksum, and a message that says what a proof can be. Proofs are always
served as downloads with their checked type (see ``views/coverage.py``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from belong.core.files import CONTENT_TYPES, check_document

FIELD = "Proof of coverage"
# Said after the shared message, which already names the formats.
GUIDANCE = (
    "A photo or scan of your insurance card, or a letter from your insurer, straight "
    "from your scanner, phone or insurer, will do."
)

__all__ = ["CONTENT_TYPES", "FIELD", "ProofFile", "max_proof_bytes", "read_proof"]


def max_proof_bytes() -> int:
    return int(getattr(settings, "BELONG_COVERAGE_PROOF_MAX_BYTES", 5 * 1024 * 1024))


@dataclass(frozen=True)
class ProofFile:
    filename: str
    content_type: str
    data: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def _safe_name(name: str, extension: str) -> str:
    base = re.sub(r"[^A-Za-z0-9._ -]+", "_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    stem = base.rsplit(".", 1)[0][:120].strip(" .") or "proof"
    return stem + extension


def read_proof(upload: Any) -> ProofFile:
    """Read and check an uploaded file; raise ValidationError naming what is wrong."""
    limit = max_proof_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        # Refused before a byte is read.
        raise ValidationError(
            f"{FIELD}: the file is {size / 1048576:.1f} MB; the limit is "
            f"{limit / 1048576:.0f} MB. Scan at a lower resolution or upload a PDF."
        )
    data = b"".join(upload.chunks()) if hasattr(upload, "chunks") else upload.read()
    try:
        checked = check_document(data, field=FIELD, max_bytes=limit)
    except ValidationError as exc:
        raise ValidationError(f"{exc.messages[0]} {GUIDANCE}") from exc
    return ProofFile(
        filename=_safe_name(getattr(upload, "name", "") or "proof", checked.extension),
        content_type=checked.content_type,
        data=checked.data,
        sha256=hashlib.sha256(checked.data).hexdigest(),
    )
