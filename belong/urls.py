"""Belong's URLs: one include per app."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from belong.core import api as belong_api
from belong.directory.api import api as hsds_api

handler500 = "belong.core.views.server_error"

urlpatterns = [
    path("", include("belong.core.urls")),
    path("", include("belong.people.urls")),
    path("access/", include("belong.access.urls")),
    # SAML single sign-on: always routed, answering 404 while it is off.
    path("saml2/", include("belong.access.saml.urls")),
    path("", include("belong.publishing.urls")),
    path("equity/", include("belong.equity.urls")),
    path("coaching/", include("belong.coaching.urls")),
    path("wellbeing/", include("belong.wellbeing.urls")),
    path("surveys/", include("belong.surveys.urls")),
    path("concerns/", include("belong.concerns.urls")),
    path("plans/", include("belong.plans.urls")),
    path("directory/", include("belong.directory.urls")),
    path("api/hsds/", hsds_api.urls),
    path("api/v1/", belong_api.urls()),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        # Django would name the request's host in the e-mail; name Belong.
        auth_views.PasswordResetView.as_view(extra_email_context={"site_name": settings.SITE_NAME}),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
]

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
