"""HTML pages of live training, mounted at the site root by lms/urls.py."""

from django.urls import path

from . import views

app_name = "live"
urlpatterns = [
    path("live/", views.series_list, name="series-list"),
    path("live/series/<int:pk>/", views.series_detail, name="series"),
    path("live/series/<int:pk>/register/", views.register_series, name="register-series"),
    path("live/series/<int:pk>/calendar.ics", views.series_ics, name="series-ics"),
    path("live/sessions/<int:pk>/", views.session_detail, name="session"),
    path("live/sessions/<int:pk>/calendar.ics", views.session_ics, name="session-ics"),
    path("live/sessions/<int:pk>/register/", views.register, name="register"),
    path("live/sessions/<int:pk>/check-in/", views.check_in, name="check-in"),
    path("live/sessions/<int:pk>/open-check-in/", views.open_check_in, name="open-check-in"),
    path("live/sessions/<int:pk>/cases/new/", views.case_new, name="case-new"),
    path("live/sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("live/sessions/<int:pk>/move/", views.move_session, name="move-session"),
    path("live/sessions/<int:pk>/cancel/", views.cancel_session, name="cancel-session"),
    path("live/cases/<int:pk>/", views.case_detail, name="case"),
    path("live/cases/<int:pk>/recommendations.pdf", views.recommendations_pdf, name="recommendations-pdf"),
    path("live/cases/<int:pk>/attachments/<int:attachment_pk>/", views.case_attachment, name="case-attachment"),
    path("live/registrations/", views.my_registrations, name="my-registrations"),
    path("live/statements/", views.period_statement, name="period-statement"),
    path("live/registrations/<int:pk>/cancel/", views.cancel_registration, name="cancel-registration"),
    path("live/registrations/<int:pk>/claim/", views.claim, name="claim"),
    path("live/registrations/<int:pk>/adjust/", views.adjust, name="adjust"),
    path("live/registrations/<int:pk>/present/", views.mark_present, name="present"),
    path("live/teaching/", views.teaching, name="teaching"),
    path("live/recordings/", views.enduring_list, name="enduring-list"),
    path("live/recordings/<int:pk>/", views.enduring_detail, name="enduring"),
]
