"""HTML pages of competencies and the training record, mounted at the site root by lms/urls.py."""

from django.urls import path

from . import views

app_name = "competencies"
urlpatterns = [
    path("record/", views.my_record, name="record"),
    path("record/transcripts/", views.transcripts, name="transcripts"),
    path("record/<int:person_id>/", views.trainee_record, name="trainee-record"),
    path("competencies/assessments/", views.assessments, name="assessments"),
    path("competencies/assessments/new/", views.request_assessment, name="request"),
    path("competencies/assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("competencies/assess/<int:pk>/<str:token>/", views.assess_by_link, name="assess-by-link"),
    path("competencies/links/", views.links, name="links"),
    path("competencies/links/<int:pk>/remove/", views.unlink, name="unlink"),
    path("competencies/progress/", views.progress, name="progress"),
    path("competencies/progress/<int:person_id>/", views.trainee_progress, name="trainee-progress"),
]
