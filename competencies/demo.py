"""Demo competencies: a paediatric framework imported as CASE JSON (roles, competencies and
four EPAs on the Ottawa scale), linked to the demo's courses, simulation checklist items, live
series and programmes; two fellows with a season of evidence and EPA assessments at rising
entrustment levels; a competence committee with one decision; one transcript issued.

This step runs after the domain apps' demos, so their past activity predates the links and
announced no evidence: the fellows' certificates are announced as the evidence of that season
(each row points at the certificate, itself verifiable)."""

import datetime
import uuid
from collections.abc import Callable

from django.utils import timezone

from certificates.models import Certificate

from . import case, services
from .models import EPA, Assessment, Committee, Competency, EvidenceKind, Framework, Stage
from .registry import training_kinds

NAMESPACE = uuid.UUID("6f1d1b8e-3c55-4d6b-9d7e-0c1a2b3c4d5e")
FRAMEWORK = "Paediatrics: competencies and EPAs for visiting fellows"
ROLES = {
    "ME": ("Medical expert", ["Assesses and stabilises the acutely unwell child", "Resuscitates the newborn"]),
    "CM": ("Communicator", ["Shares difficult news with families", "Hands over care safely"]),
    "CL": ("Collaborator", ["Works in the multidisciplinary team", "Seeks and uses expert advice"]),
}
EPAS = [
    ("EPA 1", "Assess and stabilise a critically ill child", ["ME1", "CL1"]),
    ("EPA 2", "Lead a neonatal resuscitation", ["ME2", "CL1"]),
    ("EPA 3", "Present a case to a multidisciplinary board", ["CM2", "CL2"]),
    ("EPA 4", "Hold a family meeting about a serious diagnosis", ["CM1"]),
]
# Levels a fellow reached on EPA 1 and EPA 2, month by month: rising entrustment.
SEASON = {"EPA 1": [2, 3, 3, 4], "EPA 2": [2, 2, 3, 4]}


def _id(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, name))


def _link(title: str, identifier: str) -> dict:
    return {"title": title, "identifier": identifier, "uri": f"urn:uuid:{identifier}"}


def package() -> dict:
    """The framework as a CASE CFPackage, as another institution's tool would publish it."""
    changed = "2026-01-15T09:00:00+00:00"
    document = _link(FRAMEWORK, _id("document"))
    items, associations = [], []

    def item(code: str, statement: str, item_type: str) -> dict:
        row = {
            "identifier": _id(code),
            "uri": f"urn:uuid:{_id(code)}",
            "fullStatement": statement,
            "humanCodingScheme": code,
            "CFItemType": item_type,
            "lastChangeDateTime": changed,
        }
        items.append(row)
        return _link(statement, row["identifier"])

    def associate(kind: str, origin: dict, destination: dict, sequence: int) -> None:
        identifier = _id(f"{kind}{origin['identifier']}{destination['identifier']}")
        associations.append(
            {
                "identifier": identifier,
                "uri": f"urn:uuid:{identifier}",
                "associationType": kind,
                "originNodeURI": origin,
                "destinationNodeURI": destination,
                "sequenceNumber": sequence,
                "lastChangeDateTime": changed,
            }
        )

    links = {}
    for order, (prefix, (role, statements)) in enumerate(ROLES.items()):
        role_link = item(prefix, role, "Role")
        associate("isChildOf", role_link, document, order)
        for number, statement in enumerate(statements, start=1):
            links[f"{prefix}{number}"] = item(f"{prefix}{number}", statement, "Competency")
            associate("isChildOf", links[f"{prefix}{number}"], role_link, number)
    for order, (code, title, codes) in enumerate(EPAS):
        epa_link = item(code, title, "Entrustable Professional Activity")
        associate("isChildOf", epa_link, document, order)
        for number, competency in enumerate(codes):
            associate("isRelatedTo", epa_link, links[competency], number)
    return {
        "CFDocument": {
            "identifier": document["identifier"],
            "uri": document["uri"],
            "creator": "International Training Office",
            "title": FRAMEWORK,
            "lastChangeDateTime": changed,
            "version": "2026.1",
            "language": "en",
        },
        "CFItems": items,
        "CFAssociations": associations,
    }


