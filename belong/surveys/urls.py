from django.urls import path

from belong.surveys.views import manage, respond, results

app_name = "surveys"

urlpatterns = [
    # The inclusion office
    path("", manage.home, name="home"),
    path("instruments/versions/<int:pk>/", manage.version, name="version"),
    path("instruments/versions/<int:pk>/redcap.csv", manage.version_export, name="version_export"),
    path("instruments/versions/<int:pk>/items/", manage.item_add, name="item_add"),
    path("instruments/import/", manage.redcap_import, name="redcap_import"),
    path("campaigns/new/", manage.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", manage.campaign, name="campaign"),
    path("campaigns/<int:pk>/participants/", manage.participants, name="participants"),
    path("campaigns/<int:pk>/open/", manage.campaign_open, name="campaign_open"),
    path("campaigns/<int:pk>/remind/", manage.campaign_remind, name="campaign_remind"),
    path("campaigns/<int:pk>/close/", manage.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/thresholds/", manage.campaign_thresholds, name="campaign_thresholds"),
    path("campaigns/<int:pk>/results/", results.campaign_results, name="campaign_results"),
    # Respondents: no account; the link is the credential
    path("answer/<str:token>/", respond.answer, name="answer"),
    path("answered/", respond.answered, name="answered"),
    path("anonymity/", respond.anonymity, name="anonymity"),
]
