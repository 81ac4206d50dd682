"""API routes of the certificates app, mounted under /api/v1/ by lms/api_urls.py."""

from django.urls import path

from lms.routers import IdRouter

from . import api

router = IdRouter()
router.register("certificates", api.CertificateViewSet, basename="certificate")

urlpatterns = [
    path("verify/<str:code>/", api.VerificationView.as_view(), name="api-verify"),
    *router.urls,
]
