"""The accreditation evidence: one page of LCME DCI tables, and the same tables as XLSX and PDF.

Who may read it: ``VIEW_ACCREDITATION_EVIDENCE`` (leadership, student affairs,
the inclusion-office analyst). Every read, page or file, is audited
(``queries.accreditation_evidence``). The tables are computed live, as of the
day (``publishing.evidence``); decision record 0034.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from belong.access.permissions import Permission
from belong.access.policies import require_permission
from belong.core import exports, pdf
from belong.publishing import evidence, queries


def _context(sections: list[evidence.Section], today: date) -> dict[str, Any]:
    return {
        "sections": [
            {"section": s, "tables": [(t, t.display()) for t in s.tables]} for s in sections
        ],
        "today": today,
        "empty": not any(s.tables for s in sections),
    }


@require_safe
@require_permission(Permission.VIEW_ACCREDITATION_EVIDENCE)
def evidence_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    sections = queries.accreditation_evidence(request.user, today=today, fmt="page")
    return render(request, "publishing/evidence.html", _context(sections, today))


@require_safe
@require_permission(Permission.VIEW_ACCREDITATION_EVIDENCE)
def evidence_xlsx(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    sections = queries.accreditation_evidence(request.user, today=today, fmt="xlsx")
    tables = [t for s in sections for t in s.tables]
    contents = [
        [
            t.element,
            evidence.ELEMENTS[t.element],
            t.title,
            evidence.sheet_title(t),
            t.as_of,
            t.k,
            t.description,
        ]
        for t in tables
    ]
    sheets: list[tuple[str, Any, Any]] = [
        (
            "Contents",
            ["Element", "Element title", "Table", "Sheet", "As of", "k", "What it counts"],
            contents,
        )
    ]
    for t in tables:
        header, rows = t.sheet_rows()
        sheets.append((evidence.sheet_title(t), header, rows))
    return exports.download_response(
        exports.write_xlsx_sheets(sheets),
        exports.XLSX_CONTENT_TYPE,
        f"belong-accreditation-evidence-{today:%Y-%m-%d}.xlsx",
    )


@require_safe
@require_permission(Permission.VIEW_ACCREDITATION_EVIDENCE)
def evidence_pdf(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    sections = queries.accreditation_evidence(request.user, today=today, fmt="pdf")
    content = pdf.render_pdf("publishing/evidence_pdf.html", _context(sections, today))
    return exports.download_response(
        content, pdf.PDF_CONTENT_TYPE, f"belong-accreditation-evidence-{today:%Y-%m-%d}.pdf"
    )
