"""The tamper-evident audit trail: every event row is recorded inside the transaction that
makes the change, and sealed into a hash chain right after that transaction commits.

Why seal after commit rather than hash on insert: hashing on insert needs the previous row's
hash, so every writing transaction would hold one global lock from its first event to its
commit, and transactions that lock other rows after writing an event would deadlock with
each other. Sealing instead takes the chain's head row for a moment, in a transaction of its
own, and appends every committed unsealed row in id order. A beat task seals whatever a
crashed process left unsealed; `verify_audit` reports unsealed rows separately.

What is hashed: the row's sequence number, time, actor id, verb, target, statuses, data (ids
and codes only) and a keyed digest of the comment, plus the previous row's hash. No name or
email enters the hash, so erasing a person's data later (their comment text, their profile)
leaves the chain verifiable.
"""

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction

from .models import AuditChainHead, AuditEvent, User

SEAL_BATCH = 500


def comment_digest(comment: str) -> str:
    """A keyed digest of a free-text comment: it proves the text unchanged without putting the
    text (which may name people) into the chain."""
    if not comment:
        return ""
    key = hashlib.sha256(f"audit-comment:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, comment.encode(), hashlib.sha256).hexdigest()


def content_hash(event: AuditEvent, previous_hash: str) -> str:
    content = {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "verb": event.verb,
        "target": [event.target_type, str(event.target_id)],
        "status": [event.from_status, event.to_status],
        "visible": event.visible_to_owner,
        "data": event.data,
        "comment": event.comment_digest,
        "previous": previous_hash,
    }
    encoded = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def record_event(
    *,
    actor: User | None,
    verb: str,
    target: models.Model,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
    visible_to_owner: bool = True,
    **data: Any,
) -> AuditEvent:
    """Write one event row inside the caller's transaction; it is sealed after commit."""
    event = AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        from_status=str(from_status or ""),
        to_status=str(to_status or ""),
        comment=comment,
        comment_digest=comment_digest(comment),
        visible_to_owner=visible_to_owner,
        data=data,
    )
    _seal_after_commit()
    return event


def _seal_after_commit() -> None:
    """One seal per transaction, however many events it records: the seal takes the chain head's
    lock, so a second one would only wait for the first and find nothing left. A seal queued
    inside a savepoint that may still roll back does not count: only one queued at this level or
    an enclosing one (its savepoints are all still open) is sure to run."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        open_savepoints = set(connection.savepoint_ids)
        if any(hook is seal_quietly and sids <= open_savepoints for sids, hook, _robust in connection.run_on_commit):
            return
    transaction.on_commit(seal_quietly)


def seal() -> int:
    """Append every unsealed event to the chain, in id order; returns how many were sealed."""
    sealed = 0
    while True:
        with transaction.atomic():
            head, _created = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
            batch = list(AuditEvent.objects.filter(seq=None).order_by("pk")[:SEAL_BATCH])
            if not batch:
                return sealed
            for event in batch:
                event.seq = head.seq + 1
                event.previous_hash = head.hash
                event.hash = content_hash(event, head.hash)
                head.seq, head.hash = event.seq, event.hash
            if len(batch) == 1:  # the usual case, one event per transaction: a plain UPDATE
                AuditEvent.objects.filter(pk=event.pk).update(
                    seq=event.seq, previous_hash=event.previous_hash, hash=event.hash
                )
            else:
                AuditEvent.objects.bulk_update(batch, ["seq", "previous_hash", "hash"])
            head.save(update_fields=["seq", "hash"])
            sealed += len(batch)
        if len(batch) < SEAL_BATCH:
            return sealed


def seal_quietly() -> None:
    """After-commit sealing must never fail the request that made the change: a row left
    unsealed here is sealed by the next writer or by the beat task."""
    import logging

    from django.db import DatabaseError

    try:
        seal()
    except DatabaseError:
        logging.getLogger(__name__).warning("audit events left unsealed; the beat task will seal them", exc_info=True)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    unsealed: int
    broken_at: int | None  # seq of the first row that does not verify
    reason: str

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def _sealed_in_order() -> Iterator[AuditEvent]:
    return AuditEvent.objects.exclude(seq=None).order_by("seq").iterator(chunk_size=2000)


def verify_chain() -> ChainReport:
    """Walk the chain from the first row: each row must follow its predecessor without a gap,
    name its hash, hash to its own value, and carry the digest of its comment (unless the
    comment was erased). The head row must point at the last one, so deleting rows at the end
    is caught too."""
    previous_seq, previous_hash, checked = 0, "", 0
    for event in _sealed_in_order():
        checked += 1
        if event.seq != previous_seq + 1:
            return ChainReport(checked, _unsealed(), previous_seq + 1, "row missing (deleted)")
        if event.previous_hash != previous_hash:
            return ChainReport(checked, _unsealed(), event.seq, "does not follow the previous row")
        if content_hash(event, previous_hash) != event.hash:
            return ChainReport(checked, _unsealed(), event.seq, "content changed after it was sealed")
        if event.comment and comment_digest(event.comment) != event.comment_digest:
            return ChainReport(checked, _unsealed(), event.seq, "comment changed after it was sealed")
        previous_seq, previous_hash = event.seq, event.hash
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq, head.hash) != (previous_seq, previous_hash):
        return ChainReport(checked, _unsealed(), previous_seq + 1, "rows missing at the end (deleted)")
    return ChainReport(checked, _unsealed(), None, "")


def _unsealed() -> int:
    return AuditEvent.objects.filter(seq=None).count()
