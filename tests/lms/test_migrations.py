import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_migrations_match_the_models_wherever_files_are_stored(settings, tmp_path):
    """File fields must name their storage by a callable: a storage instance would write this
    machine's paths into migrations, and CI (other paths) would see missing migrations."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "elsewhere")
    settings.MEDIA_ROOT = str(tmp_path / "media-elsewhere")

    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())
