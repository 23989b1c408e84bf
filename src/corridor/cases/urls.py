from django.urls import path

from corridor.cases import views

app_name = "cases"
urlpatterns = [
    path("complaints/new/", views.complaint_new, name="complaint-new"),
    path("complaints/follow/", views.follow, name="follow"),
    path("complaints/follow/<str:what>/", views.follow_act, name="follow-act"),
    path("cases/", views.queue, name="queue"),
    path("cases/overdue/", views.overdue, name="overdue"),
    path("cases/new/", views.staff_new, name="staff-new"),
    path("cases/alerts/", views.alerts, name="alerts"),
    path("cases/roster/", views.roster, name="roster"),
    path("cases/<str:reference>/", views.detail, name="detail"),
    path("cases/<str:reference>/complainant/", views.complainant, name="complainant"),
    path("cases/<str:reference>/evidence/", views.evidence_upload, name="evidence-upload"),
    path("cases/<str:reference>/evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("cases/<str:reference>/act/<str:action>/", views.act, name="act"),
    path("cases/<str:reference>/notes/", views.note, name="note"),
    path("cases/<str:reference>/tasks/", views.task, name="task"),
    path("cases/<str:reference>/death-or-injury/", views.death_or_injury, name="death-or-injury"),
    path("cases/<str:reference>/repatriation/", views.repatriation, name="repatriation"),
    path("cases/<str:reference>/tasks/<int:task_id>/done/", views.task_done, name="task-done"),
    path("cases/<str:reference>/respondents/", views.respondent_add, name="respondent-add"),
    path("cases/<str:reference>/claims/", views.claim_add, name="claim-add"),
    path("cases/<str:reference>/claims/<int:claim_id>/recovery/", views.recovery, name="recovery"),
    path("cases/<str:reference>/claims/<int:claim_id>/default/", views.claim_default, name="claim-default"),
    path("cases/<str:reference>/refer/", views.refer, name="refer"),
    path("cases/<str:reference>/referrals/<int:referral_id>/<str:answer>/", views.referral_answer, name="referral-answer"),
    path("cases/<str:reference>/update/", views.referral_update, name="referral-update"),
    path("respond/", views.respond_list, name="respond-list"),
    path("respond/<str:reference>/", views.respond_detail, name="respond-detail"),
]
