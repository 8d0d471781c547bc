"""The owner's page of personal access tokens: make one (shown once), see them, revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from belong.access import tokens
from belong.access.forms import AccessTokenForm
from belong.access.models import AccessToken
from belong.access.policies import login_required_404, roles_of


@login_required_404
def token_list(request: HttpRequest) -> HttpResponse:
    """Every token of the signed-in person; a new one is shown here once, never stored."""
    held = [(role.code, str(role.name)) for role in roles_of(request.user)]
    form = AccessTokenForm(request.POST or None, roles=held, lifetimes=tokens.LIFETIMES)
    made = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = tokens.create_token(
                by=request.user,
                name=form.cleaned_data["name"],
                roles=form.cleaned_data["roles"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            made = (token, raw)
            form = AccessTokenForm(roles=held, lifetimes=tokens.LIFETIMES)
    return render(
        request,
        "access/tokens.html",
        {
            "form": form,
            "held": held,
            "made": made,
            "tokens": AccessToken.objects.filter(user_id=int(request.user.pk or 0)),
            "docs_url": reverse("api_v1:openapi-view"),
            "now": timezone.now(),
        },
    )


@require_POST
@login_required_404
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = tokens.revoke_token(by=request.user, token_id=token_id)
    messages.success(request, f"Token “{token.name}” revoked: calls with it are refused now.")
    return redirect("access:tokens")
