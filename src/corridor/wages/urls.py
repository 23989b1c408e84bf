from django.urls import path

from corridor.wages import views

app_name = "wages"
urlpatterns = [
    path("wages/", views.file_list, name="files"),
    path("wages/upload/", views.file_upload, name="upload"),
    path("wages/files/<int:pk>/", views.file_detail, name="file"),
    path("wages/arrears/", views.arrears, name="arrears"),
    path("wages/reported-arrears/", views.peer_arrears, name="peer-arrears"),
    path("my/wages/", views.my_wages, name="mine"),
    path("my/wages/<int:pk>/dispute/", views.my_dispute, name="dispute"),
]
