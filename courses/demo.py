"""Demo online courses: paediatric basic life support for nurses, paediatric sepsis recognition
and neonatal resuscitation (which needs the first), with modules, lessons, quizzes and an
assignment; learners at every stage, one who completed a course and holds its certificate."""

from collections.abc import Callable
from decimal import Decimal

from django.utils.text import slugify

from certificates.credit import CreditSystem, LearningFormat
from certificates.demo import ACCME_STATEMENT, ANCC_STATEMENT, NATIONAL_BODY
from cms.demo_covers import demo_cover
from cms.i18n import in_default_language
from cms.models import HomePage

from . import services
from .models import CourseCredit, CourseIndexPage, CoursePage, Enrolment, LessonPage, ModulePage


def _p(*paragraphs: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]


def _callout(title: str, text: str, kind: str = "info") -> dict:
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": f"<p>{text}</p>"}}


def _question(text: str, choices: list[tuple[str, bool]], feedback: str, kind: str = "single") -> dict:
    return {
        "text": text,
        "kind": kind,
        "choices": [{"text": choice, "correct": correct} for choice, correct in choices],
        "feedback": feedback,
    }


def _quiz(title: str, questions: list[dict], pass_mark: int = 80, attempts: int = 3) -> dict:
    return {
        "type": "quiz",
        "value": {"title": title, "pass_mark": pass_mark, "max_attempts": attempts, "questions": questions},
    }


PBLS_QUIZ = _quiz(
    "Check your understanding",
    [
        _question(
            "A child is unresponsive and not breathing normally. What do you give first?",
            [("Five rescue breaths", True), ("Thirty compressions", False), ("Adrenaline", False)],
            "Children usually arrest from hypoxia: open the airway and give five rescue breaths first.",
        ),
        _question(
            "What is the compression to ventilation ratio for two rescuers in a child?",
            [("15:2", True), ("30:2", False), ("3:1", False)],
            "Two healthcare rescuers use 15:2 in children; 3:1 is for newborns.",
        ),
        _question(
            "Which are signs of effective compressions? (choose all that apply)",
            [("Depth of a third of the chest", True), ("Rate of 100-120 a minute", True), ("Pausing every 5", False)],
            "Push hard (a third of the chest depth) and fast (100-120 a minute), with few interruptions.",
            kind="multiple",
        ),
    ],
)

PBLS_ASSIGNMENT = {
    "type": "assignment",
    "value": {
        "title": "Case reflection",
        "instructions": "<p>Describe a paediatric emergency you took part in (or one from our cases): what went "
        "well, what you would do differently, and what you will change on your ward.</p>",
        "allowed_types": ["pdf", "docx", "odt", "txt"],
        "pass_mark": 60,
        "rubric": [
            {
                "name": "Recognition and first actions",
                "levels": [
                    {"label": "Missing", "points": 0},
                    {"label": "Partial", "points": 2},
                    {"label": "Clear", "points": 4},
                ],
            },
            {
                "name": "Reflection and plan for practice",
                "levels": [
                    {"label": "Missing", "points": 0},
                    {"label": "Partial", "points": 3},
                    {"label": "Thoughtful", "points": 6},
                ],
            },
        ],
    },
}

COURSES = [
    {
        "title": "Paediatric basic life support for nurses",
        "slug": "paediatric-basic-life-support",
        "credits": [
            {"system": CreditSystem.ANCC, "amount": Decimal("4"), "provider_statement": ANCC_STATEMENT},
            {"system": CreditSystem.CPD_HOURS, "amount": Decimal("4"), "accrediting_body": NATIONAL_BODY},
        ],
        "summary": "Recognise the seriously ill child and start basic life support with confidence.",
        "audience": "nurses",
        "specialty": "Paediatric resuscitation",
        "language": "en",
        "cpd_hours": Decimal("4"),
        "estimated_hours": Decimal("3"),
        "certificate_validity_months": 24,
        "modules": [
            (
                "Recognition",
                [
                    (
                        "Why children arrest",
                        _p(
                            "Most cardiac arrests in children follow respiratory or circulatory failure.",
                            "Early recognition saves lives.",
                        ),
                    ),
                    (
                        "The ABCDE approach",
                        _p("Assess Airway, Breathing, Circulation, Disability and Exposure, in that order.")
                        + [_callout("Remember", "Treat what you find before moving on.", "tip")],
                    ),
                ],
            ),
            (
                "Basic life support",
                [
                    (
                        "The paediatric BLS algorithm",
                        _p("Open the airway, give five rescue breaths, then 15 compressions to 2 breaths.")
                        + [PBLS_QUIZ],
                    ),
                    ("Reflect on a case", _p("Apply what you learned to a real situation.") + [PBLS_ASSIGNMENT]),
                ],
            ),
        ],
    },
    {
        "title": "Recognising paediatric sepsis",
        "slug": "paediatric-sepsis-recognition",
        "credits": [
            {
                "system": CreditSystem.AMA_PRA_1,
                "amount": Decimal("2"),
                "learning_format": LearningFormat.ENDURING,
                "provider_statement": ACCME_STATEMENT,
            },
        ],
        "summary": "Spot sepsis early in children, escalate with SBAR and deliver the first hour of care.",
        "audience": "all",
        "specialty": "Paediatric sepsis",
        "language": "es",
        "cpd_hours": Decimal("2"),
        "estimated_hours": Decimal("2"),
        "certificate_validity_months": None,
        "modules": [
            (
                None,
                [
                    (
                        "Early warning signs",
                        _p("Use the paediatric early warning score (PEWS) at every set of observations."),
                    ),
                    (
                        "The first hour",
                        _p("Oxygen, access, cultures, antibiotics and fluids within the first hour.")
                        + [
                            _quiz(
                                "Sepsis quiz",
                                [
                                    _question(
                                        "When should antibiotics be given in suspected septic shock?",
                                        [("Within the first hour", True), ("After all results are back", False)],
                                        "Every hour of delay increases mortality.",
                                    ),
                                    _question(
                                        "Which belong to the first-hour bundle? (choose all that apply)",
                                        [("Blood cultures", True), ("Fluid bolus", True), ("CT scan", False)],
                                        "Cultures before antibiotics, then fluids with reassessment.",
                                        kind="multiple",
                                    ),
                                ],
                            )
                        ],
                    ),
                ],
            )
        ],
    },
    {
        "title": "Neonatal resuscitation",
        "slug": "neonatal-resuscitation",
        "credits": [{"system": CreditSystem.EACCME, "amount": Decimal("3"), "reference": "LEE26-00987"}],
        "summary": "The newborn life support algorithm: warmth, airway, inflation breaths, and when to compress.",
        "audience": "all",
        "specialty": "Neonatology",
        "language": "en",
        "cpd_hours": Decimal("3"),
        "estimated_hours": Decimal("2.5"),
        "certificate_validity_months": 24,
        "prerequisite": "paediatric-basic-life-support",
        "modules": [
            (
                None,
                [
                    ("At birth", _p("Dry, stimulate and keep the baby warm; start the clock.")),
                    (
                        "Airway and breathing",
                        _p("Five inflation breaths, then ventilation breaths; reassess the heart rate."),
                    ),
                ],
            )
        ],
    },
]


