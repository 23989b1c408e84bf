app_name = "reintegration"
urlpatterns = []
