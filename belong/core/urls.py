from django.urls import path
from django.views.i18n import set_language

from belong.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    # The language switcher in the layout posts here (Django's view: cookie, then back).
    path("language/", set_language, name="set_language"),
]
