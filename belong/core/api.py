"""Belong's read-only API at ``/api/v1/``: one django-ninja API assembled from the apps.

Contract: an app may have ``belong/<app>/api.py`` with a ``router``
(``ninja.Router``) and, optionally, ``PREFIX`` (the path under ``/api/v1/``;
the app's label by default). Core never names the apps: it finds them with
``core.discovery``. Every operation needs a personal access token
(``access.bearer.TokenBearer``) and acts with that token's roles only; every
call is audited. The OpenAPI 3 schema is at ``/api/v1/openapi.json`` and its
documentation page at ``/api/v1/docs``, drawn by the Swagger UI that ships in
django-ninja (no CDN). Decision record 0032.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from belong.access.bearer import TokenBearer, audited
from belong.core.discovery import app_modules

# The schema and the page that documents it are open to anyone; every operation is not.
_UNAUDITED = {"openapi-json", "openapi-view", "api-root"}


class AccessibleSwagger(Swagger):
    """Ninja's Swagger page from its bundled files (``ninja`` is an installed app: without
    it, ninja would draw the page from a CDN), with a language and Belong's contrast fixes.
    Deep links are off: Swagger UI would nest each one inside a button."""

    template = "core/api_docs.html"


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="Belong API",
        version="1",
        description=(
            "Belong's read-only API. Every operation needs a personal access token "
            "(Authorization: Bearer ...), made on Belong's API tokens page; it acts with the "
            "roles the token carries and its owner still holds, and every call is audited."
        ),
        urls_namespace="api_v1",
        auth=TokenBearer(),
        # No validator badge: it would call a server outside the school.
        docs=AccessibleSwagger(settings={"validatorUrl": None, "deepLinking": False}),
    )
    for module in app_modules("api"):
        router = getattr(module, "router", None)
        if router is None:
            continue
        prefix = getattr(module, "PREFIX", module.__name__.split(".")[1])
        api.add_router(f"/{prefix}/", router)
    return api


def _audit_all(patterns: list[Any]) -> list[Any]:
    for item in patterns:
        if isinstance(item, URLResolver):
            _audit_all(item.url_patterns)
        elif isinstance(item, URLPattern) and item.name not in _UNAUDITED:
            item.callback = audited(item.callback)
    return patterns


api = build_api()


def urls() -> tuple[list[Any], str, str]:
    """``api.urls`` with every operation's view wrapped to audit each call."""
    patterns, app_name, namespace = api.urls
    return _audit_all(patterns), app_name, namespace
