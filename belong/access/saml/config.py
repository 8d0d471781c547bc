"""pysaml2's service-provider configuration, built from Belong's settings.

djangosaml2 calls :func:`sp_config` (``SAML_CONFIG_LOADER``) whenever it needs
the configuration. Reading the identity provider's metadata (and, from a URL,
fetching and checking it) is the costly part, so a built configuration is kept
for an hour per set of settings (a changed metadata file is read at once).
"""

from __future__ import annotations

import os
import shutil
import time
from functools import lru_cache
from typing import Any

import saml2
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from saml2.config import SPConfig

METADATA_PATH = "/saml2/metadata/"
ACS_PATH = "/saml2/acs/"
RELOAD_SECONDS = 3600


def entity_id() -> str:
    """Belong's entity id: configured, or the address of its metadata."""
    return settings.SAML_ENTITY_ID or f"{settings.BELONG_SITE_URL}{METADATA_PATH}"


def xmlsec_binary() -> str:
    """The path of Debian's ``xmlsec1``, which checks every signature."""
    configured = settings.SAML_XMLSEC_BINARY
    found = shutil.which(configured)
    if found is None:
        raise ImproperlyConfigured(
            f"SAML single sign-on needs the xmlsec1 program, not found at {configured!r}. "
            "Install it with: sudo apt-get install -y xmlsec1 "
            "(or set BELONG_SAML_XMLSEC_BINARY to its path)."
        )
    return found


def entity_id_ok() -> None:
    """Belong must know its public address: the provider sends people back there."""
    if not settings.BELONG_SITE_URL:
        raise ImproperlyConfigured(
            "SAML single sign-on needs BELONG_SITE_URL: the identity provider sends "
            "people back to BELONG_SITE_URL/saml2/acs/."
        )


def metadata_file_ok() -> None:
    """A configured metadata file must be readable."""
    path = settings.SAML_IDP_METADATA_FILE
    if path and not os.access(path, os.R_OK):
        raise ImproperlyConfigured(
            f"BELONG_SAML_IDP_METADATA_FILE={path!r} cannot be read: save the identity "
            "provider's metadata there, readable by Belong."
        )


def settings_dict() -> dict[str, Any]:
    """The pysaml2 configuration (a plain dict) for the current settings."""
    entity_id_ok()
    metadata: dict[str, Any] = {}
    if settings.SAML_IDP_METADATA_FILE:
        metadata["local"] = [settings.SAML_IDP_METADATA_FILE]
    if settings.SAML_IDP_METADATA_URL:
        remote: dict[str, str] = {"url": settings.SAML_IDP_METADATA_URL}
        if settings.SAML_IDP_METADATA_CERT:
            remote["cert"] = settings.SAML_IDP_METADATA_CERT
        metadata["remote"] = [remote]
    signing = bool(settings.SAML_SP_KEY_FILE and settings.SAML_SP_CERT_FILE)
    config: dict[str, Any] = {
        "entityid": entity_id(),
        "xmlsec_binary": xmlsec_binary(),
        "metadata": metadata,
        "service": {
            "sp": {
                "name": settings.SITE_NAME,
                "endpoints": {
                    "assertion_consumer_service": [
                        (f"{settings.BELONG_SITE_URL}{ACS_PATH}", saml2.BINDING_HTTP_POST)
                    ],
                },
                # Every assertion must carry the provider's signature (decision 0031);
                # an unsigned one is refused however the response around it looks.
                "want_assertions_signed": True,
                "want_response_signed": settings.SAML_WANT_RESPONSE_SIGNED,
                # Only answers to a request this browser started are accepted.
                "allow_unsolicited": False,
                "authn_requests_signed": signing,
                "name_id_format_allow_create": False,
                "required_attributes": [],
            }
        },
    }
    if signing:
        config["key_file"] = settings.SAML_SP_KEY_FILE
        config["cert_file"] = settings.SAML_SP_CERT_FILE
        # The same pair decrypts assertions an identity provider encrypts for Belong.
        config["encryption_keypairs"] = [
            {"key_file": settings.SAML_SP_KEY_FILE, "cert_file": settings.SAML_SP_CERT_FILE}
        ]
    return config


def _metadata_file_version() -> float:
    # A replaced metadata file (the provider's key rolled over) is read at once.
    try:
        return os.stat(settings.SAML_IDP_METADATA_FILE).st_mtime
    except (OSError, ValueError):
        return 0.0


def _settings_key() -> tuple[Any, ...]:
    return (
        _metadata_file_version() if settings.SAML_IDP_METADATA_FILE else 0.0,
        settings.BELONG_SITE_URL,
        settings.SITE_NAME,
        settings.SAML_ENTITY_ID,
        settings.SAML_IDP_METADATA_FILE,
        settings.SAML_IDP_METADATA_URL,
        settings.SAML_IDP_METADATA_CERT,
        settings.SAML_SP_KEY_FILE,
        settings.SAML_SP_CERT_FILE,
        settings.SAML_WANT_RESPONSE_SIGNED,
        settings.SAML_XMLSEC_BINARY,
    )


@lru_cache(maxsize=4)
def _load(key: tuple[Any, ...], period: int) -> SPConfig:
    config = SPConfig()
    config.load(settings_dict())
    return config


def sp_config(request: Any = None) -> SPConfig:
    """djangosaml2's configuration loader (``SAML_CONFIG_LOADER``)."""
    return _load(_settings_key(), int(time.time() // RELOAD_SECONDS))
