"""System checks: an anonymous record model cannot hold anything that says who or when."""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.db import models

from belong.anonymity.models import AnonymousRecord

# Models that name a person. A model elsewhere that does (a survey's invitation
# or participation row) says so with ``names_a_person = True`` on its class.
PERSON_MODELS = ("people.person", "people.selfidentification", "people.affiliation")
SUSPECT_NAME = re.compile(
    r"(^|_)(ip|ip_address|address|user|users|person|people|account|token|session|email|"
    r"username|respondent|reporter|author|created|updated|submitted|timestamp|time|at)($|_)"
)


def _names_a_person(model: Any) -> bool:
    if model is None:
        return False
    if isinstance(model, str):  # a lazy reference not yet resolved: "app.Model"
        return model.lower() == settings.AUTH_USER_MODEL.lower() or model.lower() in PERSON_MODELS
    label = model._meta.label_lower
    return (
        label == settings.AUTH_USER_MODEL.lower()
        or label in PERSON_MODELS
        or bool(getattr(model, "names_a_person", False))
    )


def problems_of(model: type[models.Model]) -> list[checks.CheckMessage]:
    """What makes ``model`` unfit to be an anonymous record (empty when it is fit)."""
    found: list[checks.CheckMessage] = []
    for field in model._meta.get_fields():
        name = field.name
        where = f"{model._meta.label}.{name}"
        if field.is_relation and _names_a_person(field.related_model):
            found.append(
                checks.Error(
                    f"{where} links an anonymous record to a person or an account.",
                    hint="Keep who took part in a separate model; seal the content.",
                    obj=model,
                    id="anonymity.E001",
                )
            )
        if isinstance(field, models.DateTimeField | models.TimeField):
            found.append(
                checks.Error(
                    f"{where} keeps a time of day.",
                    hint="An anonymous record keeps received_on (a day or coarser) only.",
                    obj=model,
                    id="anonymity.E002",
                )
            )
        if isinstance(field, models.GenericIPAddressField):
            found.append(
                checks.Error(f"{where} keeps an IP address.", obj=model, id="anonymity.E003")
            )
        concrete = getattr(field, "concrete", False) and not field.is_relation
        if concrete and name not in {"id", "received_on"} and SUSPECT_NAME.search(name):
            found.append(
                checks.Error(
                    f"{where}: the name says it holds who or when.",
                    hint="Rename it if it does not; remove it if it does.",
                    obj=model,
                    id="anonymity.E004",
                )
            )
    pk = model._meta.pk
    if not isinstance(pk, models.UUIDField) or pk.name != "id":
        found.append(
            checks.Error(
                f"{model._meta.label} replaces the random key: a sequence tells arrival order.",
                obj=model,
                id="anonymity.E005",
            )
        )
    return found


@checks.register()
def check_anonymous_records(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    found: list[checks.CheckMessage] = []
    for model in apps.get_models():
        if issubclass(model, AnonymousRecord):
            found.extend(problems_of(model))
    return found
