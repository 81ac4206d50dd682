"""Residential training: programmes (observership, training fellowship, fellowship) described as
Wagtail pages, their intakes, applications with an explicit status workflow, reviews, and the
placement that follows a confirmed application (logbook, evaluation, feedback)."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from certificates.credit import CreditDesignation
from cms.blocks import BaseContentBlock
from cms.covers import CoverImageMixin
from cms.i18n import LocalizedPageMixin, source_page
from lms.model_i18n import translated
from lms.uploads import private_storage


class ProgrammeType(models.TextChoices):
    OBSERVERSHIP = "observership", _("Observership")
    TRAINING_FELLOWSHIP = "training_fellowship", _("Training fellowship")
    FELLOWSHIP = "fellowship", _("Fellowship")


# How long each type lasts, as (shortest, longest) after the start date. A fellowship is "more
# than twelve months": its shortest is twelve months and a day.
DURATION_BOUNDS: dict[str, tuple[relativedelta, relativedelta]] = {
    ProgrammeType.OBSERVERSHIP: (relativedelta(weeks=1), relativedelta(weeks=4)),
    ProgrammeType.TRAINING_FELLOWSHIP: (relativedelta(months=1), relativedelta(months=6)),
    ProgrammeType.FELLOWSHIP: (relativedelta(months=12, days=1), relativedelta(months=36)),
}

DURATION_WORDS = {
    ProgrammeType.OBSERVERSHIP: _("1 to 4 weeks"),
    ProgrammeType.TRAINING_FELLOWSHIP: _("1 to 6 months"),
    ProgrammeType.FELLOWSHIP: _("more than 12 months, at most 36"),
}


class DocumentKind(models.TextChoices):
    CV = "cv", _("Curriculum vitae")
    MOTIVATION_LETTER = "motivation_letter", _("Motivation letter")
    RECOMMENDATION_LETTER = "recommendation_letter", _("Recommendation letter")
    LICENCE = "licence", _("Professional licence")
    PASSPORT = "passport", _("Passport or ID")
    LANGUAGE_CERTIFICATE = "language_certificate", _("Language certificate")
    VACCINATION_RECORD = "vaccination_record", _("Vaccination record")


class ProgrammeIndexPage(LocalizedPageMixin, Page):
    """The programme catalogue: lists the published programmes below it, with filters."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["fellowships.ProgrammePage"]
    max_count = 1

    class Meta:
        verbose_name = _("programme catalogue")

    def get_context(self, request, *args, **kwargs):
        from .selectors import programme_catalogue

        context = super().get_context(request, *args, **kwargs)
        context.update(programme_catalogue(parent=self, params=request.GET))
        return context


PROFESSIONS_PLURAL = {"doctor": _("doctors"), "nurse": _("nurses"), "other": _("other health professionals")}


