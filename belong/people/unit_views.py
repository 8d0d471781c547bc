"""The Units page: the school's units listed, added and renamed (data stewards; audited)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from belong.access.permissions import Permission
from belong.access.policies import require_permission
from belong.people.models import Campus, Unit
from belong.people.units import UnitError, UnitSpec, add_unit, rename_unit


class UnitForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=60,
        help_text="How files name the unit, such as “md” or “medicine”: lower-case letters, "
        "digits, “-” or “_”. It cannot be changed later.",
    )
    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=Unit.Kind.choices, initial=Unit.Kind.PROGRAM)
    parent = forms.ModelChoiceField(
        label="Part of (optional)",
        queryset=Unit.objects.order_by("name"),
        required=False,
        empty_label="Nothing: a top-level unit",
    )
    campus = forms.ModelChoiceField(
        label="Campus (optional)",
        queryset=Campus.objects.order_by("name"),
        required=False,
        empty_label="No campus",
    )


class RenameForm(forms.Form):
    name = forms.CharField(label="New name", max_length=200)


@require_permission(Permission.MANAGE_UNITS)
def unit_list(request: HttpRequest) -> HttpResponse:
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            unit = add_unit(
                by=request.user,
                spec=UnitSpec(
                    data["code"], data["name"], data["kind"], data["parent"], data["campus"]
                ),
            )
        except UnitError as exc:
            form.add_error("code" if "code" in str(exc) else None, str(exc))
        else:
            messages.success(request, f"{unit.name} (“{unit.code}”) is added.")
            return redirect("people:units")
    units = Unit.objects.select_related("parent", "campus").order_by("code")
    return render(request, "people/units/list.html", {"form": form, "units": units})


@require_permission(Permission.MANAGE_UNITS)
def unit_rename(request: HttpRequest, unit_id: int) -> HttpResponse:
    # Units are not private: anyone who manages units may rename any of them.
    unit = get_object_or_404(Unit, pk=unit_id)
    form = RenameForm(request.POST or None, initial={"name": unit.name})
    if request.method == "POST" and form.is_valid():
        try:
            renamed = rename_unit(by=request.user, unit=unit, name=form.cleaned_data["name"])
        except UnitError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, f"“{renamed.code}” is now named {renamed.name}.")
            return redirect("people:units")
    return render(request, "people/units/rename.html", {"form": form, "unit": unit})
