"""Every write about competencies: evidence, links, scales, EPA assessments and their one-time
links, concerns, committee decisions and transcripts.

Domain apps call `record_evidence` inside their own transaction when something a learner did
shows a competency (a course completed, a checklist item done, a session attended), and
`withdraw_evidence` when that thing is undone; a revoked certificate withdraws the evidence of
what it certified through the `certificate_revoked` signal.
"""

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from certificates.cohorts import Completion
from certificates.credit import format_amount
from certificates.models import Kind
from certificates.services import issue_certificate
from lms.errors import ConflictError
from lms.models import Role, User
from lms.services import notify, record_event
from lms.workflow import SYSTEM, Move, Who, Workflow, owner

from . import selectors
from .models import (
    EPA,
    Assessment,
    Committee,
    CommitteeDecision,
    Competency,
    Concern,
    Evidence,
    EvidenceKind,
    Scale,
    ScaleLevel,
    Stage,
    TrainingLink,
    Transcript,
    token_digest,
)
from .registry import kind_for

LINK_VALID_DAYS = 7
REMIND_AFTER_DAYS = 3

ERROR_SUPERVISOR = _("Choose a supervisor from the faculty; you cannot assess yourself.")
ERROR_LEVEL_REQUIRED = _("Choose the entrustment level.")
ERROR_LEVEL_NOT_ON_SCALE = _("Choose a level of this EPA's scale (%(scale)s).")
ERROR_LINK_INVALID = _("This link is not valid: it has been used already, or it belongs to another assessment.")
ERROR_LINK_EXPIRED = _("This link has expired: the trainee can ask for the assessment again.")
ERROR_NOT_SUPERVISOR = _("Only the supervisor asked to complete this assessment can complete it.")
ERROR_SCALE_TOO_SHORT = _("A scale needs at least two levels.")
ERROR_SCALE_NUMBERING = _("Number the levels 1, 2, 3… without gaps or repeats.")
ERROR_SCALE_LABEL = _("Every level needs its anchor (what the supervisor would say).")
ERROR_SCALE_NAME = _("Give the scale a name.")
ERROR_SCALE_NAME_TAKEN = _("A scale with this name already exists.")
ERROR_SCALE_BUILTIN = _("The built-in scales are published ones and cannot be changed: add a scale of your own.")
ERROR_ONLY_COORDINATORS = _("Only the training office manages competency frameworks, scales and links.")
ERROR_LINK_ONE = _("Link to a competency or to an EPA.")
ERROR_LINK_NOTHING = _("Choose at least one competency or EPA that this training trains.")
ERROR_LINK_TRAINING = _("Choose a course, programme, scenario, checklist item or live series from the list.")
ERROR_NOT_YOUR_TRAINEE = _("You can raise a concern only about a trainee you supervise or review.")
ERROR_CONCERN_TEXT = _("Say what concerns you.")
ERROR_NOT_MEMBER = _("Only members of this committee record its decisions.")
ERROR_NOT_COMMITTEE_TRAINEE = _("This trainee is not reviewed by this committee.")
ERROR_RATIONALE = _("Give the committee's rationale.")
ERROR_STAGE = _("Choose the stage reached.")


# Evidence ------------------------------------------------------------------------------------


def _content_type(obj: models.Model) -> ContentType:
    return ContentType.objects.get_for_model(obj, for_concrete_model=False)


def competencies_trained_by(targets: Iterable[models.Model]) -> set[int]:
    """Ids of the competencies the targets are linked to, directly or through an EPA."""
    condition = Q(pk__in=[])
    for target in targets:
        condition |= Q(target_type=_content_type(target), target_id=str(target.pk))
    links = TrainingLink.objects.filter(condition)
    direct = set(links.filter(competency__isnull=False).values_list("competency_id", flat=True))
    through_epas = set(
        EPA.competencies.through.objects.filter(epa__links__in=links.filter(epa__isnull=False)).values_list(
            "competency_id", flat=True
        )
    )
    return direct | through_epas


