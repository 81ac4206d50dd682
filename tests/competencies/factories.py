"""Frameworks, EPAs and assessments for tests; the built-in Ottawa scale is installed by migration."""

import factory

from competencies.models import EPA, Competency, Framework, Scale, ScaleLevel, TrainingLink
from competencies.scales import OTTAWA, install_builtin_scales
from competencies.services import link_training, record_evidence
from tests.factories import FacultyFactory


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    title = factory.Sequence(lambda n: f"Paediatrics framework {n}")
    creator = "International Training Office"


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"ME{n}")
    statement = factory.Sequence(lambda n: f"Assesses the unwell child {n}")


def ottawa() -> Scale:
    """The built-in scale; a transactional test starts from a flushed database, without the
    rows the data migration installed, so they are installed again when missing."""
    install_builtin_scales(Scale, ScaleLevel)
    return Scale.objects.get(name=OTTAWA)


class EPAFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EPA

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"EPA {n}")
    title = factory.Sequence(lambda n: f"Resuscitate a newborn {n}")
    scale = factory.LazyFunction(ottawa)


def link(target, *, competency=None, epa=None) -> TrainingLink:
    return link_training(actor=None, target=target, competency=competency, epa=epa)


def token_in(body: str, assessment) -> str:
    """The one-time token of `assessment`'s link in an email body."""
    return body.split(f"/competencies/assess/{assessment.pk}/", 1)[1].split("/", 1)[0]


def request(trainee, *, epa=None, supervisor=None, **fields):
    """An assessment request through the service; returns (assessment, the one-time token)."""
    from competencies import services
    from lms.models import Notification

    assessment = services.request_assessment(
        actor=trainee,
        epa=epa or EPAFactory(),
        supervisor=supervisor or FacultyFactory(),
        setting=fields.get("setting", "ward"),
        complexity=fields.get("complexity", "medium"),
        note=fields.get("note", ""),
    )
    body = Notification.objects.filter(recipient=assessment.supervisor).latest("pk").body
    return assessment, token_in(body, assessment)


def evidence_for(learner, competency, *, source, title="Neonatal resuscitation", on=None):
    """Evidence as a domain app would announce it, for a source linked to `competency`."""
    import datetime

    from competencies.models import EvidenceKind

    link(source, competency=competency)
    return record_evidence(
        learner=learner,
        source=source,
        trains=[source],
        kind=EvidenceKind.SESSION_ATTENDED,
        title=title,
        occurred_on=on or datetime.date(2026, 10, 1),
    )
