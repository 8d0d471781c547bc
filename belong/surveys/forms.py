"""Forms for survey pages. They only shape input; the rules live in ``actions``.

Every error message starts with the field's label, so the error summary at
the top of a form reads on its own. :func:`answer_form` builds the form a
respondent fills in from an instrument version's items.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from belong.core.forms import ActionForm
from belong.fields.dates import date_field
from belong.people.models import Affiliation, Unit
from belong.surveys import grouping
from belong.surveys.models import Campaign, InstrumentVersion, Item
from belong.surveys.models.campaigns import MIN_COMMENT_K, MIN_K

_Form = ActionForm


class ItemForm(_Form):
    code = forms.SlugField(label="Item code", max_length=100, help_text="Lower case, e.g. q12.")
    kind = forms.ChoiceField(label="Kind of question", choices=Item.Kind.choices)
    prompt = forms.CharField(label="Wording", widget=forms.Textarea(attrs={"rows": 2}))
    choices = forms.CharField(
        label="Choices",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line as “value, label”; Likert points lowest first (1, Never).",
    )

    def clean_choices(self) -> tuple[tuple[str, str], ...]:
        found = []
        for line in self.cleaned_data["choices"].splitlines():
            if not line.strip():
                continue
            value, sep, label = line.partition(",")
            if not sep or not value.strip() or not label.strip():
                raise ValidationError(f"Choices: “{line.strip()}” is not “value, label”.")
            found.append((value.strip(), label.strip()))
        return tuple(found)


class ImportForm(_Form):
    code = forms.SlugField(label="Instrument code", max_length=60)
    title = forms.CharField(label="Instrument title", max_length=200)
    file = forms.FileField(label="REDCap data dictionary (CSV)")
    apply_now = forms.BooleanField(
        label="Import it if nothing is wrong (leave unticked to check only)", required=False
    )


DIMENSION_CHOICES = [(d.code, d.label) for d in grouping.DIMENSIONS.values()]
AUDIENCE_CHOICES = [
    (k, label)
    for k, label in Affiliation.Kind.choices
    if k in ("student", "resident", "faculty", "staff")
]


class CampaignForm(_Form):
    title = forms.CharField(label="Title", max_length=200)
    version = forms.ModelChoiceField(
        label="Instrument version", queryset=InstrumentVersion.objects.select_related("instrument")
    )
    mode = forms.ChoiceField(
        label="Mode",
        choices=Campaign.Mode.choices,
        widget=forms.RadioSelect,
        initial=Campaign.Mode.ANONYMOUS,
        help_text="Confidential: the office can see who has answered (never what). Cannot be "
        "changed once the campaign opens.",
    )
    # No min_value here: the action says why a threshold is too low, in words.
    k = forms.IntegerField(label="Fewest responses a result may show", initial=MIN_K)
    comment_k = forms.IntegerField(
        label="Fewest responses before comments are shown", initial=MIN_COMMENT_K
    )
    dimensions = forms.MultipleChoiceField(
        label="Groups results may be cut by",
        choices=DIMENSION_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience_kinds = forms.MultipleChoiceField(
        label="Who is asked", choices=AUDIENCE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    audience_unit = forms.ModelChoiceField(
        label="Only in this unit (and the units under it)",
        queryset=Unit.objects.exclude(kind=Unit.Kind.OFFICE),
        required=False,
    )
    audience_cohort = forms.IntegerField(
        label="Only this class year", required=False, min_value=1900, max_value=2200
    )
    opens_on = date_field("Opens on", years_back=0, years_ahead=2)
    closes_on = date_field("Closes on", years_back=0, years_ahead=2)


class ThresholdsForm(_Form):
    k = forms.IntegerField(label="Fewest responses a result may show")
    comment_k = forms.IntegerField(label="Fewest responses before comments are shown")


def answer_form(version: InstrumentVersion, data: Any = None, initial: Any = None) -> forms.Form:
    """The respondent's form: one field per item that takes an answer, none required here
    (saving progress takes partial answers; submitting checks required items)."""
    fields: dict[str, forms.Field] = {}
    for item in version.items.all():
        if not item.answers:
            continue
        choices = [(str(v), str(label)) for v, label in item.choices]
        field: forms.Field
        if item.kind == Item.Kind.MULTIPLE:
            field = forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, required=False
            )
        elif item.kind == Item.Kind.TEXT:
            field = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
            )
        else:
            field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, required=False)
        field.label = item.prompt
        field.help_text = item.note
        fields[item.code] = field
    form_class = type("AnswerForm", (forms.Form,), fields)
    return form_class(data=data, initial=initial)  # type: ignore[no-any-return]


class ResultsForm(_Form):
    correction = forms.ChoiceField(
        label="Correction for many comparisons",
        choices=[
            ("holm", "Holm (fewer false alarms; the default)"),
            ("fdr_bh", "Benjamini-Hochberg (finds more; some may be false alarms)"),
        ],
        initial="holm",
    )
