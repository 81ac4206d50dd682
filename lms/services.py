"""Writes of the core: profiles, role grants, audit events and notifications.

Every function is keyword-only, takes the acting user first, checks permission, runs in one
transaction and records an audit event. Email delivery is queued after commit.
"""

from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import notifications, outbox
from .audit import record_event
from .errors import ConflictError
from .models import Notification, OutboxMessage, Role, User

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

ERROR_NOT_ALLOWED_TO_EDIT_PROFILE = "You may only edit your own profile."
ERROR_ONLY_COORDINATORS_GRANT_ROLES = "Only coordinators grant or revoke roles."
ERROR_ROLE_NOT_GRANTABLE = "This role cannot be granted: every user is a learner."


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
        body = render_to_string(template, {"recipient": recipient, **(context or {})})
        notification = Notification.objects.create(recipient=recipient, subject=text[:250], body=body)
    outbox.enqueue(notifications.DELIVER, notification_id=notification.pk)
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
    user.groups.add(_role_group(role))
    record_event(actor=actor, verb="role.granted", target=user, role=str(role))


@transaction.atomic
def revoke_role(*, actor: User, user: User, role: Role | str) -> None:
    if not actor.has_role(Role.COORDINATOR):
        raise PermissionDenied(ERROR_ONLY_COORDINATORS_GRANT_ROLES)
    user.groups.remove(_role_group(role))
    record_event(actor=actor, verb="role.revoked", target=user, role=str(role))


ERROR_ONLY_COORDINATORS_RETRY = "Only coordinators retry deliveries."
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
