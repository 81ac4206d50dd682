import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from certificates.models import Certificate
from courses import services
from courses.models import Enrolment, QuizAttempt
from lms.errors import ConflictError
from tests.courses.factories import assignment_block, lessons_of, make_course, quiz_block
from tests.factories import FacultyFactory, UserFactory

pytestmark = pytest.mark.django_db

RIGHT = [[1], [0, 2]]
HALF = [[1], [0]]
WRONG = [[0], [1]]


def _quiz_id(lesson):
    return lesson.activities()[0].id


# Enrolment


def test_enrolment_is_refused_naming_the_missing_prerequisites():
    basics = make_course(title="Paediatric BLS")
    advanced = make_course(title="Neonatal resuscitation")
    advanced.prerequisites.set([basics])
    advanced.save_revision().publish()

    with pytest.raises(ConflictError, match="Paediatric BLS"):
        services.enrol(actor=UserFactory(), course=advanced)
    assert not Enrolment.objects.exists()


def test_a_completed_prerequisite_opens_enrolment(django_capture_on_commit_callbacks):
    basics = make_course()
    advanced = make_course()
    advanced.prerequisites.set([basics])
    learner = UserFactory()
    services.enrol(actor=learner, course=basics)
    with django_capture_on_commit_callbacks(execute=True):
        services.complete_lesson(actor=learner, lesson=lessons_of(basics)[0])

    assert services.enrol(actor=learner, course=advanced).status == "active"


def test_enrolling_twice_is_refused():
    course = make_course()
    learner = UserFactory()
    services.enrol(actor=learner, course=course)

    with pytest.raises(ConflictError):
        services.enrol(actor=learner, course=course)


def test_closed_enrolment_is_refused():
    with pytest.raises(ConflictError, match="closed"):
        services.enrol(actor=UserFactory(), course=make_course(enrolment_open=False))


# Quizzes


def test_quizzes_are_graded_on_the_server():
    course = make_course(lessons=[[quiz_block()]])
    lesson = lessons_of(course)[0]
    learner = UserFactory()
    services.enrol(actor=learner, course=course)

    attempt = services.submit_quiz(actor=learner, lesson=lesson, block_id=_quiz_id(lesson), answers=HALF)

    assert (attempt.score, attempt.passed) == (50, True)


def test_a_multiple_answer_question_needs_every_right_choice_and_no_wrong_one():
    course = make_course(lessons=[[quiz_block(pass_mark=100)]])
    lesson = lessons_of(course)[0]
    learner = UserFactory()
    services.enrol(actor=learner, course=course)

    attempt = services.submit_quiz(actor=learner, lesson=lesson, block_id=_quiz_id(lesson), answers=[[1], [0, 1, 2]])

    assert (attempt.score, attempt.passed) == (50, False)


def test_attempts_beyond_the_maximum_are_refused_with_a_clear_message():
    course = make_course(lessons=[[quiz_block(max_attempts=2)]])
    lesson = lessons_of(course)[0]
    learner = UserFactory()
    services.enrol(actor=learner, course=course)
    for _ in range(2):
        services.submit_quiz(actor=learner, lesson=lesson, block_id=_quiz_id(lesson), answers=WRONG)

    with pytest.raises(ConflictError, match="used all 2 attempts"):
        services.submit_quiz(actor=learner, lesson=lesson, block_id=_quiz_id(lesson), answers=RIGHT)
    assert QuizAttempt.objects.count() == 2


def test_an_attempt_keeps_the_questions_as_they_were_when_the_quiz_changes_later():
    course = make_course(lessons=[[quiz_block()]])
    lesson = lessons_of(course)[0]
    learner = UserFactory()
    services.enrol(actor=learner, course=course)
    attempt = services.submit_quiz(actor=learner, lesson=lesson, block_id=_quiz_id(lesson), answers=RIGHT)

    lesson.body[0].value["questions"][0]["text"] = "A reworded question"
    lesson.save_revision().publish()

    attempt.refresh_from_db()
    assert attempt.questions["questions"][0]["text"] == "Ratio for two rescuers?"
    assert attempt.answers == RIGHT and attempt.score == 100


def test_unanswered_questions_are_refused_naming_the_answers():
    course = make_course(lessons=[[quiz_block()]])
    lesson = lessons_of(course)[0]
    learner = UserFactory()
    services.enrol(actor=learner, course=course)

    with pytest.raises(ValidationError) as error:
        services.submit_quiz(actor=learner, lesson=lesson, block_id=_quiz_id(lesson), answers=[[1], []])

    assert "answers" in error.value.message_dict
    assert not QuizAttempt.objects.exists()


