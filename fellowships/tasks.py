"""Thin tasks of fellowships: a service does the work."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def erase_unaccepted_applications_task() -> int:
    return services.erase_unaccepted_applications()
