from django.urls import path

from corridor.standards import views

app_name = "standards"
urlpatterns = [
    path("standards/countries/<str:code>/", views.country, name="country"),
    path("standards/gap/", views.gap, name="gap"),
    path("standards/agreements/", views.agreements, name="agreements"),
    path("standards/agreements/<int:treaty_id>/", views.agreement, name="agreement"),
    path("standards/committees/", views.meetings, name="meetings"),
    path("standards/committees/<uuid:reference>/", views.meeting, name="meeting"),
    path("standards/committees/<uuid:reference>/<str:act>/", views.meeting_act, name="meeting-act"),
    path("standards/actions/<uuid:reference>/done/", views.action_done, name="action-done"),
]
