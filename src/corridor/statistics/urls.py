app_name = "statistics"
urlpatterns = []
