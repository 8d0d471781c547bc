"""Checking an uploaded proof of coverage: its size, and that it really is a PDF,
PNG or JPEG (by its first bytes, not by the name or type the browser claims)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

_SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)
FIELD = "Proof of coverage"


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
        raise ValidationError(
            f"{FIELD}: the file is {size / 1048576:.1f} MB; the limit is "
            f"{limit / 1048576:.0f} MB. Scan at a lower resolution or upload a PDF."
        )
    data = b"".join(upload.chunks()) if hasattr(upload, "chunks") else upload.read()
    if len(data) > limit:
        raise ValidationError(f"{FIELD}: the file is larger than {limit / 1048576:.0f} MB.")
    if not data:
        raise ValidationError(f"{FIELD}: the file is empty.")
    for magic, content_type, extension in _SIGNATURES:
        if data.startswith(magic):
            return ProofFile(
                filename=_safe_name(getattr(upload, "name", "") or "proof", extension),
                content_type=content_type,
                data=data,
                sha256=hashlib.sha256(data).hexdigest(),
            )
    raise ValidationError(
        f"{FIELD}: this file is not a PDF, PNG or JPEG. Upload a photo or scan of your "
        "insurance card, or a letter from your insurer, in one of those formats."
    )
