from django.urls import path

from corridor.reintegration import views

app_name = "reintegration"
urlpatterns = [
    path("my/returns/", views.mine, name="mine"),
    path("reintegration/returns/", views.returns, name="returns"),
    path("reintegration/returns/record/", views.record_return, name="record"),
    path("reintegration/returns/<str:reference>/", views.return_detail, name="return"),
    path("reintegration/returns/<str:reference>/debrief/", views.debrief, name="debrief"),
    path("reintegration/returns/<str:reference>/plan/", views.plan_new, name="plan"),
    path("reintegration/returns/<str:reference>/refer/", views.refer, name="refer"),
    path("reintegration/returns/<str:reference>/close/", views.close, name="close"),
    path("reintegration/follow-ups/", views.follow_ups, name="follow-ups"),
    path("reintegration/follow-ups/<int:pk>/", views.follow_up, name="follow-up"),
    path("reintegration/referrals/<int:pk>/certificate/", views.certify, name="certify"),
    path("reintegration/certificates/verify/", views.certificate_verify, name="certificate-verify"),
    path("reintegration/certificates/<str:reference>/", views.certificate, name="certificate"),
    path("reintegration/services/", views.catalogue, name="catalogue"),
    path("reintegration/services/new/", views.service_new, name="service-new"),
    path("reintegration/report/", views.report, name="report"),
    path("reintegration/figures/", views.figures, name="figures"),
    path("reintegration/exits/", views.exits, name="exits"),
    path("reintegration/matching/criteria/", views.criteria, name="criteria"),
    path("reintegration/matching/projects/", views.projects, name="projects"),
    path("reintegration/matching/projects/<str:reference>/", views.project, name="project"),
    path("reintegration/matching/associations/", views.associations, name="associations"),
    path("reintegration/matching/associations/<str:reference>/", views.association, name="association"),
    path("reintegration/matching/proposals/", views.proposals, name="proposals"),
    path("reintegration/matching/proposals/<str:reference>/", views.proposal, name="proposal"),
    path("reintegration/matching/proposals/<str:reference>/act/<str:action>/", views.proposal_act, name="proposal-act"),
    path("reintegration/matching/money/<str:kind>/<int:pk>/", views.money, name="money"),
]
