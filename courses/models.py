"""Online courses: Wagtail pages for the catalogue, courses, modules and lessons (content lives
there), and the learning state beside them: enrolments, lesson progress, quiz attempts and
assignment submissions with their grades."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from certificates.credit import CreditDesignation
from cms.blocks import LessonBodyBlock
from cms.covers import CoverImageMixin
from cms.i18n import LocalizedPageMixin
from lms.uploads import private_storage


class Audience(models.TextChoices):
    ALL = "all", _("Doctors and nurses")
    DOCTORS = "doctors", _("Doctors")
    NURSES = "nurses", _("Nurses")


class CourseIndexPage(LocalizedPageMixin, Page):
    """The course catalogue: published courses with filters, search and each learner's state."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        from .selectors import catalogue

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue(parent=self, params=request.GET, user=request.user))
        return context


class CoursePage(LocalizedPageMixin, CoverImageMixin, Page):
    summary = models.TextField(_("summary"), max_length=600)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.ALL)
    specialty = models.CharField(_("specialty"), max_length=120, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    cpd_hours = models.DecimalField(_("CPD credit hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    estimated_hours = models.DecimalField(_("estimated duration (hours)"), max_digits=5, decimal_places=1, default=1)
    prerequisites = ParentalManyToManyField(
        "self", symmetrical=False, blank=True, related_name="required_by", verbose_name=_("prerequisites")
    )
    enrolment_open = models.BooleanField(_("enrolment open"), default=True)
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"), null=True, blank=True, help_text=_("e.g. 24 for life support courses.")
    )
    faculty = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="courses_taught",
        verbose_name=_("faculty"),
        limit_choices_to={"groups__name": "faculty"},
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("specialty"),
        index.FilterField("audience"),
        index.FilterField("language"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("specialty"),
                FieldPanel("language"),
                FieldPanel("cpd_hours"),
                FieldPanel("estimated_hours"),
                FieldPanel("certificate_validity_months"),
            ],
            heading=_("Course"),
        ),
        InlinePanel("credits", label=_("Credit")),
        FieldPanel("prerequisites"),
        FieldPanel("enrolment_open"),
        FieldPanel("faculty"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage", "courses.LessonPage"]

    class Meta:
        verbose_name = _("course")

    def get_context(self, request, *args, **kwargs):
        from .selectors import course_outline, enrolment_for, gradebook_of

        context = super().get_context(request, *args, **kwargs)
        enrolment = enrolment_for(user=request.user, course=self)
        context.update(course_outline(course=self, enrolment=enrolment))
        context["enrolment"] = enrolment
        context["gradebook"] = gradebook_of(user=request.user, course=self)
        return context


class CourseCredit(CreditDesignation):
    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="credits")


class ModulePage(LocalizedPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("module")


class LessonPage(LocalizedPageMixin, Page):
    body = StreamField(LessonBodyBlock(), use_json_field=True, verbose_name=_("body"))
    required = models.BooleanField(_("required for completion"), default=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)

    search_fields = [*Page.search_fields, index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("body"), FieldPanel("required"), FieldPanel("estimated_minutes")]
    parent_page_types = ["courses.CoursePage", "courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")

    def course(self) -> CoursePage:
        return CoursePage.objects.ancestor_of(self).get()

    def activities(self) -> list:
        """The quiz and assignment blocks of the lesson, in order (their ids are stable)."""
        return [block for block in self.body if block.block_type in ("quiz", "assignment")]

    def serve(self, request, *args, **kwargs):
        from .views import lesson

        return lesson(request, self)


class EnrolmentQuerySet(models.QuerySet):
    """`with_progress()` gives each enrolment `done_count` (its required live lessons done, a
    per-row subquery on an indexed key) and `required_count` (its course's required live
    lessons), the latter counted once per course of the rows fetched rather than once per row:
    the cost of a page of enrolments does not grow with the number of learners or courses."""

    _with_required_counts = False

    def with_progress(self) -> "EnrolmentQuerySet":
        done = (
            LessonProgress.objects.filter(enrolment=models.OuterRef("pk"), lesson__live=True, lesson__required=True)
            .order_by()
            .values("enrolment")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        clone = self.annotate(
            done_count=Coalesce(models.Subquery(done, output_field=models.IntegerField()), models.Value(0))
        )
        clone._with_required_counts = True
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._with_required_counts = self._with_required_counts
        return clone

    def _fetch_all(self):
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._with_required_counts and self._iterable_class is models.query.ModelIterable:
            attach_required_counts(self._result_cache)


def required_lessons_by_course(courses: dict[int, str]) -> dict[int, int]:
    """Required live lessons per course, from `{course id: tree path}`, in one grouped query
    per path length (one in practice: courses sit at the same depth of every locale's tree)."""
    counts = dict.fromkeys(courses, 0)
    by_length: dict[int, dict[str, int]] = {}
    for pk, path in courses.items():
        by_length.setdefault(len(path), {})[path] = pk
    for length, paths in by_length.items():
        rows = (
            LessonPage.objects.live()
            .filter(required=True, depth__gt=length // Page.steplen)
            .annotate(course_path=Substr("path", 1, length))
            .filter(course_path__in=list(paths))
            .order_by()
            .values("course_path")
            .annotate(n=models.Count("pk"))
        )
        for row in rows:
            counts[paths[row["course_path"]]] = row["n"]
    return counts


def attach_required_counts(enrolments: list["Enrolment"]) -> None:
    if not enrolments:
        return
    paths = {e.course_id: e.course.path for e in enrolments if "course" in e._state.fields_cache}
    missing = {e.course_id for e in enrolments} - set(paths)
    if missing:
        paths.update(CoursePage.objects.filter(pk__in=missing).values_list("pk", "path"))
    counts = required_lessons_by_course(paths)
    for enrolment in enrolments:
        enrolment.required_count = counts[enrolment.course_id]


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("In progress")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey(CoursePage, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    enrolled_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    last_lesson = models.ForeignKey(LessonPage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-enrolled_at"]
        constraints = [models.UniqueConstraint(fields=["learner", "course"], name="enrolment_once_per_course")]
        # My courses and the enrolments API: one learner's, newest first.
        indexes = [models.Index(fields=["learner", "-enrolled_at"], name="enrolment_learner_recent_idx")]

    def __str__(self) -> str:
        return f"{self.learner_id} in {self.course_id}"


class LessonProgress(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="lesson_completed_once")]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: lesson {self.lesson_id}"


class QuizAttempt(models.Model):
    """One graded attempt, with the questions and answers as they were at that moment."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="quiz_attempts")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64)
    number = models.PositiveSmallIntegerField()
    questions = models.JSONField()  # the quiz as shown: questions, choices, which were correct, feedback
    answers = models.JSONField()  # per question, the indexes of the choices given
    score = models.PositiveSmallIntegerField()  # percent
    passed = models.BooleanField()
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "block_id", "number"], name="quiz_attempt_numbered_once")
        ]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.block_id}"


class Submission(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for grading")
        GRADED = "graded", _("Graded")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="submissions")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64)
    number = models.PositiveSmallIntegerField()
    assignment = models.JSONField()  # title, rubric and pass mark as they were when submitted
    text = models.TextField(blank=True, max_length=20000)
    file = models.FileField(storage=private_storage, upload_to="submissions/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(auto_now_add=True)
    rubric_points = models.JSONField(null=True, blank=True)  # points given per criterion, in rubric order
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # percent of the rubric's points
    passed = models.BooleanField(null=True)
    feedback = models.TextField(blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "block_id", "number"], name="submission_numbered_once"),
            models.CheckConstraint(condition=~Q(text="") | ~Q(file=""), name="submission_has_text_or_file"),
        ]
        # The grading queue: submitted, oldest first.
        indexes = [models.Index(fields=["status", "submitted_at"], name="submission_queue_idx")]

    def __str__(self) -> str:
        return f"submission {self.number} of {self.block_id}"
