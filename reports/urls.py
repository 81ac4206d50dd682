"""The training office's reports, mounted at the site root by lms/urls.py."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("reports/", views.overview, name="overview"),
    path("reports/<slug:slug>.csv", views.report_csv, name="csv"),
]
