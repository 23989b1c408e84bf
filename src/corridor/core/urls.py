from django.urls import path

from corridor.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("audit/", views.audit_list, name="audit"),
    path("notifications/", views.notification_page, name="notifications"),
]
