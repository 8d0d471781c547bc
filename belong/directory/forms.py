"""Forms in front of the directory's actions."""

from __future__ import annotations

from typing import Any

from django import forms

from belong.core.forms import ActionForm
from belong.directory.models import Audience, EntryStatus, Topic
from belong.people.models import Campus


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    audience = forms.ChoiceField(
        label="For", required=False, choices=[("", "Anyone"), *list(Audience.choices)]
    )
    topic = forms.ChoiceField(
        label="Topic", required=False, choices=[("", "Any topic"), *list(Topic.choices)]
    )
    campus = forms.ModelChoiceField(
        label="Campus", required=False, queryset=Campus.objects.all(), empty_label="Any campus"
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
