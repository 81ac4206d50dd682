"""Competencies and the training record.

A framework (CanMEDS-style) is a tree of roles, competencies and milestones; entrustable
professional activities (EPAs) name the competencies they draw on and the entrustment scale
they are assessed on. Domain apps link what they teach (a course, a programme, a simulation
checklist item, a live series) to competencies and EPAs with `TrainingLink`, and announce
evidence through `services.record_evidence`; this app imports no domain app, so links and
evidence point at their source through content types.
"""

import hashlib
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel


class Framework(models.Model):
    """A competency framework: the CASE CFDocument it is exchanged as."""

    identifier = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    creator = models.CharField(_("creator"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    version = models.CharField(_("version"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=35, default="en")
    source_uri = models.URLField(_("imported from"), blank=True, max_length=500)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("title"), FieldPanel("creator"), FieldPanel("description"), FieldPanel("version")]

    class Meta:
        verbose_name = _("competency framework")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Competency(models.Model):
    """One node of a framework's tree: a role, a competency under it, or a milestone under that
    (a CASE CFItem, its place given by an isChildOf association)."""

    class Level(models.TextChoices):
        ROLE = "role", _("Role")
        COMPETENCY = "competency", _("Competency")
        MILESTONE = "milestone", _("Milestone")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="competencies")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    identifier = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("code"), max_length=40, blank=True, help_text=_("As the framework numbers it, e.g. ME1."))
    statement = models.TextField(_("statement"))
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.COMPETENCY)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("framework"),
        FieldPanel("parent"),
        FieldPanel("level"),
        FieldPanel("code"),
        FieldPanel("statement"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["framework", "sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.statement}".strip() if self.code else self.statement


class Scale(ClusterableModel):
    """An entrustment scale: levels numbered from 1 upwards, the highest the most entrusted.
    The training office adds its own in the admin (checked as `services.create_scale` checks)."""

    identifier = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    # Built-in scales (Ottawa, O-SCORE) carry English anchors that are translated on display.
    builtin = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("entrustment scale")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return gettext(self.name) if self.builtin else self.name


class ScaleLevel(models.Model):
    scale = ParentalKey(Scale, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField(_("level"))
    label = models.CharField(_("anchor"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("value"), FieldPanel("label"), FieldPanel("description")]

    class Meta:
        ordering = ["scale", "value"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "value"], name="scale_level_once_per_scale"),
            models.CheckConstraint(condition=Q(value__gte=1), name="scale_level_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.value}. {self.display_label}"

    @property
    def display_label(self) -> str:
        return gettext(self.label) if self.scale.builtin else self.label


class EPA(models.Model):
    """An entrustable professional activity: a unit of work a supervisor entrusts a trainee with."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="epas")
    identifier = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("code"), max_length=40, blank=True, help_text=_("e.g. EPA 3"))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    competencies = models.ManyToManyField(Competency, verbose_name=_("competencies"), related_name="epas", blank=True)
    scale = models.ForeignKey(Scale, verbose_name=_("entrustment scale"), on_delete=models.PROTECT, related_name="+")
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("framework"),
        FieldPanel("code"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("scale"),
        FieldPanel("competencies"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("entrustable professional activity")
        verbose_name_plural = _("entrustable professional activities")
        ordering = ["framework", "sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class TrainingLink(models.Model):
    """That an activity (a course, a programme, a scenario or one of its checklist items, a live
    series) trains a competency or an EPA. Exactly one of the two is set."""

    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=40)
    target = GenericForeignKey("target_type", "target_id")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, null=True, blank=True, related_name="links")
    epa = models.ForeignKey(EPA, on_delete=models.CASCADE, null=True, blank=True, related_name="links")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(competency__isnull=True, epa__isnull=False) | Q(competency__isnull=False, epa__isnull=True),
                name="training_link_competency_or_epa",
            ),
            models.UniqueConstraint(
                fields=["target_type", "target_id", "competency"],
                condition=Q(competency__isnull=False),
                name="training_link_competency_once",
            ),
            models.UniqueConstraint(
                fields=["target_type", "target_id", "epa"],
                condition=Q(epa__isnull=False),
                name="training_link_epa_once",
            ),
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="training_link_target_idx")]

    def __str__(self) -> str:
        return f"{self.target_type_id}:{self.target_id} → {self.competency_id or self.epa_id}"


class EvidenceKind(models.TextChoices):
    COURSE_COMPLETED = "course_completed", _("Online course completed")
    QUIZ_PASSED = "quiz_passed", _("Quiz passed")
    ASSIGNMENT_PASSED = "assignment_passed", _("Assignment graded")
    CHECKLIST_ITEM = "checklist_item", _("Simulation checklist item done")
    LOGBOOK_ENTRY = "logbook_entry", _("Countersigned logbook entry")
    PLACEMENT_EVALUATION = "placement_evaluation", _("Final placement evaluation")
    CASE_PRESENTED = "case_presented", _("Case presented")
    SESSION_ATTENDED = "session_attended", _("Live session attended")


class Evidence(models.Model):
    """One thing a learner did that shows a competency, pointing back at its source (an
    enrolment, a quiz attempt, a rating, a logbook entry…). When its source is revoked or
    superseded the row is withdrawn, not deleted, so the record's history stays readable."""

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evidence")
    # PROTECT: a competency with evidence cannot be deleted, so evidence is never lost with it.
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=24, choices=EvidenceKind.choices)
    title = models.CharField(_("what"), max_length=300)
    occurred_on = models.DateField(_("date"))
    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    source_id = models.CharField(max_length=40)
    source = GenericForeignKey("source_type", "source_id")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "competency"],
                condition=Q(withdrawn_at__isnull=True),
                name="evidence_once_per_source_and_competency",
            )
        ]
        indexes = [
            models.Index(fields=["learner", "-occurred_on"], name="evidence_learner_idx"),
            models.Index(fields=["source_type", "source_id"], name="evidence_source_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.learner_id}: {self.title} → {self.competency_id}"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Assessment(models.Model):
    """A workplace-based EPA assessment: the trainee asks, the supervisor rates how far they
    would entrust the trainee with the activity, on the EPA's scale."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for the supervisor")
        COMPLETED = "completed", _("Completed")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")

    class Setting(models.TextChoices):
        WARD = "ward", _("Ward")
        CLINIC = "clinic", _("Outpatient clinic")
        EMERGENCY = "emergency", _("Emergency department")
        CRITICAL_CARE = "critical_care", _("Intensive care")
        THEATRE = "theatre", _("Operating theatre")
        SIMULATION = "simulation", _("Simulation centre")
        OTHER = "other", _("Other")

    class Complexity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    epa = models.ForeignKey(EPA, verbose_name=_("EPA"), on_delete=models.PROTECT, related_name="assessments")
    trainee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="epa_assessments")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervisor"),
        on_delete=models.PROTECT,
        related_name="epa_assessments_to_complete",
    )
    setting = models.CharField(_("setting"), max_length=16, choices=Setting.choices)
    complexity = models.CharField(_("complexity"), max_length=8, choices=Complexity.choices)
    note = models.CharField(_("what you did"), max_length=300, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    level = models.ForeignKey(
        ScaleLevel, verbose_name=_("entrustment"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    went_well = models.TextField(_("what went well"), blank=True, max_length=2000)
    to_work_on = models.TextField(_("what to work on"), blank=True, max_length=2000)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The one-time link's token, kept only as its SHA-256 digest; emptied once it is used.
    link_digest = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(level__isnull=False, completed_at__isnull=False),
                name="assessment_completed_has_level",
            )
        ]
        indexes = [
            models.Index(fields=["trainee", "-requested_at"], name="assessment_trainee_idx"),
            models.Index(fields=["supervisor", "status"], name="assessment_supervisor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.epa} · {self.trainee_id} · {self.status}"


class Committee(models.Model):
    """A programme's competence committee: its members review their trainees' progress and
    record decisions. The training office keeps the membership."""

    name = models.CharField(_("name"), max_length=200)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("members"), related_name="committees")
    trainees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("trainees"), related_name="reviewed_by_committees", blank=True
    )
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="committees"
    )

    panels = [FieldPanel("name"), FieldPanel("framework"), FieldPanel("members"), FieldPanel("trainees")]

    class Meta:
        verbose_name = _("competence committee")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    """Stages of competence by design (Royal College of Physicians and Surgeons of Canada)."""

    TRANSITION_TO_DISCIPLINE = "transition_to_discipline", _("Transition to discipline")
    FOUNDATIONS = "foundations", _("Foundations of discipline")
    CORE = "core", _("Core of discipline")
    TRANSITION_TO_PRACTICE = "transition_to_practice", _("Transition to practice")


class Concern(models.Model):
    """A supervisor's or committee member's flag on a trainee's progress, for the committee."""

    trainee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    epa = models.ForeignKey(EPA, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("concern"), max_length=2000)
    raised_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]

    def __str__(self) -> str:
        return f"concern about {self.trainee_id}"


class CommitteeDecision(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="decisions")
    trainee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(_("stage reached"), max_length=32, choices=Stage.choices)
    rationale = models.TextField(_("rationale"), max_length=4000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.trainee_id}: {self.stage}"


class Transcript(models.Model):
    """What a learner chose to put in a transcript, frozen when it was issued: the certificate
    it is issued as (kind transcript) renders and signs this snapshot, never today's data."""

    class Section(models.TextChoices):
        CERTIFICATES = "certificates", _("Certificates and credits")
        COMPETENCIES = "competencies", _("Competencies and their evidence")
        EPAS = "epas", _("EPAs and entrustment")

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="transcripts")
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("until"), null=True, blank=True)
    sections = models.JSONField(default=list)
    snapshot = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"transcript {self.pk} of {self.learner_id}"
