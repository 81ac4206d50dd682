from cms.demo import tree_root
from cms.i18n import in_default_language
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from tests.factories import FacultyFactory

_counter = iter(range(1, 10**6))


def catalogue() -> CourseIndexPage:
    existing = in_default_language(CourseIndexPage.objects).first()
    if existing:
        return existing
    root = tree_root()  # transactional tests flush the tree Wagtail's migrations made
    parent = root.get_children().first() or root
    return parent.add_child(instance=CourseIndexPage(title="Courses", slug="courses"))


def quiz_block(*, pass_mark=50, max_attempts=2) -> dict:
    """Two questions: one single-answer (B is right), one multiple (A and C are right)."""
    return {
        "type": "quiz",
        "value": {
            "title": "Quiz",
            "pass_mark": pass_mark,
            "max_attempts": max_attempts,
            "questions": [
                {
                    "text": "Ratio for two rescuers?",
                    "kind": "single",
                    "choices": [{"text": "30:2", "correct": False}, {"text": "15:2", "correct": True}],
                    "feedback": "15:2 in children.",
                },
                {
                    "text": "Signs of good compressions?",
                    "kind": "multiple",
                    "choices": [
                        {"text": "Depth a third", "correct": True},
                        {"text": "Pauses", "correct": False},
                        {"text": "100-120/min", "correct": True},
                    ],
                    "feedback": "Hard and fast.",
                },
            ],
        },
    }


def assignment_block(*, pass_mark=60, allowed=("pdf", "txt")) -> dict:
    return {
        "type": "assignment",
        "value": {
            "title": "Reflection",
            "instructions": "<p>Reflect on a case.</p>",
            "allowed_types": list(allowed),
            "pass_mark": pass_mark,
            "rubric": [
                {"name": "Recognition", "levels": [{"label": "No", "points": 0}, {"label": "Yes", "points": 4}]},
                {
                    "name": "Plan",
                    "levels": [
                        {"label": "No", "points": 0},
                        {"label": "Some", "points": 3},
                        {"label": "Yes", "points": 6},
                    ],
                },
            ],
        },
    }


def make_course(*, lessons=None, faculty=None, module=False, **fields) -> CoursePage:
    """A published course; `lessons` is a list of lesson bodies (lists of raw blocks)."""
    n = next(_counter)
    defaults = {
        "title": f"Paediatric life support {n}",
        "slug": f"course-{n}",
        "summary": "Basic life support for children.",
        "audience": "nurses",
        "specialty": "Resuscitation",
        "language": "en",
        "cpd_hours": 4,
    }
    course = catalogue().add_child(instance=CoursePage(**{**defaults, **fields}))
    parent = course.add_child(instance=ModulePage(title="Module one", slug=f"module-{n}")) if module else course
    bodies = lessons if lessons is not None else [[{"type": "paragraph", "value": "<p>Read me.</p>"}]]
    for number, body in enumerate(bodies, start=1):
        parent.add_child(instance=LessonPage(title=f"Lesson {number}", slug=f"lesson-{n}-{number}", body=body))
    course.faculty.set(faculty if faculty is not None else [FacultyFactory()])
    course.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk)


def lessons_of(course: CoursePage) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(course).order_by("path"))
