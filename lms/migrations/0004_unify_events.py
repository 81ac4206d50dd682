"""Fold the three per-app event tables (applications, bookings, certificates) into the one
audit table, then seal every row into the hash chain in time order.

The old generic rows that duplicated those status changes (`application.<status>`,
`booking.<status>`, `certificate.<verb>`, written beside each domain event) are replaced by the
richer domain rows, which carry the statuses and comments; the other generic rows about the same
objects (reviews, documents, assessments) stay. Personal data stays out of the hash (see lms/audit.py)."""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations


def _digest(comment):
    if not comment:
        return ""
    key = hashlib.sha256(f"audit-comment:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, comment.encode(), hashlib.sha256).hexdigest()


def _hash(row, previous):
    # A frozen copy of lms.audit.content_hash: a migration must not follow later code changes.
    content = {
        "seq": row.seq,
        "at": row.at.isoformat(),
        "actor": row.actor_id,
        "verb": row.verb,
        "target": [row.target_type, str(row.target_id)],
        "status": [row.from_status, row.to_status],
        "visible": row.visible_to_owner,
        "data": row.data,
        "comment": row.comment_digest,
        "previous": previous,
    }
    encoded = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


SOURCES = [
    # (app, model, foreign key to the object, target label, verb prefix, has verb, has visibility)
    ("fellowships", "ApplicationEvent", "application_id", "fellowships.application", "application", False, True),
    ("simulation", "BookingEvent", "booking_id", "simulation.booking", "booking", False, False),
    ("certificates", "CertificateEvent", "certificate_id", "certificates.certificate", "certificate", True, False),
]


def forwards(apps, schema_editor):
    AuditEvent = apps.get_model("lms", "AuditEvent")
    Head = apps.get_model("lms", "AuditChainHead")
    for app_label, model_name, fk, target, prefix, has_verb, has_visibility in SOURCES:
        rows, duplicated = [], set()
        for old in apps.get_model(app_label, model_name).objects.order_by("at", "pk").iterator():
            verb = getattr(old, "verb", "") if has_verb else (old.to_status if old.from_status else "created")
            # the generic row the old code wrote beside this one: f"{prefix}.{to_status}" or, for
            # certificates, f"certificate.{verb}"
            duplicated.add(f"{prefix}.{verb if has_verb else old.to_status}")
            comment = old.comment or ""
            rows.append(
                AuditEvent(
                    actor_id=old.actor_id,
                    verb=f"{prefix}.{verb}",
                    target_type=target,
                    target_id=str(getattr(old, fk)),
                    from_status=old.from_status or "",
                    to_status=old.to_status or "",
                    comment=comment,
                    comment_digest=_digest(comment),
                    visible_to_owner=old.visible_to_applicant if has_visibility else True,
                    data={},
                    at=old.at,
                )
            )
        AuditEvent.objects.filter(target_type=target, verb__in=duplicated).delete()
        AuditEvent.objects.bulk_create(rows, batch_size=1000)
    head, _created = Head.objects.get_or_create(pk=1)
    for row in AuditEvent.objects.filter(seq=None).order_by("at", "pk").iterator():
        row.seq = head.seq + 1
        row.previous_hash = head.hash
        row.hash = _hash(row, head.hash)
        row.save(update_fields=["seq", "previous_hash", "hash"])
        head.seq, head.hash = row.seq, row.hash
    head.save()


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0003_audit_chain_and_outbox"),
        ("fellowships", "0001_initial"),
        ("simulation", "0001_initial"),
        ("certificates", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
