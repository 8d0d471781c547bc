"""SAML single sign-on's addresses; each answers 404 while SAML is off."""

from django.urls import path

from belong.access.saml import views

app_name = "saml"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("acs/", views.AssertionConsumerServiceView.as_view(), name="acs"),
    path("metadata/", views.MetadataView.as_view(), name="metadata"),
]
