"""Forms of publishing. They check what a person typed; the actions check the rest."""

from __future__ import annotations

from typing import Any

from django import forms

from belong.publishing.audiences import DESCRIPTIONS, Audience
from belong.publishing.models import Release


class ReleaseFilterForm(forms.Form):
    subject = forms.ChoiceField(required=False, label="Subject")
    year = forms.IntegerField(
        required=False, min_value=1900, max_value=2100, help_text="Releases that include this year."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        subjects = (
            Release.objects.order_by("subject_label")
            .values_list("subject_code", "subject_label")
            .distinct()
        )
        self.fields["subject"].choices = [("", "Any"), *subjects]  # type: ignore[attr-defined]


class PublishForm(forms.Form):
    audience = forms.ChoiceField(
        choices=[(a.value, f"{a.label}: {DESCRIPTIONS[a.value]}") for a in Audience],
        widget=forms.RadioSelect,
    )
