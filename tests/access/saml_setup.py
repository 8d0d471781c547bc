"""Turn SAML on for one test, against a :class:`tests.saml_idp.TestIdP`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from belong.access.saml import config
from tests.saml_idp import TestIdP

BACKEND = "belong.access.saml.backend.PersonSAMLBackend"


def enable_saml(
    settings: Any, idp: TestIdP, site_url: str, *, sp_keys: tuple[Path, Path] | None = None
) -> None:
    """Point Belong's settings at ``idp``'s metadata file, with Belong at ``site_url``."""
    settings.SAML_ENABLED = True
    settings.SAML_IDP_METADATA_FILE = str(idp.write_metadata())
    settings.SAML_IDP_METADATA_URL = ""
    settings.BELONG_SITE_URL = site_url
    settings.SAML_ENTITY_ID = ""
    settings.SAML_SP_KEY_FILE = str(sp_keys[0]) if sp_keys else ""
    settings.SAML_SP_CERT_FILE = str(sp_keys[1]) if sp_keys else ""
    settings.SAML_ID_ATTRIBUTE = "urn:oid:1.3.6.1.4.1.5923.1.1.1.6"
    settings.SAML_ID_MATCHES = "institutional_id"
    settings.SAML_ID_SCOPE = ""
    if BACKEND not in settings.AUTHENTICATION_BACKENDS:
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    config._load.cache_clear()
