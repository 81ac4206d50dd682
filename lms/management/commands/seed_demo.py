import os

from django.core.management.base import BaseCommand
from django.db import transaction

from lms import demo
from lms.demo_catalogue import translate_catalogue


class Command(BaseCommand):
    help = "Create or refresh the demo site tree, partner institutions and demo accounts (idempotent)."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD", "demo-pass-2026")
        with transaction.atomic():
            from cms.demo import seed_site, seed_testimonials
            from cms.demo_translations import seed_translations

            seed_site(log=self.stdout.write)
            demo.seed(password=password, log=self.stdout.write)
            seed_testimonials(log=self.stdout.write)
            seed_translations(log=self.stdout.write)
            translate_catalogue(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at /accounts/login/ with:"))
        for email, *_rest in demo.PEOPLE:
            self.stdout.write(f"  {email:28} {password}")
        self.stdout.write(f"  learner01@example.org … learner40@example.org  {password}")
