"""URLs for reviews, the daily register, the dashboard, the key stage snapshot and the timeline
(appended to placements.urls)."""

from django.urls import path

from .views import attendance, dashboard, reviews

part2_urlpatterns = [
    path("dashboard/", dashboard.dashboard_view, name="dashboard"),
    path("snapshot/", dashboard.key_stage_snapshot_view, name="key-stage-snapshot"),
    path("snapshot.csv", dashboard.key_stage_snapshot_csv, name="key-stage-snapshot-csv"),
    path("pupils/<int:pk>/timeline/", dashboard.pupil_timeline_view, name="pupil-timeline"),
    path("<int:pk>/reviews/", reviews.review_list, name="review-list"),
    path("<int:pk>/reviews/add/", reviews.review_create, name="review-create"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review-detail"),
    path("reviews/due/", reviews.reviews_due_list, name="reviews-due"),
    path("attendance/", attendance.register_index, name="attendance-index"),
    path("attendance/<int:provider_pk>/<str:day>/", attendance.register, name="attendance-register"),
    path("<int:pk>/attendance/", attendance.placement_attendance, name="attendance-placement"),
]
