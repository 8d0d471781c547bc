"""The reporter's forms and the case manager's forms."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from belong.concerns import queries, receipts
from belong.concerns.actions.intake import Report
from belong.concerns.choices import Category, Hope, InvolvedRole, Setting
from belong.concerns.models import Case
from belong.fields.dates import date_field

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _read(upload: Any) -> bytes | None:
    if upload is None:
        return None
    return b"".join(upload.chunks())


class ReportForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("What happened (choose all that apply)"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("What happened: choose at least one.")},
    )
    description = forms.CharField(
        label=_("What happened, in your words"),
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": 10000}),
        help_text=_(
            "What was said or done, and anything that helps us act. If you report "
            "anonymously, leave out details that only you could know."
        ),
        strip=False,
        error_messages={"required": _("What happened, in your words: write something.")},
    )
    setting = forms.ChoiceField(
        label=_("Where it happened"),
        choices=Setting.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Where it happened: choose one.")},
    )
    setting_detail = forms.CharField(
        label=_("Course, rotation or site (optional)"),
        required=False,
        max_length=200,
        help_text=_("Leave it out if naming it would point to you."),
    )
    involved_role = forms.ChoiceField(
        label=_("Who was involved"),
        choices=InvolvedRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Who was involved: choose one.")},
    )
    event_month = forms.CharField(
        label=_("Month it happened"),
        help_text=_("Year and month, for example 2026-09. The month is enough."),
        widget=forms.TextInput(attrs={"type": "month"}),
        error_messages={"required": _("Month it happened: give the year and month.")},
    )
    hopes = forms.MultipleChoiceField(
        label=_("What you hope will happen (optional)"),
        choices=Hope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    held_until = date_field(
        _("Hold my report until (optional)"),
        years_back=0,
        years_ahead=2,
        required=False,
        help_text=_(
            "If you are still being assessed on this rotation, nobody will read the report "
            "before this day. Give a day after your evaluation is due."
        ),
        error_messages={"invalid": _("Hold until: give a date such as 2027-01-15.")},
    )
    attachment = forms.FileField(
        label=_("A document or picture (optional)"),
        required=False,
        help_text=_(
            "One PDF, PNG or JPEG, up to 5 MB. Hidden details inside the file (names, "
            "camera, place, dates) are removed; what it shows is kept. If the form comes back with "
            "a problem, choose the file again."
        ),
    )
    recusals = forms.MultipleChoiceField(
        label=_("Keep these case managers away from your report (optional)"),
        help_text=_(
            "Choose anyone who is involved or whom you would rather not read it. They "
            "will never see it."
        ),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recusals"].choices = [  # type: ignore[attr-defined]
            (str(u.pk), queries.name_of(u)) for u in queries.managers()
        ]

    def clean_event_month(self) -> date:
        value = self.cleaned_data["event_month"].strip()
        found = _MONTH.match(value)
        if not found or not 1 <= int(found.group(2)) <= 12:
            raise forms.ValidationError(
                _("Month it happened: “%(value)s” is not a year and month such as 2026-09.")
                % {"value": value}
            )
        return date(int(found.group(1)), int(found.group(2)), 1)

    def report(self) -> Report:
        data = self.cleaned_data
        return Report(
            categories=data["categories"],
            setting=data["setting"],
            setting_detail=data.get("setting_detail", ""),
            involved_role=data["involved_role"],
            event_month=data["event_month"],
            hopes=data.get("hopes", []),
            description=data["description"],
            recusals=[int(pk) for pk in data.get("recusals", [])],
            held_until=data.get("held_until"),
            attachment=_read(data.get("attachment")),
        )


class AnonymousReportForm(ReportForm):
    """The report, then the receipt: shown once, typed back, with the warning about losing it."""

    receipt = forms.CharField(widget=forms.HiddenInput)
    receipt_typed = forms.CharField(
        label=_("Type your receipt here to show you have saved it"),
        help_text=_("Spaces, dashes and capitals do not matter."),
        error_messages={"required": _("Your receipt: type it here to show you have saved it.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    understood = forms.BooleanField(
        label=_("I understand that a lost receipt cannot be recovered, by anyone"),
        error_messages={"required": _("Lost receipts: tick the box to say you understand.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        shown, typed = data.get("receipt"), data.get("receipt_typed")
        if shown and typed:
            try:
                if receipts.parse(typed) != receipts.parse(shown):
                    self.add_error(
                        "receipt_typed",
                        _(
                            "Your receipt: what you typed is not the receipt shown above; "
                            "check it, letter by letter."
                        ),
                    )
            except receipts.ReceiptError as error:
                self.add_error("receipt_typed", str(error))
        return data


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your receipt"),
        help_text=_("The 30 letters and digits you were given when you reported."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Your receipt: type it here.")},
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 10000}),
        strip=False,
        error_messages={"required": _("Your message: write something.")},
    )


# --- case managers ---------------------------------------------------------------------


class TriageForm(forms.Form):
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Case.Priority.choices, widget=forms.RadioSelect
    )
    title_ix_referred = forms.BooleanField(
        label=_("Referred to the Title IX office"), required=False
    )


class AssignForm(forms.Form):
    managers = forms.MultipleChoiceField(
        label=_("Case managers handling this case"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recused = set(case.recused.values_list("pk", flat=True))
        self.fields["managers"].choices = [  # type: ignore[attr-defined]
            (str(u.pk), queries.name_of(u)) for u in queries.managers() if u.pk not in recused
        ]
        self.fields["managers"].initial = [
            str(pk) for pk in case.assignees.values_list("pk", flat=True)
        ]


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Restricted note"),
        help_text=_("Seen only by the case managers of this case; never by the reporter."),
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=False,
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply to the reporter"),
        help_text=_(
            "A named or confidential reporter is e-mailed that there is news (never what "
            "it says) and reads it signed in; an anonymous one reads it with their receipt."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=False,
    )


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome told to the reporter"),
        help_text=_("What was done, in words the reporter can read. The case then closes."),
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=False,
    )


class AggregatesForm(forms.Form):
    k = forms.IntegerField(
        label=_("Smallest count shown"),
        min_value=2,
        max_value=50,
        initial=5,
        help_text=_(
            "Counts of fewer reports are hidden, with enough others that none can be "
            "worked out from the totals."
        ),
    )
