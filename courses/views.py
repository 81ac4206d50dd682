"""HTML pages of online courses beyond the Wagtail pages themselves: lessons (served for the
LessonPage), enrolment, lesson completion, quiz and assignment submission, the grading queue,
grading against the rubric, and the gradebook with its CSV export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.i18n import attach_localized, in_default_language, localized_titles
from lms import exports, uploads
from lms.models import Role
from lms.web import attempt, page_of, role_required, safe_next

from . import selectors, services
from .forms import AssignmentForm, GradeForm
from .models import CoursePage, Enrolment, LessonPage, QuizAttempt, Submission


def _teaches(user, course: CoursePage) -> bool:
    """Faculty are set on the default-language course (translations copy them once)."""
    if user.is_coordinator or "editor" in user.roles:
        return True
    return in_default_language(CoursePage.objects).filter(translation_key=course.translation_key, faculty=user).exists()


def lesson(request, page: LessonPage):
    """Enrolled learners (and the course's faculty, coordinators and editors) read lessons."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    course = services.course_of(page)
    enrolment = selectors.enrolment_for(user=request.user, course=course)
    if enrolment is None or enrolment.status == Enrolment.Status.WITHDRAWN:
        if not _teaches(request.user, course):
            messages.info(request, _("Enrol in the course to open its lessons."))
            return redirect(course.url)
        enrolment = None
    outline = selectors.course_outline(course=course, enrolment=enrolment)
    lessons = outline["lessons"]
    index = next((i for i, item in enumerate(lessons) if item.pk == page.pk), 0)
    activities = {}
    if enrolment is not None:
        attempts = list(QuizAttempt.objects.filter(enrolment=enrolment, lesson__translation_key=page.translation_key))
        submissions = list(Submission.objects.filter(enrolment=enrolment, lesson__translation_key=page.translation_key))
        for block in page.activities():
            if block.block_type == "quiz":
                mine = [a for a in attempts if a.block_id == block.id]
                last = mine[-1] if mine else None
                activities[block.id] = {
                    "attempts": mine,
                    "last": last,
                    "left": max(block.value["max_attempts"] - len(mine), 0),
                    "passed": any(a.passed for a in mine),
                    "review": selectors.quiz_review(last) if last else [],
                    "questions": selectors.quiz_form(block, last),
                }
            else:
                mine = [s for s in submissions if s.block_id == block.id]
                last = mine[-1] if mine else None
                activities[block.id] = {
                    "submissions": mine,
                    "last": last,
                    "passed": any(s.passed for s in mine),
                    "may_submit": services.submission_refusal(mine) is None,
                    "form": AssignmentForm(prefix=block.id),
                }
    return render(
        request,
        "courses/lesson_page.html",
        {
            "page": page,
            "self": page,
            "course": course,
            "enrolment": enrolment,
            "blocks": [(block, activities.get(block.id)) for block in page.body],
            "previous": lessons[index - 1] if index > 0 else None,
            "next": lessons[index + 1] if index + 1 < len(lessons) else None,
            **outline,
        },
    )


@login_required
@require_POST
def enrol(request, course_id: int):
    course = get_object_or_404(selectors.courses(), pk=course_id)
    attempt(
        request,
        lambda: services.enrol(actor=request.user, course=course),
        success=_("You are enrolled. Start with the first lesson."),
    )
    return redirect(course.url)


@login_required
@require_POST
def withdraw(request, enrolment_id: int):
    """The learner leaves a course; lessons done are kept if they come back."""
    enrolment = get_object_or_404(selectors.my_enrolments(user=request.user), pk=enrolment_id)
    attempt(
        request,
        lambda: services.withdraw(actor=request.user, enrolment=enrolment),
        success=_("You have left the course. Enrol again at any time to carry on where you were."),
    )
    return redirect("courses:mine")


def _lesson_or_404(lesson_id: int) -> LessonPage:
    return get_object_or_404(LessonPage.objects.live(), pk=lesson_id)


@login_required
@require_POST
def complete(request, lesson_id: int):
    lesson = _lesson_or_404(lesson_id)
    if not attempt(request, lambda: services.complete_lesson(actor=request.user, lesson=lesson), hide_denied=True):
        return redirect(lesson.url)
    return redirect(safe_next(request, default=lesson.url))


@login_required
@require_POST
def quiz(request, lesson_id: int, block_id: str):
    lesson = _lesson_or_404(lesson_id)
    block = next((b for b in lesson.activities() if b.id == block_id and b.block_type == "quiz"), None)
    if block is None:
        raise Http404
    answers = []
    for number in range(len(block.value["questions"])):
        try:
            answers.append([int(value) for value in request.POST.getlist(f"q{number}")])
        except ValueError:
            answers.append([])
    done = attempt(
        request,
        lambda: services.submit_quiz(actor=request.user, lesson=lesson, block_id=block_id, answers=answers),
        hide_denied=True,
    )
    if done:
        quiz_attempt = done.value
        if quiz_attempt.passed:
            messages.success(request, _("Passed with %(score)s%%.") % {"score": quiz_attempt.score})
        else:
            messages.warning(
                request,
                _("%(score)s%%: not yet passed (you need %(mark)s%%).")
                % {"score": quiz_attempt.score, "mark": quiz_attempt.questions["pass_mark"]},
            )
    return redirect(f"{lesson.url}#activity-{block_id}")


@login_required
@require_POST
def assignment(request, lesson_id: int, block_id: str):
    lesson = _lesson_or_404(lesson_id)
    form = AssignmentForm(request.POST, request.FILES, prefix=block_id)
    if not form.is_valid():
        messages.error(request, " ".join(str(message) for errors in form.errors.values() for message in errors))
        return redirect(f"{lesson.url}#activity-{block_id}")
    attempt(
        request,
        lambda: services.submit_assignment(
            actor=request.user,
            lesson=lesson,
            block_id=block_id,
            text=form.cleaned_data["text"],
            upload=form.cleaned_data["file"],
        ),
        hide_denied=True,
        success=_("Submitted. Your teacher will grade it; you will see the result here."),
    )
    return redirect(f"{lesson.url}#activity-{block_id}")


@login_required
def submission_file(request, pk: int):
    """The learner who submitted and the course's faculty may open a submitted file."""
    submission = Submission.objects.select_related("enrolment").filter(pk=pk).first()
    if submission is None or not submission.file:
        raise Http404
    mine = submission.enrolment.learner_id == request.user.pk
    if not mine and not selectors.gradable_submissions(user=request.user).filter(pk=pk).exists():
        raise Http404
    return uploads.file_response(
        submission.file, filename=submission.original_name, inline=request.GET.get("view") == "inline"
    )


@login_required
def my_courses(request):
    page = page_of(request, selectors.my_enrolments(user=request.user), ENROLMENTS_PER_PAGE)
    enrolments = attach_localized(page, {"course": "course_shown", "last_lesson": "last_lesson_shown"})
    rows = [(enrolment, selectors.progress_percent(enrolment)) for enrolment in enrolments]
    return render(request, "courses/my_courses.html", {"rows": rows, "page_obj": page})


teachers_only = role_required(Role.FACULTY, Role.COORDINATOR)
ENROLMENTS_PER_PAGE = 20
SUBMISSIONS_PER_PAGE = 50
LEARNERS_PER_PAGE = 50


@teachers_only
def grading_queue(request):
    page = page_of(request, selectors.grading_queue(user=request.user), SUBMISSIONS_PER_PAGE)
    return render(
        request,
        "courses/grading_queue.html",
        {
            "submissions": attach_localized(page, {"enrolment.course": "course_shown"}),
            "page_obj": page,
            "courses": localized_titles(selectors.queue_gradebooks(user=request.user, submissions=page)),
        },
    )


@teachers_only
def grade(request, pk: int):
    submission = get_object_or_404(selectors.gradable_submissions(user=request.user), pk=pk)
    form = GradeForm(request.POST or None, rubric=submission.assignment["rubric"])
    if request.method == "POST" and form.is_valid():
        graded = attempt(
            request,
            lambda: services.grade_submission(
                actor=request.user, submission=submission, levels=form.levels(), feedback=form.cleaned_data["feedback"]
            ),
            form=form,
            success=_("Graded."),
        )
        if graded or not form.errors:
            return redirect("courses:grading")
    return render(
        request,
        "courses/grade.html",
        {
            "submission": submission,
            "form": form,
            "preview": uploads.preview_of(submission.file) if submission.file else None,
        },
        status=400 if form.errors else 200,
    )


def _taught_or_404(request, course_id: int) -> CoursePage:
    return get_object_or_404(selectors.taught_courses(user=request.user), pk=course_id)


@teachers_only
def gradebook(request, course_id: int):
    course = _taught_or_404(request, course_id)
    page = page_of(request, selectors.gradebook_enrolments(course=course), LEARNERS_PER_PAGE)
    book = selectors.gradebook(course=course, enrolments=list(page))
    return render(request, "courses/gradebook.html", {"course": course, "page_obj": page, **book})


@teachers_only
def gradebook_csv(request, course_id: int):
    course = _taught_or_404(request, course_id)
    book = selectors.gradebook(course=course, enrolments=selectors.gradebook_enrolments(course=course))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="gradebook-{course.slug}.csv"'
    writer = exports.writer(response)
    writer.writerow(["learner", "email", "status", "progress", *[a["title"] for a in book["activities"]]])
    for enrolment, percent, cells in book["rows"]:
        learner = enrolment.learner
        writer.writerow([learner.full_name, learner.email, enrolment.status, percent, *cells])
    return response
