"""Writes of the core: profiles, role grants, audit events and notifications.

Every function is keyword-only, takes the acting user first, checks permission, runs in one
transaction and records an audit event. Email delivery is queued after commit.
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import outbox
from .audit import record_event
from .errors import ConflictError
from .models import GRANTED_ROLES, ErasureRequest, Notification, OutboxMessage, Role, User
from .workflow import COORDINATOR, Move, Workflow, owner

PROFILE_FIELDS = (
    "full_name",
    "profession",
    "specialty",
    "institution",
    "institution_other",
    "country",
    "preferred_language",
    "licence_number",
)

DELIVER_NOTIFICATION = "notification.deliver"
ERROR_NOT_ALLOWED_TO_EDIT_PROFILE = _("You may only edit your own profile.")
ERROR_ONLY_COORDINATORS_GRANT_ROLES = _("Only coordinators grant or revoke roles.")
ERROR_ROLE_NOT_GRANTABLE = _("This role cannot be granted: every user is a learner.")


def render_plain_text(template: str, context: dict[str, Any]) -> str:
    """A plain-text email body: no HTML escaping (O'Brien stays O'Brien, not O&#x27;Brien);
    nothing in it is ever read as HTML."""
    return get_template(template).template.render(Context(context, autoescape=False))


def notify(
    *,
    recipient: User,
    subject: str,
    template: str,
    context: dict[str, Any] | None = None,
    subject_params: dict[str, Any] | None = None,
) -> Notification:
    """Record an email in the recipient's language and deliver it through the outbox.

    Subject and body are rendered with the recipient's preferred language active, whoever
    triggers them: pass the subject as a lazy msgid with `%(name)s` placeholders and its values
    in `subject_params` (lazy values, such as status labels, are translated there too), never
    a string already formatted in the actor's language.
    """
    with translation.override(recipient.preferred_language or "en"):
        params = {name: str(value) for name, value in (subject_params or {}).items()}
        text = str(subject) % params if params else str(subject)
        body = render_plain_text(template, {"recipient": recipient, **(context or {})})
        notification = Notification.objects.create(recipient=recipient, subject=text[:250], body=body)
    outbox.enqueue(DELIVER_NOTIFICATION, notification_id=notification.pk)
    return notification


# Delivery, run by the outbox: idempotent, so a redelivered message never sends twice.


def _give_up_notification(*, notification_id: int, reason: str) -> None:
    Notification.objects.filter(pk=notification_id, status=Notification.Status.QUEUED).update(
        status=Notification.Status.FAILED, error=reason[:2000]
    )


def _retry_notification(*, notification_id: int) -> None:
    Notification.objects.filter(pk=notification_id, status=Notification.Status.FAILED).update(
        status=Notification.Status.QUEUED
    )


@outbox.handles(DELIVER_NOTIFICATION, on_give_up=_give_up_notification, on_retry=_retry_notification)
def deliver_notification(*, notification_id: int) -> Notification | None:
    """Send one queued notification and mark it sent. A mail server error propagates: the outbox
    records it and tries again later, and marks the notification failed when it gives up."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
        )
        if notification is None or notification.status == Notification.Status.SENT:
            return notification
        EmailMessage(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{notification.subject}",
            body=notification.body,
            to=[notification.recipient.email],
        ).send()
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.error = ""
        notification.save(update_fields=["status", "sent_at", "error"])
    return notification


@transaction.atomic
def update_profile(*, actor: User, user: User, **fields: Any) -> User:
    """Change the profile fields a person keeps about themselves (name for certificates, etc.)."""
    if actor.pk != user.pk:
        raise PermissionDenied(ERROR_NOT_ALLOWED_TO_EDIT_PROFILE)
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {', '.join(sorted(unknown))}")
    locked = User.objects.select_for_update().get(pk=user.pk)
    changed = {}
    for name, value in fields.items():
        if getattr(locked, name) != value:
            changed[name] = str(value) if name != "institution" else getattr(value, "pk", None)
            setattr(locked, name, value)
    if changed:
        locked.full_clean(exclude=["password"])
        locked.save(update_fields=list(changed))
        record_event(actor=actor, verb="profile.updated", target=locked, fields=sorted(changed))
    for name in fields:
        setattr(user, name, getattr(locked, name))
    return user


def _role_group(role: Role | str) -> Group:
    if role not in {r.value for r in Role} or role == Role.LEARNER:
        raise ValueError(ERROR_ROLE_NOT_GRANTABLE)
    group, _ = Group.objects.get_or_create(name=str(role))
    return group


@transaction.atomic
def grant_role(*, actor: User | None, user: User, role: Role | str) -> None:
    """Give faculty, coordinator or editor. `actor=None` is the system (seed, migrations)."""
    if actor is not None and not actor.has_role(Role.COORDINATOR):
        raise PermissionDenied(ERROR_ONLY_COORDINATORS_GRANT_ROLES)
    group = _role_group(role)
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
        record_event(actor=actor, verb="role.granted", target=user, role=str(role))


