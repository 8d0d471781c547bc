"""Who may open SAML's addresses while SAML is on (the access matrix has them off)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.access.saml_setup import enable_saml
from tests.personas import PERSONAS
from tests.saml_idp import TestIdP, needs_xmlsec1

pytestmark = [pytest.mark.django_db, needs_xmlsec1]


def test_saml_addresses_answer_every_persona_as_a_public_endpoint(
    world, client, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    idp = TestIdP(tmp_path)
    enable_saml(settings, idp, "http://testserver")
    wrong = []
    for persona in PERSONAS:
        client.logout()
        user = world.user(persona)
        if user is not None:
            client.force_login(user)
        metadata = client.get(reverse("saml:metadata"))
        login = client.get(reverse("saml:login") + "?next=/people/")
        # The provider posts here; without its answer there is nothing to check.
        acs = client.post(reverse("saml:acs"), {})
        # Someone signed in is sent on to where they were going, not to the provider.
        to = "/people/" if user is not None else idp.sso_url
        got = (
            metadata.status_code,
            login.status_code,
            login["Location"].split("?")[0],
            acs.status_code,
        )
        if got != (200, 302, to, 400):
            wrong.append(f"{persona}: {got}")
    assert not wrong, "\n".join(wrong)
