from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FellowshipsConfig(AppConfig):
    name = "fellowships"
    verbose_name = _("Residential training")
