"""Single sign-on by SAML 2.0, beside OpenID Connect (decision record 0031).

On when the identity provider's metadata is configured
(``BELONG_SAML_IDP_METADATA_FILE`` or ``_URL``; ``docs/operators.md``). The
pieces:

* ``config`` builds pysaml2's service-provider configuration from the settings;
  assertions must be signed by a key in the provider's metadata.
* ``backend`` maps an attribute (eduPersonPrincipalName by default) to the
  Person it names, as the OIDC backend does; unknown people are refused.
* ``views`` wraps djangosaml2's views: they answer 404 while SAML is off, and a
  refusal is a page of Belong's, with an audit event.
"""
