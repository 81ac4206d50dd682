"""Import a competency framework from a 1EdTech CASE 1.0 JSON file (a CFPackage), or update
the framework with the same document identifier, as the system: for the training office's
first set-up and for scripted updates. The rules are `competencies.case.import_package`'s."""

import json
from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from competencies.case import import_package
from competencies.models import Competency


class Command(BaseCommand):
    help = "Import (or update) a competency framework from a CASE 1.0 JSON package."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="a CASE CFPackage JSON file")

    def handle(self, *args, path: Path, **options):
        try:
            package = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{path} is not a JSON file: {error}") from error
        try:
            framework = import_package(actor=None, package=package)
        except ValidationError as error:
            problems = "; ".join(
                f"{field}: {message}" for field, messages in error.message_dict.items() for message in messages
            )
            raise CommandError(f"{path} was not imported: {problems}") from error
        levels = Counter(framework.competencies.values_list("level", flat=True))
        self.stdout.write(f"{framework.title} (framework {framework.pk}, {framework.identifier})")
        self.stdout.write(
            f"{levels[Competency.Level.ROLE]} roles, {levels[Competency.Level.COMPETENCY]} competencies, "
            f"{levels[Competency.Level.MILESTONE]} milestones, {framework.epas.count()} EPAs"
        )
