"""The transactional outbox: follow-up work is a row written with the change that causes it,
and a relay hands it to Celery.

- `enqueue` writes the row inside the caller's transaction and, after commit, tries to hand it
  to the broker (the fast path). If the broker is down the request still succeeds: the row
  stays pending and `relay_due` (a beat task every few seconds) hands it over once the broker
  is back.
- `run` is what the worker does: it claims the row with a lease (so a second delivery of the
  same message, or the sweep, does not run it twice while it runs), calls the handler, and
  marks the row done. A worker killed mid-run leaves the row pending: the lease runs out and
  the sweep hands it over again. A failure is retried with exponential backoff until
  MAX_ATTEMPTS, then the row is failed and the handler's `on_give_up` runs; coordinators see
  failed and stuck work on /deliveries/ and can retry it.
- Handlers take ids and are idempotent (a notification already sent is not sent again, a
  certificate already rendered is not rendered again), so at-least-once delivery never shows.

Compared with the outbox packages on PyPI (django-outbox-pattern, django-transactional-outbox):
they publish to a message bus of their own (STOMP) or stop at writing the row; we need rows
that run our Celery handlers with leases, backoff and a coordinator's retry, which is this
small module.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import OutboxMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
RELAY_BATCH = 500


@dataclass(frozen=True)
class Handler:
    kind: str
    run: Callable[..., Any]
    # Called (in a transaction) when the outbox gives up, so the domain can show the failure
    # (a certificate becomes "failed"); and when a coordinator retries, to undo that.
    on_give_up: Callable[..., Any] | None = None
    on_retry: Callable[..., Any] | None = None


_handlers: dict[str, Handler] = {}


def handles(kind: str, *, on_give_up: Callable | None = None, on_retry: Callable | None = None):
    """Register a service function as the handler of one kind of follow-up work. It is called
    with the message's payload as keyword arguments."""

    def register(function):
        _handlers[kind] = Handler(kind=kind, run=function, on_give_up=on_give_up, on_retry=on_retry)
        return function

    return register


def handler_for(kind: str) -> Handler:
    if kind not in _handlers:
        autodiscover_modules("services")
    return _handlers[kind]


def lease() -> timedelta:
    """How long a worker may run one message before the sweep hands it to another worker."""
    return timedelta(seconds=getattr(settings, "OUTBOX_LEASE_SECONDS", 120))


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(5 * 2 ** max(attempts - 1, 0), 15 * 60))


def enqueue(kind: str, **payload: Any) -> OutboxMessage:
    """Record follow-up work in the current transaction; it is handed to a worker after commit."""
    message = OutboxMessage.objects.create(kind=kind, payload=payload, next_attempt_at=timezone.now() + lease())
    transaction.on_commit(lambda: publish_or_leave_to_sweep(message.pk))
    return message


def publish_or_leave_to_sweep(message_id: int) -> None:
    """The fast path after commit; when the broker cannot take it, the message is due at once
    for the sweep instead of one lease later."""
    if not publish(message_id):
        OutboxMessage.objects.filter(pk=message_id, status=OutboxMessage.Status.PENDING).update(
            next_attempt_at=timezone.now()
        )


def publish(message_id: int) -> bool:
    """Hand one message to the broker. Never raises: a broker that cannot be reached leaves the
    message pending for the sweep, and the request that caused it carries on."""
    from kombu.exceptions import KombuError

    from .tasks import run_outbox_message

    try:
        run_outbox_message.apply_async((message_id,), retry=False)
    except (KombuError, OSError) as error:
        logger.warning("broker unreachable, outbox message %s waits for the sweep: %s", message_id, error)
        return False
    return True


def relay_due(*, now=None) -> int:
    """Hand every due pending message to the broker (beat runs this every few seconds). Each is
    pushed forward by one lease first, so a slow broker does not get it twice from two sweeps."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:RELAY_BATCH]
        )
        OutboxMessage.objects.filter(pk__in=due).update(next_attempt_at=now + lease())
    for published, message_id in enumerate(due):
        if not publish(message_id):
            OutboxMessage.objects.filter(pk__in=due[published:]).update(next_attempt_at=now)
            return published
    return len(due)


def _claim(message_id: int) -> OutboxMessage | None:
    """Take the message for this worker if it is pending and not under another worker's lease.
    One conditional UPDATE decides: of two deliveries of the same message, the database lets
    exactly one change the row, and the other finds the lease taken."""
    now = timezone.now()
    lease_end = now + lease()
    claimed = (
        OutboxMessage.objects.filter(pk=message_id, status=OutboxMessage.Status.PENDING)
        .filter(Q(claimed_until=None) | Q(claimed_until__lte=now))
        .update(attempts=F("attempts") + 1, claimed_until=lease_end, next_attempt_at=lease_end)
    )
    if not claimed:
        return None
    return OutboxMessage.objects.get(pk=message_id)


def run(message_id: int) -> OutboxMessage | None:
    """Run one message's handler once; record success, or the failure and when to try again."""
    message = _claim(message_id)
    if message is None:
        return None
    handler = handler_for(message.kind)
    try:
        handler.run(**message.payload)
    except Exception as error:  # any failure of follow-up work is recorded and retried (see pyproject)
        logger.warning("outbox message %s (%s) failed: %r", message.pk, message.kind, error)
        _note_failure(message, handler, repr(error))
        return message
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.DONE, done_at=timezone.now(), claimed_until=None, last_error=""
    )
    message.status = OutboxMessage.Status.DONE
    return message


def _note_failure(message: OutboxMessage, handler: Handler, error: str) -> None:
    with transaction.atomic():
        locked = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        locked.last_error = error[:4000]
        locked.claimed_until = None
        if locked.attempts >= MAX_ATTEMPTS:
            locked.status = OutboxMessage.Status.FAILED
            if handler.on_give_up is not None:
                handler.on_give_up(reason=error, **locked.payload)
        else:
            locked.next_attempt_at = timezone.now() + backoff(locked.attempts)
        locked.save(update_fields=["last_error", "claimed_until", "status", "next_attempt_at"])


def reset(message: OutboxMessage) -> None:
    """Send a failed or stuck message again from its first attempt (the caller holds its row
    lock); a failed one first undoes what giving up did (a certificate back to pending)."""
    handler = handler_for(message.kind)
    if message.status == OutboxMessage.Status.FAILED and handler.on_retry is not None:
        handler.on_retry(**message.payload)
    message.status = OutboxMessage.Status.PENDING
    message.attempts = 0
    message.claimed_until = None
    message.next_attempt_at = timezone.now() + lease()
    message.save(update_fields=["status", "attempts", "claimed_until", "next_attempt_at"])
    transaction.on_commit(lambda: publish_or_leave_to_sweep(message.pk))
