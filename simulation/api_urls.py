"""API routes of the simulation app, mounted under /api/v1/ by lms/api_urls.py."""

from lms.routers import IdRouter

from . import api

router = IdRouter()
router.register("simulation/sessions", api.SessionViewSet, basename="simulation-session")
router.register("simulation/bookings", api.BookingViewSet, basename="simulation-booking")

urlpatterns = router.urls
