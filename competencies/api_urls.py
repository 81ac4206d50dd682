"""API routes of competencies and the training record, mounted under /api/v1/ by lms/api_urls.py."""

from django.urls import path

from lms.routers import IdRouter

from . import api

router = IdRouter()
router.register("competencies/frameworks", api.FrameworkViewSet, basename="competency-framework")
router.register("competencies/epas", api.EPAViewSet, basename="competency-epa")
router.register("competencies/links", api.TrainingLinkViewSet, basename="competency-link")
router.register("competencies/assessments", api.AssessmentViewSet, basename="competency-assessment")
router.register("record/transcripts", api.TranscriptViewSet, basename="record-transcript")

urlpatterns = [path("record/", api.RecordView.as_view(), name="api-record"), *router.urls]
