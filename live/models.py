"""Live training: a series of clinical sessions (telematic, in-class or both) run by hub
faculty with partner hospitals; registrations, check-ins, attendance from several sources,
de-identified case presentations with the experts' recommendations, and the evaluation that
claims credit."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from certificates.credit import CreditDesignation
from cms.blocks import BaseContentBlock
from cms.i18n import LocalizedPageMixin
from lms.models import Institution
from lms.uploads import private_storage

from . import recurrence


class Mode(models.TextChoices):
    TELEMATIC = "telematic", _("Telematic")
    IN_CLASS = "in_class", _("In class")
    BOTH = "both", _("Telematic and in class")


class Series(ClusterableModel):
    """A recurring clinical session (e.g. paediatric oncology tumour board every other Thursday).
    Its recurrence is an RFC 5545 RRULE read in the series' own time zone, so 14:00 in Madrid
    stays 14:00 across the change to and from summer time."""

    title = models.CharField(_("title"), max_length=200)
    specialty = models.CharField(_("specialty"), max_length=120)
    summary = models.TextField(_("summary"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.TELEMATIC)
    faculty = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="live_series_taught", verbose_name=_("hub faculty"), blank=True
    )
    institutions = models.ManyToManyField(
        Institution, related_name="live_series", verbose_name=_("partner institutions connected"), blank=True
    )
    first_day = models.DateField(_("first session on"))
    start_time = models.TimeField(_("starts at (local time)"))
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    recurrence = models.CharField(
        _("recurrence (RRULE)"),
        max_length=250,
        help_text=_("e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;COUNT=12 (every other Thursday, 12 sessions)."),
    )
    video_url = models.URLField(_("video room link"), blank=True)
    dial_in = models.CharField(_("dial-in number"), max_length=120, blank=True)
    room = models.CharField(_("room (in class)"), max_length=120, blank=True)
    places = models.PositiveSmallIntegerField(_("places in the room"), null=True, blank=True)
    hours = models.DecimalField(_("certified hours per session"), max_digits=4, decimal_places=2, default=1)
    attendance_threshold = models.PositiveSmallIntegerField(_("attendance needed (% of the session)"), default=80)
    case_retention_days = models.PositiveSmallIntegerField(
        _("cases erased after (days)"), default=30, help_text=_("Counted from the end of the session.")
    )
    published = models.BooleanField(_("published"), default=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("specialty"),
        FieldPanel("summary"),
        FieldPanel("language"),
        FieldPanel("mode"),
        FieldPanel("faculty"),
        FieldPanel("institutions"),
        MultiFieldPanel(
            [
                FieldPanel("first_day"),
                FieldPanel("start_time"),
                FieldPanel("time_zone"),
                FieldPanel("duration_minutes"),
                FieldPanel("recurrence"),
            ],
            heading=_("Schedule"),
        ),
        FieldPanel("video_url"),
        FieldPanel("dial_in"),
        FieldPanel("room"),
        FieldPanel("places"),
        FieldPanel("hours"),
        FieldPanel("attendance_threshold"),
        FieldPanel("case_retention_days"),
        FieldPanel("published"),
        InlinePanel("credits", label=_("Credit")),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("live series")
        verbose_name_plural = _("live series")
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance_threshold__gte=1, attendance_threshold__lte=100),
                name="series_threshold_percent",
            ),
            models.CheckConstraint(condition=Q(duration_minutes__gte=5), name="series_duration_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def occurrences(self) -> list:
        """The starts its recurrence gives (aware, in UTC); see live/recurrence.py."""
        return recurrence.occurrences(
            first_day=self.first_day, start_time=self.start_time, time_zone=self.time_zone, rule=self.recurrence
        )

    def clean(self) -> None:
        """A rule or time zone we cannot read is refused on the form, before anything is saved."""
        super().clean()
        if self.first_day and self.start_time:
            self.occurrences()


class SeriesCredit(CreditDesignation):
    series = ParentalKey(Series, on_delete=models.CASCADE, related_name="credits")


class Session(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="sessions")
    # The start the recurrence gave it: a moved session keeps it, so regenerating never doubles.
    occurrence = models.DateTimeField()
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    check_in_code = models.CharField(max_length=8, blank=True)
    check_in_closes_at = models.DateTimeField(null=True, blank=True)
    recording_url = models.URLField(_("recording link"), blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["series", "occurrence"], name="live_session_once_per_occurrence"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="live_session_ends_after_start"),
        ]
        indexes = [models.Index(fields=["starts_at", "id"], name="live_session_starts_idx")]

    def __str__(self) -> str:
        # The reader's date format and month names (it appears in messages and pickers).
        return f"{self.series} · {date_format(timezone.localtime(self.starts_at), 'j M Y, H:i')}"

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def minutes_needed(self) -> int:
        """Minutes a participant must attend for credit: the series' share of this session."""
        return -(-self.duration_minutes * self.series.attendance_threshold // 100)


class Registration(models.Model):
    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        OBSERVER = "observer", _("Observer")  # follows the session; no credit
        PRESENTER = "presenter", _("Presenter")  # presents a case; may claim credit

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        CANCELLED = "cancelled", _("Cancelled")

    CREDIT_ROLES = (Role.PARTICIPANT, Role.PRESENTER)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="live_registrations")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.PARTICIPANT)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REGISTERED)
    registered_at = models.DateTimeField(auto_now_add=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    failed_check_ins = models.PositiveSmallIntegerField(default=0)
    # Minutes from the sources (check-in, video report, roster), overlaps counted once.
    minutes_attended = models.PositiveIntegerField(default=0)
    # A coordinator's correction, which wins over the sources; every change is an audit event.
    minutes_adjusted = models.PositiveIntegerField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session__starts_at", "registered_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="live_registration_once_per_person"),
        ]
        indexes = [models.Index(fields=["person", "-registered_at"], name="live_registration_person_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.session_id} · {self.role}"

    @property
    def minutes(self) -> int:
        return self.minutes_adjusted if self.minutes_adjusted is not None else self.minutes_attended

    @property
    def eligible(self) -> bool:
        """Attended enough of the session, in a role that earns credit."""
        return (
            self.status == self.Status.REGISTERED
            and self.role in self.CREDIT_ROLES
            and self.minutes >= self.session.minutes_needed
        )


class Presence(models.Model):
    """One stretch of time a person was there, from one source. Stretches may overlap (a
    check-in and a video report of the same hour); minutes are their union within the session."""

    class Source(models.TextChoices):
        CHECK_IN = "check_in", _("Check-in code")
        VIDEO_REPORT = "video_report", _("Video platform report")
        ROSTER = "roster", _("Roster (in class)")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="presences")
    source = models.CharField(max_length=14, choices=Source.choices)
    joined_at = models.DateTimeField()
    left_at = models.DateTimeField()

    class Meta:
        ordering = ["joined_at"]
        constraints = [
            models.CheckConstraint(condition=Q(left_at__gte=F("joined_at")), name="presence_leaves_after_joining")
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.source} {self.joined_at:%H:%M}-{self.left_at:%H:%M}"


class Case(models.Model):
    """A de-identified case a partner clinician presents for the experts' recommendations."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        DISCUSSED = "discussed", _("Recommendations given")
        ERASED = "erased", _("Erased")

    class AgeBand(models.TextChoices):
        NEWBORN = "0-28d", _("Newborn (0-28 days)")
        INFANT = "1-11m", _("Infant (1-11 months)")
        TODDLER = "1-4y", _("1-4 years")
        CHILD = "5-9y", _("5-9 years")
        PRETEEN = "10-14y", _("10-14 years")
        ADOLESCENT = "15-18y", _("15-18 years")
        ADULT = "19y+", _("19 years or over")

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other or not stated")

    # The fields of a case that are screened for identifiers, in the order shown.
    TEXT_FIELDS = ("presenting_problem", "history", "investigations", "management", "question")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="cases")
    presenter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="live_cases")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    presenting_problem = models.TextField(_("presenting problem"))
    history = models.TextField(_("history"), blank=True)
    investigations = models.TextField(_("investigations"), blank=True)
    management = models.TextField(_("current management"), blank=True)
    question = models.TextField(_("question for the experts"))
    # Words the screen flagged and the presenter confirmed as not identifying (e.g. a drug name).
    confirmed_not_identifying = models.JSONField(default=list, blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    erase_after = models.DateTimeField()

    class Meta:
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["status", "erase_after"], name="live_case_erasure_idx")]

    def __str__(self) -> str:
        return f"case {self.pk} · {self.session_id}"


class CaseAttachment(models.Model):
    """An image or report for a case. Images are stored re-encoded (pixels only); the name it
    was sent with is not kept, since file names often carry the patient's name."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to="live/cases/", max_length=200)
    extension = models.CharField(max_length=8)
    deidentification_confirmed = models.BooleanField(default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return f"attachment {self.pk} of case {self.case_id}"


class Evaluation(models.Model):
    """The three questions a participant answers before claiming credit."""

    class Change(models.TextChoices):
        YES = "yes", _("Yes")
        MAYBE = "maybe", _("Perhaps")
        NO = "no", _("No")

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="evaluation")
    relevance = models.PositiveSmallIntegerField(_("How relevant was this session to your practice? (1-5)"))
    change_practice = models.CharField(
        _("Will you change something in your practice?"), max_length=6, choices=Change.choices
    )
    comment = models.TextField(_("What could we do better?"), blank=True, max_length=2000)
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(relevance__gte=1, relevance__lte=5), name="evaluation_relevance_1_5")
        ]

    def __str__(self) -> str:
        return f"evaluation of {self.registration_id}"


