from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.images import get_image_model

        from lms import dashboard, demo

        from . import panels
        from .demo import seed_certificates
        from .models import CertificateTemplate, Signatory
        from .selectors import forget_templates

        for model in (CertificateTemplate, Signatory, get_image_model()):
            for signal in (post_save, post_delete):
                signal.connect(forget_templates, sender=model, dispatch_uid=f"forget-templates-{model.__name__}")

        dashboard.register_panel("learner", panels.my_certificates)
        dashboard.register_panel("faculty", panels.manage_certificates)
        dashboard.register_panel("coordinator", panels.office_certificates)
        demo.register_step(seed_certificates)
