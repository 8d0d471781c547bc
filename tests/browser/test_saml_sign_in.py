"""End to end: the browser signs in through SAML against a real identity provider.

pysaml2's ``Server`` runs as the school's identity provider on a free port, with
keys made for the test; it and Belong exchange metadata through files. Chromium
clicks "Sign in with ...", is redirected to the provider, which signs the
assertion and posts it back; Belong checks the signature with xmlsec1 and the
person lands signed in. A person the records do not know is refused first.
"""

from __future__ import annotations

import datetime
import re
import urllib.request
from urllib.parse import urlsplit

from playwright.sync_api import expect

from belong.access.models import AuditEvent, ExternalIdentity
from belong.people.models import Affiliation
from tests.access.saml_setup import enable_saml
from tests.browser.conftest import assert_accessible
from tests.factories.people import AffiliationFactory, PersonFactory
from tests.saml_idp import EPPN, make_keypair, needs_xmlsec1, serving


@needs_xmlsec1
def test_a_student_signs_in_through_the_schools_saml_provider(
    world, page, live_server, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.OIDC_ENABLED = False
    settings.SAML_PROVIDER_NAME = "Demo University sign-in"
    student = PersonFactory(institutional_id="S7001", legal_given_name="Noor")
    AffiliationFactory(
        person=student,
        kind=Affiliation.Kind.STUDENT,
        unit=world.medicine,
        start_date=datetime.date(2024, 8, 1),
    )
    host = urlsplit(live_server.url).hostname
    with serving(tmp_path, host=host, identity={EPPN: ["stranger7"]}) as idp:
        enable_saml(settings, idp, live_server.url, sp_keys=make_keypair(tmp_path, "belong-sp"))
        # The school's provider loads Belong's metadata from its stable address.
        with urllib.request.urlopen(live_server.url + "/saml2/metadata/") as metadata:  # noqa: S310
            idp.trust(metadata.read().decode())

        # Someone the school's records do not know is turned away, with a reason.
        page.goto(live_server.url + "/")
        expect(page).to_have_url(re.compile(r"/accounts/login/"))
        assert_accessible(page, context="sign-in page with SAML")
        page.get_by_role("link", name="Sign in with Demo University sign-in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in refused")
        expect(page.get_by_text("cannot match you to anyone")).to_be_visible()
        assert_accessible(page, context="SAML refusal page")
        assert AuditEvent.objects.filter(verb="access.sso_refused").count() == 1

        # The student: the provider vouches for them and they land signed in.
        idp.identity = {EPPN: ["S7001"], "mail": ["noor@example.edu"]}
        page.get_by_role("link", name="Back to the sign-in page").click()
        page.get_by_role("link", name="Sign in with Demo University sign-in").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
        expect(page.get_by_text("A medical student.")).to_be_visible()
        assert page.url.startswith(live_server.url)
        assert_accessible(page, context="home page after SAML sign-in")

    student.refresh_from_db()
    assert student.user is not None
    identity = ExternalIdentity.objects.get(user=student.user)
    assert (identity.issuer, identity.subject) == (idp.entity_id, "S7001")
    assert AuditEvent.objects.filter(verb="access.account_created_by_sso").count() == 1
