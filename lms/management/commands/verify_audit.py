"""Walk the audit trail's hash chain: exit 0 when it is intact, 1 naming the first broken row
when any row was edited or deleted after it was sealed."""

from django.core.management.base import BaseCommand, CommandError

from lms import audit


class Command(BaseCommand):
    help = "Check the tamper-evident audit trail (hash chain) from its first row to its last."

    def add_arguments(self, parser):
        parser.add_argument(
            "--seal-first",
            action="store_true",
            help="Seal committed rows that are not in the chain yet (the beat task does this every minute).",
        )

    def handle(self, *args, **options):
        if options["seal_first"]:
            audit.seal()
        report = audit.verify_chain()
        if not report.intact:
            raise CommandError(
                f"audit chain broken at row {report.broken_at}: {report.reason} ({report.checked} rows checked)"
            )
        unsealed = f"; {report.unsealed} rows not sealed yet" if report.unsealed else ""
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.checked} rows{unsealed}"))
