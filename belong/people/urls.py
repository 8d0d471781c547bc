from django.urls import include, path

from belong.people import account_views, unit_views, views

app_name = "people"

urlpatterns = [
    path("me/", views.my_information, name="me"),
    path("me/self-identification/", views.my_self_identification, name="my_self_identification"),
    path(
        "me/self-identification/history/",
        views.my_self_identification_history,
        name="my_self_identification_history",
    ),
    path("people/", views.people_list, name="people_list"),
    path("people/<int:person_id>/", views.person_detail, name="person_detail"),
    path(
        "people/<int:person_id>/self-identification/",
        views.person_self_identification,
        name="person_self_identification",
    ),
    path("people/<int:person_id>/invite/", account_views.person_invite, name="person_invite"),
    path("people/imports/", include("belong.people.importing.urls")),
    path("units/", unit_views.unit_list, name="units"),
    path("units/<int:unit_id>/rename/", unit_views.unit_rename, name="unit_rename"),
    path(
        "accounts/invitation/<uidb64>/<token>/",
        account_views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
]
