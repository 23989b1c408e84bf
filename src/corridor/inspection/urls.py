from django.urls import path

from corridor.inspection import views

app_name = "inspection"
urlpatterns = [
    path("inspection/scores/", views.scores, name="scores"),
    path("inspection/employers/<int:employer_id>/score/", views.employer_score, name="employer-score"),
    path("inspection/weights/", views.weights, name="weights"),
    path("inspection/worksites/", views.worksites, name="worksites"),
    path("inspection/plans/", views.plans, name="plans"),
    path("inspection/plans/<int:pk>/", views.plan, name="plan"),
    path("inspection/visits/", views.visits, name="visits"),
    path("inspection/visits/<str:reference>/", views.visit, name="visit"),
    path("inspection/visits/<str:reference>/act/<str:action>/", views.visit_act, name="visit-act"),
    path("inspection/visits/<str:reference>/checklist/", views.checklist, name="checklist"),
    path("inspection/visits/<str:reference>/findings/", views.finding_add, name="finding-add"),
    path("inspection/visits/<str:reference>/findings/<int:finding_id>/evidence/", views.evidence_upload,
         name="evidence-upload"),
    path("inspection/visits/<str:reference>/evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("inspection/visits/<str:reference>/interviews/", views.interviews, name="interviews"),
    path("inspection/visits/<str:reference>/orders/", views.order_new, name="order-new"),
    path("inspection/visits/<str:reference>/sanctions/", views.sanction_new, name="sanction-new"),
    path("inspection/orders/<str:reference>/", views.order, name="order"),
    path("inspection/respond/", views.respond, name="respond"),
    path("inspection/respond/orders/<str:reference>/", views.respond_order, name="respond-order"),
    path("inspection/notices/", views.notices, name="notices"),
]
