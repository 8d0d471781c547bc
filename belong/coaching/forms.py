from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from belong.coaching.actions.meetings import (
    GOAL_YEARS_AHEAD,
    GOAL_YEARS_BACK,
    MEETING_YEARS_BACK,
)
from belong.coaching.models import Coach, Goal, Meeting, Referral
from belong.coaching.models.roster import academic_year
from belong.coaching.pairing import ordinal
from belong.fields.dates import date_field, datetime_field
from belong.people.models import Affiliation, AssessmentRelationship, Campus, Person


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show an action's ``ValidationError`` on the form: by field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error.messages)
    else:
        form.add_error(None, exc.messages)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} ({obj.institutional_id})"


class CoachChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        facts = [obj.specialty] if obj.specialty else []
        return " — ".join([obj.name, *facts])


def current_people(kind: str) -> Any:
    ids = Affiliation.objects.current().filter(kind=kind).values("person_id")
    return Person.objects.filter(pk__in=ids).order_by("legal_family_name", "legal_given_name")


def current_cohort_choices() -> list[tuple[int, str]]:
    from belong.coaching.gathering import current_cohorts

    return [(c, f"Class of {c}") for c in current_cohorts()]


def _text_list(values: list[str]) -> str:
    return ", ".join(values)


def _ordinal(n: int) -> str:
    """``1st`` in English; ``1.ª`` (una opción) in Spanish."""
    return ordinal(n) if get_language() in (None, "en") else f"{n}.ª"


class PreferenceForm(forms.Form):
    """Rank up to N coaches, and/or say what matters to you."""

    interests = forms.CharField(
        label=_("Your interests (optional)"),
        required=False,
        max_length=600,
        help_text=_("Separate them with commas, e.g. rural health, medical education, ethics."),
    )
    languages = forms.CharField(
        label=_("Languages you would like to use with your coach (optional)"),
        required=False,
        max_length=300,
        help_text=_("Separate them with commas."),
    )
    campus = forms.ModelChoiceField(
        label=_("Campus you would prefer (optional)"),
        queryset=Campus.objects.order_by("name"),
        required=False,
        empty_label=_("No preference"),
    )
    keep_current_coach = forms.BooleanField(
        label=_("If I have, or had, a coach, I would like to keep them"),
        required=False,
    )

    def __init__(self, *args: Any, max_choices: int, coaches: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_choices = max_choices
        choices = {}
        for i in range(1, max_choices + 1):
            choices[f"choice_{i}"] = CoachChoiceField(
                label=_("%(ordinal)s choice") % {"ordinal": _ordinal(i)},
                queryset=coaches,
                required=False,
                empty_label=_("No coach chosen"),
            )
        # Choices first, then the rest, in this order on the page.
        self.fields = {**choices, **self.fields}

    def choice_fields(self) -> list[forms.BoundField]:
        return [self[f"choice_{i}"] for i in range(1, self.max_choices + 1)]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("interests", "languages", "campus", "keep_current_coach")]

    def ranked_ids(self) -> list[int]:
        return [
            self.cleaned_data[f"choice_{i}"].pk
            for i in range(1, self.max_choices + 1)
            if self.cleaned_data.get(f"choice_{i}") is not None
        ]

    @staticmethod
    def initial_from(preference: Any) -> dict[str, Any]:
        if preference is None:
            return {}
        initial: dict[str, Any] = {
            f"choice_{i}": coach_id
            for i, coach_id in enumerate(preference.ranked_coaches or [], start=1)
        }
        initial["interests"] = _text_list(preference.interests)
        initial["languages"] = _text_list(preference.languages)
        initial["campus"] = preference.campus_id
        initial["keep_current_coach"] = preference.keep_current_coach
        return initial


