"""API routes of the courses app, mounted under /api/v1/ by lms/api_urls.py."""

from lms.routers import IdRouter

from . import api

router = IdRouter()
router.register("courses", api.CourseViewSet, basename="course")
router.register("enrollments", api.EnrollmentViewSet, basename="enrollment")
router.register("lessons", api.LessonViewSet, basename="lesson")
router.register("submissions", api.SubmissionViewSet, basename="submission")

urlpatterns = router.urls
