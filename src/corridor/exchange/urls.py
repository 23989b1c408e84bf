from django.urls import path

from corridor.exchange import views

app_name = "exchange"
urlpatterns = [
    path("exchange/", views.exchange_overview, name="overview"),
]