class ProgrammePage(LocalizedPageMixin, CoverImageMixin, Page):
    """A programme's description page, with what it takes to apply; its intakes hang off it."""

    programme_type = models.CharField(_("type"), max_length=20, choices=ProgrammeType.choices)
    department = models.CharField(_("department"), max_length=120)
    specialty = models.CharField(_("specialty"), max_length=120, blank=True)
    summary = models.TextField(_("summary"), max_length=600)
    body = StreamField(BaseContentBlock(), blank=True, use_json_field=True, verbose_name=_("description"))
    open_to_doctors = models.BooleanField(_("doctors may apply"), default=True)
    open_to_nurses = models.BooleanField(_("nurses may apply"), default=True)
    open_to_other = models.BooleanField(_("other health professionals may apply"), default=False)
    language_requirement = models.CharField(
        _("language requirement"), max_length=120, blank=True, help_text=_("e.g. Spanish B2 or English B2")
    )
    sponsorship_available = models.BooleanField(_("sponsorship can be requested"), default=False)
    faculty = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="programmes",
        verbose_name=_("supervising and reviewing faculty"),
        limit_choices_to={"groups__name": "faculty"},
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("department"),
        index.SearchField("specialty"),
        index.SearchField("body"),
        index.FilterField("programme_type"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("programme_type"), FieldPanel("department"), FieldPanel("specialty")], heading=_("Programme")
        ),
        MultiFieldPanel(
            [
                FieldPanel("open_to_doctors"),
                FieldPanel("open_to_nurses"),
                FieldPanel("open_to_other"),
                FieldPanel("language_requirement"),
                FieldPanel("sponsorship_available"),
                InlinePanel("required_documents", label=_("Documents an application needs")),
            ],
            heading=_("Who may apply and what they send"),
        ),
        InlinePanel("credits", label=_("Credit")),
        FieldPanel("faculty"),
    ]
    parent_page_types = ["fellowships.ProgrammeIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("programme")

    def professions_phrase(self) -> str:
        """"doctors and nurses": the professions that may apply, as a phrase in the reader's language."""
        return get_text_list([str(PROFESSIONS_PLURAL[p]) for p in self.professions()], _("and"))

    def who_may_apply(self) -> str:
        return capfirst(self.professions_phrase())

    def admits(self, profession: str) -> bool:
        """Whether someone of `profession` may apply; an account without one (sign-up asks for
        it) is not turned away."""
        return not profession or profession in self.professions()

    def professions(self) -> list[str]:
        return [
            profession
            for profession, allowed in (
                ("doctor", self.open_to_doctors),
                ("nurse", self.open_to_nurses),
                ("other", self.open_to_other),
            )
            if allowed
        ]

    def required_document_kinds(self) -> list[str]:
        return [row.kind for row in self.required_documents.all()]

    def duration_words(self):
        return DURATION_WORDS[self.programme_type]

    def get_context(self, request, *args, **kwargs):
        from .selectors import open_intakes

        context = super().get_context(request, *args, **kwargs)
        context["intakes"] = open_intakes(programme=self)
        context["may_apply"] = self.admits(getattr(request.user, "profession", ""))
        return context


class ProgrammeCredit(CreditDesignation):
    programme = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="credits")


class RequiredDocument(Orderable):
    programme = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="required_documents")
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)

    panels = [FieldPanel("kind")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["programme", "kind"], name="required_document_once")]

    def __str__(self) -> str:
        return self.get_kind_display()


