from django.urls import path

from belong.equity.views import events, releases, setup

app_name = "equity"

urlpatterns = [
    path("releases/", releases.release_list, name="release_list"),
    path("releases/build/", releases.release_build, name="release_build"),
    path("releases/<int:release_id>/", releases.release_detail, name="release_detail"),
    path("releases/<int:release_id>/report/", releases.release_report, name="release_report"),
    path("releases/<int:release_id>/export/", releases.release_export, name="release_export"),
    path("releases/<int:release_id>/publish/", releases.release_publish, name="release_publish"),
    path(
        "releases/<int:release_id>/unpublish/", releases.release_unpublish, name="release_unpublish"
    ),
    path("public/", releases.public_release_list, name="public_release_list"),
    path("public/<int:release_id>/", releases.public_release_detail, name="public_release_detail"),
    path(
        "public/<int:release_id>/report/",
        releases.public_release_report,
        name="public_release_report",
    ),
    path(
        "public/<int:release_id>/export/",
        releases.public_release_export,
        name="public_release_export",
    ),
    path("setup/", setup.setup, name="setup"),
    path("setup/pipelines/new/", setup.pipeline_create, name="pipeline_create"),
    path("setup/pipelines/<slug:code>/", setup.pipeline_edit, name="pipeline_edit"),
    path("setup/groupings/new/", setup.grouping_create, name="grouping_create"),
    path(
        "setup/groupings/<int:grouping_id>/retire/",
        setup.grouping_retire,
        name="grouping_retire",
    ),
    path("setup/benchmarks/import/", setup.benchmark_import, name="benchmark_import"),
    path("events/", events.event_import, name="event_import"),
    path("events/derive/", events.event_derive, name="event_derive"),
]
