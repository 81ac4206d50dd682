"""Personal data of certificates (see lms/privacy.py)."""

from lms.privacy import Holding

from .models import Activity, ActivityAttendance, Certificate, IssuanceBatch

HOLDINGS = [
    Holding(
        Certificate,
        "recipient",
        "Your certificates and their PDFs.",
        "keep, without the name: still verifiable as issued to a holder who left",
        files=("pdf",),
    ),
    Holding(ActivityAttendance, "participant", "Training activities you attended.", "delete"),
    Holding(Certificate, "issued_by", "Certificates you issued.", "keep: an id", exported=False),
    Holding(Certificate, "faculty", "Certificates naming you as faculty.", "keep: an id", exported=False),
    Holding(Activity, "faculty", "Activities you teach.", "keep: removed by the office", exported=False),
    Holding(IssuanceBatch, "created_by", "Cohort batches you issued.", "keep: an id", exported=False),
]
