"""Every write about online courses: enrolment with prerequisites, lesson completion, quiz
attempts graded on the server with a snapshot, assignment submissions and grading against the
rubric, and completion, which issues the certificate once.

Pages may come in any language: state is kept on the default-language page (`source_page`, see
cms/i18n.py), while quizzes and assignments are snapshotted as the learner saw them."""

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.cohorts import Completion
from certificates.models import Kind
from certificates.services import issue_on_completion
from cms.i18n import source_page, title_in
from lms import uploads
from lms.errors import ConflictError
from lms.models import User
from lms.services import record_event
from lms.workflow import COORDINATOR, SYSTEM, Move, Who, Workflow, owner

from . import evidence
from .models import CoursePage, Enrolment, LessonPage, LessonProgress, QuizAttempt, Submission

ERROR_ENROLMENT_CLOSED = _("Enrolment in this course is closed.")
ERROR_PREREQUISITES = _("Complete these courses first: %(courses)s.")
ERROR_ALREADY_ENROLLED = _("You are already enrolled in this course.")
ERROR_NOT_ENROLLED = _("Enrol in the course first.")
ERROR_LESSON_HAS_ACTIVITIES = _("This lesson completes when its quiz or assignment is passed.")
ERROR_NO_SUCH_ACTIVITY = _("This lesson has no such quiz or assignment.")
ERROR_ATTEMPTS_USED = _("You have used all %(max)s attempts at this quiz.")
ERROR_ANSWER_EVERY_QUESTION = _("Answer every question.")
ERROR_ONE_ANSWER = _("Choose one answer.")
ERROR_ALREADY_PASSED = _("You have already passed this assignment.")
ERROR_WAITING_FOR_GRADE = _("Your last submission is waiting to be graded.")
ERROR_TEXT_OR_FILE = _("Write your answer or attach a file.")
ERROR_NOT_COURSE_FACULTY = _("Only the course's faculty grade its submissions.")
ERROR_ALREADY_GRADED = _("This submission has already been graded.")
ERROR_RUBRIC = _("Choose one level for every criterion.")


ERROR_NOT_WITHDRAWABLE = _("Only the learner, the course's faculty or the office withdraw an enrolment.")


def _teaches(actor: User | None, obj: Enrolment | Submission) -> bool:
    enrolment = obj if isinstance(obj, Enrolment) else obj.enrolment
    return actor is not None and enrolment.course.faculty.filter(pk=actor.pk).exists()


LEARNER = owner("learner_id", _("the learner"))
COURSE_FACULTY = Who(_("the course's faculty"), _teaches)

# Enrolments: active until the course is completed; the learner (or staff) may withdraw, and
# the learner may come back, keeping the lessons done.
ENROLMENTS = Workflow(
    model=Enrolment,
    related=("course", "learner"),
    verb_prefix="enrolment",
    moves=[
        Move("complete", (Enrolment.Status.ACTIVE,), Enrolment.Status.COMPLETED, SYSTEM),
        Move(
            "withdraw",
            (Enrolment.Status.ACTIVE,),
            Enrolment.Status.WITHDRAWN,
            LEARNER | COURSE_FACULTY | COORDINATOR,
        ),
        Move("return", (Enrolment.Status.WITHDRAWN,), Enrolment.Status.ACTIVE, LEARNER),
    ],
)

# Submissions: waiting for a grade, then graded once.
SUBMISSIONS = Workflow(
    model=Submission,
    related=("enrolment__course",),
    moves=[
        Move(
            "grade",
            (Submission.Status.SUBMITTED,),
            Submission.Status.GRADED,
            COURSE_FACULTY | COORDINATOR,
        )
    ],
)


def course_of(lesson: LessonPage) -> CoursePage:
    return CoursePage.objects.ancestor_of(lesson).get()


def _active_enrolment(actor: User, course: CoursePage, *, lock: bool = False) -> Enrolment:
    enrolments = Enrolment.objects.filter(learner=actor, course=course).exclude(status=Enrolment.Status.WITHDRAWN)
    if lock:
        enrolments = enrolments.select_for_update()
    enrolment = enrolments.first()
    if enrolment is None:
        raise PermissionDenied(str(ERROR_NOT_ENROLLED))
    return enrolment


