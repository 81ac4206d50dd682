"""Everything under /api/v1/: the core's views, then each app's own routes (its api_urls.py).

The root lists every list endpoint of every app's router, so a program can discover the API.
"""

from collections import OrderedDict

from django.urls import NoReverseMatch, include, path
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from certificates import api_urls as certificates_api
from competencies import api_urls as competencies_api
from courses import api_urls as courses_api
from fellowships import api_urls as fellowships_api
from live import api_urls as live_api
from simulation import api_urls as simulation_api

from . import api

APP_ROUTERS = [
    certificates_api.router,
    competencies_api.router,
    courses_api.router,
    fellowships_api.router,
    live_api.router,
    simulation_api.router,
]


class ApiRootView(APIView):
    """The API's entry points."""

    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request, format=None):
        links = OrderedDict(
            [
                ("auth/token", reverse("api-token", request=request, format=format)),
                ("me", reverse("api-me", request=request, format=format)),
            ]
        )
        for router in APP_ROUTERS:
            for prefix, _viewset, basename in router.registry:
                try:
                    links[prefix] = reverse(f"{basename}-list", request=request, format=format)
                except NoReverseMatch:
                    continue
        return Response(links)


urlpatterns = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("auth/token/", api.ObtainTokenView.as_view(), name="api-token"),
    path("me/", api.MeView.as_view(), name="api-me"),
    path("me/export/", api.MyDataExportView.as_view(), name="api-me-export"),
    path("", include("certificates.api_urls")),
    path("", include("courses.api_urls")),
    path("", include("fellowships.api_urls")),
    path("", include("simulation.api_urls")),
    path("", include("live.api_urls")),
    path("", include("competencies.api_urls")),
]
