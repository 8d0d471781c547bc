"""Request logging: one line per request, each with a request id, and every
unexpected error with its traceback under the same id.

The pieces, wired together by ``LOGGING`` in ``belong/settings.py``:

* :class:`RequestLogMiddleware` (first in ``MIDDLEWARE``) gives each request an
  id, writes the request line when the response is ready and puts the id in
  the ``X-Request-ID`` response header.
* :func:`log_unexpected_error` (connected to ``got_request_exception``) logs
  the traceback of any error that becomes an HTTP 500. The 500 page shows the
  same id (``belong.core.views.server_error``), so a person can quote it.
* :class:`RequestContextFilter` stamps every log record made while a request
  runs with its id, whichever library logged it.
* :class:`TextFormatter` and :class:`JsonFormatter`: readable lines by default,
  JSON lines when ``BELONG_LOG_FORMAT=json``.

Anonymous endpoints (anonymous survey responses, anonymous reports) must leave
no account, address, path or exact time in the server's logs. A view marked
with :func:`anonymous_endpoint` gets no request line at all; errors raised
while serving it are still logged, with the route name, the request id and
the traceback, but stamped with the day only and without user, address or
path; records below ERROR made during such a request are dropped, because
their messages (a library's warning, say) may quote the path. Decision record:
``docs/decisions/0013-request-logs-and-anonymous-endpoints.md``.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings

if TYPE_CHECKING:  # settings.py imports this module: keep Django's HTTP layer out
    from django.http import HttpRequest, HttpResponse

request_logger = logging.getLogger("belong.request")
error_logger = logging.getLogger("belong.errors")

# A request id taken from a trusted proxy's header must look like an id, so
# that nothing else (a name, an address, a line break) is written to the log.
_SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{1,100}")
ANONYMOUS_MARK = "belong_anonymous_endpoint"
# Fields a request line may carry; an anonymous request carries none of the
# ones that could point to a person (user, address, path).
REQUEST_FIELDS = ("method", "route", "path", "status", "duration_ms", "user_id", "ip")
_IDENTIFYING_FIELDS = frozenset({"path", "user_id", "ip"})

V = TypeVar("V", bound=Callable[..., Any])


@dataclass
class RequestContext:
    request_id: str
    anonymous: bool = False


_current: ContextVar[RequestContext | None] = ContextVar("belong_request", default=None)


def current_request() -> RequestContext | None:
    """The request being served by this thread (or task), if any."""
    return _current.get()


def current_request_id() -> str:
    context = _current.get()
    return context.request_id if context is not None else ""


def anonymous_endpoint(view: V) -> V:
    """Mark a view whose requests must leave no trace of who sent them or when.

    No request line is written for it; an error raised in it is logged with
    the day only, the route name, the request id and the traceback; nothing is
    sent to Sentry. Works on function views and on ``SomeView.as_view()``;
    decorators that use ``functools.wraps`` keep the mark in either order.
    """
    setattr(view, ANONYMOUS_MARK, True)
    return view


def new_request_id() -> str:
    return secrets.token_hex(8)


def _request_id(request: HttpRequest) -> str:
    header = getattr(settings, "BELONG_REQUEST_ID_HEADER", "")
    if header:
        offered = request.headers.get(header, "")
        if _SAFE_ID.fullmatch(offered):
            return offered
    return new_request_id()


def _route_of(request: HttpRequest) -> tuple[str, bool]:
    """The URL pattern's name and whether its view is an anonymous endpoint.

    Resolved before any other middleware runs, so that an error raised by a
    middleware on an anonymous endpoint is already treated as anonymous.
    """
    from django.urls import Resolver404, get_resolver

    try:
        match = get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
    except Resolver404:
        return "", False
    return match.view_name or "", bool(getattr(match.func, ANONYMOUS_MARK, False))


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return int(user.pk)


class RequestLogMiddleware:
    """First in ``MIDDLEWARE``: times the whole request and writes its line."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        route, anonymous = _route_of(request)
        context = RequestContext(_request_id(request), anonymous=anonymous)
        request.request_id = context.request_id  # type: ignore[attr-defined]
        token = _current.set(context)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = context.request_id
            if not anonymous:
                self._log(request, response, route, time.perf_counter() - started)
            return response
        finally:
            _current.reset(token)

    @staticmethod
    def _log(request: HttpRequest, response: HttpResponse, route: str, seconds: float) -> None:
        # The path without its query string: searches carry names and e-mails.
        fields = {
            "method": request.method,
            "route": route,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 1),
            "user_id": _user_id(request),
            "ip": request.META.get("REMOTE_ADDR", ""),
        }
        level = logging.ERROR if response.status_code >= 500 else logging.INFO
        request_logger.log(
            level,
            "%s %s %s",
            fields["method"],
            route or fields["path"],
            fields["status"],
            extra=fields,
        )


