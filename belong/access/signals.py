"""Sign-in events go to the audit log."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from belong.access import audit


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(audit.AccessEvent.SIGNED_IN, by=user, target=user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(audit.AccessEvent.SIGNED_OUT, by=user, target=user)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any, **kwargs: Any) -> None:
    # The username tried is kept (it is how an administrator spots a guessing
    # attack); the password never is.
    audit.record(
        audit.AccessEvent.SIGN_IN_FAILED,
        by=None,
        detail={"username": str(credentials.get("username", ""))[:150]},
    )
