from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from lms import dashboard, demo

        from . import panels
        from .demo import seed_certificates

        dashboard.register_panel("learner", panels.my_certificates)
        dashboard.register_panel("faculty", panels.manage_certificates)
        dashboard.register_panel("coordinator", panels.office_certificates)
        demo.register_step(seed_certificates)