def test_only_enrolled_learners_attempt_quizzes():
    course = make_course(lessons=[[quiz_block()]])
    lesson = lessons_of(course)[0]

    with pytest.raises(PermissionDenied):
        services.submit_quiz(actor=UserFactory(), lesson=lesson, block_id=_quiz_id(lesson), answers=RIGHT)


# Assignments


def _assignment_course():
    course = make_course(lessons=[[assignment_block()]])
    lesson = lessons_of(course)[0]
    learner = UserFactory()
    services.enrol(actor=learner, course=course)
    return course, lesson, learner, lesson.activities()[0].id


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("work.pdf", b"MZ\x90\x00" + b"\x00" * 100, "not accepted"),
        ("work.pdf", b"", "empty"),
        ("work.txt", b"a" * (10 * 1024 * 1024 + 1), "too big"),
    ],
)
def test_bad_assignment_files_are_refused_naming_the_file(name, content, message):
    _course, lesson, learner, block_id = _assignment_course()

    with pytest.raises(ValidationError) as error:
        services.submit_assignment(
            actor=learner, lesson=lesson, block_id=block_id, upload=SimpleUploadedFile(name, content)
        )

    assert message in " ".join(error.value.message_dict["file"])


def test_an_assignment_needs_text_or_a_file():
    _course, lesson, learner, block_id = _assignment_course()

    with pytest.raises(ValidationError) as error:
        services.submit_assignment(actor=learner, lesson=lesson, block_id=block_id, text="   ")

    assert "text" in error.value.message_dict


def test_a_failed_assignment_may_be_submitted_again_but_not_one_waiting_for_a_grade():
    course, lesson, learner, block_id = _assignment_course()
    first = services.submit_assignment(actor=learner, lesson=lesson, block_id=block_id, text="Short")
    with pytest.raises(ConflictError, match="waiting"):
        services.submit_assignment(actor=learner, lesson=lesson, block_id=block_id, text="Again")
    services.grade_submission(actor=course.faculty.get(), submission=first, levels=[0, 1])

    second = services.submit_assignment(actor=learner, lesson=lesson, block_id=block_id, text="Better")

    assert second.number == 2


def test_only_the_courses_faculty_grade():
    _course, lesson, learner, block_id = _assignment_course()
    submission = services.submit_assignment(actor=learner, lesson=lesson, block_id=block_id, text="Answer")

    for outsider in (FacultyFactory(), learner):
        with pytest.raises(PermissionDenied):
            services.grade_submission(actor=outsider, submission=submission, levels=[1, 2])


def test_grading_scores_the_rubric_and_refuses_a_missing_criterion():
    course, lesson, learner, block_id = _assignment_course()
    submission = services.submit_assignment(actor=learner, lesson=lesson, block_id=block_id, text="Answer")

    with pytest.raises(ValidationError):
        services.grade_submission(actor=course.faculty.get(), submission=submission, levels=[1])
    graded = services.grade_submission(actor=course.faculty.get(), submission=submission, levels=[1, 1], feedback="Ok")

    assert (graded.score, graded.passed, graded.rubric_points) == (70, True, [4, 3])


# Completion


def test_completing_every_lesson_completes_the_course_once_with_one_certificate(django_capture_on_commit_callbacks):
    course = make_course(
        lessons=[[{"type": "paragraph", "value": "<p>Read</p>"}], [quiz_block()], [assignment_block()]]
    )
    reading, quizzed, assigned = lessons_of(course)
    learner = UserFactory()
    services.enrol(actor=learner, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        services.complete_lesson(actor=learner, lesson=reading)
        services.submit_quiz(actor=learner, lesson=quizzed, block_id=_quiz_id(quizzed), answers=RIGHT)
        submission = services.submit_assignment(
            actor=learner, lesson=assigned, block_id=assigned.activities()[0].id, text="My reflection"
        )
        assert Enrolment.objects.get().status == "active"
        services.grade_submission(actor=course.faculty.get(), submission=submission, levels=[1, 2])

    enrolment = Enrolment.objects.get()
    certificate = Certificate.objects.get()
    assert enrolment.status == "completed"
    assert (certificate.kind, certificate.title, certificate.hours) == ("online_course", course.title, 4)
    with django_capture_on_commit_callbacks(execute=True):
        services.complete_lesson(actor=learner, lesson=reading)  # again, after completion
    assert Certificate.objects.count() == 1


def test_a_lesson_with_a_quiz_completes_only_by_passing_it():
    course = make_course(lessons=[[quiz_block()]])
    lesson = lessons_of(course)[0]
    learner = UserFactory()
    services.enrol(actor=learner, course=course)

    with pytest.raises(ConflictError, match="quiz or assignment"):
        services.complete_lesson(actor=learner, lesson=lesson)
    services.submit_quiz(actor=learner, lesson=lesson, block_id=_quiz_id(lesson), answers=WRONG)

    assert Enrolment.objects.get().status == "active"
