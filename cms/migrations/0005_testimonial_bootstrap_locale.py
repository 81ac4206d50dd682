"""Existing testimonials are in the default language, each its own translation group."""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_testimonial_translatable_fields")]

    operations = [BootstrapTranslatableModel("cms.Testimonial")]
