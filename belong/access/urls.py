from django.urls import path

from belong.access import token_views, views

app_name = "access"

urlpatterns = [
    path("roles/", views.role_list, name="role_list"),
    path("roles/holders/", views.role_holders, name="role_holders"),
    path("roles/<int:user_id>/", views.role_user, name="role_user"),
    path("accounts/<int:user_id>/deactivate/", views.account_deactivate, name="account_deactivate"),
    path("accounts/<int:user_id>/reactivate/", views.account_reactivate, name="account_reactivate"),
    path("roles/assignment/<int:assignment_id>/revoke/", views.role_revoke, name="role_revoke"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/kinds/", views.audit_kinds, name="audit_kinds"),
    path("tokens/", token_views.token_list, name="tokens"),
    path("tokens/<int:token_id>/revoke/", token_views.token_revoke, name="token_revoke"),
]