def _link_training(framework: Framework) -> int:
    """Each kind of training the domain apps registered trains part of the framework."""
    competencies = {row.code: row for row in Competency.objects.filter(framework=framework)}
    epas = {row.code: row for row in EPA.objects.filter(framework=framework)}
    plan = {
        "course": [competencies["ME1"], competencies["CM2"]],
        "scenario": [epas["EPA 2"]],
        "checklist_item": [competencies["ME2"]],
        "live_series": [epas["EPA 3"], competencies["CL2"]],
        "programme": [epas["EPA 1"], epas["EPA 4"]],
    }
    linked = 0
    for key, targets in plan.items():
        kind = training_kinds().get(key)
        for obj, _label in (kind.choices() if kind else [])[:3]:
            for target in targets:
                field = "epa" if isinstance(target, EPA) else "competency"
                services.link_training(actor=None, target=obj, **{field: target})
                linked += 1
    return linked


def seed_competencies(*, people: dict, log: Callable[[str], None]) -> None:
    if Framework.objects.filter(title=FRAMEWORK).exists():
        log("competency framework (kept)")
        return
    framework = case.import_package(actor=None, package=package())
    linked = _link_training(framework)
    faculty, faculty2 = people["faculty@example.org"], people["faculty2@example.org"]
    fellows = [people["doctor@example.org"], people["learner07@example.org"]]
    epas = {row.code: row for row in EPA.objects.filter(framework=framework)}
    competencies = list(Competency.objects.filter(framework=framework, level=Competency.Level.COMPETENCY))
    now = timezone.now()

    for fellow in fellows:
        for index, certificate in enumerate(
            Certificate.objects.filter(recipient=fellow, status__in=Certificate.LIVE_STATUSES).exclude(
                kind="transcript"
            )
        ):
            target = competencies[index % len(competencies)]
            services.link_training(actor=None, target=certificate, competency=target)
            services.record_evidence(
                learner=fellow,
                source=certificate,
                trains=[certificate],
                kind=_kind(certificate.kind),
                title=certificate.title,
                occurred_on=timezone.localdate(certificate.issued_at),
            )
        for code, levels in SEASON.items():
            for month, level in enumerate(levels):
                assessment = services.request_assessment(
                    actor=fellow,
                    epa=epas[code],
                    supervisor=faculty if month % 2 == 0 else faculty2,
                    setting=Assessment.Setting.CRITICAL_CARE if code == "EPA 1" else Assessment.Setting.WARD,
                    complexity=Assessment.Complexity.MEDIUM if level < 4 else Assessment.Complexity.HIGH,
                )
                services.complete_assessment(
                    actor=assessment.supervisor,
                    assessment=assessment,
                    level=level,
                    went_well="Clear plan, calm team leadership." if level >= 3 else "Recognised deterioration early.",
                    to_work_on="Delegate earlier." if level < 4 else "",
                )
                when = now - datetime.timedelta(days=30 * (len(levels) - month))
                Assessment.objects.filter(pk=assessment.pk).update(requested_at=when, completed_at=when)
    services.request_assessment(
        actor=fellows[0],
        epa=epas["EPA 3"],
        supervisor=faculty,
        setting=Assessment.Setting.OTHER,
        complexity=Assessment.Complexity.MEDIUM,
        note="Presented a neuroblastoma case at the tumour board",
    )

    committee = Committee.objects.create(name="Paediatrics competence committee", framework=framework)
    committee.members.add(faculty, faculty2)
    committee.trainees.add(*fellows)
    services.record_decision(
        actor=faculty,
        committee=committee,
        trainee=fellows[0],
        stage=Stage.CORE,
        rationale="Entrusted with indirect supervision on EPA 1 and EPA 2; continue EPA 3 at the tumour board.",
    )
    services.issue_transcript(actor=fellows[0])
    log(
        f"competency framework ({len(competencies)} competencies, {len(epas)} EPAs, {linked} links), "
        f"{Assessment.objects.count()} EPA assessments, 1 transcript"
    )


def _kind(certificate_kind: str) -> EvidenceKind:
    return {
        "simulation": EvidenceKind.CHECKLIST_ITEM,
        "live_session": EvidenceKind.SESSION_ATTENDED,
        "observership": EvidenceKind.PLACEMENT_EVALUATION,
        "training_fellowship": EvidenceKind.PLACEMENT_EVALUATION,
        "fellowship": EvidenceKind.PLACEMENT_EVALUATION,
    }.get(certificate_kind, EvidenceKind.COURSE_COMPLETED)
