from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FellowshipsConfig(AppConfig):
    name = "fellowships"
    verbose_name = _("Residential training")

    def ready(self) -> None:
        from certificates.cohorts import register_cohort_provider
        from lms import dashboard, demo

        from . import evidence, panels
        from .cohorts import IntakeCohorts
        from .demo import seed_fellowships

        dashboard.register_panel("applicant", panels.my_applications)
        dashboard.register_panel("faculty", panels.teaching)
        dashboard.register_panel("coordinator", panels.office)
        register_cohort_provider(IntakeCohorts())
        evidence.register()
        demo.register_step(seed_fellowships)