@dataclass(frozen=True)
class Announcement:
    """One source's evidence as a domain app announces it; `counts` False withdraws it (an
    attendance that fell below the threshold)."""

    learner: User
    source: models.Model
    title: str
    occurred_on: date
    counts: bool = True


def record_evidence(
    *,
    learner: User,
    source: models.Model,
    trains: Sequence[models.Model],
    kind: EvidenceKind,
    title: str,
    occurred_on: date,
) -> None:
    """Make the live evidence from `source` exactly the competencies `trains` is linked to:
    new rows for new links, existing rows kept, rows no longer backed withdrawn. Idempotent, so
    a domain app may announce the same source again after any change (a re-grade, a re-rating).
    Runs inside the caller's transaction."""
    sync_evidence(
        announcements=[Announcement(learner, source, title, occurred_on)], trains=trains, kind=kind, event_on=source
    )


def sync_evidence(
    *,
    announcements: Sequence[Announcement],
    trains: Sequence[models.Model],
    kind: EvidenceKind,
    event_on: models.Model,
    withdraw_reason: str = "superseded",
) -> None:
    """`record_evidence` for many sources of one model trained by the same things (a video
    report touches every registration of a session): a fixed number of queries however many
    sources, and one audit event on `event_on` when anything changed."""
    if not announcements:
        return
    wanted = competencies_trained_by(trains)
    source_type = _content_type(announcements[0].source)
    by_id = {str(item.source.pk): item for item in announcements}
    have: dict[str, dict[int, int]] = {}
    for pk, source_id, competency_id in Evidence.objects.filter(
        source_type=source_type, source_id__in=list(by_id), withdrawn_at__isnull=True
    ).values_list("pk", "source_id", "competency_id"):
        have.setdefault(source_id, {})[competency_id] = pk
    stale, new = [], []
    for source_id, item in by_id.items():
        existing = have.get(source_id, {})
        keep = wanted if item.counts else set()
        stale += [pk for competency_id, pk in existing.items() if competency_id not in keep]
        new += [
            Evidence(
                learner=item.learner,
                competency_id=competency_id,
                kind=kind,
                title=item.title[:300],
                occurred_on=item.occurred_on,
                source_type=source_type,
                source_id=source_id,
            )
            for competency_id in sorted(keep - set(existing))
        ]
    if stale:
        Evidence.objects.filter(pk__in=stale).update(
            withdrawn_at=timezone.now(), withdrawn_reason=withdraw_reason[:200]
        )
    if new:
        Evidence.objects.bulk_create(new)
    if new or stale:
        record_event(
            actor=None, verb="evidence.recorded", target=event_on, kind=str(kind), added=len(new), withdrawn=len(stale)
        )


def withdraw_evidence(*, source: models.Model, reason: str) -> int:
    """The source was revoked or undone: its evidence stays in the history, marked withdrawn."""
    withdrawn = Evidence.objects.filter(
        source_type=_content_type(source), source_id=str(source.pk), withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now(), withdrawn_reason=reason[:200])
    if withdrawn:
        record_event(actor=None, verb="evidence.withdrawn", target=source, withdrawn=withdrawn, reason=reason)
    return withdrawn


def withdraw_evidence_of_revoked_certificate(sender, *, certificate, **_kwargs) -> None:
    """Connected to certificates' `certificate_revoked`: what a revoked certificate certified no
    longer counts as evidence."""
    source = certificate.source
    if source is not None:
        withdraw_evidence(source=source, reason="certificate revoked")


# Links and scales (the training office) ------------------------------------------------------


def require_coordinator(actor: User | None) -> None:
    """The training office manages frameworks, scales and links (`None` is a command or the system)."""
    if actor is not None and not actor.is_coordinator:
        raise PermissionDenied(str(ERROR_ONLY_COORDINATORS))


