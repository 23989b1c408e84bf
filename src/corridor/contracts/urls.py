from django.urls import path

from corridor.contracts import views

app_name = "contracts"
urlpatterns = [
    path("contracts/check/", views.check, name="check"),
    path("contracts/check/document/", views.check_document, name="check-document"),
    path("contracts/verify/", views.verify, name="verify"),
    path("contracts/", views.contract_list, name="list"),
    path("contracts/new/", views.contract_create, name="create"),
    path("contracts/<int:contract_id>/", views.contract_detail, name="detail"),
    path("contracts/<int:contract_id>/revise/", views.contract_revise, name="revise"),
    path("contracts/<int:contract_id>/pdf/", views.contract_pdf, name="pdf"),
    path("contracts/<int:contract_id>/versions/<int:version_id>/decide/", views.contract_decide, name="decide"),
    path("contracts/<int:contract_id>/versions/<int:version_id>/answer/", views.contract_answer, name="answer"),
    path("employer/workers/", views.employer_workers, name="employer_workers"),
    path("employer/workers/<int:worker_id>/", views.employer_worker, name="employer_worker"),
    path("rules/", views.rules_list, name="rules"),
    path("rules/<slug:ruleset_id>/<str:version>/", views.ruleset_detail, name="ruleset"),
]
