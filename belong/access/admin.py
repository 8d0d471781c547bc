"""The Django admin shows accounts and role assignments; never the audit log's
internals for editing, and never any sensitive record."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from belong.access.models import ExternalIdentity, RoleAssignment, User

admin.site.register(User, UserAdmin)


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
