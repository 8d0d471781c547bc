from __future__ import annotations

from typing import Any

from django import forms

from belong.access.audit import catalogue
from belong.access.models import RoleAssignment
from belong.access.roles import ASSIGNABLE_ROLE_CHOICES
from belong.fields.dates import date_field

# The unit model through the assignment's own field: the filter needs no import.
_UNIT_MODEL = RoleAssignment._meta.get_field("unit").related_model


class AssignRoleForm(forms.Form):
    # No role is chosen in advance: giving a role is a decision, never a default.
    role = forms.ChoiceField(
        choices=[("", "Choose a role"), *ASSIGNABLE_ROLE_CHOICES],
        error_messages={"required": "Choose the role to give."},
    )
    unit = forms.ModelChoiceField(
        queryset=RoleAssignment.unit_model()._default_manager.all(),
        required=False,
        to_field_name="code",
        help_text="Only for roles that act for one office, such as case manager.",
    )


STATUS_CHOICES = [("active", "Active"), ("deactivated", "Deactivated"), ("all", "Any")]


class AccountFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Find an account")
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False, label="Account")


class RoleHoldersFilterForm(forms.Form):
    role = forms.ChoiceField(choices=[("", "Any role"), *ASSIGNABLE_ROLE_CHOICES], required=False)
    unit = forms.ModelChoiceField(
        queryset=_UNIT_MODEL._default_manager.filter(role_assignments__isnull=False)  # type: ignore[union-attr]
        .distinct()
        .order_by("name"),
        required=False,
        to_field_name="code",
        empty_label="Any unit",
        label="For unit",
    )
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False, label="Account")
    q = forms.CharField(required=False, label="Name or username")


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


class AccessTokenForm(forms.Form):
    """A new personal access token: its name, some of the maker's roles, its lifetime."""

    name = forms.CharField(
        max_length=100,
        help_text="What the token is for, such as the system that will use it.",
        error_messages={"required": "Name the token, so that you can recognise it later."},
    )
    roles = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        help_text="The token can do only what these roles allow, and only while you hold them.",
        error_messages={"required": "Choose at least one of your roles for the token."},
    )
    days = forms.TypedChoiceField(
        label="Lasts",
        coerce=int,
        initial=30,
        help_text="After this it is refused; make a new one then.",
    )

    def __init__(
        self, *args: Any, roles: list[tuple[str, str]], lifetimes: tuple[int, ...], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        role_field = self.fields["roles"]
        days_field = self.fields["days"]
        assert isinstance(role_field, forms.ChoiceField)
        assert isinstance(days_field, forms.ChoiceField)
        role_field.choices = roles
        days_field.choices = [(d, f"{d} days") for d in lifetimes]
