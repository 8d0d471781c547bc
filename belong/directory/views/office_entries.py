"""An office adds and retires its own services, locations and contacts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from belong.access.permissions import Permission
from belong.access.policies import get_object_for, require_permission
from belong.directory import actions
from belong.directory.forms_office import ContactForm, LocationForm, NewServiceForm
from belong.directory.models import Contact, Location, Organization, Service
from belong.directory.policies import offices_of
from belong.directory.views.office import render_edit

EDIT = Permission.EDIT_DIRECTORY_ENTRIES


def _own_organizations(request: HttpRequest) -> QuerySet[Organization]:
    return Organization.objects.filter(owner_id__in=offices_of(request.user))


@require_permission(EDIT)
def service_new(request: HttpRequest) -> HttpResponse:
    form = NewServiceForm(request.POST or None, organizations=_own_organizations(request))
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        organization, places = values.pop("organization"), values.pop("locations")
        try:
            service = actions.create_service(
                by=request.user, organization=organization, locations=places, **values
            )
        except ValidationError as exc:
            form.apply(exc)
        else:
            messages.success(request, f"Added {service.name}. Check it, then confirm it below.")
            return redirect("directory:service_edit", service.pk)
    return render(request, "directory/service_new.html", {"form": form})


@require_POST
@require_permission(EDIT)
def service_retire(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_for(
        request.user, EDIT, Service.objects.select_related("organization"), pk=pk
    )
    if actions.retire_service(by=request.user, service=service):
        messages.success(request, f"{service.name} is now shown as no longer offered.")
    return redirect("directory:office")


@require_permission(EDIT)
def location_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    location = None
    initial: dict[str, object] = {}
    if pk is not None:
        location = get_object_for(
            request.user,
            EDIT,
            Location.objects.select_related("organization").filter(retired_at__isnull=True),
            pk=pk,
        )
        initial = LocationForm.initial_for(location)
    form = LocationForm(
        request.POST or None, initial=initial, organizations=_own_organizations(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_location(
                by=request.user,
                organization=form.cleaned_data["organization"],
                location=location,
                campus=form.cleaned_data["campus"],
                hours=form.hours(),
                **form.location_values(),
            )
        except ValidationError as exc:
            form.apply(exc)
        else:
            messages.success(request, f"Saved the location {saved.name}.")
            return redirect("directory:office")
    return render(request, "directory/location_form.html", {"form": form, "location": location})


@require_POST
@require_permission(EDIT)
def location_retire(request: HttpRequest, pk: int) -> HttpResponse:
    location = get_object_for(
        request.user, EDIT, Location.objects.select_related("organization"), pk=pk
    )
    if actions.retire_location(by=request.user, location=location):
        messages.success(request, f"Retired the location {location.name}.")
    return redirect("directory:office")


@require_POST
@require_permission(EDIT)
def contact_new(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_for(
        request.user, EDIT, Service.objects.select_related("organization"), pk=pk
    )
    form = ContactForm(request.POST, prefix="contact")
    if form.is_valid():
        try:
            contact = actions.add_contact(by=request.user, service=service, **form.cleaned_data)
        except ValidationError as exc:
            form.apply(exc)
        else:
            messages.success(request, f"Added the contact {contact.name}.")
            return redirect("directory:service_edit", service.pk)
    return render_edit(request, service, contact_form=form)


@require_POST
@require_permission(EDIT)
def contact_retire(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_for(
        request.user, EDIT, Contact.objects.select_related("service__organization"), pk=pk
    )
    if actions.retire_contact(by=request.user, contact=contact):
        messages.success(request, f"Retired the contact {contact.name}.")
    return redirect("directory:service_edit", contact.service_id)
