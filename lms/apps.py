from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Training office")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_role_groups)


def _ensure_role_groups(sender, **kwargs) -> None:
    """Runs once per migrate, after the last app's signal: by then every app's permissions
    exist (Django creates them app by app in the same signal), so the groups get them all."""
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender is not last:
        return
    from .roles import ensure_role_groups

    ensure_role_groups()
