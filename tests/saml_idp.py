"""A real SAML identity provider for tests: pysaml2's ``Server`` with its own keys.

It signs (or, to test refusals, does not sign) genuine SAML responses that
Belong's service provider must check with xmlsec1. Keys and certificates are
made here with ``cryptography``; the two sides exchange metadata through files,
as a school and Belong would. ``wsgi_app`` serves it over HTTP for the browser
test; the other tests call :meth:`TestIdP.answer` directly.
"""

from __future__ import annotations

import base64
import datetime
import html
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_TRANSIENT, NameID
from saml2.server import Server

from belong.core.browser_setup import XMLSEC1, XMLSEC_PACKAGES, xmlsec1_present
from belong.core.env import env_bool

EPPN = "eduPersonPrincipalName"

# Signatures are made and checked by xmlsec1: without it these tests skip (CI,
# with BELONG_REQUIRE_BROWSER=true, fails instead).
needs_xmlsec1 = pytest.mark.skipif(
    not xmlsec1_present() and not env_bool("BELONG_REQUIRE_BROWSER", False),
    reason=f"xmlsec1 not found at {XMLSEC1}: apt-get install -y {' '.join(XMLSEC_PACKAGES)}",
)


def make_keypair(directory: Path, name: str) -> tuple[Path, Path]:
    """A 2048-bit RSA key and a self-signed certificate for it, as PEM files."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    # Fixed, wide validity: the tests run on a fixed day, xmlsec1 on the real one.
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
        .not_valid_after(datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC))
        .sign(key, hashes.SHA256())
    )
    key_path = directory / f"{name}.key"
    cert_path = directory / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


@dataclass
class Answer:
    """What the identity provider posts back: where, and the form's fields."""

    url: str
    fields: dict[str, str]


@dataclass
class TestIdP:
    """One identity provider at ``base_url`` with keys in ``directory``."""

    directory: Path
    base_url: str = "http://idp.example.edu"
    name: str = "idp"
    # Who signs in next: the attributes released (friendly names).
    identity: dict[str, list[str]] = field(default_factory=dict)
    sign_assertion: bool = True
    sign_response: bool = False
    _server: Server | None = None

    __test__ = False  # not a pytest test class

    def __post_init__(self) -> None:
        self.key_file, self.cert_file = make_keypair(self.directory, self.name)
        self.metadata_file = self.directory / f"{self.name}-metadata.xml"

    @property
    def entity_id(self) -> str:
        return f"{self.base_url}/metadata"

    @property
    def sso_url(self) -> str:
        return f"{self.base_url}/sso/redirect"

    def _config(self, sp_metadata: Path | None) -> IdPConfig:
        config = IdPConfig()
        config.load(
            {
                "entityid": self.entity_id,
                "xmlsec_binary": XMLSEC1,
                "key_file": str(self.key_file),
                "cert_file": str(self.cert_file),
                "metadata": {"local": [str(sp_metadata)]} if sp_metadata else {},
                "service": {
                    "idp": {
                        "endpoints": {
                            "single_sign_on_service": [(self.sso_url, BINDING_HTTP_REDIRECT)]
                        },
                        "name_id_format": [NAMEID_FORMAT_TRANSIENT],
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": 15},
                                "attribute_restrictions": None,
                                "name_form": NAME_FORMAT_URI,
                            }
                        },
                    }
                },
            }
        )
        return config

    def write_metadata(self) -> Path:
        """The provider's metadata, as a file for Belong's settings."""
        self.metadata_file.write_text(str(entity_descriptor(self._config(None))))
        return self.metadata_file

    def trust(self, sp_metadata_xml: str) -> None:
        """Load Belong's metadata (as fetched from its URL) and start answering."""
        path = self.directory / f"{self.name}-trusts-sp.xml"
        path.write_text(sp_metadata_xml)
        self._server = Server(config=self._config(path))

    def answer(self, query: str) -> Answer:
        """Answer the AuthnRequest in a redirect's query string for ``identity``."""
        assert self._server is not None, "call trust() with Belong's metadata first"
        params = {key: values[0] for key, values in parse_qs(query).items()}
        request = self._server.parse_authn_request(params["SAMLRequest"], BINDING_HTTP_REDIRECT)
        args = self._server.response_args(request.message, [BINDING_HTTP_POST])
        response = self._server.create_authn_response(
            dict(self.identity),
            in_response_to=args["in_response_to"],
            destination=args["destination"],
            sp_entity_id=args["sp_entity_id"],
            name_id_policy=args["name_id_policy"],
            name_id=NameID(format=NAMEID_FORMAT_TRANSIENT, text=secrets.token_hex(16)),
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
            sign_assertion=self.sign_assertion,
            sign_response=self.sign_response,
        )
        encoded = base64.b64encode(str(response).encode()).decode()
        fields = {"SAMLResponse": encoded}
        if "RelayState" in params:
            fields["RelayState"] = params["RelayState"]
        return Answer(url=args["destination"], fields=fields)

    def wsgi_app(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        """The provider's sign-in page: it signs ``identity`` in at once and posts back."""
        if environ.get("PATH_INFO") != "/sso/redirect":
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        answer = self.answer(environ.get("QUERY_STRING", ""))
        inputs = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in answer.fields.items()
        )
        page = (
            '<!doctype html><html lang="en"><head><title>Test IdP</title></head><body>'
            f'<form method="post" action="{html.escape(answer.url)}">{inputs}'
            '<button type="submit">Continue</button></form>'
            "<script>document.forms[0].submit();</script></body></html>"
        )
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [page.encode()]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@contextmanager
def serving(directory: Path, host: str = "127.0.0.1", **kwargs: Any) -> Iterator[TestIdP]:
    """A :class:`TestIdP` served over HTTP on a free port of ``host``.

    Give the host name the site under test uses: its SAML cookie comes with
    the provider's answer only from the same site.
    """
    server = make_server(
        host,
        0,
        lambda e, s: [b""],
        server_class=_ThreadingWSGIServer,
        handler_class=_QuietHandler,
    )
    idp = TestIdP(directory, base_url=f"http://{host}:{server.server_port}", **kwargs)
    server.set_app(idp.wsgi_app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield idp
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
