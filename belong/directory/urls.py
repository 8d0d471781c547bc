from django.urls import path

from belong.directory.views import community, office, public

app_name = "directory"

urlpatterns = [
    path("", public.index, name="index"),
    path("services/<int:pk>/", public.service, name="service"),
    path("office/", office.office, name="office"),
    path("office/services/<int:pk>/edit/", office.edit, name="service_edit"),
    path("office/services/<int:pk>/verify/", office.verify, name="service_verify"),
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
