"""Attachments: checked by their bytes, stripped of metadata, sealed with anonymous reports."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader, PdfWriter

from belong.access.models import AuditEvent
from belong.anonymity.models import SealedEnvelope
from belong.concerns.models import Concern
from belong.core import files
from tests.concerns.helpers import report_anonymously
from tests.factories.concerns import anonymous_case, named_case, tiny_png

pytestmark = pytest.mark.django_db


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (8, 6), (10, 120, 10))
    exif = Image.Exif()
    exif[0x013B] = "Jane Reporter"  # Artist
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: turned 90°
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def _pdf_with_author() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "Jane Reporter", "/Title": "My complaint"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_photo_loses_its_exif_and_is_turned_upright(world) -> None:  # type: ignore[no-untyped-def]
    original = _jpeg_with_exif()
    assert b"Jane Reporter" in original
    case = named_case(world, attachment=original)
    stored = bytes(case.concern.attachment)  # type: ignore[arg-type]
    assert b"Jane Reporter" not in stored and b"PhoneMaker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and not image.getexif()
        assert image.size == (6, 8)  # the orientation was applied, then dropped
    assert case.concern.attachment_type == "image/jpeg"


def test_a_pdf_loses_its_author_and_title(world) -> None:  # type: ignore[no-untyped-def]
    case = named_case(world, attachment=_pdf_with_author())
    stored = bytes(case.concern.attachment)  # type: ignore[arg-type]
    assert b"Jane Reporter" not in stored and b"My complaint" not in stored
    reader = PdfReader(io.BytesIO(stored))
    assert len(reader.pages) == 1 and not reader.metadata


def test_a_png_loses_its_text_chunks(world) -> None:  # type: ignore[no-untyped-def]
    case = named_case(world, attachment=tiny_png(Author="Jane Reporter", Location="Ward 5"))
    stored = bytes(case.concern.attachment)  # type: ignore[arg-type]
    assert b"Jane Reporter" not in stored and b"Ward 5" not in stored


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "web-page code"),
        (b"GIF89a" + b"\x00" * 40, "not a PDF, PNG or JPEG, whatever its name says"),
        (tiny_png() + b"appended-after-the-end", "does not end where a PNG ends"),
        (b"%PDF-1.4\n garbage \n%%EOF", "not a readable PDF"),
        (b"\xff\xd8\xff\xe0 not really a jpeg \xff\xd9", "not a readable picture"),
        (b"", "the file is empty"),
    ],
)
def test_an_attachment_that_is_not_what_it_claims_is_refused_with_nothing_saved(
    world,
    data,
    message,  # type: ignore[no-untyped-def]
) -> None:
    with pytest.raises(ValidationError) as caught:
        named_case(world, attachment=data)
    assert any(message in m for m in caught.value.message_dict["attachment"])
    assert all(m.startswith("Attachment:") for m in caught.value.message_dict["attachment"])
    assert not Concern.objects.exists()


def test_too_large_an_attachment_is_refused(settings) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="the limit is 1 MB"):
        files.check_document(b"%PDF-" + b"0" * 2 * 1024 * 1024, field="Attachment", max_bytes=2**20)


def test_an_anonymous_attachment_is_sealed_then_delivered_intact(client) -> None:  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("IMG_jane.jpg", _jpeg_with_exif(), content_type="image/jpeg")
    response, _ = report_anonymously(client, attachment=upload)
    assert response.status_code == 302
    assert b"Jane Reporter" not in bytes(SealedEnvelope.objects.get().payload)
    anonymous_case()  # a second one, delivered together with the first
    with_file = Concern.objects.exclude(attachment=None).get()
    with Image.open(io.BytesIO(bytes(with_file.attachment))) as image:  # type: ignore[arg-type]
        assert image.size == (6, 8)
    assert b"IMG_jane" not in bytes(with_file.attachment)  # type: ignore[arg-type]


def test_a_refused_attachment_on_the_anonymous_form_says_why_and_seals_nothing(client) -> None:  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("photo.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    response, _ = report_anonymously(client, attachment=upload)
    assert response.status_code == 400
    assert "Attachment: this file holds web-page code" in response.content.decode()
    assert not SealedEnvelope.objects.exists()


def test_the_case_manager_downloads_it_as_a_file_and_the_read_is_audited(world, client) -> None:  # type: ignore[no-untyped-def]
    case = named_case(world, attachment=tiny_png())
    client.force_login(world.user("concerns_manager"))
    response = client.get(reverse("concerns:case_attachment", args=[case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(verb="concerns.case.attachment_read").count() == 1
    bare = named_case(world)
    assert client.get(reverse("concerns:case_attachment", args=[bare.pk])).status_code == 404
