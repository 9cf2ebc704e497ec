from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from apcommission.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    # The Django admin signs in through the service's own sign-in (throttled, two-factor).
    path("django-admin/login/", RedirectView.as_view(pattern_name="core:sign-in", query_string=True)),
    path("django-admin/", admin.site.urls),
    path("providers/", include("providers.urls")),
    path("placements/", include("placements.urls")),
    path("funding/", include("funding.urls")),
    path("reports/", include("reports.urls")),
    path("", include("apcommission.dataprotection.urls")),
    path("", include("apcommission.core.urls")),
]

handler403 = "apcommission.core.views.errors.permission_denied"
handler404 = "apcommission.core.views.errors.page_not_found"
handler500 = "apcommission.core.views.errors.server_error"
