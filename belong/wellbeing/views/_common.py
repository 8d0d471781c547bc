from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from belong.core.exports import download_response


def page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, f"wellbeing/{template}", context, status=status)


def download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    return download_response(content, content_type, filename)
