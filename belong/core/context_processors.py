from typing import Any

from django.conf import settings
from django.http import HttpRequest

from belong.core.navigation import collect_nav_items


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {
        # Not "site_name": Django's sign-in view sets that to the request's host name.
        "belong_name": settings.SITE_NAME,
        "school_name": settings.SCHOOL_NAME,
        "nav_items": collect_nav_items(request) if hasattr(request, "user") else [],
        "oidc_enabled": settings.OIDC_ENABLED,
        "oidc_provider_name": settings.OIDC_PROVIDER_NAME,
        "saml_enabled": settings.SAML_ENABLED,
        "saml_provider_name": settings.SAML_PROVIDER_NAME,
        # django-htmx's {% htmx_script %} reads this name to put the nonce on its tag.
        "csp_nonce": getattr(request, "csp_nonce", ""),
    }
