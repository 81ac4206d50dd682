from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Training office")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_migrate

        from . import dashboard
        from .models import User

        post_migrate.connect(_ensure_role_groups)
        m2m_changed.connect(_forget_roles, sender=User.groups.through)
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


def _forget_roles(sender, instance, action, **kwargs) -> None:
    """A user whose groups change reads their roles afresh (User.roles keeps them per instance)."""
    if action.startswith("post_") and hasattr(instance, "forget_roles"):
        instance.forget_roles()


def _ensure_role_groups(sender, **kwargs) -> None:
    """Runs once per migrate, after the last app's signal: by then every app's permissions
    exist (Django creates them app by app in the same signal), so the groups get them all."""
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender is not last:
        return
    from .roles import ensure_role_groups

    ensure_role_groups()