def _catalogue() -> CourseIndexPage:
    existing = in_default_language(CourseIndexPage.objects).first()
    if existing:
        return existing
    return (
        in_default_language(HomePage.objects)
        .first()
        .add_child(
            instance=CourseIndexPage(
                title="Online courses", slug="courses", intro="Learn at your pace, wherever you work."
            )
        )
    )


def _course(spec: dict, catalogue: CourseIndexPage, people: dict) -> CoursePage:
    existing = in_default_language(CoursePage.objects).filter(slug=spec["slug"]).first()
    if existing:
        return existing
    fields = {k: v for k, v in spec.items() if k not in ("modules", "prerequisite", "credits")}
    fields["cover_image"] = demo_cover(slug=spec["slug"], title=spec["title"])
    course = catalogue.add_child(instance=CoursePage(**fields))
    for credit in spec.get("credits", []):
        CourseCredit.objects.create(course=course, **credit)
    for module_title, lessons in spec["modules"]:
        parent = course
        if module_title:
            parent = course.add_child(instance=ModulePage(title=module_title, slug=slugify(module_title)))
        for title, body in lessons:
            parent.add_child(instance=LessonPage(title=title, body=body))
    course.faculty.set([people["faculty@example.org"]])
    if spec.get("prerequisite"):
        course.prerequisites.set([CoursePage.objects.get(slug=spec["prerequisite"])])
    course.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk)


def _lessons(course: CoursePage) -> list[LessonPage]:
    return list(LessonPage.objects.live().descendant_of(course).order_by("path"))


def _answers_all_right(lesson: LessonPage, block) -> list[list[int]]:
    return [
        [index for index, choice in enumerate(question["choices"]) if choice["correct"]]
        for question in block.value["questions"]
    ]


def _work_through(person, course: CoursePage, *, lessons: int, faculty=None) -> None:
    """Complete the first `lessons` lessons as a learner would (quizzes passed, assignments
    submitted and, when a grader is given, graded)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    for lesson in _lessons(course)[:lessons]:
        activities = lesson.activities()
        if not activities:
            services.complete_lesson(actor=person, lesson=lesson)
        for block in activities:
            if block.block_type == "quiz":
                services.submit_quiz(
                    actor=person, lesson=lesson, block_id=block.id, answers=_answers_all_right(lesson, block)
                )
            else:
                text = (
                    "On a night shift a 2-year-old became unresponsive; we opened the airway and gave rescue breaths."
                )
                upload = SimpleUploadedFile("reflection.txt", text.encode(), content_type="text/plain")
                submission = services.submit_assignment(
                    actor=person, lesson=lesson, block_id=block.id, text=text, upload=upload
                )
                if faculty is not None:
                    services.grade_submission(
                        actor=faculty, submission=submission, levels=[2, 2], feedback="Clear and honest."
                    )


def seed_courses(*, people: dict, log: Callable[[str], None]) -> None:
    catalogue = _catalogue()
    courses = [_course(spec, catalogue, people) for spec in COURSES]
    if Enrolment.objects.exists():
        log(f"{len(courses)} courses, {Enrolment.objects.count()} enrolments (kept)")
        return
    pbls, sepsis, _neonatal = courses
    faculty = people["faculty@example.org"]
    learners = [people[f"learner{n:02d}@example.org"] for n in range(1, 41)]
    # The nurse demo account is halfway through basic life support.
    services.enrol(actor=people["nurse@example.org"], course=pbls)
    _work_through(people["nurse@example.org"], pbls, lessons=2)
    # Learners at every stage; two completed (one through grading), one waiting for a grade.
    for person in learners[30:36]:
        services.enrol(actor=person, course=sepsis)
    _work_through(learners[30], sepsis, lessons=2)
    _work_through(learners[31], sepsis, lessons=1)
    for person in learners[30:34]:
        services.enrol(actor=person, course=pbls)
    _work_through(learners[30], pbls, lessons=4, faculty=faculty)
    _work_through(learners[31], pbls, lessons=4)
    _work_through(learners[32], pbls, lessons=3)
    completed = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED).count()
    log(f"{len(courses)} courses, {Enrolment.objects.count()} enrolments, {completed} completed")
