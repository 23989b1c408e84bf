from django.urls import path

from corridor.accounts import views

app_name = "accounts"
urlpatterns = [
    path("accounts/sign-in/", views.sign_in, name="sign-in"),
    path("accounts/sign-out/", views.sign_out, name="sign-out"),
    path("accounts/two-factor/", views.two_factor_setup, name="two-factor-setup"),
    path("accounts/two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("accounts/api-tokens/", views.api_tokens, name="api-tokens"),
    path("workers/", views.worker_list, name="worker-list"),
    path("workers/new/", views.worker_create, name="worker-create"),
    path("workers/<int:worker_id>/", views.worker_detail, name="worker-detail"),
]
