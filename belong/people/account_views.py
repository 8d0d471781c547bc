"""Inviting a person from the directory, and the page an invitation's link opens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from belong.access.permissions import Permission
from belong.access.policies import get_object_for, require_permission
from belong.people import actions
from belong.people.forms import InviteForm
from belong.people.invitations import LinkState, invitation_tokens, standing_of
from belong.people.models import Invitation, Person


def _base_url(request: HttpRequest) -> str:
    return settings.BELONG_SITE_URL or request.build_absolute_uri("/").rstrip("/")


@require_permission(Permission.VIEW_PEOPLE, Permission.MANAGE_ACCOUNTS)
def person_invite(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_for(request.user, Permission.VIEW_PEOPLE, Person, pk=person_id)
    form = InviteForm(
        request.POST if request.method == "POST" else None, sso_available=settings.OIDC_ENABLED
    )
    if request.method == "POST" and form.is_valid():
        method = form.cleaned_data.get("method") or Invitation.Method.PASSWORD
        try:
            invitation = actions.invite_person(
                by=request.user, person=person, method=method, base_url=_base_url(request)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("people:person_detail", person_id=person.pk)
    return render(
        request,
        "people/person_invite.html",
        {
            "person": person,
            "form": form,
            "standing": standing_of(person),
            "invitation_days": settings.BELONG_INVITATION_DAYS,
        },
    )


_STATE_TEXT = {
    LinkState.USED: "This invitation has already been used: a password was chosen with it. "
    "Sign in with your username and that password, or use “Forgotten your password?”.",
    LinkState.EXPIRED: "This invitation has expired. Ask the administrator who invited you "
    "to send a new one.",
    LinkState.INACTIVE: "This account has been deactivated, so the invitation no longer "
    "works. Ask the administrator if you think this is wrong.",
    LinkState.INVALID: "This link is not a valid invitation: it may have been replaced by a "
    "newer invitation (use the link in the newest e-mail), or copied incompletely.",
}


class InvitationAcceptView(PasswordResetConfirmView):
    """Choose a password from an invitation's one-time link.

    Django's reset-confirm view does the careful parts: the token moves from
    the address into the session before the form is shown (so it never leaks
    in a Referer header), the page is never cached, the password never
    appears in an error report, and the same password validators apply.
    """

    token_generator = invitation_tokens
    template_name = "people/invitation_accept.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not context.get("validlink"):
            token = self.kwargs.get("token", "")
            if token == self.reset_url_token:
                token = self.request.session.get(INTERNAL_RESET_SESSION_TOKEN, "")
            state = invitation_tokens.state(self.user, token)
            context["problem"] = _STATE_TEXT.get(state, _STATE_TEXT[LinkState.INVALID])
        context["title"] = "Choose your password"
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        account = actions.accept_invitation(by=self.user, form=form)
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        messages.success(
            self.request,
            f"Your password is set. Sign in with your username, {account.get_username()}.",
        )
        return HttpResponseRedirect(self.get_success_url())
