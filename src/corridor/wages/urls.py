from django.urls import path

from corridor.wages import views

app_name = "wages"
urlpatterns = [
    path("wages/", views.file_list, name="files"),
    path("wages/upload/", views.file_upload, name="upload"),
    path("wages/files/<int:pk>/", views.file_detail, name="file"),
    path("wages/files/<int:pk>/lines/<int:line_pk>/match/", views.line_match, name="line-match"),
    path("wages/arrears/", views.arrears, name="arrears"),
    path("wages/arrears/fund-payment/", views.fund_payment, name="fund-payment"),
    path("wages/reported-arrears/", views.peer_arrears, name="peer-arrears"),
    path("wages/settlements/", views.settlements, name="settlements"),
    path("wages/settlements/compute/", views.settlement_compute, name="settlement-compute"),
    path("wages/settlements/<int:pk>/", views.settlement_detail, name="settlement"),
    path("wages/settlements/<int:pk>/act/", views.settlement_act, name="settlement-act"),
    path("my/wages/", views.my_wages, name="mine"),
    path("my/wages/<int:pk>/dispute/", views.my_dispute, name="dispute"),
]
