"""Personal data of certificates (see lms/privacy.py)."""

from lms.privacy import Holding, blank, remove_files

from .models import Activity, ActivityAttendance, Certificate, IssuanceBatch

HOLDINGS = [
    Holding(
        Certificate,
        "recipient",
        "Your certificates and their PDFs.",
        "keep, without the name: still verifiable as issued to a holder who left",
        files=("pdf",),
        on_erase=(remove_files("pdf"), blank("recipient_name", "credential")),
    ),
    Holding(ActivityAttendance, "participant", "Training activities you attended.", "keep: counts"),
    Holding(Certificate, "issued_by", "Certificates you issued.", "keep: an id", exported=False),
    Holding(Certificate, "faculty", "Certificates naming you as faculty.", "keep: an id", exported=False),
    Holding(Activity, "faculty", "Activities you teach.", "keep: removed by the office", exported=False),
    Holding(IssuanceBatch, "created_by", "Cohort batches you issued.", "keep: an id", exported=False),
]
