"""Everything under /api/v1/: the core's views, then each app's own routes (its api_urls.py)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()

urlpatterns = [
    path("auth/token/", api.ObtainTokenView.as_view(), name="api-token"),
    path("me/", api.MeView.as_view(), name="api-me"),
    path("", include(router.urls)),
    path("", include("certificates.api_urls")),
    path("", include("courses.api_urls")),
    path("", include("fellowships.api_urls")),
    path("", include("simulation.api_urls")),
]
