from __future__ import annotations

from typing import Any

from django import forms

from belong.access.audit import catalogue
from belong.access.roles import ASSIGNABLE_ROLE_CHOICES
from belong.core.dates import date_field
from belong.people.models import Unit


class AssignRoleForm(forms.Form):
    role = forms.ChoiceField(choices=ASSIGNABLE_ROLE_CHOICES)
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.all(),
        required=False,
        to_field_name="code",
        help_text="Only for roles that act for one office, such as case manager.",
    )


def kind_choices() -> list[tuple[str, Any]]:
    """Every catalogued kind, grouped by area, in words."""
    return [("", "Any kind")] + [
        (label, [(kind.verb, kind.label) for kind in enum]) for label, enum in catalogue.AREAS
    ]


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(required=False, label="Kind of event", choices=kind_choices)
    actor = forms.CharField(required=False, label="By (username)")
    target_type = forms.CharField(required=False, label="Record type")
    target_id = forms.CharField(required=False, label="Record id")
    # The audit log keeps years of history; nothing in it is dated in the future.
    since = date_field("Since", required=False, years_back=50, years_ahead=1)
    until = date_field("Until", required=False, years_back=50, years_ahead=1)
