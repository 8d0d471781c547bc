"""Checking an uploaded proof of coverage: its size, and that it really is a PDF,
PNG or JPEG, all the way through.

The first bytes choose the format (never the name or the type the browser
claims); then the whole file is parsed by a real reader, pypdf or Pillow, and
must end where that format ends. "%PDF-1.4" followed by an HTML page, or a
PNG with a script appended, is refused: a browser that guessed the type from
the content could otherwise run it. Proofs are also always served as
downloads with their checked type (see ``views/coverage.py``).
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

_SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)
FIELD = "Proof of coverage"
CONTENT_TYPES = frozenset(content_type for _, content_type, _ in _SIGNATURES)
# A phone photo is about 12 megapixels; a scan at 600 dpi about 35.
MAX_PIXELS = 60_000_000
MAX_PAGES = 40
# What browsers look at when they guess a type from the content.
_MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|iframe|svg|object)\b", re.IGNORECASE)
_TRAILING = b"\x00\t\r\n "


def _refuse(what: str) -> ValidationError:
    return ValidationError(
        f"{FIELD}: {what} Upload a photo or scan of your insurance card, or a letter from "
        "your insurer, as a PDF, PNG or JPEG straight from your scanner, phone or insurer."
    )


def _check_pdf(data: bytes) -> None:
    if not data.rstrip(_TRAILING).endswith(b"%%EOF"):
        raise _refuse("this PDF does not end where a PDF ends (something was added after it).")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=True)
            if reader.is_encrypted:
                raise _refuse("this PDF is protected by a password, so it cannot be reviewed.")
            if not 0 < len(reader.pages) <= MAX_PAGES:
                raise _refuse(f"a proof has between 1 and {MAX_PAGES} pages.")
            for page in reader.pages:
                # Reading every page's content parses every object the pages use.
                page.get_contents()
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise _refuse("this file starts like a PDF but is not a readable PDF.") from exc


def _check_image(data: bytes, expected: str, end: bytes) -> None:
    if not data.rstrip(_TRAILING).endswith(end):
        raise _refuse(
            f"this {expected} does not end where a {expected} ends (something was added after it)."
        )
    try:
        with warnings.catch_warnings(), Image.open(io.BytesIO(data)) as image:
            # Size is checked below, in words; Pillow's own bomb warning adds nothing.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            if image.format != expected:
                raise _refuse(f"this file is not the {expected} it starts like.")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _refuse(
                    f"the picture is {width} × {height} pixels; take it at a lower resolution."
                )
            image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise _refuse(f"this file starts like a {expected} but is not a readable picture.") from exc


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
    if _MARKUP.search(data[:1024]):
        raise _refuse("this file holds web-page code, not a document or a picture.")
    for magic, content_type, extension in _SIGNATURES:
        if data.startswith(magic):
            if content_type == "application/pdf":
                _check_pdf(data)
            elif content_type == "image/png":
                _check_image(data, "PNG", b"IEND\xaeB`\x82")
            else:
                _check_image(data, "JPEG", b"\xff\xd9")
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
