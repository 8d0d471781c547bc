from __future__ import annotations

from typing import Any

from django import forms

from belong.access.roles import ASSIGNABLE_ROLE_CHOICES, ROLES
from belong.people.models import Unit


class AssignRoleForm(forms.Form):
    role = forms.ChoiceField(choices=ASSIGNABLE_ROLE_CHOICES)
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.all(),
        required=False,
        to_field_name="code",
        help_text="Only for roles that act for one office, such as case manager.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = ROLES.get(data.get("role", ""))
        if role is not None and role.scoped and not data.get("unit"):
            self.add_error("unit", f"The {role.name} role acts for one office: choose it.")
        if role is not None and not role.scoped and data.get("unit"):
            self.add_error("unit", f"The {role.name} role is not limited to a unit.")
        return data


class AuditFilterForm(forms.Form):
    verb = forms.CharField(required=False, label="Event contains")
    actor = forms.CharField(required=False, label="By (username)")
    target_type = forms.CharField(required=False, label="Record type")
    target_id = forms.CharField(required=False, label="Record id")
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
