"""Hand due outbox work to the workers (or run it here, without a broker): what the beat task
does every few seconds, for a site run without Celery beat, or by hand after an outage."""

from django.core.management.base import BaseCommand

from lms import outbox


class Command(BaseCommand):
    help = "Relay due outbox messages (emails, PDFs, letters) to the workers, or run them here without a broker."

    def handle(self, *args, **options):
        self.stdout.write(f"{outbox.relay_due()} outbox messages relayed")
