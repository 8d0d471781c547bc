from django.urls import path

from belong.plans.views import follow, manage, owners

app_name = "plans"

urlpatterns = [
    # Everyone in the school
    path("", follow.home, name="home"),
    path("<int:pk>/", follow.progress, name="progress"),
    path("<int:pk>/report.pdf", follow.report_pdf, name="report_pdf"),
    path("<int:pk>/comment/", follow.comment, name="comment"),
    # The public (no account)
    path("public/", follow.public_list, name="public_list"),
    # Action owners
    path("actions/<int:pk>/update/", owners.update, name="update"),
    # Leadership and the inclusion office
    path("new/", manage.new, name="new"),
    path("<int:pk>/edit/", manage.plan, name="plan"),
    path("<int:pk>/edit/<str:which>/", manage.write, name="write"),
    path("<int:pk>/publish/", manage.publish, name="publish"),
    path("<int:pk>/report/", manage.issue_report, name="issue_report"),
    path("<int:pk>/comments/", manage.comments, name="comments"),
    path("<int:pk>/comments/<str:kind>/<str:comment_pk>/", manage.triage, name="triage"),
]
