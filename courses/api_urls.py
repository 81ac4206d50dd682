"""API routes of the courses app, mounted under /api/v1/ by lms/api_urls.py."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("courses", api.CourseViewSet, basename="course")
router.register("enrollments", api.EnrollmentViewSet, basename="enrollment")
router.register("lessons", api.LessonViewSet, basename="lesson")
router.register("submissions", api.SubmissionViewSet, basename="submission")

urlpatterns = router.urls
