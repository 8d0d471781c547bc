"""Forms for an office adding services, locations (with hours) and contacts."""

from __future__ import annotations

from typing import Any

from django import forms

from belong.core.forms import ActionForm
from belong.directory.forms import ServiceForm
from belong.directory.models import Location, Organization, Schedule
from belong.people.models import Campus


def _own(field: forms.Field, queryset: Any) -> None:
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def _only_one(form: forms.Form, queryset: Any) -> None:
    """An office with one organization needs not choose it."""
    if not form.is_bound and "organization" not in form.initial:
        pks = list(queryset.values_list("pk", flat=True)[:2])
        if len(pks) == 1:
            form.initial["organization"] = pks[0]


class PlacesMixin(forms.Form):
    locations = forms.ModelMultipleChoiceField(
        label="Where it is given",
        queryset=Location.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The places of your office where people can come for it.",
    )


class NewServiceForm(ServiceForm, PlacesMixin):
    organization = forms.ModelChoiceField(
        label="Organization", queryset=Organization.objects.none()
    )
    field_order = ["organization", "name"]

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _own(self.fields["organization"], organizations)
        _only_one(self, organizations)
        _own(
            self.fields["locations"],
            Location.objects.filter(organization__in=organizations, retired_at__isnull=True),
        )


class PlacesForm(PlacesMixin, ActionForm):
    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _own(
            self.fields["locations"],
            organization.locations.filter(retired_at__isnull=True),
        )


class LocationForm(ActionForm):
    organization = forms.ModelChoiceField(
        label="Organization", queryset=Organization.objects.none()
    )
    name = forms.CharField(label="Name", max_length=200)
    address = forms.CharField(label="Street address", max_length=300, required=False)
    city = forms.CharField(label="City", max_length=100, required=False)
    state_province = forms.CharField(label="State or province", max_length=100, required=False)
    postal_code = forms.CharField(label="Postal code", max_length=20, required=False)
    campus = forms.ModelChoiceField(
        label="Campus", queryset=Campus.objects.all(), required=False, empty_label="None"
    )
    accessibility = forms.CharField(label="Accessibility", widget=forms.Textarea, required=False)
    weekdays = forms.TypedMultipleChoiceField(
        label="Open on",
        choices=Schedule.Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    opens_at = forms.TimeField(
        label="Opens at", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    closes_at = forms.TimeField(
        label="Closes at", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _own(self.fields["organization"], organizations)
        _only_one(self, organizations)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("weekdays") and not (data.get("opens_at") and data.get("closes_at")):
            self.add_error("opens_at", "Opens at: give the opening and closing times.")
        return data

    def hours(self) -> list[tuple[int, Any, Any]]:
        data = self.cleaned_data
        return [(day, data["opens_at"], data["closes_at"]) for day in data.get("weekdays") or []]

    def location_values(self) -> dict[str, Any]:
        names = ("name", "address", "city", "state_province", "postal_code", "accessibility")
        return {name: self.cleaned_data[name] for name in names}

    @staticmethod
    def initial_for(location: Location) -> dict[str, Any]:
        schedules = list(location.schedules.all())
        first = schedules[0] if schedules else None
        return {
            "organization": location.organization_id,
            "name": location.name,
            "address": location.address,
            "city": location.city,
            "state_province": location.state_province,
            "postal_code": location.postal_code,
            "campus": location.campus_id,
            "accessibility": location.accessibility,
            "weekdays": [s.weekday for s in schedules],
            "opens_at": first.opens_at if first else None,
            "closes_at": first.closes_at if first else None,
        }


class ContactForm(ActionForm):
    name = forms.CharField(label="Name or role", max_length=200)
    title = forms.CharField(label="Title", max_length=200, required=False)
    email = forms.EmailField(label="Email", required=False)
    phone = forms.CharField(label="Phone", max_length=40, required=False)
