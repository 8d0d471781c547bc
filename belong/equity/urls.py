from django.urls import path

from belong.equity.views import events, releases, setup

app_name = "equity"

urlpatterns = [
    path("releases/build/", releases.release_build, name="release_build"),
    # Where published reports used to live; they are publishing's now.
    path("public/", releases.old_public_list, name="old_public_list"),
    path("public/<int:release_id>/", releases.old_public_release, name="old_public_release"),
    path("setup/", setup.setup, name="setup"),
    path("setup/pipelines/new/", setup.pipeline_create, name="pipeline_create"),
    path("setup/pipelines/<slug:code>/", setup.pipeline_edit, name="pipeline_edit"),
    path("setup/groupings/new/", setup.grouping_create, name="grouping_create"),
    path(
        "setup/groupings/<int:grouping_id>/retire/", setup.grouping_retire, name="grouping_retire"
    ),
    path("setup/benchmarks/import/", setup.benchmark_import, name="benchmark_import"),
    path("events/", events.event_import, name="event_import"),
    path("events/derive/", events.event_derive, name="event_derive"),
    path("events/imports/<int:run_id>/", events.event_import_run, name="event_import_run"),
]
