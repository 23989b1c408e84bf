from django.urls import path

from corridor.welfare import views

app_name = "welfare"
urlpatterns = [
    path("welfare/", views.members, name="members"),
    path("welfare/enrol/", views.enrol, name="enrol"),
    path("welfare/members/<str:reference>/", views.member, name="member"),
    path("welfare/members/<str:reference>/claim/", views.claim_new, name="claim-new"),
    path("welfare/members/<str:reference>/repatriation/", views.repatriation_new, name="repatriation-new"),
    path("welfare/claims/", views.claims, name="claims"),
    path("welfare/claims/<str:reference>/", views.claim, name="claim"),
    path("welfare/claims/<str:reference>/act/<str:action>/", views.claim_act, name="claim-act"),
    path("welfare/claims/<str:reference>/documents/", views.document_upload, name="document-upload"),
    path("welfare/claims/<str:reference>/documents/<int:document_id>/", views.document, name="document"),
    path("welfare/repatriations/", views.repatriations, name="repatriations"),
    path("welfare/repatriations/<str:reference>/", views.repatriation, name="repatriation"),
    path("welfare/repatriations/<str:reference>/act/<str:action>/", views.repatriation_act, name="repatriation-act"),
    path("welfare/ledger/", views.ledger, name="ledger"),
    path("my/welfare/", views.mine, name="mine"),
]
