"""Forms for well-being pages. They only shape input; the rules live in ``actions``.

Every error message starts with the field's label, so the summary at the top
of a form reads on its own ("Member id: this is needed.").
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belong.access.models import User
from belong.core.forms import ActionForm
from belong.fields.dates import date_field
from belong.people.models import Unit
from belong.wellbeing import who5
from belong.wellbeing.models import (
    Attendance,
    Component,
    CoverageYear,
    ReachWeek,
    SupportKind,
    SupportService,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


_Form = ActionForm


class _WeekChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.term_label}: {obj.theme}" if obj.theme else str(obj.term_label)


class _ServiceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()} ({obj.office.name})"


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        person = getattr(obj, "person", None)
        return str(person.display_name) if person is not None else str(obj.get_username())


def _date(label: str | StrPromise, **kwargs: Any) -> forms.DateField:
    return date_field(label, **kwargs)


def _time(label: str) -> forms.TimeField:
    return forms.TimeField(label=label, widget=forms.TimeInput(attrs={"type": "time"}))


# --- REACH ------------------------------------------------------------------


class ReachWeekForm(_Form):
    cohort = forms.IntegerField(
        label=_("Class year"),
        min_value=2000,
        max_value=2100,
        help_text=_("The year the class graduates."),
    )
    starts_on = _date("First day")
    ends_on = _date("Last day")
    theme = forms.CharField(label=_("Theme"), max_length=200, required=False)


class ReachSessionForm(_Form):
    component = forms.ChoiceField(label=_("Component"), choices=Component.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    day = _date("Date")
    start_time = _time("Starts at")
    end_time = _time("Ends at")
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    facilitator = forms.CharField(label=_("Facilitator"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)

    @staticmethod
    def initial_for(session: Any) -> dict[str, Any]:
        start = timezone.localtime(session.starts_at)
        end = timezone.localtime(session.ends_at)
        return {
            "component": session.component,
            "title": session.title,
            "day": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "location": session.location,
            "facilitator": session.facilitator,
            "description": session.description,
        }

    # The action speaks of moments; this form asks for a date and two times.
    _FIELD_FOR = {"starts_at": "start_time", "ends_at": "end_time"}

    def apply(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            exc = ValidationError(
                {self._FIELD_FOR.get(k, k): v for k, v in exc.message_dict.items()}
            )
        super().apply(exc)

    def moments(self) -> tuple[datetime, datetime]:
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        starts = timezone.make_aware(datetime.combine(data["day"], data["start_time"]), zone)
        ends = timezone.make_aware(datetime.combine(data["day"], data["end_time"]), zone)
        return starts, ends


ATTENDANCE_CHOICES = [*Attendance.Status.choices, ("", "Not recorded")]


class AttendanceForm(_Form):
    """One radio group per student of the cohort."""

    def __init__(self, *args: Any, students: list[Any], marks: dict[int, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.students = students
        for person in students:
            self.fields[f"p{person.pk}"] = forms.ChoiceField(
                label=person.display_name,
                choices=ATTENDANCE_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                initial=marks.get(person.pk, ""),
            )
        self.fields["rest_present"] = forms.BooleanField(
            label=_("Mark everyone still “Not recorded” as present"), required=False
        )

    def statuses(self) -> dict[int, str]:
        rest = self.cleaned_data.get("rest_present")
        result = {}
        for person in self.students:
            status = self.cleaned_data.get(f"p{person.pk}") or ""
            result[person.pk] = status or (Attendance.Status.PRESENT if rest else "")
        return result

    def rows(self) -> list[tuple[Any, forms.BoundField]]:
        return [(person, self[f"p{person.pk}"]) for person in self.students]


class ReflectionForm(_Form):
    week = _WeekChoice(
        label=_("REACH week (optional)"),
        queryset=ReachWeek.objects.none(),
        required=False,
        empty_label=_("Not about one REACH week"),
    )
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Reflection"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Only you can read this. Nobody else, not your coach or student affairs, can."),
    )

    def __init__(self, *args: Any, weeks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["week"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = weeks


# --- Check-ins --------------------------------------------------------------


class CheckInForm(_Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, text in enumerate(who5.ITEMS, start=1):
            self.fields[f"item_{number}"] = forms.TypedChoiceField(
                label=text,
                choices=[(str(v), label) for v, label in who5.SCALE],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("“%(item)s”: choose how often.") % {"item": text}},
            )

    def items(self) -> list[int]:
        return [self.cleaned_data[f"item_{n}"] for n in range(1, len(who5.ITEMS) + 1)]


# --- Support ------------------------------------------------------------------


class SupportRequestForm(_Form):
    service = _ServiceChoice(
        label=_("Kind of support"),
        queryset=SupportService.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    summary = forms.CharField(
        label=_("What you would like help with"),
        max_length=200,
        help_text=_("A few words are enough; you can say more when they get in touch."),
    )
    details = forms.CharField(
        label=_("More detail (optional)"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = SupportService.objects.filter(accepting_requests=True).select_related(
            "office"
        )


class MessageForm(_Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}))


class AssignForm(_Form):
    assignee = _PersonChoice(
        label=_("Assign to"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody in particular"),
    )

    def __init__(self, *args: Any, handlers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(pk__in=[u.pk for u in handlers]).order_by("username")


class CaseUpdateForm(_Form):
    ACTIONS = [("acknowledge", "Acknowledge"), ("resolve", "Resolve"), ("reopen", "Reopen")]
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    note = forms.CharField(
        label=_("Note for the history (optional)"), max_length=200, required=False
    )


class SupportServiceForm(_Form):
    kind = forms.ChoiceField(label=_("Kind of support"), choices=SupportKind.choices)
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=Unit.objects.filter(kind=Unit.Kind.OFFICE).order_by("name")
    )
    description = forms.CharField(
        label=_("Description for students"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    response_target_hours = forms.IntegerField(
        label=_("First response within (hours)"),
        min_value=1,
        max_value=720,
        initial=48,
        help_text=_("In hours: 48 for 2 days, 120 for 5 days. Students read it in days and hours."),
    )
    no_assessor_rule = forms.BooleanField(
        label=_("Keep away from assessors (required for counselling)"), required=False
    )
    after_hours_contact = forms.CharField(
        label=_("Urgent or after-hours contact"), max_length=200, required=False
    )
    accepting_requests = forms.BooleanField(
        label=_("Taking requests"), required=False, initial=True
    )


# --- Coverage -----------------------------------------------------------------


class CoverageYearForm(_Form):
    academic_year = forms.IntegerField(
        label=_("Academic year"),
        min_value=2000,
        max_value=2100,
        help_text=_("The year it starts: 2026 for 2026–27."),
    )
    coverage_starts_on = _date("Coverage period starts")
    coverage_ends_on = _date("Coverage period ends")
    plan_name = forms.CharField(label=_("School plan"), max_length=200)
    annual_cost = forms.DecimalField(
        label=_("Annual cost (USD)"), max_digits=8, decimal_places=2, min_value=0
    )
    deadline = _date("Enrolment and waiver deadline")
    details = forms.CharField(
        label=_("Details for students"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    @staticmethod
    def initial_for(year: CoverageYear) -> dict[str, Any]:
        return {name: getattr(year, name) for name in CoverageYearForm.base_fields}


class WaiverForm(_Form):
    carrier = forms.CharField(label=_("Insurance company"), max_length=200, required=False)
    plan_name = forms.CharField(label=_("Plan name"), max_length=200, required=False)
    member_id = forms.CharField(label=_("Member id"), max_length=100, required=False)
    coverage_start = _date(_("Coverage starts"), required=False)
    coverage_end = _date(_("Coverage ends"), required=False)
    proof = forms.FileField(
        label=_("Proof of coverage"),
        required=False,
        help_text=_(
            "A photo or scan of your insurance card (both sides), or a letter from your "
            "insurer: PDF, PNG or JPEG, up to 5 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
        ),
    )


class ReviewForm(_Form):
    DECISIONS = [
        ("approve", "Approve the waiver"),
        ("more_info", "Ask the student for more information"),
        ("deny", "Deny the waiver"),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message to the student"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Needed when you ask for more or deny: say what is needed, or why."),
    )
