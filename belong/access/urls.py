from django.urls import path

from belong.access import views

app_name = "access"

urlpatterns = [
    path("roles/", views.role_list, name="role_list"),
    path("roles/<int:user_id>/", views.role_user, name="role_user"),
    path("roles/assignment/<int:assignment_id>/revoke/", views.role_revoke, name="role_revoke"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/kinds/", views.audit_kinds, name="audit_kinds"),
]
