from django.urls import path

from corridor.clearance import views

app_name = "clearance"
urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("offline-sw.js", views.offline_worker, name="offline-sw"),
    path("clearances/", views.clearance_list, name="list"),
    path("clearances/apply/", views.clearance_apply, name="apply"),
    path("clearances/notices/", views.notices, name="notices"),
    path("clearances/<str:reference>/", views.clearance_detail, name="detail"),
    path("clearances/<str:reference>/facts/", views.clearance_fact, name="fact"),
    path("clearances/<str:reference>/decide/", views.clearance_decide, name="decide"),
    path("clearances/<str:reference>/certificate.pdf", views.clearance_pdf, name="pdf"),
    path("my/clearance/", views.my_clearance, name="mine"),
    path("arrivals/", views.arrivals, name="arrivals"),
    path("arrivals/matters/", views.matters, name="matters"),
    path("arrivals/matters/<int:pk>/", views.matter_detail, name="matter"),
    path("arrivals/<int:pk>/", views.arrival_detail, name="arrival"),
    path("arrivals/<int:pk>/record/", views.arrival_record, name="arrival-record"),
    path("arrivals/<int:pk>/check/", views.arrival_check, name="arrival-check"),
]
urlpatterns += [
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/new/", views.transfer_new, name="transfer-new"),
    path("transfers/<str:reference>/", views.transfer_detail, name="transfer"),
    path("transfers/<str:reference>/act/", views.transfer_act, name="transfer-act"),
    path("my/transfer/", views.my_transfer, name="my-transfer"),
    path("arrivals/<int:pk>/stay/", views.arrival_stay, name="arrival-stay"),
    path("arrivals/<int:pk>/worker/", views.arrival_worker, name="arrival-worker"),
]
