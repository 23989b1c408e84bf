from django.urls import path

from corridor.guidance import views

app_name = "guidance"
urlpatterns = [
    path("know-before-you-go/", views.index, name="index"),
    path("know-before-you-go/<str:destination>/<str:isco>/", views.guide, name="guide"),
    path("my/guidance/", views.mine, name="mine"),
]
