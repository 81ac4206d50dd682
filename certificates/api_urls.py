"""API routes of the certificates app, mounted under /api/v1/ by lms/api_urls.py."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

urlpatterns = router.urls
