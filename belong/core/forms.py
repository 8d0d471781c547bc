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

from django.forms.renderers import TemplatesSetting


class BelongFormRenderer(TemplatesSetting):
    form_template_name = "_components/form_fields.html"
    field_template_name = "_components/field.html"
