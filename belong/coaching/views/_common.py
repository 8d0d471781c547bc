from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest


def error_text(exc: ValidationError) -> str:
    """One readable sentence (or several) from an action's ValidationError."""
    return " ".join(str(m) for m in exc.messages)


def posted_flag(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name, "") in ("1", "true", "on", "yes")
