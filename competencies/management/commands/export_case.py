"""Print a competency framework as 1EdTech CASE 1.0 JSON (a CFPackage), for another system
or for a later `import_case`. The shape is `competencies.case.export_package`'s."""

import json
import uuid

from django.core.management.base import BaseCommand, CommandError

from competencies.case import export_package
from competencies.models import Framework


class Command(BaseCommand):
    help = "Print a competency framework as CASE 1.0 JSON."

    def add_arguments(self, parser):
        parser.add_argument("framework", help="the framework's id, or its CASE identifier (a UUID)")
        parser.add_argument("--indent", type=int, default=2)

    def handle(self, *args, framework: str, indent: int, **options):
        found = None
        if framework.isdigit():
            found = Framework.objects.filter(pk=int(framework)).first()
        else:
            try:
                found = Framework.objects.filter(identifier=uuid.UUID(framework)).first()
            except ValueError:
                found = None
        if found is None:
            raise CommandError(f"No competency framework {framework}.")
        self.stdout.write(json.dumps(export_package(found), indent=indent, ensure_ascii=False))
