"""The progress report as a PDF, drawn by WeasyPrint from an HTML template.

Fonts come from the system (Debian's DejaVu); the URL fetcher refuses every
URL but ``data:``, so rendering never reaches the network, whatever the page holds.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


class RemoteFetchRefused(Exception):
    pass


def refuse_remote(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint URL fetcher: ``data:`` URLs only; anything else is refused."""
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url, *args, **kwargs)  # type: ignore[no-any-return]
    raise RemoteFetchRefused(f"The progress report fetches nothing: {url[:80]} refused.")


def render_pdf(context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("plans/report_pdf.html", context)
    document = HTML(string=html, base_url=None, url_fetcher=refuse_remote)
    return document.write_pdf()  # type: ignore[no-any-return]
