"""Optional error reporting to Sentry, on when ``SENTRY_DSN`` is set.

Needs the ``sentry`` extra (``pip install 'belong[sentry]'``); the default
install does not. What is sent is limited to what a developer needs to fix an
error, because pages here carry self-identification, check-ins and notes:

* no personal data (``send_default_pii=False``): no user, no address, no cookies;
* no request bodies (a form's answers) and no local variables of stack frames
  (which hold the records being shown);
* each event tagged with the request id, the one the error page shows and the
  log line carries;
* nothing at all from an anonymous endpoint (``belong.core.logging``): Sentry
  records when it receives an event, which would be an exact time.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from belong.core.logging import current_request


def before_send(event: Any, hint: Any) -> Any:
    """Drop events from anonymous endpoints; tag the rest with the request id."""
    context = current_request()
    if context is None:
        return event
    if context.anonymous:
        return None
    event.setdefault("tags", {})["request_id"] = context.request_id
    return event


def init_sentry(dsn: str, *, environment: str, release: str, **options: Any) -> None:
    """Start the Sentry client (``options`` are for tests, e.g. a transport)."""
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
        from sentry_sdk.integrations.logging import ignore_logger
    except ImportError:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: "
            "pip install 'belong[sentry]', or unset SENTRY_DSN."
        ) from None
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=before_send,
        **options,
    )
    # The request line is not an error, and belong.errors repeats what the
    # Django integration already captured from the exception itself.
    ignore_logger("belong.request")
    ignore_logger("belong.errors")
