from django.urls import path

from . import views

app_name = "dataprotection"
urlpatterns = [
    path("privacy/", views.privacy_notice, name="privacy"),
    path("data-protection/", views.retention_schedule, name="retention"),
    path("data-protection/pupils/<int:pk>/export/", views.export_new, name="export-new"),
    path("data-protection/exports/<int:pk>/", views.export_detail, name="export-detail"),
    path("data-protection/exports/<int:pk>/download/", views.export_download, name="export-download"),
    path("data-protection/pupils/<int:pk>/hold/", views.hold_new, name="hold-new"),
    path("data-protection/holds/<int:pk>/release/", views.hold_release_view, name="hold-release"),
]
