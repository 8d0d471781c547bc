from __future__ import annotations

from django import forms

from belong.access.models import RoleAssignment
from belong.access.roles import ASSIGNABLE_ROLE_CHOICES


class AssignRoleForm(forms.Form):
    role = forms.ChoiceField(choices=ASSIGNABLE_ROLE_CHOICES)
    unit = forms.ModelChoiceField(
        queryset=RoleAssignment.unit_model()._default_manager.all(),
        required=False,
        to_field_name="code",
        help_text="Only for roles that act for one office, such as case manager.",
    )


class AuditFilterForm(forms.Form):
    verb = forms.CharField(required=False, label="Event contains")
    actor = forms.CharField(required=False, label="By (username)")
    target_type = forms.CharField(required=False, label="Record type")
    target_id = forms.CharField(required=False, label="Record id")
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
