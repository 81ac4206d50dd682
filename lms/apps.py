from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Training office")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_role_groups, sender=self)


def _ensure_role_groups(**kwargs) -> None:
    from .roles import ensure_role_groups

    ensure_role_groups()
