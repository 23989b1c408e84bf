from django.urls import path

from corridor.guidance import views

app_name = "guidance"
urlpatterns = [
    path("know-before-you-go/", views.index, name="index"),
    path("know-before-you-go/<str:destination>/<str:isco>/", views.guide, name="guide"),
    path("my/guidance/", views.mine, name="mine"),
    path("resource-centres/", views.centres, name="centres"),
    path("resource-centres/manage/", views.centres_manage, name="centres-manage"),
    path("resource-centres/manage/new/", views.centre_edit, name="centre-new"),
    path("resource-centres/manage/<int:pk>/", views.centre_edit, name="centre-edit"),
    path("referrals/", views.referrals, name="referrals"),
    path("referrals/new/", views.referral_new, name="referral-new"),
    path("referrals/<str:reference>/", views.referral_detail, name="referral"),
    path("referrals/<str:reference>/act/", views.referral_act, name="referral-act"),
]
