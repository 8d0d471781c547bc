from tests.matrix import ALL_SIGNED_IN, EVERYONE, Entry

ENTRIES = [
    Entry("core:home", ALL_SIGNED_IN),
    Entry("core:accessibility", EVERYONE),
    Entry("core:healthz", EVERYONE),
    Entry("core:favicon", EVERYONE),
    # The language switcher: a POST that sets the cookie and goes back (a redirect).
    Entry(
        "core:set_language",
        EVERYONE,
        method="post",
        data={"language": "es", "next": "/accessibility/"},
        ok_status=302,
        anonymous_status=302,
    ),
    Entry("login", EVERYONE),
    # Signing out is a POST; a GET is refused.
    Entry("logout", frozenset(), denied_status=405, anonymous_status=405),
    Entry("password_reset", EVERYONE),
    Entry("password_reset_done", EVERYONE),
    Entry(
        "password_reset_confirm",
        EVERYONE,
        kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"},
    ),
    Entry("password_reset_complete", EVERYONE),
    Entry("password_change", ALL_SIGNED_IN),
    Entry("password_change_done", ALL_SIGNED_IN),
    # Django's admin is for superusers only; no persona is one.
    Entry("admin:index", frozenset(), denied_status=302),
]
