from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "competencies"
    verbose_name = _("Competencies and training record")

    def ready(self) -> None:
        from certificates.documents import register_document
        from certificates.models import Kind
        from certificates.signals import certificate_revoked
        from lms import dashboard, demo

        from . import panels
        from .demo import seed_competencies
        from .services import withdraw_evidence_of_revoked_certificate
        from .transcript import TRANSCRIPT_DOCUMENT

        register_document(Kind.TRANSCRIPT, TRANSCRIPT_DOCUMENT)
        certificate_revoked.connect(withdraw_evidence_of_revoked_certificate, dispatch_uid="competencies-revoked")
        dashboard.register_panel("learner", panels.my_record)
        dashboard.register_panel("faculty", panels.assessing)
        dashboard.register_panel("coordinator", panels.competencies_office)
        demo.register_step(seed_competencies)
