"""Personal data of online courses (see lms/privacy.py)."""

from lms.privacy import Holding

from .models import CoursePage, Enrolment, LessonProgress, QuizAttempt, Submission

HOLDINGS = [
    Holding(Enrolment, "learner", "Courses you enrolled in, your progress and completion.", "delete"),
    Holding(LessonProgress, "enrolment__learner", "Lessons you completed.", "delete"),
    Holding(QuizAttempt, "enrolment__learner", "Your quiz attempts, answers and scores.", "delete"),
    Holding(Submission, "enrolment__learner", "Your assignments, files and grades.", "delete", files=("file",)),
    Holding(
        Submission,
        "graded_by",
        "Assignments you graded as faculty.",
        "keep: the learner's grade stands; the grader is an id",
        exported=False,
    ),
    Holding(CoursePage, "faculty", "Courses you teach.", "keep: removed from the course by the office", exported=False),
]
