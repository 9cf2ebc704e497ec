"""The service's URLs plus the reference page, for the benchmark run only."""

from django.urls import path

from apcommission.urls import handler403, handler404, handler500
from apcommission.urls import urlpatterns as service_urlpatterns

from . import views

urlpatterns = [path("benchmark/reference/", views.reference, name="benchmark-reference"), *service_urlpatterns]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