class EnduringActivity(ClusterableModel):
    """A past session's recording opened as enduring material: people who did not earn credit
    live watch it and answer its questions for a credit of its own (accrediting bodies designate
    enduring material apart from the live activity, e.g. AMA's "enduring material" format).
    Open from `opens_on` to `closes_on` inclusive, in the series' time zone."""

    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="enduring", verbose_name=_("session recorded")
    )
    summary = models.TextField(_("what the recording covers"), blank=True)
    hours = models.DecimalField(_("certified hours"), max_digits=4, decimal_places=2, default=1)
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"))
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (% of answers right)"), default=80)
    published = models.BooleanField(_("published"), default=True)

    panels = [
        FieldPanel("session"),
        FieldPanel("summary"),
        FieldPanel("hours"),
        MultiFieldPanel([FieldPanel("opens_on"), FieldPanel("closes_on")], heading=_("Validity")),
        FieldPanel("pass_mark"),
        FieldPanel("published"),
        InlinePanel("questions", label=_("Question"), min_num=1),
        InlinePanel("credits", label=_("Credit")),
    ]

    class Meta:
        ordering = ["-closes_on", "pk"]
        verbose_name = _("enduring activity")
        verbose_name_plural = _("enduring activities")
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="enduring_closes_after_opening"),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=1, pass_mark__lte=100), name="enduring_pass_mark_percent"
            ),
        ]
        indexes = [models.Index(fields=["published", "closes_on"], name="live_enduring_open_idx")]

    def __str__(self) -> str:
        return str(self.session)

    def clean(self) -> None:
        """Only a held session with its recording can be offered, and the dates must make sense."""
        super().clean()
        errors = {}
        session = getattr(self, "session", None) if self.session_id else None
        if session is not None and not session.recording_url:
            errors["session"] = _("Add the session's recording link first.")
        elif session is not None and session.status == Session.Status.CANCELLED:
            errors["session"] = _("A cancelled session has no recording to offer.")
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("The last day comes on or after the first day.")
        if errors:
            raise ValidationError(errors)


