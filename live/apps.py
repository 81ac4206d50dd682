from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "live"
    verbose_name = _("Live training")

    def ready(self) -> None:
        from lms import dashboard, demo

        from . import evidence, panels
        from .demo import seed_live

        dashboard.register_panel("learner", panels.my_live_sessions)
        dashboard.register_panel("faculty", panels.teaching)
        evidence.register()
        demo.register_step(seed_live)
