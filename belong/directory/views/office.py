"""An office's own entries: edit, and confirm that an entry is still correct."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.views.decorators.http import require_POST

from belong.access.permissions import Permission
from belong.access.policies import get_object_for, require_permission
from belong.core.tables import DataTable, Row, cell
from belong.directory import actions, queries
from belong.directory.forms import EventForm, ServiceForm
from belong.directory.forms_office import ContactForm, PlacesForm
from belong.directory.freshness import shown_unverified
from belong.directory.models import Event, Location, Organization, Service
from belong.directory.policies import offices_of

EDIT = Permission.EDIT_DIRECTORY_ENTRIES


@require_permission(EDIT)
def office(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    table = DataTable(
        caption="Entries your office keeps",
        corner="Entry",
        columns=[
            ("Organization", False),
            ("Status", False),
            ("Last edited", False),
            ("Last checked", False),
            ("Needs checking", False),
        ],
        empty="Your office has no directory entries yet.",
    )
    for s in queries.own_services(request.user):
        if shown_unverified(s.last_verified_at, now):
            due = "Yes: shown as unverified"
        else:
            due = "Yes" if s.stale_flagged_at else "No"
        table.rows.append(
            Row(
                header=s.name,
                header_url=reverse("directory:service_edit", args=[s.pk]),
                cells=[
                    cell(s.organization.name, num=False),
                    cell(s.get_status_display(), num=False),
                    cell(date_format(localtime(s.updated_at), "j F Y"), num=False),
                    cell(
                        date_format(localtime(s.last_verified_at), "j F Y")
                        if s.last_verified_at
                        else "Never",
                        num=False,
                    ),
                    cell(due, num=False),
                ],
                flagged=due != "No",
            )
        )
    own = offices_of(request.user)
    own_events = Event.objects.filter(organization__owner_id__in=own)
    locations = Location.objects.filter(
        organization__owner_id__in=own, retired_at__isnull=True
    ).select_related("organization")
    return render(
        request,
        "directory/office.html",
        {
            "table": table,
            "events": own_events.select_related("organization"),
            "locations": locations.order_by("organization__name", "name"),
        },
    )


@require_permission(EDIT)
def event_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    event = None
    initial: dict[str, object] = {}
    if pk is not None:
        event = get_object_for(
            request.user, EDIT, Event.objects.select_related("organization"), pk=pk
        )
        initial = {
            name: getattr(event, name) for name in EventForm.base_fields if name != "organization"
        } | {"organization": event.organization_id}
    organizations = Organization.objects.filter(owner_id__in=offices_of(request.user))
    form = EventForm(request.POST or None, initial=initial, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_event(by=request.user, event=event, **form.cleaned_data)
        except ValidationError as exc:
            form.apply(exc)
        else:
            messages.success(request, f"Saved the event {saved.title}.")
            return redirect("directory:office")
    return render(request, "directory/event_form.html", {"form": form, "event": event})


def render_edit(
    request: HttpRequest,
    service: Service,
    form: ServiceForm | None = None,
    places: PlacesForm | None = None,
    contact_form: ContactForm | None = None,
) -> HttpResponse:
    context = {
        "service": service,
        "form": form or ServiceForm.for_service(None, service),
        "places": places or _places(None, service),
        "contact_form": contact_form or ContactForm(prefix="contact"),
        "contacts": service.contacts.filter(retired_at__isnull=True),
    }
    return render(request, "directory/edit.html", context)


def _places(data: object, service: Service) -> PlacesForm:
    current = list(service.locations.filter(retired_at__isnull=True).values_list("pk", flat=True))
    return PlacesForm(data, organization=service.organization, initial={"locations": current})


@require_permission(EDIT)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_for(
        request.user, EDIT, Service.objects.select_related("organization"), pk=pk
    )
    if request.method != "POST":
        return render_edit(request, service)
    form = ServiceForm.for_service(request.POST, service)
    places = _places(request.POST, service)
    if form.is_valid() and places.is_valid():
        try:
            with transaction.atomic():
                changed = actions.save_service(
                    by=request.user, service=service, **form.cleaned_data
                )
                moved = actions.set_service_locations(
                    by=request.user, service=service, locations=places.cleaned_data["locations"]
                )
        except ValidationError as exc:
            form.apply(exc)
        else:
            messages.success(
                request,
                f"Saved {service.name}."
                if changed or moved
                else f"Nothing changed in {service.name}.",
            )
            return redirect("directory:office")
    return render_edit(request, service, form=form, places=places)


@require_POST
@require_permission(EDIT)
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_for(
        request.user, EDIT, Service.objects.select_related("organization"), pk=pk
    )
    actions.verify_service(by=request.user, service=service)
    messages.success(request, f"Recorded that you checked {service.name} today.")
    return redirect("directory:office")
