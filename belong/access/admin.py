"""The Django admin shows accounts and role assignments; never the audit log's
internals for editing, and never any sensitive record. Every write made here
is in Belong's audit log (``admin_site.py``)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import router, transaction

from belong.access.models import ExternalIdentity, RoleAssignment, User


@admin.register(User)
class BelongUserAdmin(UserAdmin):
    def user_change_password(self, request, id, form_url=""):  # type: ignore[no-untyped-def]
        # Django saves the new password before logging the change, outside a
        # transaction: in one, the password and its audit event commit together.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().user_change_password(request, id, form_url)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "unit", "granted_by", "granted_at")
    list_filter = ("role",)

    # Grants go through Belong's own page so that each is audited.
    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    list_display = ("user", "issuer", "subject", "linked_at")
    search_fields = ("user__username", "subject")

    # Re-pointing a sign-in identity at another account would hand that account
    # over unaudited: links are made only by single sign-on, which audits them.
    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
