from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.reports_home, name="home"),
    path("packs/new/", views.pack_new, name="pack-new"),
    path("packs/<int:pk>/", views.pack_detail, name="pack-detail"),
    path("packs/<int:pk>/pack.pdf", views.pack_download, name="pack-download"),
    path("packs/<int:pk>/publish/", views.pack_publish_view, name="pack-publish"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_new, name="plan-new"),
    path("plans/compare/", views.plan_compare, name="plan-compare"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/copy/", views.plan_copy_view, name="plan-copy"),
    path("plans/<int:pk>/choose/", views.plan_choose_view, name="plan-choose"),
    path("improvement/", views.improvement_plan, name="improvement"),
    path("improvement/areas/new/", views.area_new, name="area-new"),
    path("improvement/areas/<int:pk>/actions/new/", views.action_new, name="action-new"),
    path("improvement/actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("census/", views.census, name="census"),
    path("census.csv", views.census_csv, name="census-csv"),
]
