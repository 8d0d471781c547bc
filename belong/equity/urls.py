from django.urls import path

from belong.equity import event_views, views

app_name = "equity"

urlpatterns = [
    path("releases/", views.release_list, name="release_list"),
    path("releases/build/", views.release_build, name="release_build"),
    path("releases/<int:release_id>/", views.release_detail, name="release_detail"),
    path("releases/<int:release_id>/report/", views.release_report, name="release_report"),
    path("releases/<int:release_id>/export/", views.release_export, name="release_export"),
    path("releases/<int:release_id>/publish/", views.release_publish, name="release_publish"),
    path("releases/<int:release_id>/unpublish/", views.release_unpublish, name="release_unpublish"),
    path("public/", views.public_release_list, name="public_release_list"),
    path("public/<int:release_id>/", views.public_release_detail, name="public_release_detail"),
    path(
        "public/<int:release_id>/report/",
        views.public_release_report,
        name="public_release_report",
    ),
    path(
        "public/<int:release_id>/export/",
        views.public_release_export,
        name="public_release_export",
    ),
    path("setup/", views.setup, name="setup"),
    path("setup/pipelines/new/", views.pipeline_create, name="pipeline_create"),
    path("setup/pipelines/<slug:code>/", views.pipeline_edit, name="pipeline_edit"),
    path("setup/groupings/new/", views.grouping_create, name="grouping_create"),
    path(
        "setup/groupings/<int:grouping_id>/retire/",
        views.grouping_retire,
        name="grouping_retire",
    ),
    path("setup/benchmarks/import/", views.benchmark_import, name="benchmark_import"),
    path("events/", event_views.event_import, name="event_import"),
    path("events/derive/", views.event_derive, name="event_derive"),
    path("events/imports/<int:run_id>/", event_views.event_import_run, name="event_import_run"),
]
