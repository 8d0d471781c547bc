from django.urls import path

from belong.directory.views import office, public

app_name = "directory"

urlpatterns = [
    path("", public.index, name="index"),
    path("services/<int:pk>/", public.service, name="service"),
    path("office/", office.office, name="office"),
    path("office/services/<int:pk>/edit/", office.edit, name="service_edit"),
    path("office/services/<int:pk>/verify/", office.verify, name="service_verify"),
]
