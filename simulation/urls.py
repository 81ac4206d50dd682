"""HTML pages of the simulation app, mounted at the site root by lms/urls.py."""

from django.urls import path

from . import views

app_name = "simulation"
urlpatterns = [
    path("simulation/", views.sessions, name="sessions"),
    path("simulation/sessions/<int:pk>/", views.session_detail, name="session"),
    path("simulation/sessions/<int:pk>/book/", views.book, name="book"),
    path("simulation/sessions/<int:pk>/roster/", views.roster, name="roster"),
    path("simulation/sessions/<int:pk>/cancel/", views.cancel_session, name="cancel-session"),
    path("simulation/bookings/", views.my_bookings, name="my-bookings"),
    path("simulation/bookings/<int:pk>/cancel/", views.cancel_booking, name="cancel-booking"),
    path("simulation/bookings/<int:pk>/calendar.ics", views.booking_ics, name="booking-ics"),
    path("simulation/bookings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("simulation/bookings/<int:pk>/assess/", views.assess, name="assess"),
    path("simulation/calendar/<str:token>.ics", views.feed, name="feed"),
    path("simulation/calendar/reset/", views.reset_feed, name="reset-feed"),
    path("simulation/facilitating/", views.facilitating, name="facilitating"),
    path("simulation/schedule/", views.schedule, name="schedule"),
]
