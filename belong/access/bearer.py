"""Bearer authentication and the audit of every call for Belong's read-only API.

:class:`TokenBearer` checks a personal access token (``access.tokens``) and
makes its owner the request's user, acting with the token's roles only. A
browser session never reaches the API: only the ``Authorization`` header does,
so the API needs no CSRF protection and a page cannot call it as its reader.

:func:`audited` wraps an API view so that every call, answered or refused,
leaves one audit event: who, which token (its id and public prefix), the
method, the path and the status. Never the query string, never the token.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja.security import HttpBearer

from belong.access import audit
from belong.access.tokens import Check, check_token

_CHECK = "_belong_token_check"


class TokenBearer(HttpBearer):
    """``Authorization: Bearer belong_<prefix>_<secret>``."""

    def __call__(self, request: HttpRequest) -> Any:
        # Ninja's own __call__ logs a header with another scheme in DEBUG: never log it.
        scheme, _, value = request.headers.get(self.header, "").partition(" ")
        if scheme.lower() != self.openapi_scheme or not value.strip():
            return None
        return self.authenticate(request, value.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        check = check_token(token)
        setattr(request, _CHECK, check)
        if check.user is None:
            return None
        request.user = check.user
        return check.user


def audited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Record one audit event for each call to ``view`` (an API operation)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Exception:
            record_call(request, 500)
            raise
        record_call(request, response.status_code)
        return response

    return wrapper


def record_call(request: HttpRequest, status: int) -> None:
    check: Check | None = getattr(request, _CHECK, None)
    detail: dict[str, Any] = {"method": request.method, "path": request.path, "status": status}
    if check is not None and check.prefix:
        detail["prefix"] = check.prefix
    if check is not None and check.token is not None:
        detail["token"] = check.token.pk
    if check is not None and check.user is not None:
        audit.record(audit.AccessEvent.API_CALLED, by=check.user, target=check.token, detail=detail)
        return
    detail["reason"] = check.refusal if check is not None else "no bearer token"
    audit.record(audit.AccessEvent.API_REFUSED, by=None, target=None, detail=detail)
