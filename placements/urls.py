from django.urls import path

from .views import panel, placements, pupils, routes

app_name = "placements"
urlpatterns = [
    path("", placements.placement_list, name="placement-list"),
    path("<int:pk>/", placements.placement_detail, name="placement-detail"),
    path("<int:pk>/accept/", placements.placement_accept, name="placement-accept"),
    path("<int:pk>/start/", placements.placement_start_view, name="placement-start"),
    path("<int:pk>/end/", placements.placement_end_view, name="placement-end"),
    path("<int:pk>/withdraw/", placements.placement_withdraw_view, name="placement-withdraw"),
    path("<int:pk>/more-information/", placements.placement_more_information, name="placement-more-information"),
    path("pupils/", pupils.pupil_list, name="pupil-list"),
    path("pupils/add/", pupils.pupil_create_view, name="pupil-create"),
    path("pupils/<int:pk>/", pupils.pupil_detail, name="pupil-detail"),
    path("pupils/<int:pk>/edit/", pupils.pupil_edit, name="pupil-edit"),
    path("pupils/<int:pk>/request/", placements.placement_request_view, name="placement-request"),
    path("pupils/<int:pk>/place/", placements.placement_create_view, name="placement-create"),
    path("panel/", panel.panel_queue, name="panel-queue"),
    path("panel/<int:pk>/", panel.panel_decision, name="panel-decision"),
    path("routes/", routes.route_list, name="route-list"),
    path("routes/<int:pk>/edit/", routes.route_edit, name="route-edit"),
]

from .urls_part2 import part2_urlpatterns  # noqa: E402  (reviews, attendance, dashboard: the second engineer's part)

urlpatterns += part2_urlpatterns