class Intake(models.Model):
    """A programme's application window, the start dates it offers, and its places. It belongs
    to the default-language programme page, so every translation of the page shows it."""

    programme = models.ForeignKey(ProgrammePage, on_delete=models.PROTECT, related_name="intakes")
    title = models.CharField(_("title"), max_length=120, help_text=_("e.g. Spring 2027"))
    opens_on = models.DateField(_("applications open"))
    closes_on = models.DateField(_("applications close"))
    earliest_start = models.DateField(_("earliest start"))
    latest_start = models.DateField(_("latest start"))
    places = models.PositiveSmallIntegerField(_("places"))
    offer_days = models.PositiveSmallIntegerField(
        _("days to accept an offer"), default=14, help_text=_("The applicant confirms within this many days.")
    )

    panels = [
        FieldPanel("programme"),
        translated("title", _("title")),
        FieldPanel("opens_on"),
        FieldPanel("closes_on"),
        FieldPanel("earliest_start"),
        FieldPanel("latest_start"),
        FieldPanel("places"),
        FieldPanel("offer_days"),
    ]

    class Meta:
        ordering = ["earliest_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="intake_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(latest_start__gte=models.F("earliest_start")), name="intake_start_window_ordered"
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="intake_places_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.title} · {self.title}"

    def clean(self) -> None:
        """An editor may pick a translated programme page: keep the default-language one."""
        if self.programme_id is not None:
            self.programme = source_page(self.programme)

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today <= self.closes_on


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    INTERVIEW = "interview", _("Interview")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    REJECTED = "rejected", _("Not accepted")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DISCONTINUED = "discontinued", _("Discontinued")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# An application in one of these has ended without a placement: the person may apply again.
CLOSED_STATUSES = (Status.REJECTED, Status.DECLINED, Status.WITHDRAWN)
# These hold one of the intake's places.
PLACE_STATUSES = (Status.ACCEPTED, Status.CONFIRMED, Status.IN_PROGRESS, Status.COMPLETED)


# What the applicant fills in while the application is a draft (forms, API and services agree).
DRAFT_FIELDS = (
    "current_position",
    "institution",
    "institution_other",
    "start_date",
    "end_date",
    "motivation",
    "language_level",
    "sponsorship_requested",
    "sponsor",
)


class Application(models.Model):
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications")
    intake = models.ForeignKey(Intake, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    current_position = models.CharField(_("current position"), max_length=200, blank=True)
    institution = models.ForeignKey(
        "lms.Institution", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("institution")
    )
    institution_other = models.CharField(_("other institution"), max_length=200, blank=True)
    start_date = models.DateField(_("requested start"), null=True, blank=True)
    end_date = models.DateField(_("requested end"), null=True, blank=True)
    motivation = models.TextField(_("motivation"), blank=True, max_length=6000)
    language_level = models.CharField(_("language level"), max_length=60, blank=True)
    sponsorship_requested = models.BooleanField(_("I ask for sponsorship"), default=False)
    sponsor = models.ForeignKey(
        "lms.Sponsor", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("sponsor")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)
    offer_deadline = models.DateField(null=True, blank=True)
    offer_letter = models.FileField(storage=private_storage, upload_to="offer-letters/", blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "intake"],
                condition=~Q(status__in=CLOSED_STATUSES),
                name="application_one_active_per_person_per_intake",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gt=models.F("start_date")),
                name="application_ends_after_it_starts",
                violation_error_code="end_before_start",
                violation_error_message=_("The requested end must come after the requested start."),
            ),
        ]
        indexes = [
            models.Index(fields=["intake", "status"], name="application_pipeline_idx"),
            # The pipeline's order (oldest submission first) and an applicant's list (newest first).
            models.Index(fields=["intake", "submitted_at", "id"], name="application_intake_sub_idx"),
            models.Index(fields=["applicant", "-created_at"], name="application_mine_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} · {self.intake} · {self.status}"

    @property
    def programme(self) -> ProgrammePage:
        return self.intake.programme

    def institution_name(self) -> str:
        return self.institution.name if self.institution_id else self.institution_other


class ApplicationDocument(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(storage=private_storage, upload_to="application-documents/")
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class Recommendation(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    WAITLIST = "waitlist", _("Waitlist")
    REJECT = "reject", _("Do not accept")


def _one_to_five(label):
    return models.PositiveSmallIntegerField(label, choices=[(n, str(n)) for n in range(1, 6)])


class Review(models.Model):
    """A reviewer's scores (1 to 5 per criterion), recommendation and comments: internal, never
    shown to the applicant."""

    CRITERIA = ("experience", "motivation", "fit", "language")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    experience = _one_to_five(_("clinical experience"))
    motivation = _one_to_five(_("motivation"))
    fit = _one_to_five(_("fit with the programme"))
    language = _one_to_five(_("language"))
    recommendation = models.CharField(_("recommendation"), max_length=10, choices=Recommendation.choices)
    comments = models.TextField(_("comments"), blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="review_one_per_reviewer"),
            *[
                models.CheckConstraint(condition=Q(**{f"{c}__gte": 1, f"{c}__lte": 5}), name=f"review_{c}_1_to_5")
                for c in ("experience", "motivation", "fit", "language")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id} on {self.application_id}"

    @property
    def total(self) -> int:
        return self.experience + self.motivation + self.fit + self.language


class Placement(models.Model):
    """The training itself, once the applicant has confirmed: who supervises, where, when."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="placement")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="supervised_placements"
    )
    department = models.CharField(_("department"), max_length=120)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="placement_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"placement {self.pk} of application {self.application_id}"


class LogbookEntry(models.Model):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="logbook")
    day = models.DateField(_("date"))
    activity = models.CharField(_("activity or procedure"), max_length=250)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    countersigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["day", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=24), name="logbook_hours_in_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.activity}"


class Evaluation(models.Model):
    """The supervisor's final evaluation; a satisfactory one completes the placement."""

    COMPETENCIES = ("clinical_knowledge", "clinical_skills", "professionalism", "communication")

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="evaluation")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    clinical_knowledge = _one_to_five(_("clinical knowledge"))
    clinical_skills = _one_to_five(_("clinical skills"))
    professionalism = _one_to_five(_("professionalism"))
    communication = _one_to_five(_("communication and teamwork"))
    satisfactory = models.BooleanField(_("overall satisfactory"))
    comments = models.TextField(_("comments"), blank=True, max_length=4000)
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"evaluation of placement {self.placement_id}"


class TraineeFeedback(models.Model):
    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="feedback")
    rating = _one_to_five(_("overall, how was your training?"))
    best = models.TextField(_("what was most useful"), blank=True, max_length=2000)
    improve = models.TextField(_("what we should improve"), blank=True, max_length=2000)
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"feedback on placement {self.placement_id}"
