from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from belong.people import categories as cat
from belong.people.models import Person

NO_ANSWER = ("", "Leave unanswered")
_PREFER = (cat.PREFER_NOT, cat.PREFER_NOT_LABEL)


def _radio(label: str, choices: dict[str, str], help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[*choices.items(), _PREFER, NO_ANSWER],
        required=False,
        widget=forms.RadioSelect,
        help_text=help_text,
    )


class SelfIdentificationForm(forms.Form):
    """Every question optional; every question offers "prefer not to answer"."""

    race = forms.MultipleChoiceField(
        label="Race and ethnicity (select all that apply)",
        choices=[*cat.RACE_ETHNICITY.items(), _PREFER],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Categories from the federal standard (OMB SPD 15, 2024).",
    )
    race_write_in = forms.CharField(
        label="Anything else about your race or ethnicity (optional)",
        required=False,
        max_length=200,
    )
    sex = _radio("Sex", cat.SEX)
    gender_identity = _radio("Gender identity", cat.GENDER_IDENTITY)
    gender_identity_write_in = forms.CharField(
        label="Your gender identity in your own words (optional)", required=False, max_length=200
    )
    sexual_orientation = _radio("Sexual orientation", cat.SEXUAL_ORIENTATION)
    sexual_orientation_write_in = forms.CharField(
        label="Your sexual orientation in your own words (optional)",
        required=False,
        max_length=200,
    )
    first_generation = _radio(
        "First generation to graduate from college",
        cat.YES_NO,
        "Neither parent nor guardian completed a bachelor's degree.",
    )
    disability = _radio("Do you have a disability?", cat.YES_NO)
    veteran = _radio("Have you served in the armed forces?", cat.YES_NO)
    origin = _radio("Where did you mostly grow up?", cat.ORIGIN)
    age_band = _radio("Age", cat.AGE_BAND)
    citizenship = _radio("Citizenship", cat.CITIZENSHIP)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One optional detailed question per minimum category.
        for code, (label, details) in cat.RACE_ETHNICITY_DETAILED.items():
            self.fields[f"detail_{code}"] = forms.MultipleChoiceField(
                label=f"{label}: more detail (optional)",
                choices=list(details.items()),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    @classmethod
    def initial_from(cls, answers: dict[str, Any] | None) -> dict[str, Any]:
        if not answers:
            return {}
        initial = {k: v for k, v in answers.items() if k != "race_detailed"}
        for code in answers.get("race_detailed") or []:
            minimum = cat.DETAILED_TO_MINIMUM.get(code)
            if minimum:
                initial.setdefault(f"detail_{minimum}", []).append(code)
        return initial

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[f"detail_{code}"] for code in cat.RACE_ETHNICITY_DETAILED]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("detail_")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        race = data.get("race") or []
        details = [
            c for code in cat.RACE_ETHNICITY_DETAILED for c in data.get(f"detail_{code}") or []
        ]
        if cat.PREFER_NOT in race and (len(race) > 1 or details):
            self.add_error(
                "race",
                "You chose “Prefer not to answer” together with a category. "
                "Choose one or the other.",
            )
        data["race_detailed"] = details
        return data

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        answers = {name: data.get(name) or None for name in cat.SINGLE_CHOICE_DIMENSIONS}
        answers["citizenship"] = data.get("citizenship") or None
        answers["race"] = data.get("race") or []
        answers["race_detailed"] = data.get("race_detailed") or []
        for name in ("race_write_in", "gender_identity_write_in", "sexual_orientation_write_in"):
            answers[name] = data.get(name) or ""
        return answers


class OwnDetailsForm(forms.Form):
    preferred_name = forms.CharField(
        label="Name to use",
        max_length=200,
        required=False,
        help_text="Shown everywhere in Belong instead of your legal name. "
        "Leave blank to use your legal name.",
    )
    pronouns = forms.CharField(label="Pronouns", max_length=60, required=False)


class ReadPurposeForm(forms.Form):
    PURPOSES = [
        ("correction", "The person asked for a correction"),
        ("import_reconciliation", "Reconciling an import with the source system"),
        ("data_quality", "Data quality check"),
    ]
    purpose = forms.ChoiceField(
        label="Why are you opening this record?", choices=PURPOSES, widget=forms.RadioSelect
    )


class InviteForm(forms.Form):
    """How an invited person will sign in; asked only where single sign-on is set up,
    and with no choice made in advance."""

    method = forms.ChoiceField(
        label="How will they sign in?",
        choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how they will sign in."},
    )

    def __init__(self, *args: Any, sso_available: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if sso_available:
            from django.conf import settings

            from belong.people.models import Invitation

            method = self.fields["method"]
            assert isinstance(method, forms.ChoiceField)
            method.choices = [
                (Invitation.Method.SSO, f"With {settings.OIDC_PROVIDER_NAME} (single sign-on)"),
                (Invitation.Method.PASSWORD, Invitation.Method.PASSWORD.label),
            ]
        else:
            del self.fields["method"]


class PersonWithAccountField(forms.CharField):
    """A person who can sign in, named by e-mail or institutional ID.

    Pickers that list everyone do not scale to a school (thousands of
    options in one select); a field that takes what staff already know does.
    Cleans to the :class:`~belong.people.models.Person`, or ``None`` when left
    empty and not required; the error says what was looked for.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})
        )
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Person):
            return value.email or (value.user.email if value.user else "") or value.institutional_id
        return value

    def clean(self, value: Any) -> Person | None:  # type: ignore[override]
        text = str(super().clean(value) or "").strip()
        if not text:
            return None
        found = list(
            Person.objects.filter(user__isnull=False)
            .filter(Q(email__iexact=text) | Q(user__email__iexact=text) | Q(institutional_id=text))
            .distinct()[:2]
        )
        if len(found) == 1:
            return found[0]
        if not found:
            raise forms.ValidationError(
                f"No one who can sign in has the e-mail or institutional ID “{text}”.",
                code="unknown_person",
            )
        raise forms.ValidationError(
            f"More than one person has the e-mail “{text}”: give their institutional ID.",
            code="ambiguous_person",
        )
