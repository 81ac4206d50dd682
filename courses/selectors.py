"""Reads shared by the course pages and the API: the catalogue with each learner's state, the
outline with ticks, enrolments with progress, the grading queue and the gradebook, each with
the joins and counts its list needs so query counts stay flat.

Course and lesson pages may be translations: learners' state hangs off the default-language
pages, so reads that start from a page match on `translation_key` (see cms/i18n.py)."""

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from wagtail.models import Page

from cms.caching import cached_for_pages
from cms.covers import with_card_covers
from cms.i18n import in_default_language, source_page
from lms.models import User

from . import services
from .models import Audience, CoursePage, Enrolment, LessonPage, LessonProgress, QuizAttempt, Submission


def courses() -> QuerySet[CoursePage]:
    return CoursePage.objects.live().public().order_by("title")


def with_progress(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Give each enrolment required_count and done_count (see EnrolmentQuerySet.with_progress);
    `progress_percent(enrolment)` turns them into %."""
    return enrolments.with_progress()


def progress_percent(enrolment: Enrolment) -> int:
    return services.progress(enrolment, required_count=enrolment.required_count, done_count=enrolment.done_count)


def my_enrolments(*, user: User) -> QuerySet[Enrolment]:
    return with_progress(Enrolment.objects.filter(learner=user).select_related("course", "last_lesson")).order_by(
        "-enrolled_at"
    )


def enrolment_for(*, user: User, course: CoursePage) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    enrolments = Enrolment.objects.filter(learner=user, course__translation_key=course.translation_key)
    return with_progress(enrolments.select_related("last_lesson")).first()


COURSES_PER_PAGE = 24


def catalogue_choices(parent) -> dict:
    """The specialties and languages the catalogue's filters offer: cached, and forgotten
    whenever a page is published, unpublished, moved or deleted (cms/caching.py)."""

    def build():
        listed = courses().child_of(parent)
        return {
            "specialties": sorted({s for s in listed.values_list("specialty", flat=True) if s}),
            "course_languages": sorted(set(listed.values_list("language", flat=True))),
        }

    return cached_for_pages(f"catalogue-choices:{parent.pk}", build)


def catalogue(*, parent, params, user) -> dict:
    """A page of the catalogue's courses (24 at a time) with the learner's state on each."""
    listed = courses().child_of(parent)
    audience = params.get("audience", "")
    specialty = params.get("specialty", "")
    language = params.get("language", "")
    query = params.get("q", "").strip()
    if audience in Audience.values:
        listed = listed.filter(audience__in=[audience, Audience.ALL] if audience != Audience.ALL else [Audience.ALL])
    if specialty:
        listed = listed.filter(specialty=specialty)
    if language:
        listed = listed.filter(language=language)
    if query:
        listed = listed.filter(Q(title__icontains=query) | Q(summary__icontains=query) | Q(specialty__icontains=query))
    page = Paginator(with_card_covers(listed), COURSES_PER_PAGE).get_page(params.get("page"))
    listed = list(page.object_list)
    states = {}
    if user.is_authenticated:
        keys = [c.translation_key for c in listed]
        for enrolment in my_enrolments(user=user).filter(course__translation_key__in=keys):
            states[enrolment.course.translation_key] = enrolment
    return {
        "courses": [
            (
                course,
                states.get(course.translation_key),
                progress_percent(states[course.translation_key]) if course.translation_key in states else 0,
            )
            for course in listed
        ],
        "page_obj": page,
        "audiences": Audience.choices,
        **catalogue_choices(parent),
        "selected": {"audience": audience, "specialty": specialty, "language": language, "q": query},
    }


def outline(course: CoursePage) -> list[tuple[object | None, list[LessonPage]]]:
    """Modules in order with their lessons; lessons directly under the course come first in a
    group without a module. The structure is the default-language course's (the one progress
    and completion count); a translated course shows each module and lesson in its language
    where translated, else the original. A few queries whatever the size of the course."""
    source = source_page(course)
    pages = list(source.get_descendants().live().specific().order_by("path"))
    shown = {}
    if source.pk != course.pk:
        translated = (
            Page.objects.live()
            .filter(locale_id=course.locale_id, translation_key__in=[page.translation_key for page in pages])
            .specific()
        )
        shown = {page.translation_key: page for page in translated}
    groups: list[tuple[object | None, list[LessonPage]]] = [(None, [])]
    for page in pages:
        displayed = shown.get(page.translation_key, page)
        if not isinstance(page, LessonPage):
            groups.append((displayed, []))
        elif page.depth == source.depth + 1:
            groups[0][1].append(displayed)
        else:
            groups[-1][1].append(displayed)
    return [group for group in groups if group[1] or group[0] is not None]


def course_outline(*, course: CoursePage, enrolment: Enrolment | None) -> dict:
    """The outline of `course` (in its language) with the learner's ticks: `done` holds the ids
    of the lessons shown, whichever language the progress was recorded in."""
    groups = outline(course)
    lessons = [lesson for _module, group in groups for lesson in group]
    done_keys = set()
    if enrolment is not None:
        done_keys = set(
            LessonProgress.objects.filter(enrolment=enrolment).values_list("lesson__translation_key", flat=True)
        )
    done = {lesson.pk for lesson in lessons if lesson.translation_key in done_keys}
    next_lesson = next((lesson for lesson in lessons if lesson.pk not in done), None)
    last = enrolment.last_lesson if enrolment and enrolment.last_lesson_id else None
    resume = None
    if last is not None:
        position = next((i for i, lesson in enumerate(lessons) if lesson.translation_key == last.translation_key), None)
        if position is not None:
            # The lesson last worked on while unfinished, else the next one not yet done.
            resume = next((lesson for lesson in lessons[position:] if lesson.pk not in done), None)
    return {
        "outline": groups,
        "done": done,
        "lessons": lessons,
        "resume": resume or next_lesson,
        "progress": progress_percent(enrolment) if enrolment else 0,
    }


def grading_queue(*, user: User) -> QuerySet[Submission]:
    """Submissions waiting for a grade, oldest first, of the courses the person teaches."""
    submissions = Submission.objects.filter(status=Submission.Status.SUBMITTED)
    if not user.is_coordinator:
        submissions = submissions.filter(enrolment__course__faculty=user)
    # The row shows the assignment as submitted (its JSON), so the lesson page is not joined.
    return submissions.select_related("enrolment__learner", "enrolment__course").order_by("submitted_at")


def queue_gradebooks(*, user: User, submissions) -> QuerySet[CoursePage]:
    """The gradebooks the grading page links to: the courses the person teaches and those of
    the submissions on the page. A coordinator may grade every course, but a link to each of
    hundreds of courses helps nobody; they reach any gradebook from the course's own links."""
    shown = {submission.enrolment.course_id for submission in submissions}
    return in_default_language(courses()).filter(Q(faculty=user) | Q(pk__in=shown)).distinct()


