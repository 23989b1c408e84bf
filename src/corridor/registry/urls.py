from django.urls import path

from corridor.registry import views

app_name = "registry"
urlpatterns = [
    path("recruiters/", views.verify, name="verify"),
    path("jobs/", views.job_board, name="job-board"),
    path("jobs/<str:reference>/", views.job_board_detail, name="job-board-detail"),
    path("registry/agencies/", views.agency_list, name="agency-list"),
    path("registry/agencies/apply/", views.agency_apply, name="agency-apply"),
    path("registry/agencies/<int:agency_id>/", views.agency_detail, name="agency-detail"),
    path("registry/agencies/<int:agency_id>/subagents/new/", views.subagent_create, name="subagent-create"),
    path("registry/licences/<int:licence_id>/<str:action>/", views.licence_action, name="licence-action"),
    path("registry/proceedings/<int:proceeding_id>/answer/", views.proceeding_answer, name="proceeding-answer"),
    path("registry/proceedings/<int:proceeding_id>/decide/", views.proceeding_decide, name="proceeding-decide"),
    path("registry/employers/", views.employer_list, name="employer-list"),
    path("registry/employers/new/", views.employer_create, name="employer-create"),
    path("registry/employers/<int:employer_id>/", views.employer_detail, name="employer-detail"),
    path("registry/employers/<int:employer_id>/<str:action>/", views.employer_action, name="employer-action"),
    path("registry/job-orders/", views.job_order_list, name="job-order-list"),
    path("registry/job-orders/new/", views.job_order_create, name="job-order-create"),
    path("registry/job-orders/<int:job_order_id>/", views.job_order_detail, name="job-order-detail"),
    path("registry/job-orders/<int:job_order_id>/<str:action>/", views.job_order_action, name="job-order-action"),
    path("registry/watchlist/", views.watchlist_list, name="watchlist-list"),
    path("registry/watchlist/new/", views.watchlist_create, name="watchlist-create"),
    path("registry/watchlist/<int:entry_id>/lift/", views.watchlist_lift, name="watchlist-lift"),
    path("registry/screening/", views.screening_queue, name="screening-queue"),
    path("registry/screening/<int:hit_id>/", views.screening_review, name="screening-review"),
]
