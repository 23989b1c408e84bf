from django.urls import path

from corridor.voice import views

app_name = "voice"
urlpatterns = [
    path("voice/reviews/", views.reviews, name="reviews"),
    path("voice/reviews/<str:reference>/<str:stage>/<str:kind>/<int:party_id>/", views.review_new, name="review-new"),
    path("voice/ratings/<str:kind>/<int:party_id>/", views.party_reviews, name="party-reviews"),
    path("voice/moderation/", views.moderation, name="moderation"),
    path("voice/moderation/<int:comment_id>/hide/", views.comment_hide, name="comment-hide"),
    path("voice/answers/", views.agency_reviews, name="agency-reviews"),
    path("voice/answers/<int:review_id>/", views.review_answer, name="review-answer"),
    path("voice/profile/", views.profile, name="profile"),
    path("voice/profile/withdraw/", views.profile_withdraw, name="profile-withdraw"),
    path("voice/jobs/", views.matches, name="matches"),
    path("voice/jobs/<str:reference>/apply/", views.apply, name="apply"),
    path("voice/applications/", views.applications, name="applications"),
    path("voice/applications/<int:application_id>/withdraw/", views.application_withdraw, name="application-withdraw"),
    path("voice/candidates/", views.candidates, name="candidates"),
    path("voice/candidates/<int:job_order_id>/", views.candidate_list, name="candidate-list"),
]
