"""API routes of the fellowships app, mounted under /api/v1/ by lms/api_urls.py."""

from lms.routers import IdRouter

from . import api

router = IdRouter()
router.register("programmes", api.ProgrammeViewSet, basename="programme")
router.register("intakes", api.IntakeViewSet, basename="intake")
router.register("applications", api.ApplicationViewSet, basename="application")

urlpatterns = router.urls
