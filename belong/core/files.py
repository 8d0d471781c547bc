"""Uploaded documents: checked by their bytes, all the way through, and stripped of metadata.

The first bytes choose the format (never the name or the type the browser
claims); then a real reader, pypdf or Pillow, parses the whole file, which
must end where that format ends. A file that only starts like a PDF or a
picture, or carries web-page code, is refused with a message naming the
field. ``strip_metadata`` then rewrites it: a picture from its pixels alone
(no EXIF, GPS, camera, author or ICC data; turned upright first), a PDF page
by page into a new document with no document information, no XMP metadata and
no annotations (whose comments carry their authors' names).

Shared by every module that takes a document from a person; messages name
the field they are given.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import NameObject

_SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)
CONTENT_TYPES = frozenset(content_type for _, content_type, _ in _SIGNATURES)
MAX_PIXELS = 60_000_000
MAX_PAGES = 40
_MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|iframe|svg|object)\b", re.IGNORECASE)
_TRAILING = b"\x00\t\r\n "
_PIL_ERRORS = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    Image.DecompressionBombError,
)
_PDF_ERRORS = (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError)


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    data: bytes


def _refuse(field: str, what: str) -> ValidationError:
    return ValidationError(f"{field}: {what} Attach a PDF, PNG or JPEG.")


def _check_pdf(data: bytes, field: str) -> None:
    if not data.rstrip(_TRAILING).endswith(b"%%EOF"):
        raise _refuse(
            field, "this PDF does not end where a PDF ends (something was added after it)."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=True)
            if reader.is_encrypted:
                raise _refuse(field, "this PDF is protected by a password.")
            if not 0 < len(reader.pages) <= MAX_PAGES:
                raise _refuse(field, f"a document may have between 1 and {MAX_PAGES} pages.")
            for page in reader.pages:
                page.get_contents()
    except ValidationError:
        raise
    except _PDF_ERRORS as exc:
        raise _refuse(field, "this file starts like a PDF but is not a readable PDF.") from exc


def _check_image(data: bytes, expected: str, end: bytes, field: str) -> None:
    if not data.rstrip(_TRAILING).endswith(end):
        raise _refuse(field, f"this {expected} does not end where a {expected} ends.")
    try:
        with warnings.catch_warnings(), Image.open(io.BytesIO(data)) as image:
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            if image.format != expected:
                raise _refuse(field, f"this file is not the {expected} it starts like.")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _refuse(field, f"the picture is {width} × {height} pixels; make it smaller.")
            image.load()
    except ValidationError:
        raise
    except _PIL_ERRORS as exc:
        raise _refuse(
            field, f"this file starts like a {expected} but is not a readable picture."
        ) from exc


def check_document(data: bytes, *, field: str, max_bytes: int) -> CheckedFile:
    """Check ``data`` is a whole PDF, PNG or JPEG; raise ValidationError naming ``field``."""
    if not data:
        raise ValidationError(f"{field}: the file is empty.")
    if len(data) > max_bytes:
        raise ValidationError(
            f"{field}: the file is {len(data) / 1048576:.1f} MB; the limit is "
            f"{max_bytes / 1048576:.0f} MB."
        )
    if _MARKUP.search(data[:1024]):
        raise _refuse(field, "this file holds web-page code, not a document or a picture.")
    for magic, content_type, extension in _SIGNATURES:
        if data.startswith(magic):
            if content_type == "application/pdf":
                _check_pdf(data, field)
            elif content_type == "image/png":
                _check_image(data, "PNG", b"IEND\xaeB`\x82", field)
            else:
                _check_image(data, "JPEG", b"\xff\xd9", field)
            return CheckedFile(content_type, extension, data)
    raise _refuse(field, "this file is not a PDF, PNG or JPEG, whatever its name says.")


def _strip_image(checked: CheckedFile) -> bytes:
    with Image.open(io.BytesIO(checked.data)) as image:
        upright = ImageOps.exif_transpose(image)
        mode = (
            "RGBA" if upright.mode in ("RGBA", "LA", "P") and checked.extension == ".png" else "RGB"
        )
        pixels = upright.convert(mode)
        # A new image from the pixels alone: no EXIF, XMP, ICC, text chunks or comments.
        clean = Image.new(mode, pixels.size)
        clean.paste(pixels)
        out = io.BytesIO()
        clean.save(out, format="PNG" if checked.extension == ".png" else "JPEG", quality=90)
        return out.getvalue()


def _strip_pdf(checked: CheckedFile) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(io.BytesIO(checked.data))
        writer = PdfWriter()
        for page in reader.pages:
            added = writer.add_page(page)
            for key in ("/Metadata", "/Annots", "/PieceInfo"):
                if key in added:
                    del added[NameObject(key)]
        writer.metadata = None
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()


def strip_metadata(checked: CheckedFile) -> CheckedFile:
    """The same document rewritten without metadata (see the module's docstring)."""
    data = _strip_pdf(checked) if checked.extension == ".pdf" else _strip_image(checked)
    return CheckedFile(checked.content_type, checked.extension, data)
