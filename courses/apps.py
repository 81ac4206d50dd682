from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Online courses")

    def ready(self) -> None:
        from certificates.cohorts import register_cohort_provider
        from lms import dashboard, demo

        from . import evidence, panels
        from .cohorts import CourseCohorts
        from .demo import seed_courses

        dashboard.register_panel("learner", panels.my_courses)
        dashboard.register_panel("faculty", panels.teaching)
        register_cohort_provider(CourseCohorts())
        evidence.register()
        demo.register_step(seed_courses)