def missing_prerequisites(*, learner: User, course: CoursePage) -> list[CoursePage]:
    done = set(
        Enrolment.objects.filter(learner=learner, status=Enrolment.Status.COMPLETED).values_list("course_id", flat=True)
    )
    # A ParentalManyToManyField's manager filters in Python: compare ids rather than query.
    return sorted((c for c in course.prerequisites.all() if c.pk not in done), key=lambda c: c.title)


def enrol(*, actor: User, course: CoursePage) -> Enrolment:
    course = source_page(course)
    if not course.enrolment_open:
        raise ConflictError(str(ERROR_ENROLMENT_CLOSED), code="enrolment_closed")
    missing = missing_prerequisites(learner=actor, course=course)
    if missing:
        raise ConflictError(
            str(ERROR_PREREQUISITES % {"courses": ", ".join(c.title for c in missing)}), code="prerequisites"
        )
    withdrawn = Enrolment.objects.filter(learner=actor, course=course, status=Enrolment.Status.WITHDRAWN).first()
    if withdrawn is not None:
        return ENROLMENTS.apply(actor=actor, obj=withdrawn, name="return")
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(learner=actor, course=course)
            ENROLMENTS.record_creation(actor=actor, obj=enrolment)
    except IntegrityError as error:
        raise ConflictError(str(ERROR_ALREADY_ENROLLED), code="already_enrolled") from error
    return enrolment


def withdraw(*, actor: User, enrolment: Enrolment, comment: str = "") -> Enrolment:
    """Leave a course (the learner), or take a learner off it (its faculty, the office). Lessons
    done and attempts are kept: enrolling again resumes where they were."""
    return ENROLMENTS.apply(actor=actor, obj=enrolment, name="withdraw", comment=comment)


def _note_work(enrolment: Enrolment, lesson: LessonPage) -> None:
    """Remember the last lesson the learner worked on (completed, attempted, submitted), so
    the course page can offer to resume after it. Recorded by these writes, not by opening a
    lesson: a GET writes nothing."""
    if enrolment.last_lesson_id != lesson.pk:
        Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lesson)
        enrolment.last_lesson = lesson


def _mark_lesson_complete(enrolment: Enrolment, lesson: LessonPage) -> None:
    LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=lesson)


def _activities_passed(enrolment: Enrolment, lesson: LessonPage) -> bool:
    for block in lesson.activities():
        if block.block_type == "quiz":
            passed = QuizAttempt.objects.filter(enrolment=enrolment, block_id=block.id, passed=True).exists()
        else:
            passed = Submission.objects.filter(enrolment=enrolment, block_id=block.id, passed=True).exists()
        if not passed:
            return False
    return True


@transaction.atomic
def complete_lesson(*, actor: User, lesson: LessonPage) -> Enrolment:
    """A lesson without activities is completed by the learner; one with a quiz or an
    assignment completes when they are passed."""
    lesson = source_page(lesson)
    course = course_of(lesson)
    enrolment = _active_enrolment(actor, course, lock=True)
    if lesson.activities():
        raise ConflictError(str(ERROR_LESSON_HAS_ACTIVITIES), code="has_activities")
    _note_work(enrolment, lesson)
    _mark_lesson_complete(enrolment, lesson)
    _complete_course_if_done(enrolment, course)
    return enrolment


def _block(lesson: LessonPage, block_id: str, block_type: str):
    for block in lesson.body:
        if block.id == block_id and block.block_type == block_type:
            return block
    raise ValidationError({"block_id": str(ERROR_NO_SUCH_ACTIVITY)})


def quiz_snapshot(block) -> dict:
    """The quiz as shown, kept with each attempt."""
    value = block.value
    return {
        "title": value["title"],
        "pass_mark": value["pass_mark"],
        "max_attempts": value["max_attempts"],
        "questions": [
            {
                "text": question["text"],
                "kind": question["kind"],
                "choices": [{"text": c["text"], "correct": bool(c["correct"])} for c in question["choices"]],
                "feedback": question["feedback"],
            }
            for question in value["questions"]
        ],
    }


def answered_right(question: dict, given: list[int]) -> bool:
    """Exactly right: for several-answer questions, all the right choices and none of the wrong."""
    return set(given) == {index for index, choice in enumerate(question["choices"]) if choice["correct"]}


