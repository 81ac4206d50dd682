"""API routes of live training, mounted under /api/v1/ by lms/api_urls.py."""

from lms.routers import IdRouter

from . import api

router = IdRouter()
router.register("live/series", api.SeriesViewSet, basename="live-series")
router.register("live/sessions", api.LiveSessionViewSet, basename="live-session")
router.register("live/registrations", api.RegistrationViewSet, basename="live-registration")

urlpatterns = router.urls
