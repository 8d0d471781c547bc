"""djangosaml2's views, answering only while SAML is on, with Belong's refusal page.

* ``login`` sends the browser to the identity provider (HTTP-Redirect binding).
* ``acs`` takes the provider's signed answer (HTTP-POST binding), checks it
  (pysaml2 and xmlsec1) and signs the person in through ``PersonSAMLBackend``.
* ``metadata`` is Belong's service-provider metadata for the provider.

Any answer that is refused renders ``access/saml_refused.html`` (403) and leaves
an ``access.sso_refused`` audit event saying why.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from djangosaml2 import views as saml_views
from saml2.response import SignatureError, StatusError, UnsolicitedResponse

from belong.access import audit


class _OnlyWhenEnabled:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.SAML_ENABLED:
            raise Http404("SAML single sign-on is not configured.")
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class LoginView(_OnlyWhenEnabled, saml_views.LoginView):
    pass


class MetadataView(_OnlyWhenEnabled, saml_views.MetadataView):
    pass


def _why(exception: Exception | None) -> str:
    """What went wrong, in words an operator can act on (no personal data)."""
    if isinstance(exception, SignatureError):
        return "the identity provider's answer is not signed as required, or not by its key"
    if isinstance(exception, UnsolicitedResponse):
        return "an answer arrived for a sign-in this browser did not start"
    if isinstance(exception, StatusError):
        return "the identity provider did not sign the person in"
    if exception is None:
        return "the identity provider's answer could not be read"
    return f"the identity provider's answer was refused ({type(exception).__name__})"


# The provider's answer comes from its own site, with no CSRF token; its signature
# and its match to a request this browser started stand in for one. (The parent's
# csrf_exempt does not survive _OnlyWhenEnabled's dispatch, so it is repeated.)
@method_decorator(csrf_exempt, name="dispatch")
class AssertionConsumerServiceView(_OnlyWhenEnabled, saml_views.AssertionConsumerServiceView):
    def post_login_hook(self, request: HttpRequest, user: Any, session_info: dict) -> None:
        # Belong offers no single logout, so nothing needs the provider's session
        # after sign-in: drop it (and the attributes djangosaml2 cached in it)
        # rather than keep, and rewrite, a second session row per request.
        request.saml_session.flush()  # type: ignore[attr-defined]

    def handle_acs_failure(
        self,
        request: HttpRequest,
        exception: Exception | None = None,
        status: int = 403,
        **kwargs: Any,
    ) -> HttpResponse:
        refusal = getattr(request, "belong_sso_refusal", None)
        unknown = isinstance(exception, PermissionDenied)
        if not unknown:
            # The backend audits its own refusals; these happened before it ran.
            audit.record(audit.AccessEvent.SSO_REFUSED, by=None, detail={"reason": _why(exception)})
        return render(
            request,
            "access/saml_refused.html",
            {"unknown_person": unknown, "reason": refusal},
            status=403,
        )