def grade_quiz(snapshot: dict, answers: list[list[int]]) -> int:
    """Percent of questions answered exactly right."""
    questions = snapshot["questions"]
    right = sum(answered_right(question, given) for question, given in zip(questions, answers, strict=True))
    return round(100 * right / len(questions)) if questions else 0


@transaction.atomic
def submit_quiz(*, actor: User, lesson: LessonPage, block_id: str, answers: list[list[int]]) -> QuizAttempt:
    shown, lesson = lesson, source_page(lesson)
    course = course_of(lesson)
    enrolment = _active_enrolment(actor, course, lock=True)
    block = _block(shown, block_id, "quiz")
    snapshot = quiz_snapshot(block)
    used = QuizAttempt.objects.filter(enrolment=enrolment, block_id=block_id).count()
    if used >= snapshot["max_attempts"]:
        raise ConflictError(str(ERROR_ATTEMPTS_USED % {"max": snapshot["max_attempts"]}), code="attempts_used")
    questions = snapshot["questions"]
    if len(answers) != len(questions) or any(not given for given in answers):
        raise ValidationError({"answers": str(ERROR_ANSWER_EVERY_QUESTION)})
    for question, given in zip(questions, answers, strict=True):
        if any(not 0 <= index < len(question["choices"]) for index in given):
            raise ValidationError({"answers": str(ERROR_ANSWER_EVERY_QUESTION)})
        if question["kind"] == "single" and len(given) != 1:
            raise ValidationError({"answers": str(ERROR_ONE_ANSWER)})
    score = grade_quiz(snapshot, answers)
    attempt = QuizAttempt.objects.create(
        enrolment=enrolment,
        lesson=lesson,
        block_id=block_id,
        number=used + 1,
        questions=snapshot,
        answers=[sorted(set(given)) for given in answers],
        score=score,
        passed=score >= snapshot["pass_mark"],
    )
    record_event(actor=actor, verb="quiz.attempted", target=attempt, score=score)
    if attempt.passed:
        evidence.quiz_passed(attempt, course)
    _note_work(enrolment, lesson)
    if attempt.passed and _activities_passed(enrolment, lesson):
        _mark_lesson_complete(enrolment, lesson)
        _complete_course_if_done(enrolment, course)
    return attempt


def assignment_snapshot(block) -> dict:
    value = block.value
    return {
        "title": value["title"],
        "pass_mark": value["pass_mark"],
        "allowed_types": list(value["allowed_types"] or ["pdf"]),
        "rubric": [
            {"name": c["name"], "levels": [{"label": lv["label"], "points": lv["points"]} for lv in c["levels"]]}
            for c in value["rubric"]
        ],
    }


def submission_refusal(earlier: list[Submission]) -> ConflictError | None:
    """Why the learner may not submit this assignment again (None when they may): asked by the
    lesson page before it shows the form, and by `submit_assignment`."""
    if any(submission.passed for submission in earlier):
        return ConflictError(str(ERROR_ALREADY_PASSED), code="already_passed")
    if any(submission.status == Submission.Status.SUBMITTED for submission in earlier):
        return ConflictError(str(ERROR_WAITING_FOR_GRADE), code="waiting_for_grade")
    return None


@transaction.atomic
def submit_assignment(
    *, actor: User, lesson: LessonPage, block_id: str, text: str = "", upload: UploadedFile | None = None
) -> Submission:
    """Text and/or a file (type by content, size limited, stored privately). A failed
    assignment may be submitted again; one waiting for its grade may not."""
    shown, lesson = lesson, source_page(lesson)
    course = course_of(lesson)
    enrolment = _active_enrolment(actor, course, lock=True)
    block = _block(shown, block_id, "assignment")
    snapshot = assignment_snapshot(block)
    earlier = Submission.objects.filter(enrolment=enrolment, block_id=block_id)
    refusal = submission_refusal(list(earlier))
    if refusal is not None:
        raise refusal
    text = text.strip()
    if not text and upload is None:
        raise ValidationError({"text": str(ERROR_TEXT_OR_FILE)})
    stored, original = "", ""
    if upload is not None:
        try:
            checked = uploads.validate_upload(upload, allowed=snapshot["allowed_types"])
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
        stored = uploads.store_private(checked, folder=f"submissions/{enrolment.pk}")
        original = checked.original_name
    submission = Submission.objects.create(
        enrolment=enrolment,
        lesson=lesson,
        block_id=block_id,
        number=earlier.count() + 1,
        assignment=snapshot,
        text=text,
        file=stored,
        original_name=original,
    )
    record_event(actor=actor, verb="assignment.submitted", target=submission)
    _note_work(enrolment, lesson)
    return submission


