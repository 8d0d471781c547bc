"""System checks for SAML single sign-on: caught at ``manage.py check``, not at a sign-in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from belong.access.saml import config


@register()
def saml_is_ready(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """With SAML on: xmlsec1 installed, Belong's own address known, the metadata file readable."""
    if not settings.SAML_ENABLED:
        return []
    problems = []
    for probe, check_id in (
        (config.xmlsec_binary, "access.E101"),
        (config.entity_id_ok, "access.E102"),
        (config.metadata_file_ok, "access.E103"),
    ):
        try:
            probe()
        except ImproperlyConfigured as exc:
            problems.append(Error(str(exc), id=check_id))
    return problems
