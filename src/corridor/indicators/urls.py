from django.urls import path

from corridor.indicators import views

app_name = "indicators"
urlpatterns = [
    path("statistics/", views.public, name="public"),
    path("statistics/indicators.csv", views.download_csv, name="download-csv"),
    path("statistics/indicators.json", views.download_json, name="download-json"),
    path("statistics/dictionary.json", views.dictionary, name="dictionary"),
    path("statistics/corridor/", views.corridor, name="corridor"),
    path("statistics/corridor/share/", views.share, name="share"),
]
