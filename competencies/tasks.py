"""Thin tasks of competencies: a service does the work."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def remind_and_expire_assessments_task() -> tuple[int, int]:
    return services.remind_and_expire_assessments()
