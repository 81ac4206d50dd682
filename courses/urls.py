"""HTML pages of the courses app, mounted at the site root by lms/urls.py. The catalogue,
course and lesson pages are Wagtail pages at the paths editors give them."""

from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("courses/mine/", views.my_courses, name="mine"),
    path("courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("courses/enrolments/<int:enrolment_id>/withdraw/", views.withdraw, name="withdraw"),
    path("courses/lessons/<int:lesson_id>/complete/", views.complete, name="complete"),
    path("courses/lessons/<int:lesson_id>/quiz/<str:block_id>/", views.quiz, name="quiz"),
    path("courses/lessons/<int:lesson_id>/assignment/<str:block_id>/", views.assignment, name="assignment"),
    path("courses/submissions/<int:pk>/file/", views.submission_file, name="submission-file"),
    path("courses/grading/", views.grading_queue, name="grading"),
    path("courses/submissions/<int:pk>/grade/", views.grade, name="grade"),
    path("courses/<int:course_id>/gradebook/", views.gradebook, name="gradebook"),
    path("courses/<int:course_id>/gradebook.csv", views.gradebook_csv, name="gradebook-csv"),
]
