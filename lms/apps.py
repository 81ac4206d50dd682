from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Training office")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import dashboard

        post_migrate.connect(_ensure_role_groups)
        dashboard.register_panel("coordinator", _office_panel)


def _office_panel(request, user):
    """The audit trail and the deliveries that need a coordinator, with how many do."""
    from .dashboard import Panel
    from .selectors import deliveries_needing_attention

    return Panel(
        title=_("Audit and deliveries"),
        template="lms/panels/office.html",
        context={"stuck": deliveries_needing_attention().count()},
        order=95,
    )


def _ensure_role_groups(sender, **kwargs) -> None:
    """Runs once per migrate, after the last app's signal: by then every app's permissions
    exist (Django creates them app by app in the same signal), so the groups get them all."""
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender is not last:
        return
    from .roles import ensure_role_groups

    ensure_role_groups()