def gradebook_of(*, user: User, course: CoursePage) -> CoursePage | None:
    """The default-language course whose gradebook the person may open from its page (in any
    language): faculty of that course and coordinators; None for everyone else."""
    if not user.is_authenticated or not (user.is_faculty or user.is_coordinator):
        return None
    return taught_courses(user=user).filter(translation_key=course.translation_key).first()


def gradable_submissions(*, user: User) -> QuerySet[Submission]:
    submissions = Submission.objects.all()
    if not user.is_coordinator:
        submissions = submissions.filter(enrolment__course__faculty=user)
    return submissions.select_related("enrolment__learner", "enrolment__course", "lesson")


def taught_courses(*, user: User) -> QuerySet[CoursePage]:
    taught = in_default_language(courses())
    return taught if user.is_coordinator else taught.filter(faculty=user)


def gradebook_enrolments(*, course: CoursePage) -> QuerySet[Enrolment]:
    return with_progress(Enrolment.objects.filter(course=course).select_related("learner")).order_by(
        "learner__full_name", "pk"
    )


def gradebook(*, course: CoursePage, enrolments) -> dict:
    """`enrolments` (a page of `gradebook_enrolments`, or all of them for the CSV) by
    assessments: the best quiz score and the latest assignment grade per activity, from three
    queries whatever the size of the course, reading only the rows of these learners."""
    activities = []
    for lesson in LessonPage.objects.live().descendant_of(course).order_by("path"):
        for block in lesson.activities():
            title = block.value["title"]
            activities.append({"id": block.id, "kind": block.block_type, "title": title, "lesson": lesson.title})
    enrolments = list(enrolments)
    ids = [enrolment.pk for enrolment in enrolments]
    best_quiz: dict[tuple[int, str], int] = {}
    for enrolment_id, block_id, score in QuizAttempt.objects.filter(enrolment_id__in=ids).values_list(
        "enrolment_id", "block_id", "score"
    ):
        key = (enrolment_id, block_id)
        best_quiz[key] = max(best_quiz.get(key, 0), score)
    latest: dict[tuple[int, str], Submission] = {}
    for submission in Submission.objects.filter(enrolment_id__in=ids).order_by("number"):
        latest[(submission.enrolment_id, submission.block_id)] = submission
    rows = []
    for enrolment in enrolments:
        cells = []
        for activity in activities:
            key = (enrolment.pk, activity["id"])
            if activity["kind"] == "quiz":
                cells.append(f"{best_quiz[key]}%" if key in best_quiz else "")
            else:
                submission = latest.get(key)
                if submission is None:
                    cells.append("")
                elif submission.status == Submission.Status.SUBMITTED:
                    cells.append(gettext("to grade"))
                else:
                    cells.append(f"{submission.score}%")
        rows.append((enrolment, progress_percent(enrolment), cells))
    return {"activities": activities, "rows": rows}


def quiz_review(attempt) -> list[dict]:
    """Each question of an attempt with whether it was answered right and its feedback, shown
    open after every attempt (the right answers themselves are not given away)."""
    return [
        {"text": question["text"], "right": services.answered_right(question, given), "feedback": question["feedback"]}
        for question, given in zip(attempt.questions["questions"], attempt.answers, strict=False)
    ]


def quiz_form(block, last) -> list[tuple[dict, list[tuple[int, dict, bool]]]]:
    """The quiz's questions with the choices ticked as in the last attempt, so a second try
    starts from the first instead of an empty form."""
    given = last.answers if last is not None and len(last.answers) == len(block.value["questions"]) else []
    return [
        (question, [(i, choice, bool(given) and i in given[number]) for i, choice in enumerate(question["choices"])])
        for number, question in enumerate(block.value["questions"])
    ]
