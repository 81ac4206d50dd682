"""HTML pages of the fellowships app, mounted at the site root by lms/urls.py. The programme
catalogue and programme pages are Wagtail pages at the paths editors give them."""

from django.urls import path

from . import views

app_name = "fellowships"
urlpatterns = [
    path("applications/", views.my_applications, name="mine"),
    path("applications/start/<int:intake_id>/", views.start, name="start"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/edit/", views.edit, name="edit"),
    path("applications/<int:pk>/documents/", views.upload, name="upload"),
    path("applications/<int:pk>/documents/<int:document_id>/", views.document, name="document"),
    path("applications/<int:pk>/documents/<int:document_id>/delete/", views.delete_document, name="delete-document"),
    path("applications/<int:pk>/submit/", views.submit, name="submit"),
    path("applications/<int:pk>/respond/", views.respond, name="respond"),
    path("applications/<int:pk>/offer-letter.pdf", views.offer_letter, name="offer-letter"),
    path("fellowships/reviews/", views.review_queue, name="review-queue"),
    path("fellowships/applications/<int:pk>/manage/", views.manage, name="manage"),
    path("fellowships/intakes/", views.intakes, name="intakes"),
    path("fellowships/intakes/<int:pk>/pipeline/", views.pipeline, name="pipeline"),
    path("fellowships/intakes/<int:pk>/pipeline.csv", views.pipeline_csv, name="pipeline-csv"),
    path("fellowships/placements/<int:pk>/", views.placement, name="placement"),
    path("fellowships/placements/<int:pk>/logbook/<int:entry_id>/countersign/", views.countersign, name="countersign"),
]
