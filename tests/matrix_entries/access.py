from tests.matrix import HIDDEN, Entry, personas

ADMIN = personas("administrator")

ENTRIES = [
    Entry("access:role_list", ADMIN),
    Entry("access:role_user", ADMIN, kwargs=lambda w: {"user_id": w.user("student").pk}),
    Entry(
        "access:role_revoke",
        ADMIN,
        kwargs=lambda w: {"assignment_id": w.user("analyst").role_assignments.get().pk},
        method="post",
        ok_status=302,
    ),
    Entry("access:role_holders", ADMIN),
    Entry(
        "access:account_deactivate",
        ADMIN,
        kwargs=lambda w: {"user_id": w.user("student").pk},
        method="post",
        ok_status=302,
    ),
    Entry(
        "access:account_reactivate",
        ADMIN,
        kwargs=lambda w: {"user_id": w.user("student").pk},
        method="post",
        ok_status=302,
    ),
    Entry("access:audit_log", ADMIN),
    Entry("access:audit_kinds", ADMIN),
    # SAML single sign-on is off in the matrix's settings, so its addresses answer
    # 404 to everyone; tests/access/test_saml_matrix.py holds the matrix when it is on.
    Entry("saml:login", frozenset(), anonymous_status=HIDDEN),
    Entry("saml:acs", frozenset(), method="post", anonymous_status=HIDDEN),
    Entry("saml:metadata", frozenset(), anonymous_status=HIDDEN),
]
