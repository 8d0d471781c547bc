"""Forms in front of the plan actions; each error names its field."""

from __future__ import annotations

from typing import Any

from django import forms

from belong.core.forms import ActionForm
from belong.fields.dates import date_field
from belong.people.forms import PersonWithAccountField
from belong.people.models import Unit
from belong.plans.models import Action, Area, Goal, ListeningSession, Plan, Status


class PlanForm(ActionForm):
    title = forms.CharField(label="Title", max_length=200)
    summary = forms.CharField(
        label="Summary", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    audience = forms.ChoiceField(label="Audience", choices=Plan.Audience.choices)


class AreaForm(ActionForm):
    title = forms.CharField(label="Area title", max_length=200)


class GoalForm(ActionForm):
    area = forms.ModelChoiceField(label="Area", queryset=Area.objects.none(), empty_label=None)
    title = forms.CharField(label="Goal title", max_length=300)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = plan.areas.all()  # type: ignore[attr-defined]


class ActionItemForm(ActionForm):
    goal = forms.ModelChoiceField(label="Goal", queryset=Goal.objects.none(), empty_label=None)
    title = forms.CharField(label="Action title", max_length=300)
    owner_unit = forms.ModelChoiceField(
        label="Owner office", queryset=Unit.objects.filter(kind=Unit.Kind.OFFICE), required=False
    )
    owner_person = PersonWithAccountField(
        label="Owner (person)",
        required=False,
        help_text="Their e-mail or institutional ID: who writes the progress updates. "
        "Leave empty for the office's role holders.",
    )
    starts_on = date_field("Starts on")
    due_on = date_field("Due on")

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(area__plan=plan)  # type: ignore[attr-defined]


class MilestoneForm(ActionForm):
    action = forms.ModelChoiceField(
        label="Action", queryset=Action.objects.none(), empty_label=None
    )
    title = forms.CharField(label="Milestone", max_length=300)
    due_on = date_field("Milestone due on")

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = Action.objects.filter(goal__area__plan=plan)  # type: ignore[attr-defined]


class MeasureForm(ActionForm):
    goal = forms.ModelChoiceField(label="Goal", queryset=Goal.objects.none(), empty_label=None)
    label = forms.CharField(label="What is measured", max_length=200)
    unit_label = forms.CharField(label="Unit", max_length=20, required=False)
    baseline = forms.FloatField(label="Baseline")
    target = forms.FloatField(label="Target")
    target_on = date_field("Target date")
    value = forms.FloatField(label="Current figure (entered)", required=False)
    value_on = date_field("Measured on", required=False)
    release = forms.IntegerField(
        label="Or: release number", required=False, help_text="A published outcomes release."
    )
    table = forms.CharField(label="Release table", required=False)
    row = forms.CharField(
        label="Row", required=False, help_text="Key values as name=value, separated by commas."
    )
    column = forms.CharField(label="Release column", required=False)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(area__plan=plan)  # type: ignore[attr-defined]

    def clean_row(self) -> dict[str, Any]:
        text = self.cleaned_data.get("row") or ""
        found: dict[str, Any] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            name, sep, value = part.partition("=")
            if not sep or not name.strip():
                raise forms.ValidationError(f"Row: “{part}” is not name=value.")
            value = value.strip()
            found[name.strip()] = int(value) if value.lstrip("-").isdigit() else value
        return found


class SessionForm(ActionForm):
    kind = forms.ChoiceField(label="Kind", choices=ListeningSession.Kind.choices)
    held_on = date_field("Held on")
    audience = forms.CharField(label="Who was invited", max_length=200)
    notes = forms.CharField(label="What was heard", widget=forms.Textarea(attrs={"rows": 3}))


class UpdateForm(ActionForm):
    written_on = date_field("Date of this update")
    status = forms.ChoiceField(label="Status", choices=Status.choices)
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Required when the action is off track or dropped.",
    )
    note = forms.CharField(label="What was done", widget=forms.Textarea(attrs={"rows": 4}))


class CommentForm(ActionForm):
    text = forms.CharField(label="Your comment", widget=forms.Textarea(attrs={"rows": 5}))
    area = forms.ModelChoiceField(
        queryset=Area.objects.none(), required=False, label="About the area"
    )
    anonymous = forms.BooleanField(
        label="Send it anonymously",
        required=False,
        help_text="Nothing is kept of who wrote it or when (the week only); it appears "
        "with others in a batch.",
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = plan.areas.all()  # type: ignore[attr-defined]


class TriageForm(ActionForm):
    theme = forms.CharField(
        label="Theme",
        max_length=120,
        required=False,
        help_text="Type a theme, or pick one in use or suggested from the comments.",
        # The page's one list of suggestions (plans/comments.html).
        widget=forms.TextInput(attrs={"list": "theme-suggestions", "autocomplete": "off"}),
    )
    actions = forms.ModelMultipleChoiceField(
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Actions that answer it",
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = Action.objects.filter(goal__area__plan=plan)  # type: ignore[attr-defined]
