from django.urls import path

from .views import attendance, dashboard, journey, panel, placements, pupils, reviews, routes, transfers

app_name = "placements"
urlpatterns = [
    path("", placements.placement_list, name="placement-list"),
    path("<int:pk>/", placements.placement_detail, name="placement-detail"),
    path("<int:pk>/accept/", placements.placement_accept, name="placement-accept"),
    path("<int:pk>/start/", placements.placement_start_view, name="placement-start"),
    path("<int:pk>/end/", placements.placement_end_view, name="placement-end"),
    path("<int:pk>/withdraw/", placements.placement_withdraw_view, name="placement-withdraw"),
    path("<int:pk>/more-information/", placements.placement_more_information, name="placement-more-information"),
    path("<int:pk>/reviews/", reviews.review_list, name="review-list"),
    path("<int:pk>/reviews/add/", reviews.review_create, name="review-create"),
    path("<int:pk>/attendance/", attendance.placement_attendance, name="attendance-placement"),
    path("pupils/", pupils.pupil_list, name="pupil-list"),
    path("pupils/add/", pupils.pupil_create_view, name="pupil-create"),
    path("pupils/to-confirm/", transfers.transfer_list, name="transfer-list"),
    path("pupils/to-confirm/<int:pk>/", transfers.transfer_resolve, name="transfer-resolve"),
    path("pupils/<int:pk>/", pupils.pupil_detail, name="pupil-detail"),
    path("pupils/<int:pk>/edit/", pupils.pupil_edit, name="pupil-edit"),
    path("pupils/<int:pk>/timeline/", dashboard.pupil_timeline_view, name="pupil-timeline"),
    # A school's request and an officer's direct placement: question pages (views/journey.py).
    path("pupils/<int:pk>/request/", journey.request_start, name="placement-request"),
    path("pupils/<int:pk>/request/<slug:step>/", journey.request_step, name="placement-request-step"),
    path("pupils/<int:pk>/place/", journey.place_start, name="placement-create"),
    path("pupils/<int:pk>/place/<slug:step>/", journey.place_step, name="placement-create-step"),
    path("<int:pk>/confirmation/", journey.placement_confirmation, name="placement-confirmation"),
    path("panel/", panel.panel_queue, name="panel-queue"),
    path("panel/<int:pk>/", panel.panel_decision, name="panel-decision"),
    path("routes/", routes.route_list, name="route-list"),
    path("routes/<int:pk>/edit/", routes.route_edit, name="route-edit"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review-detail"),
    path("reviews/due/", reviews.reviews_due_list, name="reviews-due"),
    path("attendance/", attendance.register_index, name="attendance-index"),
    path("attendance/<int:provider_pk>/<str:day>/", attendance.register, name="attendance-register"),
    path("dashboard/", dashboard.dashboard_view, name="dashboard"),
    path("snapshot/", dashboard.key_stage_snapshot_view, name="key-stage-snapshot"),
    path("snapshot.csv", dashboard.key_stage_snapshot_csv, name="key-stage-snapshot-csv"),
]
