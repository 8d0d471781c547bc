from django.urls import path

from belong.coaching.views import coach, goals, referrals, roster, runs, student

app_name = "coaching"

urlpatterns = [
    # Students
    path("me/", student.my_coaching, name="my_coaching"),
    path("me/choose/", student.choose, name="choose"),
    path("me/referrals/<int:referral_id>/", student.referral_decide, name="referral_decide"),
    path("me/meetings.ics", student.meetings_ics, name="meetings_ics"),
    # Goals: the student and their coach
    path("pairings/<int:pairing_id>/goals/new/", goals.goal_new, name="goal_new"),
    path("goals/<int:goal_id>/", goals.goal_edit, name="goal_edit"),
    # Coaches: their own students only
    path("students/", coach.my_students, name="my_students"),
    path("students/<int:pairing_id>/", coach.student_detail, name="student_detail"),
    path("students/<int:pairing_id>/meetings/new/", coach.meeting_new, name="meeting_new"),
    path("students/<int:pairing_id>/notes/new/", coach.note_new, name="note_new"),
    path("students/<int:pairing_id>/refer/", coach.referral_new, name="referral_new"),
    path("meetings/<int:meeting_id>/", coach.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/status/", coach.meeting_status, name="meeting_status"),
    path("notes/<int:note_id>/", coach.note_edit, name="note_edit"),
    path("notes/<int:note_id>/share/", coach.note_share, name="note_share"),
    path(
        "referrals/<int:referral_id>/withdraw/",
        coach.referral_withdraw,
        name="referral_withdraw",
    ),
    # Student affairs: roster, assessors, pairing runs, referrals
    path("roster/", roster.roster, name="roster"),
    path("roster/new/", roster.coach_new, name="coach_new"),
    path("roster/<int:coach_id>/", roster.coach_edit, name="coach_edit"),
    path("roster/<int:coach_id>/leave/", roster.coach_leave, name="coach_leave"),
    path("pairings/<int:pairing_id>/end/", roster.pairing_end, name="pairing_end"),
    path("unpaired/", roster.unpaired, name="unpaired"),
    path("assessors/", roster.assessors, name="assessors"),
    path("assessors/new/", roster.assessor_new, name="assessor_new"),
    path("assessors/<int:relationship_id>/end/", roster.assessor_end, name="assessor_end"),
    path("settings/", runs.pairing_settings, name="settings"),
    path("runs/", runs.run_list, name="runs"),
    path("runs/new/", runs.run_new, name="run_new"),
    path("runs/<int:run_id>/", runs.run_detail, name="run_detail"),
    path("runs/<int:run_id>/mode/", runs.run_mode, name="run_mode"),
    path("runs/<int:run_id>/adjust/", runs.run_adjust, name="run_adjust"),
    path("runs/<int:run_id>/undo/", runs.run_undo, name="run_undo"),
    path("runs/<int:run_id>/publish/", runs.run_publish, name="run_publish"),
    path("runs/<int:run_id>/discard/", runs.run_discard, name="run_discard"),
    path("referrals/", referrals.referral_list, name="referrals"),
    path("referrals/<int:referral_id>/", referrals.referral_detail, name="referral_detail"),
]
