"""Thin tasks of the core: ids in, a service does the work.

`run_outbox_message` is the only task the relay sends; the beat runs `relay_outbox` every few
seconds (work left by a broker outage or a killed worker) and `seal_audit` every minute.
"""

from celery import shared_task

from . import audit, outbox


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_outbox_message(message_id: int) -> None:
    outbox.run(message_id)


@shared_task(acks_late=True, ignore_result=True)
def relay_outbox() -> int:
    return outbox.relay_due()


@shared_task(acks_late=True, ignore_result=True)
def seal_audit() -> int:
    return audit.seal()