@transaction.atomic
def grade_submission(*, actor: User, submission: Submission, levels: list[int], feedback: str = "") -> Submission:
    """`levels` holds, per rubric criterion, the index of the level chosen. The score is the
    percent of the rubric's highest possible points."""
    submission = SUBMISSIONS.lock(submission)
    course = submission.enrolment.course
    if not (actor.is_coordinator or _teaches(actor, submission)):
        raise PermissionDenied(str(ERROR_NOT_COURSE_FACULTY))
    if submission.status == Submission.Status.GRADED:
        raise ConflictError(str(ERROR_ALREADY_GRADED), code="already_graded")
    rubric = submission.assignment["rubric"]
    if len(levels) != len(rubric) or any(
        not 0 <= index < len(criterion["levels"]) for index, criterion in zip(levels, rubric, strict=False)
    ):
        raise ValidationError({"levels": str(ERROR_RUBRIC)})
    points = [criterion["levels"][index]["points"] for index, criterion in zip(levels, rubric, strict=True)]
    best = sum(max(level["points"] for level in criterion["levels"]) for criterion in rubric) or 1
    score = round(100 * sum(points) / best)
    submission = SUBMISSIONS.apply(
        actor=actor,
        obj=submission,
        name="grade",
        locked=True,
        changes={
            "rubric_points": points,
            "score": score,
            "passed": score >= submission.assignment["pass_mark"],
            "feedback": feedback,
            "graded_by": actor,
            "graded_at": timezone.now(),
        },
        score=score,
    )
    enrolment = Enrolment.objects.select_for_update().get(pk=submission.enrolment_id)
    lesson = LessonPage.objects.get(pk=submission.lesson_id).specific
    if submission.passed:
        evidence.assignment_passed(submission, course)
    if submission.passed and _activities_passed(enrolment, lesson):
        _mark_lesson_complete(enrolment, lesson)
        _complete_course_if_done(enrolment, course)
    return submission


def _required_lessons(course: CoursePage):
    return LessonPage.objects.live().descendant_of(course).filter(required=True)


def _complete_course_if_done(enrolment: Enrolment, course: CoursePage) -> None:
    """Completion is recorded once (the enrolment row is locked by the caller) and issues the
    certificate with the course title and CPD hours."""
    if enrolment.status == Enrolment.Status.COMPLETED:
        return
    required = list(_required_lessons(course))
    done = set(LessonProgress.objects.filter(enrolment=enrolment).values_list("lesson_id", flat=True))
    if any(lesson.pk not in done for lesson in required):
        return
    for lesson in LessonPage.objects.live().descendant_of(course):
        if not _activities_passed(enrolment, lesson):
            return
    enrolment = ENROLMENTS.apply(
        actor=None, obj=enrolment, name="complete", locked=True, changes={"completed_at": timezone.now()}
    )
    evidence.course_completed(enrolment)
    issue_on_completion(completion=completion(enrolment))


def completion(enrolment: Enrolment) -> Completion:
    course = enrolment.course
    finished = timezone.localdate(enrolment.completed_at)
    return Completion(
        recipient=enrolment.learner,
        kind=Kind.ONLINE_COURSE,
        title=title_in(course, enrolment.learner.preferred_language),
        source=enrolment,
        hours=course.cpd_hours,
        started_on=timezone.localdate(enrolment.enrolled_at),
        ended_on=finished,
        expires_on=finished + relativedelta(months=course.certificate_validity_months)
        if course.certificate_validity_months
        else None,
        faculty=tuple(course.faculty.all()),
        credits=tuple(credit.as_credit() for credit in course.credits.all()),
    )


def progress(enrolment: Enrolment, *, required_count: int, done_count: int) -> int:
    """Percent of required lessons completed (100 once the course is completed)."""
    if enrolment.status == Enrolment.Status.COMPLETED:
        return 100
    return round(100 * done_count / required_count) if required_count else 0
