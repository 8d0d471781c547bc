from django.urls import path

from belong.concerns.views import aggregates, cases, report

app_name = "concerns"

urlpatterns = [
    # Reporters: anonymous pages need no account and leave no request line
    path("", report.start, name="start"),
    path("report/anonymous/", report.report_anonymously, name="report_anonymous"),
    path("report/sent/", report.sent, name="sent"),
    path("follow-up/", report.follow_up, name="follow_up"),
    path("report/<str:mode>/", report.report_with_name, name="report"),
    path("mine/", report.own_list, name="own_list"),
    path("mine/<uuid:pk>/", report.own, name="own"),
    # Concerns case managers
    path("cases/", cases.case_list, name="cases"),
    path("cases/<uuid:pk>/", cases.case, name="case"),
    path("cases/<uuid:pk>/attachment/", cases.case_attachment, name="case_attachment"),
    path("cases/<uuid:pk>/triage/", cases.case_triage, name="case_triage"),
    path("cases/<uuid:pk>/assign/", cases.case_assign, name="case_assign"),
    path("cases/<uuid:pk>/recuse/", cases.case_recuse, name="case_recuse"),
    path("cases/<uuid:pk>/note/", cases.case_note, name="case_note"),
    path("cases/<uuid:pk>/reply/", cases.case_reply, name="case_reply"),
    path("cases/<uuid:pk>/close/", cases.case_close, name="case_close"),
    # Aggregates: built here, published and read with publishing's pages
    path("aggregates/", aggregates.aggregates, name="aggregates"),
]