@transaction.atomic
def link_training(
    *, actor: User | None, target: models.Model, competency: Competency | None = None, epa: EPA | None = None
) -> TrainingLink:
    """That `target` (a course, programme, checklist item, series) trains this competency or EPA."""
    require_coordinator(actor)
    if (competency is None) == (epa is None):
        raise ValidationError({"competency": ERROR_LINK_ONE})
    link, created = TrainingLink.objects.get_or_create(
        target_type=_content_type(target), target_id=str(target.pk), competency=competency, epa=epa
    )
    if created:
        record_event(actor=actor, verb="competency.linked", target=link, target_label=str(target))
    return link


@transaction.atomic
def link_activity(
    *,
    actor: User | None,
    target: models.Model | None,
    competencies: Sequence[Competency] = (),
    epas: Sequence[EPA] = (),
) -> list[TrainingLink]:
    """The linking page's one form: a piece of training and everything it trains, all or nothing.

    A link counts from when it is made: evidence is announced as learners do things, so what
    was done before the link is not re-read (a coordinator links training before it runs)."""
    require_coordinator(actor)
    if target is None or kind_for(target) is None:
        raise ValidationError({"training": ERROR_LINK_TRAINING})
    if not competencies and not epas:
        raise ValidationError({"competencies": ERROR_LINK_NOTHING})
    return [link_training(actor=actor, target=target, competency=competency) for competency in competencies] + [
        link_training(actor=actor, target=target, epa=epa) for epa in epas
    ]


@transaction.atomic
def unlink_training(*, actor: User | None, link: TrainingLink) -> None:
    require_coordinator(actor)
    record_event(actor=actor, verb="competency.unlinked", target=link)
    link.delete()


def check_scale_levels(levels: Sequence[tuple[int, str]]) -> None:
    """A usable entrustment scale: two levels or more, numbered 1..n, each with its anchor."""
    if len(levels) < 2:
        raise ValidationError({"levels": ERROR_SCALE_TOO_SHORT})
    if sorted(value for value, _label in levels) != list(range(1, len(levels) + 1)):
        raise ValidationError({"levels": ERROR_SCALE_NUMBERING})
    if any(not (label or "").strip() for _value, label in levels):
        raise ValidationError({"levels": ERROR_SCALE_LABEL})


@transaction.atomic
def create_scale(*, actor: User | None, name: str, levels: Sequence[tuple[int, str]], description: str = "") -> Scale:
    require_coordinator(actor)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": ERROR_SCALE_NAME})
    check_scale_levels(levels)
    if Scale.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": ERROR_SCALE_NAME_TAKEN})
    scale = Scale.objects.create(name=name, description=description)
    ScaleLevel.objects.bulk_create(
        ScaleLevel(scale=scale, value=value, label=label.strip()) for value, label in sorted(levels)
    )
    record_event(actor=actor, verb="scale.created", target=scale, levels=len(levels))
    return scale


# EPA assessments -----------------------------------------------------------------------------


def _supervises(actor: User | None, assessment: Assessment) -> bool:
    return actor is not None and actor.pk == assessment.supervisor_id


SUPERVISOR = Who(_("the supervisor asked"), _supervises)
TRAINEE = owner("trainee_id", _("the trainee"))

# Asked by the trainee; completed by the supervisor (signed in, or through the one-time link,
# which acts as the supervisor it was sent to); cancelled by the trainee; expired by the system.
ASSESSMENTS = Workflow(
    model=Assessment,
    related=("epa__scale", "trainee", "supervisor"),
    moves=[
        Move("complete", (Assessment.Status.REQUESTED,), Assessment.Status.COMPLETED, SUPERVISOR),
        Move("cancel", (Assessment.Status.REQUESTED,), Assessment.Status.CANCELLED, TRAINEE),
        Move("expire", (Assessment.Status.REQUESTED,), Assessment.Status.EXPIRED, SYSTEM),
    ],
)


def may_supervise(person: User) -> bool:
    return person.is_faculty or person.is_coordinator


