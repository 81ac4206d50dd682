"""Core data: people, their roles, partner institutions, sponsors, notifications and audit.

Roles are Django groups so that Wagtail's and Django's permission machinery can use them too;
learner is not a group because everyone who signs up is a learner.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
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
        """Role names, learner first. Reads `groups` through the prefetch cache when present."""
        granted = {group.name for group in self.groups.all()}
        if self.is_superuser:
            granted.add(Role.COORDINATOR.value)
        return [Role.LEARNER.value] + [role.value for role in GRANTED_ROLES if role.value in granted]

    def has_role(self, role: Role | str) -> bool:
        return str(role) in self.roles

    @property
    def is_coordinator(self) -> bool:
        return self.has_role(Role.COORDINATOR)

    @property
    def is_faculty(self) -> bool:
        return self.has_role(Role.FACULTY)


class Notification(models.Model):
    """An email to a person, recorded before it is sent so that delivery can be retried,
    audited and never sent twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")  # recorded, delivery task scheduled after commit
        SENT = "sent", _("Sent")  # handed to the mail server
        FAILED = "failed", _("Failed")  # gave up after retries

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
    """Who did what to which object, when: written by services for every write that matters."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=80)
    target_type = models.CharField(max_length=80)
    target_id = models.CharField(max_length=40)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.verb} {self.target_type}:{self.target_id}"
