"""Personal data of online courses (see lms/privacy.py)."""

from lms.privacy import ERASED_TEXT, Holding, blank, remove_files

from .models import CoursePage, Enrolment, LessonProgress, QuizAttempt, Submission

HOLDINGS = [
    Holding(Enrolment, "learner", "Courses you enrolled in, your progress and completion.", "keep: counts"),
    Holding(LessonProgress, "enrolment__learner", "Lessons you completed.", "keep: counts"),
    Holding(QuizAttempt, "enrolment__learner", "Your quiz attempts, answers and scores.", "keep: scores"),
    Holding(
        Submission,
        "enrolment__learner",
        "Your assignments, files and grades.",
        "keep the grade, remove the text and the file",
        files=("file",),
        on_erase=(blank("original_name", "feedback", text=ERASED_TEXT), remove_files("file")),
    ),
    Holding(
        Submission,
        "graded_by",
        "Assignments you graded as faculty.",
        "keep: the learner's grade stands; the grader is an id",
        exported=False,
    ),
    Holding(CoursePage, "faculty", "Courses you teach.", "keep: removed from the course by the office", exported=False),
]
