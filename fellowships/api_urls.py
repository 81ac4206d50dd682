"""API routes of the fellowships app, mounted under /api/v1/ by lms/api_urls.py."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

urlpatterns = router.urls
