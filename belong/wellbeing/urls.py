from django.urls import path

from belong.wellbeing.views import calendar, checkins, coverage, dashboard, reach, support

app_name = "wellbeing"

urlpatterns = [
    # REACH: students
    path("reach/", reach.student_calendar, name="reach_calendar"),
    path("reach/calendar.ics", reach.student_calendar_ics, name="reach_calendar_ics"),
    path("reach/journal/", reach.journal, name="journal"),
    path("reach/journal/<int:pk>/", reach.journal_entry, name="journal_entry"),
    path("reach/journal/<int:pk>/delete/", reach.journal_entry_delete, name="journal_entry_delete"),
    # REACH: student affairs
    path("reach/manage/", reach.manage, name="reach_manage"),
    path("reach/manage/weeks/new/", reach.week_new, name="reach_week_new"),
    path("reach/manage/weeks/<int:pk>/", reach.week_detail, name="reach_week"),
    path("reach/manage/weeks/<int:pk>/edit/", reach.week_edit, name="reach_week_edit"),
    path("reach/manage/weeks/<int:pk>/sessions/new/", reach.session_new, name="reach_session_new"),
    path("reach/manage/sessions/<int:pk>/edit/", reach.session_edit, name="reach_session_edit"),
    path(
        "reach/manage/sessions/<int:pk>/delete/", reach.session_delete, name="reach_session_delete"
    ),
    path("reach/manage/sessions/<int:pk>/attendance/", reach.attendance, name="reach_attendance"),
    path(
        "reach/manage/classes/<int:cohort>/calendar.ics", reach.cohort_ics, name="reach_cohort_ics"
    ),
    # Calendar feed
    path("calendar/", calendar.settings_page, name="calendar_feed_settings"),
    path("calendar/new/", calendar.create, name="calendar_feed_create"),
    path("calendar/revoke/", calendar.revoke, name="calendar_feed_revoke"),
    path("calendar/feed/<str:token>.ics", calendar.feed, name="calendar_feed"),
    # Check-ins
    path("checkins/", checkins.history, name="checkins"),
    path("checkins/new/", checkins.new, name="checkin_new"),
    path("checkins/<int:pk>/", checkins.result, name="checkin_result"),
    # Support: students
    path("support/", support.home, name="support_home"),
    path("support/new/", support.new, name="support_new"),
    path("support/requests/<int:pk>/", support.detail, name="support_request"),
    path("support/requests/<int:pk>/withdraw/", support.withdraw, name="support_withdraw"),
    path("support/requests/<int:pk>/message/", support.message, name="support_message"),
    # Support: offices
    path("support/queue/", support.queue, name="support_queue"),
    path("support/queue/<int:pk>/", support.case, name="support_case"),
    path("support/queue/<int:pk>/update/", support.case_update, name="support_case_update"),
    path("support/queue/<int:pk>/assign/", support.case_assign, name="support_case_assign"),
    # Support: services
    path("support/services/", support.services, name="support_services"),
    path("support/services/new/", support.service_new, name="support_service_new"),
    path("support/services/<int:pk>/", support.service_edit, name="support_service_edit"),
    # Coverage: students
    path("coverage/", coverage.home, name="coverage_home"),
    path("coverage/<int:academic_year>/enrol/", coverage.enrol, name="coverage_enrol"),
    path("coverage/<int:academic_year>/waiver/", coverage.waiver, name="coverage_waiver"),
    path("coverage/proof/<int:pk>/", coverage.proof, name="coverage_proof"),
    # Coverage: student affairs
    path("coverage/review/", coverage.review_queue, name="coverage_review_queue"),
    path("coverage/review/<int:pk>/", coverage.review, name="coverage_review"),
    path("coverage/years/", coverage.years, name="coverage_years"),
    path("coverage/years/new/", coverage.year_new, name="coverage_year_new"),
    path("coverage/years/<int:pk>/", coverage.year_edit, name="coverage_year_edit"),
    path("coverage/<int:academic_year>/not-covered/", coverage.missing, name="coverage_missing"),
    # Dashboard
    path("dashboard/", dashboard.dashboard, name="dashboard"),
]
