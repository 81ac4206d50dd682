"""Simulation training: scenarios with an assessment checklist, rooms, scheduled sessions,
bookings with a waitlist, attendance and checklist assessment."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from certificates.credit import CreditDesignation
from lms.model_i18n import translated


class Audience(models.TextChoices):
    NURSES = "nurses", _("Nurses")
    DOCTORS = "doctors", _("Doctors")
    INTERPROFESSIONAL = "interprofessional", _("Interprofessional")


class Scenario(ClusterableModel):
    """A scripted clinical situation run on manikins, with the checklist facilitators assess."""

    title = models.CharField(_("title"), max_length=200)
    discipline = models.CharField(_("discipline"), max_length=100, help_text=_("e.g. Neonatal resuscitation"))
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    learning_objectives = models.TextField(_("learning objectives"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    equipment = models.TextField(_("equipment and manikins"), blank=True)
    hours = models.DecimalField(_("certified hours"), max_digits=4, decimal_places=1, default=2)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=80)
    validity_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"), null=True, blank=True, help_text=_("e.g. 24 for resuscitation skills.")
    )

    panels = [
        translated("title", _("title")),
        translated("discipline", _("discipline")),
        FieldPanel("audience"),
        translated("learning_objectives", _("learning objectives")),
        FieldPanel("duration_minutes"),
        translated("equipment", _("equipment and manikins")),
        FieldPanel("hours"),
        FieldPanel("pass_mark"),
        FieldPanel("validity_months"),
        InlinePanel("checklist", label=_("Assessment checklist")),
        InlinePanel("credits", label=_("Credit")),
    ]

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="scenario_pass_mark_percent"),
        ]

    def __str__(self) -> str:
        return self.title


class ScenarioCredit(CreditDesignation):
    scenario = ParentalKey(Scenario, on_delete=models.CASCADE, related_name="credits")


class ChecklistItem(models.Model):
    scenario = ParentalKey(Scenario, on_delete=models.CASCADE, related_name="checklist")
    sort_order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("item"), max_length=250)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    critical = models.BooleanField(_("critical"), default=False, help_text=_("Missing it fails the participant."))

    panels = [translated("text", _("item")), FieldPanel("weight"), FieldPanel("critical")]

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(weight__gte=1), name="checklist_item_weight_positive")]

    def __str__(self) -> str:
        return self.text


class Room(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    equipment = models.TextField(_("equipment"), blank=True)

    panels = [translated("name", _("name")), FieldPanel("capacity"), translated("equipment", _("equipment"))]

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(capacity__gte=1), name="room_capacity_positive")]

    def __str__(self) -> str:
        return f"{self.name} ({self.capacity})"


class Session(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")  # open for booking until it starts
        CANCELLED = "cancelled", _("Cancelled")  # called off; everyone booked was told

    scenario = models.ForeignKey(Scenario, on_delete=models.PROTECT, related_name="sessions")
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    places = models.PositiveSmallIntegerField(_("places"))
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="facilitated_sessions")
    cancellation_hours = models.PositiveSmallIntegerField(_("cancellation deadline (hours before)"), default=24)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    debrief_notes = models.TextField(_("debrief notes (facilitators only)"), blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(places__gte=1), name="session_places_positive"),
        ]
        # Upcoming sessions and the facilitators' list, both by start time.
        indexes = [models.Index(fields=["starts_at", "id"], name="session_starts_idx")]

    def __str__(self) -> str:
        # The reader's date format and month names (it appears in messages and pickers).
        return f"{self.scenario} · {date_format(timezone.localtime(self.starts_at), 'j M Y, H:i')}"

    @property
    def cancellation_deadline(self):
        return self.starts_at - timedelta(hours=self.cancellation_hours)


class Booking(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")  # holds one of the session's places
        WAITLISTED = "waitlisted", _("Waitlisted")  # waits, in order of waitlisted_at, for a place
        CANCELLED = "cancelled", _("Cancelled")  # withdrawn by the person or the session was cancelled
        ATTENDED = "attended", _("Attended")  # came; may be assessed
        NO_SHOW = "no_show", _("No-show")  # held a place and did not come

    # Statuses that hold one of the session's places: booked, then marked present or absent.
    PLACE_STATUSES = (Status.CONFIRMED, Status.ATTENDED, Status.NO_SHOW)

    class Result(models.TextChoices):
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Not yet competent")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="bookings")
    participant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sim_bookings")
    status = models.CharField(max_length=12, choices=Status.choices)
    booked_at = models.DateTimeField(auto_now_add=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=10, choices=Result.choices, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    feedback = models.TextField(_("feedback for the participant"), blank=True)

    class Meta:
        ordering = ["session__starts_at", "booked_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="booking_one_per_person_per_session"),
        ]
        indexes = [models.Index(fields=["session", "status", "waitlisted_at"], name="booking_waitlist_idx")]

    def __str__(self) -> str:
        return f"{self.participant_id} · {self.session_id} · {self.status}"


class ItemRating(models.Model):
    class Rating(models.TextChoices):
        DONE = "done", _("Done")
        PARTLY = "partly", _("Partly")
        NOT_DONE = "not_done", _("Not done")

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="ratings")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(max_length=10, choices=Rating.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["booking", "item"], name="item_rating_once_per_booking")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.rating}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's private iCalendar feed: its URL carries an unguessable token."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="simulation_feed")
    token = models.CharField(max_length=40, unique=True, default=new_feed_token)

    def __str__(self) -> str:
        return f"feed of {self.user_id}"
