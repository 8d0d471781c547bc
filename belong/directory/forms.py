"""Forms in front of the directory's actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from belong.core.forms import ActionForm
from belong.directory.models import Audience, EntryStatus, Organization, Topic
from belong.fields.dates import datetime_field
from belong.people.models import Campus


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    audience = forms.ChoiceField(
        label=_("For"), required=False, choices=[("", _("Anyone")), *list(Audience.choices)]
    )
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("Any topic")), *list(Topic.choices)]
    )
    campus = forms.ModelChoiceField(
        label=_("Campus"),
        required=False,
        queryset=Campus.objects.all(),
        empty_label=_("Any campus"),
    )


class ServiceForm(ActionForm):
    name = forms.CharField(label="Name", max_length=200)
    description = forms.CharField(label="Description", widget=forms.Textarea, required=False)
    audience = forms.ChoiceField(label="Audience", choices=Audience.choices)
    topic = forms.ChoiceField(label="Topic", choices=Topic.choices)
    status = forms.ChoiceField(label="Status", choices=EntryStatus.choices)
    eligibility = forms.CharField(label="Eligibility", widget=forms.Textarea, required=False)
    how_to_apply = forms.CharField(label="How to apply", widget=forms.Textarea, required=False)
    cost = forms.CharField(label="Cost", max_length=200, required=False)
    languages = forms.CharField(
        label="Languages",
        max_length=200,
        required=False,
        help_text="Separated by commas, for example: English, Spanish.",
    )
    accessibility = forms.CharField(label="Accessibility", widget=forms.Textarea, required=False)

    @classmethod
    def for_service(cls, data: Any, service: Any) -> ServiceForm:
        initial = {name: getattr(service, name) for name in cls.base_fields}
        return cls(data, initial=initial)


class EventForm(ActionForm):
    organization = forms.ModelChoiceField(
        label="Organization", queryset=Organization.objects.none()
    )
    title = forms.CharField(label="Title", max_length=200)
    description = forms.CharField(label="Description", widget=forms.Textarea, required=False)
    audience = forms.ChoiceField(label="Audience", choices=Audience.choices)
    starts_at = datetime_field("Starts", years_back=1, years_ahead=2)
    ends_at = datetime_field("Ends", years_back=1, years_ahead=2)
    place = forms.CharField(label="Place", max_length=300, required=False)
    link = forms.URLField(
        label="Link",
        required=False,
        assume_scheme="https",
        help_text="For an online event: where to join.",
    )
    capacity = forms.IntegerField(label="Capacity", required=False, help_text="Blank: no limit.")
    cancelled = forms.BooleanField(label="Cancelled", required=False)

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organizations
