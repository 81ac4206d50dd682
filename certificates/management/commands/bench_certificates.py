"""Measure certificate throughput: the real path (record the certificate, sign the credential,
make the QR code, render, store the PDF, mark it ready) against WeasyPrint alone rendering the
same HTML (the floor), each with the same number of worker processes.

Tasks run eagerly here, in the benchmark's worker processes, so the real path is timed end to
end without a broker. Email goes to memory. What it creates is deleted at the end.

With `--cohort`, it measures what a coordinator's cohort issue costs in production instead: this
process issues N certificates one transaction each (as `issue_for_cohort` does) and the running
Celery workers render them through the broker; the clock stops when the last one is ready. It
needs CELERY_BROKER_URL and workers started on the same database (their email backend applies).
"""

import logging
import multiprocessing
import resource
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction
from django.urls import get_resolver

from certificates import rendering, services
from certificates.cohorts import Completion
from certificates.models import Certificate, Kind
from lms.models import User

NAMES = ["José Núñez", "فاطمة الزهراء بنعلي", "王小明", "Алексей Петров", "प्रिया शर्मा", "ሰላም ተስፋዬ"]


def _issue_and_render(person_ids: list[int]) -> None:
    connections.close_all()
    for person in User.objects.filter(pk__in=person_ids):
        with transaction.atomic():
            services.issue_certificate(
                actor=None,
                completion=Completion(
                    recipient=person, kind=Kind.ONLINE_COURSE, title="Paediatric sepsis", source=person, hours=3
                ),
            )
    connections.close_all()


def _delete(person_ids: list[int]) -> None:
    for certificate in Certificate.objects.filter(recipient_id__in=person_ids):
        if certificate.pdf:
            certificate.pdf.delete(save=False)
    Certificate.objects.filter(recipient_id__in=person_ids).delete()
    User.objects.filter(pk__in=person_ids).delete()


def _render_floor(html_list: list[str]) -> None:
    for html in html_list:
        rendering.html_to_pdf(html)


def _timed(function, items: list, workers: int) -> float:
    chunks = [items[index::workers] for index in range(workers)]
    connections.close_all()
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers, initializer=_warm) as pool:
        pool.map(function, chunks)
    return time.perf_counter() - start


def _warm() -> None:
    """A long-running worker has its fonts and URLs loaded (emails reverse URLs): load them
    before the clock starts counting."""
    rendering.font_config()
    get_resolver().url_patterns  # noqa: B018 (imports every app's URL module once)


class Command(BaseCommand):
    help = "Issue and render N certificates through the real path and compare with WeasyPrint alone."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=50)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--cohort", action="store_true", help="issue here, render on the running Celery workers")
        parser.add_argument("--timeout", type=float, default=300, help="--cohort: seconds to wait for the workers")

    def handle(self, *args, count: int, workers: int, cohort: bool, timeout: float, **options):
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        logging.getLogger("celery").setLevel(logging.WARNING)
        stamp = time.time_ns()
        people = [
            User.objects.create(email=f"bench-{index}-{stamp}@bench.invalid", full_name=NAMES[index % len(NAMES)])
            for index in range(count)
        ]
        person_ids = [person.pk for person in people]
        if cohort:
            try:
                self._cohort(person_ids, timeout)
            finally:
                _delete(person_ids)
            return
        try:
            real_seconds = _timed(_issue_and_render, person_ids, workers)
            certificates = list(Certificate.objects.filter(recipient_id__in=person_ids).select_related("recipient"))
            ready = sum(certificate.status == Certificate.Status.READY for certificate in certificates)
            html = [rendering.certificate_html(certificate) for certificate in certificates]
            floor_seconds = _timed(_render_floor, html, workers)
        finally:
            _delete(person_ids)
        peak_kib = max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        )
        self.stdout.write(f"certificates: {count}, worker processes: {workers}, ready: {ready}")
        self.stdout.write(f"real path:       {count / real_seconds:7.1f} PDFs/s ({real_seconds:.2f} s)")
        self.stdout.write(f"WeasyPrint only: {count / floor_seconds:7.1f} PDFs/s ({floor_seconds:.2f} s)")
        self.stdout.write(f"real path takes {real_seconds / floor_seconds:.2f}x the floor's time")
        self.stdout.write(f"peak memory of one process: {peak_kib / 1024:.0f} MiB")

    def _cohort(self, person_ids: list[int], timeout: float) -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError("--cohort needs CELERY_BROKER_URL and running Celery workers.")
        start = time.perf_counter()
        _issue_and_render(person_ids)
        issued = time.perf_counter() - start
        certificates = Certificate.objects.filter(recipient_id__in=person_ids)
        ready = 0
        while time.perf_counter() - start < timeout:
            ready = certificates.filter(status=Certificate.Status.READY).count()
            if ready == len(person_ids):
                break
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
        self.stdout.write(f"cohort: {len(person_ids)} certificates, issued in {issued:.2f} s")
        self.stdout.write(f"ready: {ready} after {elapsed:.2f} s ({ready / elapsed:.1f} PDFs/s)")
