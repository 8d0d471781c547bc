"""The inclusion office's pages: instruments, REDCap import and export, campaigns.

Thin: forms shape input, ``actions`` write, ``queries`` read. No page here
lists who has or has not answered an anonymous campaign; the response rate
is a count.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import get_object_for, require_permission
from belong.core.exports import download_response
from belong.importing.engine import run_import
from belong.surveys import grouping, queries, redcap
from belong.surveys.actions import campaigns as campaign_actions
from belong.surveys.actions.instruments import add_item, spec_of
from belong.surveys.forms import CampaignForm, ImportForm, ItemForm, ThresholdsForm
from belong.surveys.models import Campaign, Instrument, InstrumentVersion
from belong.surveys.specs import ItemSpec

MANAGE = Permission.MANAGE_SURVEYS


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, f"surveys/{template}", context, status=status)


@require_safe
@require_permission(MANAGE)
def home(request: HttpRequest) -> HttpResponse:
    instruments = Instrument.objects.prefetch_related("versions")
    campaigns = []
    for campaign in Campaign.objects.select_related("version__instrument"):
        answered, invited = queries.response_rate(campaign)
        campaigns.append((campaign, answered, invited))
    return _page(request, "home.html", {"instruments": instruments, "campaigns": campaigns})


@require_safe
@require_permission(MANAGE)
def version(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_for(
        request.user, MANAGE, InstrumentVersion.objects.select_related("instrument"), pk=pk
    )
    return _page(request, "version.html", {"version": found, "form": ItemForm()})


@require_safe
@require_permission(MANAGE)
def version_export(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_for(
        request.user, MANAGE, InstrumentVersion.objects.select_related("instrument"), pk=pk
    )
    text = redcap.export_dictionary(spec_of(found))
    audit.record(audit.SurveyEvent.INSTRUMENT_EXPORTED, by=request.user, target=found)
    name = f"{found.instrument.code}-v{found.number}-redcap-dictionary.csv"
    return download_response(text.encode("utf-8"), "text/csv; charset=utf-8", name)


@require_POST
@require_permission(MANAGE)
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_for(
        request.user, MANAGE, InstrumentVersion.objects.select_related("instrument"), pk=pk
    )
    form = ItemForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        item = ItemSpec(
            code=data["code"], kind=data["kind"], prompt=data["prompt"], choices=data["choices"]
        )
        try:
            into = add_item(by=request.user, version=found, item=item)
        except ValidationError as exc:
            form.apply(exc)
        else:
            if into.pk != found.pk:
                messages.success(
                    request,
                    f"Version {found.number} is in use, so version {into.number} was written "
                    "with the new question.",
                )
            else:
                messages.success(request, "The question was added.")
            return redirect("surveys:version", pk=into.pk)
    return _page(request, "version.html", {"version": found, "form": form}, status=400)


@require_permission(MANAGE)
def redcap_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        importer = redcap.DictionaryImporter(form.cleaned_data["code"], form.cleaned_data["title"])
        result = run_import(
            importer,
            by=request.user,
            fileobj=upload.file,
            filename=upload.name,
            apply=form.cleaned_data["apply_now"],
        )
        if result.applied and importer.last is not None:
            messages.success(request, "The dictionary was imported as a new instrument version.")
            return redirect("surveys:version", pk=importer.last.version.pk)
    return _page(request, "import.html", {"form": form, "result": result})


@require_permission(MANAGE)
def campaign_new(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        settings = campaign_actions.CampaignSettings(
            title=data["title"],
            version=data["version"],
            mode=data["mode"],
            k=data["k"],
            comment_k=data["comment_k"],
            dimensions=tuple(data["dimensions"]),
            audience_kinds=tuple(data["audience_kinds"]),
            audience_unit=data["audience_unit"],
            audience_cohort=data["audience_cohort"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
        )
        try:
            made = campaign_actions.create_campaign(by=request.user, settings=settings)
        except ValidationError as exc:
            form.apply(exc)
        else:
            messages.success(request, "The campaign is saved as a draft. Check it, then open it.")
            return redirect("surveys:campaign", pk=made.pk)
    return _page(request, "campaign_new.html", {"form": form}, status=400 if form.errors else 200)


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    return get_object_for(
        request.user, MANAGE, Campaign.objects.select_related("version__instrument"), pk=pk
    )


@require_safe
@require_permission(MANAGE)
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    found = _campaign(request, pk)
    return _campaign_page(
        request, found, ThresholdsForm(initial={"k": found.k, "comment_k": found.comment_k})
    )


def _campaign_page(
    request: HttpRequest, found: Campaign, form: ThresholdsForm, status: int = 200
) -> HttpResponse:
    answered, invited = queries.response_rate(found)
    dimensions = [grouping.DIMENSIONS[d] for d in found.dimensions if d in grouping.DIMENSIONS]
    return _page(
        request,
        "campaign.html",
        {
            "campaign": found,
            "answered": answered,
            "invited": invited,
            "rate": round(100 * answered / invited) if invited else None,
            "dimensions": dimensions,
            "form": form,
        },
        status=status,
    )


def _act(request: HttpRequest, pk: int, act: Any, done: str) -> HttpResponse:
    found = _campaign(request, pk)
    try:
        act(by=request.user, campaign=found)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("surveys:campaign", pk=found.pk)


@require_safe
@require_permission(MANAGE)
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has answered a campaign declared confidential up front; 404 for an anonymous one."""
    found = _campaign(request, pk)
    if found.mode != Campaign.Mode.CONFIDENTIAL:
        raise Http404("No such page.")
    people = queries.participants(found)
    audit.record(
        audit.SurveyEvent.PARTICIPATION_READ,
        by=request.user,
        target=found,
        detail={"count": len(people)},
    )
    return _page(request, "participants.html", {"campaign": found, "people": people})


@require_POST
@require_permission(MANAGE)
def campaign_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        campaign_actions.open_campaign,
        "The campaign is open; invitations are being sent.",
    )


@require_POST
@require_permission(MANAGE)
def campaign_remind(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        campaign_actions.send_reminders,
        "Reminders are being sent to those who have not answered.",
    )


@require_POST
@require_permission(MANAGE)
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, campaign_actions.close_campaign, "The campaign is closed.")


@require_POST
@require_permission(MANAGE)
def campaign_thresholds(request: HttpRequest, pk: int) -> HttpResponse:
    found = _campaign(request, pk)
    form = ThresholdsForm(request.POST)
    if form.is_valid():
        try:
            campaign_actions.raise_thresholds(by=request.user, campaign=found, **form.cleaned_data)
        except ValidationError as exc:
            form.apply(exc)
        else:
            messages.success(request, "The thresholds are raised.")
            return redirect("surveys:campaign", pk=found.pk)
    return _campaign_page(request, found, form, status=400)
