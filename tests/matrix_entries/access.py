from tests.matrix import Entry, personas

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
]
