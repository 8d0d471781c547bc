from django.urls import path

from belong.people.importing import views

app_name = "imports"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("columns/", views.mapping, name="mapping"),
    path("values/", views.values, name="values"),
    path("apply/", views.apply, name="apply"),
    path("discard/", views.discard, name="discard"),
    path("history/", views.history, name="history"),
    path("<int:run_id>/", views.run_detail, name="run"),
    path("<int:run_id>/problems.csv", views.problems_csv, name="problems_csv"),
]