class EnduringCredit(CreditDesignation):
    activity = ParentalKey(EnduringActivity, on_delete=models.CASCADE, related_name="credits")


class EnduringQuestion(Orderable):
    """A multiple-choice question about the recording: one right answer among two to six."""

    activity = ParentalKey(EnduringActivity, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("question"))
    choices = models.TextField(_("answers"), help_text=_("One per line, two to six."))
    correct = models.PositiveSmallIntegerField(_("number of the right answer"), help_text=_("1 for the first line."))

    panels = [FieldPanel("text"), FieldPanel("choices"), FieldPanel("correct")]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self) -> None:
        super().clean()
        count = len(self.choice_list)
        if not 2 <= count <= 6:
            raise ValidationError({"choices": _("Write two to six answers, one per line.")})
        if not self.correct or self.correct > count:
            raise ValidationError(
                {"correct": _("Give the number of one of the answers, from 1 to %(count)s.") % {"count": count}}
            )


class EnduringAttempt(models.Model):
    """One person's answers to an enduring activity. Attempts may be repeated until one passes;
    the passing one is the certificate's source."""

    activity = models.ForeignKey(EnduringActivity, on_delete=models.CASCADE, related_name="attempts")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enduring_attempts")
    answers = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField()  # % of questions answered right
    passed = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person"], condition=Q(passed=True), name="enduring_passed_once_per_person"
            )
        ]
        indexes = [models.Index(fields=["person", "-submitted_at"], name="live_enduring_attempt_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.activity_id} · {self.score}%"


class PeriodStatement(models.Model):
    """The source of a certificate for a period: it lists every live session (or recording) the
    person earned a certificate for between two dates, each with its own credit. The sessions'
    own certificates stay the credit-bearing documents; the statement carries no credit of its
    own, so credit is never counted twice. `listed` fingerprints the serials listed: asking again
    for the same period and the same sessions gives the same certificate, and a session certified
    later gives a new statement beside the first (each true on the day it was issued)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="live_statements")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    listed = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "starts_on", "ends_on", "listed"], name="live_statement_once_per_listing"
            ),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="live_statement_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.starts_on}–{self.ends_on}"


class SeriesIndexPage(LocalizedPageMixin, Page):
    """The public catalogue of live series, at /live/ (its slug stays "live"; `live:series-list`
    serves it), like the course and programme catalogues: the office writes and translates its
    introduction in the CMS. It lists every published series, each described by its SeriesPage
    in the reader's language where there is one."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["live.SeriesPage"]
    max_count = 1
    template = "live/series_list.html"

    class Meta:
        verbose_name = _("live series catalogue")

    def get_context(self, request, *args, **kwargs):
        from .selectors import series_catalogue

        context = super().get_context(request, *args, **kwargs)
        context.update(series_catalogue(request=request))
        return context


class SeriesPageManager(PageManager):
    """Series pages come with their series: whether a page is listed (search, the sitemap)
    reads it, and Wagtail loads the pages of a mixed list through each type's `objects`.
    SeriesPage.get_translations leaves the join out (see there)."""

    def get_queryset(self):
        return super().get_queryset().select_related("series")


class SeriesPage(LocalizedPageMixin, Page):
    """A series' public description in one language: its title, specialty, summary and a longer
    description, translated with the CMS's Translate action like course pages. The schedule,
    faculty, partners and credit are the series' own and shown from it, so the office keeps them
    in one place; /live/series/{id}/ leads here in the reader's language."""

    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="pages", verbose_name=_("series"))
    specialty = models.CharField(_("specialty"), max_length=120, blank=True)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    body = StreamField(BaseContentBlock(), blank=True, use_json_field=True, verbose_name=_("description"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("series"),
        FieldPanel("specialty"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("specialty")]
    parent_page_types = ["live.SeriesIndexPage"]
    subpage_types: list[str] = []
    template = "live/series.html"

    objects = SeriesPageManager()

    class Meta:
        verbose_name = _("live series page")

    # Addresses under /live/ that the site's own pages answer first: a series page there would
    # never be reached.
    RESERVED_SLUGS = frozenset({"series", "sessions", "cases", "registrations", "statements", "teaching", "recordings"})

    def clean(self) -> None:
        super().clean()
        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is taken by the site's own live pages: choose another.")})

    @property
    def listed(self) -> bool:
        """Search and the sitemap leave out the page of a series the office has unpublished
        (the page itself answers 404 then)."""
        return self.series.published

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.listed else []

    def get_translations(self, inclusive=False):
        """Without the manager's join: the admin narrows translations to a few columns
        (`.only("id", "locale")`), which cannot leave out a field it joins through."""
        return super().get_translations(inclusive=inclusive).select_related(None)

    def get_context(self, request, *args, **kwargs):
        from .selectors import series_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(series_page_context(request=request, series=self.series, page=self))
        return context
