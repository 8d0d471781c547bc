"""The one form pattern: every ``{{ form }}`` in Belong renders through ``_components/``.

``BelongFormRenderer`` (the ``FORM_RENDERER`` setting) draws a form with
``_components/form_fields.html`` (the error summary, then each field) and each
field with ``_components/field.html`` (label or legend, help, errors, input;
Django links the input to its help and errors with ``aria-describedby`` and
marks it ``aria-invalid``). A page that lays a form out by hand still renders
each field with ``{{ field.as_field_group }}`` and the summary with
``{% include "_components/error_summary.html" %}``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class BelongFormRenderer(TemplatesSetting):
    form_template_name = "_components/form_fields.html"
    field_template_name = "_components/field.html"


class ActionForm(forms.Form):
    """A form in front of an action: messages name their field, and the action's
    ``ValidationError`` lands on the fields it names (:meth:`apply`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = str(field.label or "")
            field.error_messages = {
                key: f"{label}: {str(message)[:1].lower()}{str(message)[1:]}"
                for key, message in field.error_messages.items()
                if str(message)
            }
            if field.required and "required" in field.error_messages:
                field.error_messages["required"] = f"{label}: this is needed."

    def apply(self, exc: ValidationError) -> None:
        """Put an action's ValidationError on the right fields of this form."""
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, exc.messages)
