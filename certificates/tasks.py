"""Certificate tasks: ids in, services do the work. Rendering is not a task of its own: it is
outbox work (certificates.render) run by lms.tasks.run_outbox_message."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def send_expiry_reminders_task() -> int:
    return services.send_expiry_reminders()


@shared_task(acks_late=True)
def requeue_stuck_renders_task() -> int:
    return services.requeue_stuck_renders()
