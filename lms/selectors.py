"""Shared reads of the core, shaped for their pages and the API."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import AuditEvent, Institution, OutboxMessage, User


def user_with_roles(*, user_id: int) -> User:
    return User.objects.select_related("institution").prefetch_related("groups").get(pk=user_id)


def partner_institutions() -> QuerySet[Institution]:
    return Institution.objects.filter(is_partner=True).order_by("country", "name")


def audit_events() -> QuerySet[AuditEvent]:
    """The audit trail, newest first, with each actor (one join, whatever the page size)."""
    return AuditEvent.objects.select_related("actor").order_by("-at", "-pk")


def deliveries_needing_attention() -> QuerySet[OutboxMessage]:
    """Follow-up work that failed, or is still pending well past its lease (stuck: the broker
    or the workers are down), oldest first."""
    from .outbox import lease

    stuck_before = timezone.now() - lease()
    return OutboxMessage.objects.filter(
        Q(status=OutboxMessage.Status.FAILED)
        | Q(status=OutboxMessage.Status.PENDING, created_at__lt=stuck_before, next_attempt_at__lt=stuck_before)
    ).order_by("created_at", "pk")
