"""Core data: people, their roles, partner institutions, sponsors, notifications and audit.

Roles are Django groups so that Wagtail's and Django's permission machinery can use them too;
learner is not a group because everyone who signs up is a learner.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Role(models.TextChoices):
    LEARNER = "learner", _("Learner")  # everyone with an account
    FACULTY = "faculty", _("Faculty")  # granted: grades, reviews, assesses what is assigned
    COORDINATOR = "coordinator", _("Coordinator")  # granted: the training office, sees all
    EDITOR = "editor", _("Editor")  # granted: writes content in the Wagtail admin


GRANTED_ROLES = (Role.FACULTY, Role.COORDINATOR, Role.EDITOR)


class Institution(models.Model):
    """A hospital or school that trainees come from; partners are the office's network."""

    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    is_partner = models.BooleanField(_("partner institution"), default=True)
    website = models.URLField(_("website"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.UniqueConstraint(Lower("name"), "country", name="institution_unique_name_per_country"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country.code})"


class Sponsor(models.Model):
    """Someone who funds trainees (scholarships, travel): applications may name one."""

    class Kind(models.TextChoices):
        FOUNDATION = "foundation", _("Foundation")  # charitable funder of scholarships
        GOVERNMENT = "government", _("Government body")  # ministry or public agency
        INSTITUTION = "institution", _("Home institution")  # the trainee's own hospital
        COMPANY = "company", _("Company")  # private sector sponsor
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.FOUNDATION)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sponsor")
        verbose_name_plural = _("sponsors")

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("The email must be set")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who logs in by email.

    `full_name` is the name exactly as it must appear on certificates, in any script; the
    inherited first/last name fields remain only because Wagtail's user admin forms use them.
    """

    class Profession(models.TextChoices):
        DOCTOR = "doctor", _("Doctor")
        NURSE = "nurse", _("Nurse")
        OTHER = "other", _("Other health professional")

    username = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(
        _("full name"),
        max_length=200,
        blank=True,
        help_text=_("Exactly as it must appear on your certificates."),
    )
    profession = models.CharField(_("profession"), max_length=20, choices=Profession.choices, blank=True)
    specialty = models.CharField(_("specialty"), max_length=120, blank=True)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    institution_other = models.CharField(
        _("other institution"),
        max_length=200,
        blank=True,
        help_text=_("If your institution is not in the list."),
    )
    country = CountryField(_("country"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    licence_number = models.CharField(
        _("professional licence number"),
        max_length=60,
        blank=True,
        help_text=_("Printed on CPD exports for accreditation registries, when given."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_unique_email_ci")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name or self.email

    @property
    def institution_name(self) -> str:
        return self.institution.name if self.institution_id else self.institution_other

    @property
    def roles(self) -> list[str]:
        """Role names, learner first. Read once per instance (so once per request for
        `request.user`, however many templates and checks ask); `groups` comes through the
        prefetch cache when present. Granting or revoking through `user.groups` forgets it
        (see `forget_roles`)."""
        cached = self.__dict__.get("_roles")
        if cached is None:
            granted = {group.name for group in self.groups.all()}
            if self.is_superuser:
                granted.add(Role.COORDINATOR.value)
            cached = [Role.LEARNER.value] + [role.value for role in GRANTED_ROLES if role.value in granted]
            self.__dict__["_roles"] = cached
        return cached

    def forget_roles(self) -> None:
        self.__dict__.pop("_roles", None)

    def has_role(self, role: Role | str) -> bool:
        return str(role) in self.roles

    @property
    def is_coordinator(self) -> bool:
        return self.has_role(Role.COORDINATOR)

    @property
    def is_faculty(self) -> bool:
        return self.has_role(Role.FACULTY)


class Notification(models.Model):
    """An email to a person, recorded in the recipient's language before it is sent, so that
    delivery can be retried, audited and never sent twice. An outbox message delivers it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")  # recorded; its outbox message will deliver it
        SENT = "sent", _("Sent")  # handed to the mail server
        FAILED = "failed", _("Failed")  # the outbox gave up after its attempts

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(max_length=250)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient_id}"


class AuditEvent(models.Model):
    """One thing that happened: who (by id; none for the system) did what to which object, and
    for a state change, from which status to which, with a comment. Timelines, the audit page
    and `verify_audit` all read this one table.

    The rows form a hash chain: once sealed (right after the transaction that wrote them
    commits, see lms/audit.py), each row carries `seq`, the hash of its predecessor and its own
    hash over its content. Personal data stays out of the hashed content: people are ids, and
    the free-text comment enters only as a keyed digest, so erasing a comment later leaves the
    chain verifiable.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    verb = models.CharField(max_length=80)
    target_type = models.CharField(max_length=80)
    target_id = models.CharField(max_length=40)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    comment = models.TextField(blank=True)
    # Whether the person the object belongs to (an applicant, a participant) may read this row
    # and its comment on their timeline; internal notes of the office are not.
    visible_to_owner = models.BooleanField(default=True)
    data = models.JSONField(default=dict, blank=True)  # ids and codes only, never personal data
    at = models.DateTimeField(default=timezone.now, db_index=True)
    comment_digest = models.CharField(max_length=64, blank=True)
    seq = models.PositiveBigIntegerField(null=True, blank=True, unique=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "at"], name="audit_target_idx"),
            models.Index(fields=["verb", "at"], name="audit_verb_idx"),
            models.Index(fields=["actor", "at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.verb} {self.target_type}:{self.target_id}"


class AuditChainHead(models.Model):
    """The last sealed row of the audit chain: one row, locked while new events are sealed, so
    sealers in several processes append one after another."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"audit chain at {self.seq}"


class OutboxMessage(models.Model):
    """Follow-up work (an email, a PDF to render, a letter) written in the same transaction as
    the change that causes it, and handed to Celery after commit by the relay (lms/outbox.py).
    A broker outage leaves the row pending; the beat sweep hands it over once the broker is
    back. Handlers are idempotent, so a second delivery does nothing."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")  # to be run at next_attempt_at (or running under a lease)
        DONE = "done", _("Done")  # the handler finished
        FAILED = "failed", _("Failed")  # gave up after its attempts; a coordinator may retry

    kind = models.CharField(_("kind"), max_length=60)
    payload = models.JSONField(default=dict)  # ids, never whole objects
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When the sweep may hand it to a worker (again): one lease after it was handed over (so a
    # killed worker's work comes back when the lease ends), a backoff after a failure.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # Set while a worker runs it: a second delivery of the same message waits until then.
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="outbox_due_idx"),
            models.Index(fields=["status", "created_at"], name="outbox_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.payload} ({self.status})"


class ErasureRequest(models.Model):
    """A person asks for their personal data to be erased; a coordinator confirms (legal holds,
    such as a placement still running, are theirs to judge) and the erasure runs."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")  # waiting for a coordinator
        ERASED = "erased", _("Erased")  # confirmed: personal data removed, a pseudonym left
        REFUSED = "refused", _("Refused")  # a coordinator refused, with the reason in the event
        CANCELLED = "cancelled", _("Cancelled")  # the person changed their mind

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="erasure_requests")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="requested"), name="erasure_one_open_request_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"erasure of {self.user_id} ({self.status})"
