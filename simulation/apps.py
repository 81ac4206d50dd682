from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimulationConfig(AppConfig):
    name = "simulation"
    verbose_name = _("Simulation training")

    def ready(self) -> None:
        from certificates.cohorts import register_cohort_provider
        from lms import dashboard, demo

        from . import evidence, panels
        from .cohorts import SimulationSessionCohorts
        from .demo import seed_simulation

        dashboard.register_panel("learner", panels.my_sessions)
        dashboard.register_panel("faculty", panels.facilitating)
        dashboard.register_panel("coordinator", panels.office)
        register_cohort_provider(SimulationSessionCohorts())
        evidence.register()
        demo.register_step(seed_simulation)