@transaction.atomic
def revoke_role(*, actor: User, user: User, role: Role | str) -> None:
    if not actor.has_role(Role.COORDINATOR):
        raise PermissionDenied(ERROR_ONLY_COORDINATORS_GRANT_ROLES)
    group = _role_group(role)
    if user.groups.filter(pk=group.pk).exists():
        user.groups.remove(group)
        record_event(actor=actor, verb="role.revoked", target=user, role=str(role))


@transaction.atomic
def set_groups(*, actor: User, user: User, groups: Iterable[Group]) -> None:
    """What the admins' "groups" boxes do: each role granted or revoked through grant_role and
    revoke_role (so every change is an audited event); other groups (Wagtail's moderators,
    say) are added and removed with an event of their own."""
    wanted = {group.name: group for group in groups}
    held = {group.name: group for group in user.groups.all()}
    granted = {role.value for role in GRANTED_ROLES}
    for name in sorted(set(wanted) - set(held)):
        if name in granted:
            grant_role(actor=actor, user=user, role=name)
        else:
            user.groups.add(wanted[name])
            record_event(actor=actor, verb="group.added", target=user, group=name)
    for name in sorted(set(held) - set(wanted)):
        if name in granted:
            revoke_role(actor=actor, user=user, role=name)
        else:
            user.groups.remove(held[name])
            record_event(actor=actor, verb="group.removed", target=user, group=name)


ERROR_ONLY_COORDINATORS_RETRY = _("Only coordinators retry deliveries.")
ERROR_NOTHING_TO_RETRY = _("This delivery is already done.")


@transaction.atomic
def retry_delivery(*, actor: User, message: OutboxMessage) -> OutboxMessage:
    """A coordinator sends failed or stuck follow-up work again, from its first attempt."""
    if not actor.is_coordinator:
        raise PermissionDenied(ERROR_ONLY_COORDINATORS_RETRY)
    locked = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if locked.status == OutboxMessage.Status.DONE:
        raise ConflictError(str(ERROR_NOTHING_TO_RETRY), code="already_done")
    before = locked.status
    outbox.reset(locked)
    record_event(actor=actor, verb="delivery.retried", target=locked, from_status=before, to_status=locked.status)
    return locked


ERROR_ONLY_OWN_DATA = _("A person downloads their own data only.")


def export_personal_data(*, actor: User, user: User) -> bytes:
    """Everything we hold about the person, as one ZIP (lms/privacy.py); the export itself is
    recorded in the audit trail."""
    from .privacy import export_zip

    if actor.pk != user.pk:
        raise PermissionDenied(ERROR_ONLY_OWN_DATA)
    archive = export_zip(user)
    with transaction.atomic():
        record_event(actor=actor, verb="privacy.exported", target=user)
    return archive


# Erasure (GDPR art. 17): the person asks, a coordinator confirms, the data goes.

ERROR_ERASURE_ALREADY_REQUESTED = _("You have already asked for your data to be erased: the office will confirm it.")
ERASED_EMAIL_DOMAIN = "erased.invalid"


def _erase_person(request: ErasureRequest, **_context) -> None:
    """Every app's erasure (lms/privacy.py), then the account emptied: a pseudonym by id stays
    so that counts, grades and issued certificates keep their meaning, and nobody can log in."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from rest_framework.authtoken.models import Token

    from .privacy import erase

    user = User.objects.select_for_update().get(pk=request.user_id)
    erase(user)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()
    user.email = f"erased-{user.pk}@{ERASED_EMAIL_DOMAIN}"
    for field in ("full_name", "first_name", "last_name", "specialty", "institution_other", "licence_number"):
        setattr(user, field, "")
    user.institution = None
    user.country = ""
    user.profession = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


ERASURES = Workflow(
    model=ErasureRequest,
    related=("user",),
    verb_prefix="erasure",
    moves=[
        Move("confirm", (ErasureRequest.Status.REQUESTED,), ErasureRequest.Status.ERASED, COORDINATOR, _erase_person),
        Move("refuse", (ErasureRequest.Status.REQUESTED,), ErasureRequest.Status.REFUSED, COORDINATOR),
        Move(
            "cancel",
            (ErasureRequest.Status.REQUESTED,),
            ErasureRequest.Status.CANCELLED,
            owner("user_id", _("the person who asked")),
        ),
    ],
)


def request_erasure(*, actor: User) -> ErasureRequest:
    try:
        with transaction.atomic():
            request = ErasureRequest.objects.create(user=actor)
            ERASURES.record_creation(actor=actor, obj=request, verb="requested")
    except IntegrityError as error:
        raise ConflictError(str(ERROR_ERASURE_ALREADY_REQUESTED), code="already_requested") from error
    return request


def decide_erasure(*, actor: User, request: ErasureRequest, confirm: bool, comment: str = "") -> ErasureRequest:
    """A coordinator confirms (the erasure runs in the same transaction) or refuses, saying why."""
    return ERASURES.apply(
        actor=actor,
        obj=request,
        name="confirm" if confirm else "refuse",
        comment=comment,
        changes={"decided_at": timezone.now()},
    )
