"""API routes of the fellowships app, mounted under /api/v1/ by lms/api_urls.py."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("programmes", api.ProgrammeViewSet, basename="programme")
router.register("intakes", api.IntakeViewSet, basename="intake")
router.register("applications", api.ApplicationViewSet, basename="application")

urlpatterns = router.urls