class CoachForm(forms.Form):
    person = PersonChoiceField(
        label="Physician", queryset=Person.objects.none(), help_text="Current faculty only."
    )
    specialty = forms.CharField(max_length=120, required=False)
    interests = forms.CharField(
        max_length=600, required=False, help_text="Separate them with commas."
    )
    languages = forms.CharField(
        max_length=300, required=False, help_text="Separate them with commas."
    )
    campus = forms.ModelChoiceField(
        queryset=Campus.objects.order_by("name"), required=False, empty_label="Any campus"
    )
    capacity = forms.IntegerField(
        min_value=0, max_value=30, initial=6, help_text="The most students at once."
    )
    active_from = forms.IntegerField(
        label="First academic year", min_value=2000, max_value=2100, help_text="2026 means 2026–27."
    )
    active_until = forms.IntegerField(
        label="Last academic year",
        min_value=2000,
        max_value=2100,
        required=False,
        help_text="Leave empty if open-ended.",
    )
    status = forms.ChoiceField(
        choices=[
            (Coach.Status.ACTIVE, Coach.Status.ACTIVE.label),
            (Coach.Status.PAUSED, Coach.Status.PAUSED.label),
        ]
    )
    introduction = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Shown to students choosing a coach.",
    )

    def __init__(self, *args: Any, coach: Coach | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if coach is None:
            cast(forms.ModelChoiceField, self.fields["person"]).queryset = current_people(
                Affiliation.Kind.FACULTY
            ).exclude(coach_profile__isnull=False)
            self.fields["active_from"].initial = academic_year(timezone.localdate())
        else:
            del self.fields["person"]
            if coach.status == Coach.Status.LEFT:
                cast(forms.ChoiceField, self.fields["status"]).choices = [
                    (Coach.Status.LEFT, Coach.Status.LEFT.label)
                ]

    @staticmethod
    def initial_from(coach: Coach) -> dict[str, Any]:
        return {
            "specialty": coach.specialty,
            "interests": _text_list(coach.interests),
            "languages": _text_list(coach.languages),
            "campus": coach.campus_id,
            "capacity": coach.capacity,
            "active_from": coach.active_from,
            "active_until": coach.active_until,
            "status": coach.status,
            "introduction": coach.introduction,
        }


class AssessmentForm(forms.Form):
    assessor = PersonChoiceField(label="Assessor", queryset=Person.objects.none())
    role = forms.ChoiceField(choices=AssessmentRelationship.Role.choices)
    course = forms.CharField(max_length=200, required=False, help_text="Course or clerkship.")
    student = PersonChoiceField(
        label="One student",
        queryset=Person.objects.none(),
        required=False,
        empty_label="—",
        help_text="Either one student ...",
    )
    cohort = forms.TypedChoiceField(
        label="Or a whole class",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="... or the whole class, for a course or clerkship director.",
    )
    start_date = date_field("Start date")
    end_date = date_field("Until (optional)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assessor"]).queryset = current_people(
            Affiliation.Kind.FACULTY
        )
        cast(forms.ModelChoiceField, self.fields["student"]).queryset = current_people(
            Affiliation.Kind.STUDENT
        )
        cast(forms.ChoiceField, self.fields["cohort"]).choices = [
            ("", "—"),
            *current_cohort_choices(),
        ]
        self.fields["start_date"].initial = timezone.localdate()


class WeightsForm(forms.Form):
    interests = forms.FloatField(min_value=0, max_value=10, help_text="Per shared interest.")
    languages = forms.FloatField(min_value=0, max_value=10, help_text="Per shared language.")
    campus = forms.FloatField(min_value=0, max_value=10, help_text="For the same campus.")
    specialty = forms.FloatField(
        min_value=0, max_value=10, help_text="When the coach's specialty is one of the interests."
    )
    suggestion_length = forms.IntegerField(
        label="Suggested list length",
        min_value=0,
        max_value=50,
        help_text="Complete each list with suggested coaches up to this length; 0 for none.",
    )
    pair_outside_lists = forms.BooleanField(
        label="Pair students outside their list rather than leave them without a coach",
        required=False,
    )


class WindowForm(forms.Form):
    opens_on = date_field("Opens on", years_back=1, years_ahead=2)
    closes_on = date_field("Closes on", years_back=1, years_ahead=2)
    max_choices = forms.IntegerField(
        label="Coaches a student may rank", min_value=1, max_value=20, initial=5
    )


class RunForm(forms.Form):
    cohorts = forms.TypedMultipleChoiceField(
        label="Classes to pair",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Students of these classes without a coach are paired.",
    )
    include_paired = forms.BooleanField(
        label="Also re-pair students who already have a coach",
        required=False,
        help_text="Those who asked to keep their coach keep them, within the coach's cap.",
    )
    seed = forms.IntegerField(
        label="Lottery seed (optional)",
        min_value=0,
        required=False,
        help_text="Leave empty for a new random seed; give an earlier run's seed to repeat it.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cohorts"]).choices = current_cohort_choices()


