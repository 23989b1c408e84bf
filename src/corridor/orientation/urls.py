from django.urls import path

from corridor.orientation import views

app_name = "orientation"
urlpatterns = [
    path("orientation/", views.courses, name="courses"),
    path("orientation/licences/", views.licences, name="licences"),
    path("orientation/licences/<int:pk>/revoke/", views.licence_revoke, name="licence-revoke"),
    path("orientation/provider/", views.provider, name="provider"),
    path("orientation/sessions/<str:reference>/", views.session, name="session"),
    path("orientation/enrolments/<str:reference>/assessment/", views.assessment, name="assessment"),
    path("orientation/enrolments/<str:reference>/<str:act>/", views.enrolment_act, name="enrolment-act"),
    path("my/orientation/", views.mine, name="mine"),
]
