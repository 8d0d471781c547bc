"""Every PDF Belong hands out, drawn by WeasyPrint from an HTML template: one renderer.

Plans' progress report, a release's two-page summary and the accreditation
evidence all come through :func:`render_pdf`. Fonts come from the system
(Debian's DejaVu, installed with Pango by ``core.browser_setup``); the URL
fetcher refuses every URL but ``data:``, so rendering never reaches the
network or the disk, whatever the page holds (a title, a comment, an
office's name). Templates extend ``_pdf/base.html``, which carries the one
print style (A4, page numbers, tables, the hidden-cell legend).
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

PDF_CONTENT_TYPE = "application/pdf"


class RemoteFetchRefused(Exception):
    """A page asked WeasyPrint for something other than a ``data:`` URL."""


def refuse_remote(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint URL fetcher: ``data:`` URLs only; anything else is refused."""
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url, *args, **kwargs)  # type: ignore[no-any-return]
    raise RemoteFetchRefused(f"A PDF fetches nothing: {url[:80]} refused.")


def url_fetcher() -> Any:
    """The fetcher handed to WeasyPrint: ``data:`` URLs only.

    WeasyPrint 68 and later take a ``URLFetcher`` object (and expect one when a
    fetch fails); earlier versions a function. A refused URL is skipped with a
    warning in WeasyPrint's log, and the rest of the document is drawn.
    """
    from weasyprint import urls

    base = getattr(urls, "URLFetcher", None)
    if base is None:
        return refuse_remote

    class DataOnly(base):  # type: ignore[misc, valid-type]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:"):
                raise RemoteFetchRefused(f"A PDF fetches nothing: {url[:80]} refused.")
            return super().fetch(url, headers)

    return DataOnly(allowed_protocols={"data"})


def render_html(html: str) -> bytes:
    """PDF bytes of a whole HTML document, with nothing fetched."""
    # Imported here: WeasyPrint loads Pango when imported, and most requests need no PDF.
    from weasyprint import HTML

    document = HTML(string=html, base_url=None, url_fetcher=url_fetcher())
    return document.write_pdf()  # type: ignore[no-any-return]


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """PDF bytes of ``template`` rendered with ``context`` (no request: no user data leaks in)."""
    return render_html(render_to_string(template, context))