def log_unexpected_error(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """``got_request_exception`` receiver: the traceback, under the request's id."""
    context = _current.get()
    fields: dict[str, Any] = {}
    if request is not None:
        route, _ = _route_of(request)
        fields = {"method": request.method, "route": route}
        if context is None or not context.anonymous:
            fields |= {
                "path": request.path,
                "user_id": _user_id(request),
                "ip": request.META.get("REMOTE_ADDR", ""),
            }
    error_logger.error(
        "Unexpected error in %s %s",
        fields.get("method", "-"),
        fields.get("route") or fields.get("path") or "-",
        exc_info=sys.exc_info(),
        extra=fields,
    )


class RequestContextFilter(logging.Filter):
    """On the handlers: stamps each record with the current request's id, and
    keeps records made during an anonymous request to errors only."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = _current.get()
        anonymous = bool(context is not None and context.anonymous)
        record.request_id = context.request_id if context is not None else ""
        record.anonymous = anonymous
        return not (anonymous and record.levelno < logging.ERROR)


def _utc(record: logging.LogRecord) -> datetime:
    return datetime.fromtimestamp(record.created, UTC)


def _when(record: logging.LogRecord) -> str:
    """An exact UTC time, or only the day for a record of an anonymous request."""
    at = _utc(record)
    if getattr(record, "anonymous", False):
        return at.strftime("%Y-%m-%d")
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    anonymous = getattr(record, "anonymous", False)
    found: dict[str, Any] = {}
    for name in REQUEST_FIELDS:
        if anonymous and name in _IDENTIFYING_FIELDS:
            continue
        value = getattr(record, name, None)
        if value is not None and value != "":
            found[name] = value
    return found


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors (``BELONG_LOG_FORMAT=json``)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "date" if getattr(record, "anonymous", False) else "time": _when(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "")
        if request_id:
            entry["request_id"] = request_id
        entry |= _fields(record)
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        elif record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """Readable lines: time, level, logger, request id, message, then fields."""

    def format(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", "")
        parts = [_when(record), record.levelname, record.name]
        if request_id:
            parts.append(f"[{request_id}]")
        parts.append(record.getMessage())
        fields = _fields(record)
        if fields:
            parts.append(" ".join(f"{k}={v}" for k, v in fields.items()))
        line = " ".join(parts)
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        elif record.stack_info:
            line += "\n" + self.formatStack(record.stack_info)
        return line


def logging_config(*, fmt: str, level: str) -> dict[str, Any]:
    """The ``LOGGING`` dictConfig: everything to standard error, Belong's own
    loggers at ``level``, other libraries at WARNING."""
    formatter = "json" if fmt == "json" else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": "belong.core.logging.RequestContextFilter"}},
        "formatters": {
            "text": {"()": "belong.core.logging.TextFormatter"},
            "json": {"()": "belong.core.logging.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "filters": ["request"],
                "formatter": formatter,
            },
            "null": {"class": "logging.NullHandler"},
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            "belong": {"level": level},
            # Django's handlers are replaced by the root's: one format for all.
            "django": {"handlers": [], "level": "WARNING", "propagate": True},
            # The request line and belong.errors say all this logger would, with
            # the request id, and without the path on anonymous endpoints.
            "django.request": {"handlers": ["null"], "propagate": False},
        },
    }
