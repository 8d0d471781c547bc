"""A release's two-page summary as a PDF: the page's figures, for the page's readers."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from belong.core import pdf
from belong.core.browser_setup import PDF_PACKAGES, pdf_libraries_present
from belong.core.env import env_bool
from tests.factories.equity import matrix_release

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not pdf_libraries_present() and not env_bool("BELONG_REQUIRE_BROWSER", False),
        reason="Pango or DejaVu fonts missing: apt-get install -y " + " ".join(PDF_PACKAGES),
    ),
]


def _text(content: bytes) -> str:
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_the_leadership_summary_pdf_has_the_pages_findings_and_no_noise(world, client_for) -> None:  # type: ignore[no-untyped-def]
    release = matrix_release(world, "leadership")
    client = client_for(world.user("leadership"))
    detail = client.get(reverse("publishing:release_detail", kwargs={"release_id": release.pk}))
    url = reverse("publishing:release_summary_pdf", kwargs={"release_id": release.pk})
    assert url in detail.content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"belong-release-{release.pk}-summary.pdf" in response["Content-Disposition"]
    text = _text(response.content)
    assert release.title in text
    assert "What the release finds" in text and "About these figures" in text
    assert "deliberate random noise" not in text
    assert "Page 1 of" in text


def test_a_public_summary_pdf_is_the_noisy_draw_and_needs_no_account(client, world) -> None:  # type: ignore[no-untyped-def]
    release = matrix_release(world, "public", noised=True)
    url = reverse("publishing:public_release_summary_pdf", kwargs={"release_id": release.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert "-noise-epsilon-" in response["Content-Disposition"]
    text = _text(response.content)
    assert "deliberate random noise to protect privacy" in text
    # The same words the public page shows: the PDF is that page's figures, not the exact ones.
    page = client.get(
        reverse("publishing:public_release_summary", kwargs={"release_id": release.pk})
    ).content.decode()
    assert "deliberate random noise" in page


def test_a_summary_pdf_of_a_release_one_may_not_read_is_404(world, client_for) -> None:  # type: ignore[no-untyped-def]
    release = matrix_release(world, "leadership")
    url = reverse("publishing:release_summary_pdf", kwargs={"release_id": release.pk})
    assert client_for(world.user("faculty")).get(url).status_code == 404
    public = reverse("publishing:public_release_summary_pdf", kwargs={"release_id": release.pk})
    assert client_for(None).get(public).status_code == 404


def test_the_one_renderer_fetches_nothing() -> None:
    fetcher = pdf.url_fetcher()
    for url in ("https://example.org/font.woff", "file:///etc/passwd", "/static/x.css"):
        with pytest.raises(pdf.RemoteFetchRefused):
            pdf.refuse_remote(url)
        with pytest.raises(pdf.RemoteFetchRefused):
            (fetcher.fetch if hasattr(fetcher, "fetch") else fetcher)(url)
    # A page that asks for a remote image is still drawn, without it.
    html = '<html><body><p>Hello</p><img src="https://example.org/x.png" alt=""></body></html>'
    assert "Hello" in _text(pdf.render_html(html))
