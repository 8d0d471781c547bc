from django.urls import path

from belong.directory.views import community, hsds_import, office, office_entries, public

app_name = "directory"

urlpatterns = [
    path("", public.index, name="index"),
    path("services/<int:pk>/", public.service, name="service"),
    path("office/", office.office, name="office"),
    path("office/services/<int:pk>/edit/", office.edit, name="service_edit"),
    path("office/services/<int:pk>/verify/", office.verify, name="service_verify"),
    path("office/services/new/", office_entries.service_new, name="service_new"),
    path("office/services/<int:pk>/retire/", office_entries.service_retire, name="service_retire"),
    path("office/services/<int:pk>/contacts/new/", office_entries.contact_new, name="contact_new"),
    path("office/contacts/<int:pk>/retire/", office_entries.contact_retire, name="contact_retire"),
    path("office/locations/new/", office_entries.location_form, name="location_new"),
    path("office/locations/<int:pk>/edit/", office_entries.location_form, name="location_edit"),
    path(
        "office/locations/<int:pk>/retire/",
        office_entries.location_retire,
        name="location_retire",
    ),
    path("import/", hsds_import.upload, name="hsds_import"),
    path("import/<int:run_id>/", hsds_import.run, name="hsds_import_run"),
    path("office/events/new/", office.event_form, name="event_new"),
    path("office/events/<int:pk>/edit/", office.event_form, name="event_edit"),
    path("events/", community.events, name="events"),
    path("events/<str:audience>.ics", community.events_feed, name="events_feed"),
    path("stories/", community.stories, name="stories"),
    path("stories/new/", community.story_new, name="story_new"),
    path("stories/review/", community.story_review, name="story_review"),
    path("stories/<int:pk>/withdraw/", community.story_withdraw, name="story_withdraw"),
    path("stories/<int:pk>/review/", community.story_decide, name="story_decide"),
]
