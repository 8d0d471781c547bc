"""The respondent's pages: no account, no request line in the logs, nothing kept of who.

``answer`` opens through a single-use link. Before any question the page
says how the survey treats answers (its mode, the threshold k, the groups
it may report by), then offers the questions, saving progress or sending.
Both views are ``@anonymous_endpoint``: the server's logs get no line with
the link, the address or the time.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from belong.core.logging import anonymous_endpoint
from belong.surveys import grouping, links
from belong.surveys.actions import responding
from belong.surveys.forms import answer_form
from belong.surveys.models import Campaign, Invitation, Item


def _answers(post: QueryDict, invitation: Invitation) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in invitation.campaign.version.items.all():
        if item.kind == Item.Kind.MULTIPLE:
            values = post.getlist(item.code)
            if values:
                found[item.code] = values
        elif item.answers:
            value = post.get(item.code, "")
            if value.strip():
                found[item.code] = value
    return found


def _sections(form: Any, invitation: Invitation) -> list[tuple[str, list[Any]]]:
    sections: list[tuple[str, list[Any]]] = []
    for item in invitation.campaign.version.items.all():
        entry = (item, form[item.code] if item.answers else None)
        if not sections or sections[-1][0] != item.section:
            sections.append((item.section, []))
        sections[-1][1].append(entry)
    return sections


def _refused(request: HttpRequest, error: links.LinkError) -> HttpResponse:
    return render(request, "surveys/link_refused.html", {"reason": str(error)}, status=410)


@anonymous_endpoint
@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation, nonce = responding.invitation_for(token)
    except links.LinkError as error:
        return _refused(request, error)
    campaign: Campaign = invitation.campaign
    status, saved = 200, False
    if request.method == "POST":
        answers = _answers(request.POST, invitation)
        try:
            if "save" in request.POST:
                responding.save_progress(token=token, answers=answers)
                saved = True
            else:
                responding.submit(token=token, answers=answers)
                return redirect("surveys:answered")
        except links.LinkError as error:
            return _refused(request, error)
        except ValidationError as exc:
            form = answer_form(campaign.version, data=request.POST)
            form.is_valid()
            for code, problems in exc.message_dict.items():
                form.add_error(code if code in form.fields else None, problems)
            status = 400
    if status == 200:
        draft = responding.saved_progress(invitation, nonce) if not saved else answers
        form = answer_form(campaign.version, initial=draft)
    dimensions = [grouping.DIMENSIONS[d] for d in campaign.dimensions if d in grouping.DIMENSIONS]
    context = {
        "campaign": campaign,
        "version": campaign.version,
        "form": form,
        "sections": _sections(form, invitation),
        "dimensions": dimensions,
        "saved": saved,
    }
    return render(request, "surveys/answer.html", context, status=status)


@anonymous_endpoint
@require_safe
def answered(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/answered.html", {})


@require_safe
def anonymity(request: HttpRequest) -> HttpResponse:
    """What anonymous means here, in plain words, for anyone (signed in or not)."""
    return render(request, "surveys/anonymity.html", {})
