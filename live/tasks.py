"""Thin tasks of live training: a service does the work."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def send_reminders_task() -> int:
    return services.send_reminders()


@shared_task(acks_late=True, ignore_result=True)
def erase_expired_cases_task() -> int:
    return services.erase_expired_cases()
