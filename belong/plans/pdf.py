"""The progress report as a PDF, through the one renderer (``belong.core.pdf``)."""

from __future__ import annotations

from typing import Any

from belong.core.pdf import RemoteFetchRefused, refuse_remote
from belong.core.pdf import render_pdf as _render

__all__ = ["RemoteFetchRefused", "refuse_remote", "render_pdf"]


def render_pdf(context: dict[str, Any]) -> bytes:
    return _render("plans/report_pdf.html", context)
