"""The site's URLs plus the ceilings under /bench/ (only in the benchmark's settings)."""

from django.urls import include, path

from secretariat.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("bench/", include("bench.ceilings")), *site_urlpatterns]