class AdjustForm(forms.Form):
    student = forms.TypedChoiceField(coerce=int, label="Student")
    to_coach = forms.TypedChoiceField(
        coerce=int,
        label="New coach",
        empty_value=None,
        required=False,
        help_text="Only coaches with a free seat in this proposal are listed.",
        error_messages={
            "invalid_choice": "New coach: that coach has no free seat in this proposal now; "
            "choose one from the list, or move one of their students elsewhere first."
        },
    )
    reason = forms.CharField(max_length=300, label="Why")

    def __init__(
        self,
        *args: Any,
        students: list[tuple[int, str]],
        coaches: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["student"]).choices = students
        cast(forms.ChoiceField, self.fields["to_coach"]).choices = [
            ("", "Leave unpaired"),
            *coaches,
        ]


class MeetingForm(forms.Form):
    # Held or missed meetings may be recorded up to a year back; none is planned
    # more than two years ahead.
    starts_at = datetime_field("Starts", years_back=MEETING_YEARS_BACK, years_ahead=2)
    minutes = forms.TypedChoiceField(
        label="Length",
        coerce=int,
        choices=[(30, "30 minutes"), (45, "45 minutes"), (60, "1 hour"), (90, "1½ hours")],
        initial=45,
    )
    location = forms.CharField(max_length=200, required=False, label="Place")
    video_url = forms.URLField(required=False, label="Video link", assume_scheme="https")
    status = forms.ChoiceField(
        choices=[
            (Meeting.Status.SCHEDULED, "Scheduled"),
            (Meeting.Status.HELD, "Already held"),
            (Meeting.Status.MISSED, "Missed"),
        ],
        initial=Meeting.Status.SCHEDULED,
    )

    def __init__(self, *args: Any, new: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not new:
            del self.fields["status"]

    @property
    def ends_at(self) -> Any:
        return self.cleaned_data["starts_at"] + timedelta(minutes=self.cleaned_data["minutes"])

    @staticmethod
    def initial_from(meeting: Meeting) -> dict[str, Any]:
        minutes = int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)
        return {
            "starts_at": timezone.localtime(meeting.starts_at),
            "minutes": minutes if minutes in (30, 45, 60, 90) else 45,
            "location": meeting.location,
            "video_url": meeting.video_url,
        }


class NoteForm(forms.Form):
    body = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 8}))
    meeting = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label="About the meeting (optional)"
    )
    share_with_student = forms.BooleanField(
        label="Share this note with the student",
        required=False,
        help_text="Leave unticked to keep it private: only you will ever see it.",
    )

    def __init__(self, *args: Any, meetings: list[Meeting] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if meetings is None:
            del self.fields["meeting"]
            del self.fields["share_with_student"]
        else:
            cast(forms.ChoiceField, self.fields["meeting"]).choices = [("", "—")] + [
                (m.pk, timezone.localtime(m.starts_at).strftime("%d %b %Y, %H:%M"))
                for m in meetings
            ]


class GoalForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Goal"))
    target_date = date_field(
        _("By (optional)"), required=False, years_back=GOAL_YEARS_BACK, years_ahead=GOAL_YEARS_AHEAD
    )
    progress = forms.IntegerField(min_value=0, max_value=100, initial=0, label=_("Progress (%)"))
    status = forms.ChoiceField(
        label=_("Status"), choices=Goal.Status.choices, initial=Goal.Status.OPEN
    )


class ReferralForm(forms.Form):
    areas = forms.MultipleChoiceField(
        label="What it is about",
        choices=Referral.Area.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label="Message for student affairs (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
        help_text="The student sees this first and decides whether it is sent.",
    )


class ReferralDecisionForm(forms.Form):
    share_areas = forms.MultipleChoiceField(
        label=_("Areas to share"), widget=forms.CheckboxSelectMultiple, required=False
    )
    share_message = forms.BooleanField(label=_("Share your coach's message"), required=False)
    student_words = forms.CharField(
        label=_("Anything you would like to add (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Referral.Area.choices)
        cast(forms.ChoiceField, self.fields["share_areas"]).choices = [
            (a, labels[a]) for a in referral.proposed_areas
        ]
        if not referral.proposed_message:
            del self.fields["share_message"]


class EndPairingForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why",
        choices=[
            ("other", "The student needs a new coach (e.g. back from leave)"),
            ("left_school", "The student left the school or took leave"),
            ("graduated", "The student graduated"),
        ],
    )
