"""Issue a certificate in tests with the fields a test cares about and defaults for the rest."""

from decimal import Decimal

from certificates.cohorts import Completion
from certificates.models import Kind
from certificates.services import issue_certificate


def issue_for(*, recipient, source, actor=None, batch=None, **fields):
    defaults = {"kind": Kind.SIMULATION, "title": "Neonatal resuscitation", "hours": Decimal("4")}
    values = {**defaults, **fields}
    values["faculty"] = tuple(values.get("faculty", ()))
    return issue_certificate(
        actor=actor, completion=Completion(recipient=recipient, source=source, **values), batch=batch
    )
