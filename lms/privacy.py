"""What personal data each app holds, how it is exported, and what erasure does with it
(after Moodle's privacy API): every app declares, in its own `privacy.py`, one `Holding` per
link from its models to a person. A test fails when a model linked to a user is declared by no
app, so new personal data cannot arrive unnoticed.

The export (`export_zip`) is one ZIP of JSON per holding plus the files, for the person
themselves (profile page, `GET /api/v1/me/export/`).
"""

import io
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, Q, QuerySet

from .models import AuditEvent, ErasureRequest, Notification, User

PROJECT_APPS = ("lms", "courses", "fellowships", "simulation", "live", "competencies", "certificates", "cms")
# What stands where a required text was erased (a submission must hold text or a file).
ERASED_TEXT = "[erased at the person's request]"


@dataclass(frozen=True)
class Holding:
    """Rows of `model` about a person, found through `person` (a lookup to the user)."""

    model: type[Model]
    person: str
    purpose: str  # why we hold it, said in the export's README
    erasure: str  # what erasure does: "delete", or "keep" with the reason (pseudonymised by id)
    files: tuple[str, ...] = ()  # file fields included in the export
    exported: bool = True  # False for links to staff who acted on others' records
    # What erasure runs on the person's rows (after `erasure` in words): e.g. delete_rows, or
    # blank(...) of the free text; none for rows kept as they are (they point to a pseudonym).
    on_erase: tuple[Callable[[QuerySet, "Holding"], None], ...] = ()

    @property
    def name(self) -> str:
        return f"{self.model._meta.label_lower}.{self.person.replace('__', '.')}"

    def rows(self, user: User):
        return self.model._default_manager.filter(**{self.person: user.pk}).distinct().order_by("pk")


def delete_rows(rows: QuerySet, holding: "Holding") -> None:
    """Remove the rows and their files."""
    remove_files(*holding.files)(rows, holding)
    rows.model._default_manager.filter(pk__in=list(rows.values_list("pk", flat=True))).delete()


def remove_files(*fields: str):
    def remove(rows: QuerySet, holding: "Holding") -> None:
        for row in rows:
            for field in fields:
                stored = getattr(row, field)
                if stored:
                    stored.delete(save=False)
            if fields:
                row.save(update_fields=list(fields))

    return remove


def blank(*fields: str, **values):
    """Empty free text (or set `values`): what a person wrote, or what was written about them."""

    def empty(rows: QuerySet, holding: "Holding") -> None:
        rows.model._default_manager.filter(pk__in=list(rows.values_list("pk", flat=True))).update(
            **dict.fromkeys(fields, ""), **values
        )

    return empty


def holdings() -> list[Holding]:
    found: list[Holding] = []
    for app in PROJECT_APPS:
        try:
            module = import_module(f"{app}.privacy")
        except ModuleNotFoundError:
            continue
        found.extend(getattr(module, "HOLDINGS", []))
    return found


HOLDINGS = [
    Holding(
        model=User,
        person="pk",
        purpose="Your account and profile: the name printed on certificates, profession, institution, country.",
        erasure="keep, emptied: name, email and profile are replaced by a pseudonym; the row keeps the id",
    ),
    Holding(
        model=Notification,
        person="recipient",
        purpose="Emails we sent you.",
        erasure="delete",
        on_erase=(delete_rows,),
    ),
    Holding(
        model=AuditEvent,
        person="actor",
        purpose="What you did that the audit trail records (people appear by id only).",
        erasure="keep, comments emptied: the chain hashes ids and a digest of each comment, so it still verifies",
        on_erase=(blank("comment"),),
    ),
    Holding(
        model=ErasureRequest,
        person="user",
        purpose="Your requests to erase your data.",
        erasure="keep: the record that the erasure was asked for and done",
    ),
]


def _events_about(user: User):
    return AuditEvent.objects.filter(Q(actor=user) | Q(target_type="lms.user", target_id=str(user.pk))).order_by("pk")


def export_zip(user: User) -> bytes:
    """Everything about the person: a JSON file per holding, their files, and a README."""
    buffer = io.BytesIO()
    readme = ["Your data held by the International Training Office.", ""]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for holding in holdings():
            if not holding.exported:
                continue
            # Events: those the person made and those about their account, read once.
            rows = list(_events_about(user) if holding.model is AuditEvent else holding.rows(user))
            data = json.loads(serializers.serialize("json", rows))
            if holding.model is User:
                for row in data:
                    row["fields"].pop("password", None)
            archive.writestr(
                f"{holding.name}.json", json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
            )
            readme.append(f"{holding.name}.json: {holding.purpose} ({len(data)})")
            for row in rows:
                for field in holding.files:
                    stored = getattr(row, field)
                    if stored:
                        with stored.open("rb") as handle:
                            archive.writestr(
                                f"files/{holding.name}/{row.pk}-{os.path.basename(stored.name)}", handle.read()
                            )
        archive.writestr("README.txt", "\n".join(readme) + "\n")
    return buffer.getvalue()


def erase(user: User) -> None:
    """Run every holding's erasure on the person's rows (the account itself is emptied by
    lms.services.erase_person). Called inside the erasure's transaction."""
    for holding in holdings():
        for action in holding.on_erase:
            action(holding.rows(user), holding)