def supervisors():
    """Everyone a trainee may ask: faculty and the training office, by name."""
    return (
        User.objects.filter(Q(groups__name__in=[Role.FACULTY, Role.COORDINATOR]) | Q(is_superuser=True), is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def _new_link(assessment: Assessment) -> str:
    """A fresh one-time token for the assessment; only its digest is kept, and any earlier
    link for the same assessment stops working."""
    token = secrets.token_urlsafe(32)
    assessment.link_digest = token_digest(token)
    return token


def link_url(assessment: Assessment, token: str) -> str:
    return f"{settings.SITE_URL}/competencies/assess/{assessment.pk}/{token}/"


def _ask_supervisor(assessment: Assessment, token: str, *, reminder: bool = False) -> None:
    notify(
        recipient=assessment.supervisor,
        subject=_("Reminder: %(trainee)s asks for an EPA assessment")
        if reminder
        else _("%(trainee)s asks for an EPA assessment"),
        subject_params={"trainee": assessment.trainee.full_name or assessment.trainee.email},
        template="competencies/email/assessment_requested.txt",
        context={
            "assessment": assessment,
            "link": link_url(assessment, token),
            "expires_at": assessment.expires_at,
            "site_url": settings.SITE_URL,
        },
    )


@transaction.atomic
def request_assessment(
    *,
    actor: User,
    epa: EPA,
    supervisor: User,
    setting: str,
    complexity: str,
    note: str = "",
) -> Assessment:
    """The trainee asks a supervisor to assess one EPA they just did; the supervisor gets an
    email with a one-time link (single use, valid 7 days, bound to this assessment)."""
    if supervisor.pk == actor.pk or not supervisor.is_active or not may_supervise(supervisor):
        raise ValidationError({"supervisor": ERROR_SUPERVISOR})
    if setting not in Assessment.Setting.values:
        raise ValidationError({"setting": _("Choose where it happened.")})
    if complexity not in Assessment.Complexity.values:
        raise ValidationError({"complexity": _("Choose how complex it was.")})
    assessment = Assessment(
        epa=epa,
        trainee=actor,
        supervisor=supervisor,
        setting=setting,
        complexity=complexity,
        note=(note or "").strip()[:300],
        expires_at=timezone.now() + timedelta(days=LINK_VALID_DAYS),
    )
    token = _new_link(assessment)
    assessment.save()
    ASSESSMENTS.record_creation(actor=actor, obj=assessment, verb="requested", epa=epa.pk)
    _ask_supervisor(assessment, token)
    return assessment


def _check_link(assessment: Assessment | None, token: str) -> None:
    """Refuse a one-time link unless its token is the assessment's current one (not used, not
    replaced), the request still waits and it has not expired."""
    current = assessment.link_digest if assessment is not None else ""
    if not current or not secrets.compare_digest(current, token_digest(token or "")):
        raise ValidationError({"link": ERROR_LINK_INVALID})
    if assessment.status != Assessment.Status.REQUESTED:
        raise ValidationError({"link": ERROR_LINK_INVALID})
    if assessment.expires_at <= timezone.now():
        raise ValidationError({"link": ERROR_LINK_EXPIRED})


def assessment_for_link(*, assessment_id: int, token: str) -> Assessment:
    """The assessment a one-time link opens, or ValidationError saying why not."""
    assessment = (
        Assessment.objects.select_related("epa__scale", "trainee", "supervisor").filter(pk=assessment_id).first()
    )
    _check_link(assessment, token)
    return assessment


def _level_on_scale(assessment: Assessment, value) -> ScaleLevel:
    if value in (None, ""):
        raise ValidationError({"level": ERROR_LEVEL_REQUIRED})
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = None
    level = ScaleLevel.objects.filter(scale_id=assessment.epa.scale_id, value=value).select_related("scale").first()
    if level is None:
        raise ValidationError({"level": ERROR_LEVEL_NOT_ON_SCALE % {"scale": assessment.epa.scale.display_name}})
    return level


def _tell_trainee(assessment: Assessment) -> None:
    notify(
        recipient=assessment.trainee,
        subject=_("Your EPA assessment is in: %(epa)s"),
        subject_params={"epa": str(assessment.epa)},
        template="competencies/email/assessment_completed.txt",
        context={"assessment": assessment, "site_url": settings.SITE_URL},
    )


@transaction.atomic
def complete_assessment(
    *,
    actor: User | None,
    assessment: Assessment,
    level,
    went_well: str = "",
    to_work_on: str = "",
    token: str | None = None,
) -> Assessment:
    """The supervisor records the entrustment level and feedback, signed in (`actor`) or
    through the one-time link (`token`, no login; it acts as the supervisor it was sent to).
    The link is spent in the same transaction, so it cannot be used twice."""
    locked = ASSESSMENTS.lock(assessment)
    if token is not None:
        _check_link(locked, token)
        actor = locked.supervisor
        via = "link"
    else:
        if not _supervises(actor, locked):
            raise PermissionDenied(str(ERROR_NOT_SUPERVISOR))
        via = "queue"
        if locked.status == Assessment.Status.REQUESTED and locked.expires_at <= timezone.now():
            raise ConflictError(str(ERROR_LINK_EXPIRED), code="expired")
    chosen = _level_on_scale(locked, level)
    done = ASSESSMENTS.apply(
        actor=actor,
        obj=locked,
        name="complete",
        locked=True,
        changes={
            "level": chosen,
            "went_well": (went_well or "").strip()[:2000],
            "to_work_on": (to_work_on or "").strip()[:2000],
            "completed_at": timezone.now(),
            "link_digest": "",
        },
        via=via,
        level=chosen.value,
    )
    _tell_trainee(done)
    return done


@transaction.atomic
def cancel_assessment(*, actor: User, assessment: Assessment) -> Assessment:
    return ASSESSMENTS.apply(actor=actor, obj=assessment, name="cancel", changes={"link_digest": ""})


def remind_and_expire_assessments(*, now=None) -> tuple[int, int]:
    """Daily: requests past their 7 days expire; those unanswered for 3 days are reminded once,
    with a fresh link (the first one stops working, since only a digest was kept)."""
    now = now or timezone.now()
    expired = reminded = 0
    for pk in list(
        Assessment.objects.filter(status=Assessment.Status.REQUESTED, expires_at__lte=now).values_list("pk", flat=True)
    ):
        with transaction.atomic():
            locked = Assessment.objects.select_for_update().filter(pk=pk, status=Assessment.Status.REQUESTED).first()
            if locked is not None:
                ASSESSMENTS.apply(actor=None, obj=locked, name="expire", locked=True, changes={"link_digest": ""})
                expired += 1
    due = Assessment.objects.filter(
        status=Assessment.Status.REQUESTED,
        reminded_at__isnull=True,
        requested_at__lte=now - timedelta(days=REMIND_AFTER_DAYS),
        expires_at__gt=now,
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            locked = (
                Assessment.objects.select_for_update(of=("self",))
                .select_related("epa", "trainee", "supervisor")
                .filter(pk=pk, status=Assessment.Status.REQUESTED, reminded_at__isnull=True)
                .first()
            )
            if locked is None:
                continue
            token = _new_link(locked)
            locked.reminded_at = now
            locked.save(update_fields=["link_digest", "reminded_at"])
            _ask_supervisor(locked, token, reminder=True)
            reminded += 1
    return expired, reminded


# Supervisors and committees ------------------------------------------------------------------


def follows(actor: User, trainee: User) -> bool:
    """Whether `actor` may see `trainee`'s progress: the office, a supervisor they asked for an
    assessment, or a member of a committee that reviews them."""
    if actor.pk == trainee.pk or actor.is_coordinator:
        return True
    if Assessment.objects.filter(trainee=trainee, supervisor=actor).exists():
        return True
    return Committee.objects.filter(members=actor, trainees=trainee).exists()


@transaction.atomic
def raise_concern(*, actor: User, trainee: User, text: str, epa: EPA | None = None) -> Concern:
    if actor.pk == trainee.pk or not follows(actor, trainee):
        raise PermissionDenied(str(ERROR_NOT_YOUR_TRAINEE))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": ERROR_CONCERN_TEXT})
    concern = Concern.objects.create(trainee=trainee, epa=epa, raised_by=actor, text=text[:2000])
    record_event(actor=actor, verb="concern.raised", target=concern, trainee=trainee.pk, visible_to_owner=False)
    _tell_committees(concern)
    return concern


def _tell_committees(concern: Concern) -> None:
    """The members of every committee reviewing the trainee hear of it (not what it says: the
    email points at the progress page, behind sign-in), so a concern does not wait for the
    next meeting unseen. Neither whoever raised it nor the trainee (should they sit on their
    own committee) is told."""
    members = (
        User.objects.filter(committees__trainees=concern.trainee)
        .exclude(pk__in=[concern.raised_by_id, concern.trainee_id])
        .distinct()
        .order_by("pk")
    )
    for member in members:
        notify(
            recipient=member,
            subject=_("A concern was raised about %(trainee)s"),
            subject_params={"trainee": concern.trainee.full_name or concern.trainee.email},
            template="competencies/email/concern_raised.txt",
            context={"concern": concern, "site_url": settings.SITE_URL},
        )


@transaction.atomic
def record_decision(
    *, actor: User, committee: Committee, trainee: User, stage: str, rationale: str
) -> CommitteeDecision:
    """A committee's decision on the stage a trainee has reached: its members only, for its
    own trainees."""
    if not committee.members.filter(pk=actor.pk).exists():
        raise PermissionDenied(str(ERROR_NOT_MEMBER))
    if not committee.trainees.filter(pk=trainee.pk).exists():
        raise ValidationError({"trainee": ERROR_NOT_COMMITTEE_TRAINEE})
    if stage not in Stage.values:
        raise ValidationError({"stage": ERROR_STAGE})
    rationale = (rationale or "").strip()
    if not rationale:
        raise ValidationError({"rationale": ERROR_RATIONALE})
    decision = CommitteeDecision.objects.create(
        committee=committee, trainee=trainee, stage=stage, rationale=rationale[:4000], decided_by=actor
    )
    record_event(actor=actor, verb="committee.decided", target=decision, trainee=trainee.pk, stage=stage)
    return decision


# Transcripts ---------------------------------------------------------------------------------


def _amount(value) -> str:
    return format_amount(value) if value is not None else ""


def transcript_snapshot(record, *, sections: Sequence[str]) -> dict:
    """The record as the transcript freezes it: plain JSON with its labels already in the
    learner's language, so the PDF and the credential rendered later say what was chosen now."""
    snapshot: dict = {
        "person": record.person.full_name or record.person.email,
        "period": {
            "from": record.start.isoformat() if record.start else None,
            "until": record.end.isoformat() if record.end else None,
        },
        "sections": [section for section in Transcript.Section.values if section in sections],
    }
    if Transcript.Section.CERTIFICATES in sections:
        snapshot["certificates"] = [
            {
                "serial": certificate.serial,
                "title": certificate.title,
                "kind": str(certificate.get_kind_display()),
                "issued_on": certificate.issued_at.date().isoformat(),
                "started_on": certificate.started_on.isoformat() if certificate.started_on else None,
                "ended_on": certificate.ended_on.isoformat() if certificate.ended_on else None,
                "hours": _amount(certificate.hours),
                "verification_code": certificate.verification_code,
                "credits": [
                    {
                        "system": credit.system,
                        "label": str(credit.get_system_display()),
                        "amount": _amount(credit.claimed if credit.claimed is not None else credit.designated),
                    }
                    for credit in certificate.credits.all()
                ],
            }
            for certificate in record.certificates
        ]
        snapshot["years"] = [
            {
                "year": year.year,
                "hours": _amount(year.hours),
                "credits": [
                    {"system": total.system, "label": total.label, "amount": _amount(total.amount)}
                    for total in year.credits.values()
                ],
            }
            for year in record.years
        ]
    if Transcript.Section.COMPETENCIES in sections:
        snapshot["competencies"] = [
            {
                "identifier": str(row.competency.identifier),
                "framework": row.competency.framework.title,
                "code": row.competency.code,
                "statement": row.competency.statement,
                "evidence": [
                    {"kind": str(item.get_kind_display()), "title": item.title, "on": item.occurred_on.isoformat()}
                    for item in row.evidence
                ],
            }
            for row in record.competencies
        ]
    if Transcript.Section.EPAS in sections:
        snapshot["epas"] = [
            {
                "identifier": str(row.epa.identifier),
                "code": row.epa.code,
                "title": row.epa.title,
                "scale": row.epa.scale.display_name,
                "top": len(row.epa.scale.levels.all()),
                "assessments": [
                    {
                        "on": assessment.completed_at.date().isoformat(),
                        "level": assessment.level.value,
                        "label": assessment.level.display_label,
                        "setting": str(assessment.get_setting_display()),
                        "complexity": str(assessment.get_complexity_display()),
                    }
                    for assessment in row.assessments
                ],
            }
            for row in record.epas
        ]
        snapshot["epa_competencies"] = {
            str(row.epa.identifier): [str(competency.identifier) for competency in row.epa.competencies.all()]
            for row in record.epas
        }
    return snapshot


ERROR_SECTIONS = _("Choose at least one part of your record to include.")
ERROR_PERIOD = _("The end of the period comes before its start.")
ERROR_EMPTY_TRANSCRIPT = _("Nothing in your record matches this period: choose another.")


def issue_transcript(
    *,
    actor: User,
    start: date | None = None,
    end: date | None = None,
    sections: Sequence[str] | None = None,
    programme: str | None = None,
):
    """The learner issues a transcript of their own record, for a period and the parts they
    choose (everything when they choose nothing): a certificate of kind transcript whose PDF
    lists the record and whose credential is a CLR 2.0 ClrCredential, signed and revocable like
    every certificate and verifiable at /verify/{code}/."""
    sections = list(sections or Transcript.Section.values)
    if not sections or any(section not in Transcript.Section.values for section in sections):
        raise ValidationError({"sections": ERROR_SECTIONS})
    if start and end and end < start:
        raise ValidationError({"end": ERROR_PERIOD})
    with translation.override(actor.preferred_language or "en"):
        record = selectors.training_record(actor, start=start, end=end, programme=programme)
        if not (record.certificates or record.competencies or record.epas):
            raise ValidationError({"start": ERROR_EMPTY_TRANSCRIPT})
        snapshot = transcript_snapshot(record, sections=sections)
        title = str(_("Training record"))
    with transaction.atomic():
        transcript = Transcript.objects.create(
            learner=actor, period_start=start, period_end=end, sections=snapshot["sections"], snapshot=snapshot
        )
        hours = sum((certificate.hours or 0 for certificate in record.certificates), Decimal(0))
        dates = [certificate.issued_at.date() for certificate in record.certificates] + [
            row.occurred_on for competency in record.competencies for row in competency.evidence
        ]
        certificate = issue_certificate(
            actor=None,
            completion=Completion(
                recipient=actor,
                kind=Kind.TRANSCRIPT,
                title=title,
                source=transcript,
                hours=hours if Transcript.Section.CERTIFICATES in sections and hours else None,
                started_on=start or (min(dates) if dates else None),
                ended_on=end or (max(dates) if dates else None),
            ),
        )
        record_event(actor=actor, verb="transcript.issued", target=transcript, certificate=certificate.pk)
    return certificate
