"""The one way a status changes, shared by every app.

Each status-bearing model has a `Workflow`: a table of named moves (sources, target, who may
make it), declared beside the service that uses it. `Workflow.apply` is the only code that
writes a status: it locks the row, checks the move and its guard, saves only the changed
fields, writes one event row and runs the move's follow-up (which records outbox work), all
in one transaction. `Workflow.allowed` answers what a person may do with an object now, for
pages and serializers that offer buttons. Services named after the domain move (`book`,
`withdraw`, `revoke`) stay the public entry: they check what a table cannot (dates, places)
and call `apply`.

Why not a package: django-fsm is archived, and viewflow's `fsm` keeps transitions as decorated
model methods that save through the model and do not lock the row, write our event shape or
know who acts; our tables are data that the tests walk pair by pair, and `apply` is ~60 lines.
"""

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .audit import record_event
from .errors import ConflictError
from .models import AuditEvent, User

M = TypeVar("M", bound=models.Model)

ERROR_MOVE_NOT_ALLOWED = _("Not possible now: the status is “%(current)s”.")
ERROR_ONLY_WHO = _("Only %(who)s can do this.")


@dataclass(frozen=True)
class Who:
    """Who may make a move: a label for the refusal message and a test on (actor, object)."""

    label: Any
    test: Callable[[User | None, Any], bool]

    def __call__(self, actor: User | None, obj: Any) -> bool:
        return self.test(actor, obj)

    def __or__(self, other: "Who") -> "Who":
        return Who(
            label=format_lazy(_("{one} or {other}"), one=self.label, other=other.label),
            test=lambda actor, obj: self(actor, obj) or other(actor, obj),
        )


SYSTEM = Who(_("the system"), lambda actor, obj: actor is None)
COORDINATOR = Who(_("the training office"), lambda actor, obj: actor is not None and actor.is_coordinator)


def owner(attribute: str, label) -> Who:
    """The person the object belongs to, named by a dotted id attribute ("applicant_id")."""

    def test(actor: User | None, obj: Any) -> bool:
        value = obj
        for part in attribute.split("."):
            value = getattr(value, part)
        return actor is not None and actor.pk == value

    return Who(label, test)


@dataclass(frozen=True)
class Move:
    """One row of a transition table: a named move from any of `sources` to `target`."""

    name: str  # the domain verb, also the event's verb: "submit", "accept", "cancel"
    sources: tuple[str, ...]
    target: str
    who: Who
    # Follow-up inside the same transaction, after the event row: emails, renders (outbox).
    then: Callable[..., None] | None = None


@dataclass
class Workflow(Generic[M]):
    model: type[M]
    moves: Iterable[Move]
    field: str = "status"
    # Related rows read with the locked object (the row itself is the only one locked).
    related: tuple[str, ...] = ()
    verb_prefix: str = ""
    _by_name: dict[str, Move] = dataclasses.field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.moves = tuple(self.moves)
        self._by_name = {move.name: move for move in self.moves}
        if not self.verb_prefix:
            self.verb_prefix = self.model._meta.model_name

    def move(self, name: str) -> Move:
        return self._by_name[name]

    def moves_from(self, status: str) -> list[Move]:
        return [move for move in self.moves if status in move.sources]

    def allowed(self, actor: User | None, obj: M) -> list[Move]:
        """The moves this person may make on this object now (the table only; guards such as
        dates or places are checked when the move is made)."""
        current = getattr(obj, self.field)
        return [move for move in self.moves if current in move.sources and move.who(actor, obj)]

    def can(self, actor: User | None, obj: M, name: str) -> bool:
        return any(move.name == name for move in self.allowed(actor, obj))

    def lock(self, obj: M) -> M:
        # of=("self",): with select_related, PostgreSQL would otherwise lock every joined row
        # too (the parent session, the person), and two services locking in opposite orders
        # could deadlock.
        queryset = self.model._default_manager.select_for_update(of=("self",))
        if self.related:
            queryset = queryset.select_related(*self.related)
        return queryset.get(pk=obj.pk)

    def refusal(self, obj: M) -> ConflictError:
        current = getattr(obj, f"get_{self.field}_display")()
        return ConflictError(str(ERROR_MOVE_NOT_ALLOWED % {"current": current}), code="transition_not_allowed")

    def check(self, actor: User | None, obj: M, name: str) -> Move:
        """Raise the refusal a person would get for this move on this object now."""
        move = self.move(name)
        if getattr(obj, self.field) not in move.sources:
            raise self.refusal(obj)
        if not move.who(actor, obj):
            raise PermissionDenied(str(ERROR_ONLY_WHO % {"who": move.who.label}))
        return move

    def apply(
        self,
        *,
        actor: User | None,
        obj: M,
        name: str,
        comment: str = "",
        visible_to_owner: bool = True,
        changes: dict[str, Any] | None = None,
        guard: Callable[[M], None] | None = None,
        locked: bool = False,
        **data: Any,
    ) -> M:
        """Make one move: lock, check the table and the guard, save the status and `changes`
        with update_fields, write the event, run the follow-up; one transaction.

        `locked=True` when the caller already holds the row's lock in this transaction and
        passes that instance (it has checked related rows in the order it locks them)."""
        with transaction.atomic():
            current = obj if locked else self.lock(obj)
            move = self.check(actor, current, name)
            if guard is not None:
                guard(current)
            before = getattr(current, self.field)
            setattr(current, self.field, move.target)
            for attribute, value in (changes or {}).items():
                setattr(current, attribute, value)
            current.save(update_fields=[self.field, *(changes or {})])
            event = record_event(
                actor=actor,
                verb=f"{self.verb_prefix}.{move.name}",
                target=current,
                from_status=before,
                to_status=move.target,
                comment=comment,
                visible_to_owner=visible_to_owner,
                **data,
            )
            if move.then is not None:
                move.then(current, event=event, actor=actor, before=before)
            if obj is not current:
                for attribute in (self.field, *(changes or {})):
                    setattr(obj, attribute, getattr(current, attribute))
            return current

    def record_creation(
        self, *, actor: User | None, obj: M, verb: str = "created", comment: str = "", **data: Any
    ) -> AuditEvent:
        """The event of an object created in its first status (a draft, a booking)."""
        return record_event(
            actor=actor,
            verb=f"{self.verb_prefix}.{verb}",
            target=obj,
            to_status=getattr(obj, self.field),
            comment=comment,
            **data,
        )


def timeline(obj: models.Model, *, for_owner: bool = False):
    """The object's events, oldest first, with their actors; the owner sees only theirs."""
    events = AuditEvent.objects.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk)).select_related("actor")
    if for_owner:
        events = events.filter(visible_to_owner=True)
    return events.order_by("at", "pk")
