"""Personal data of observerships and fellowships (see lms/privacy.py)."""

from lms.privacy import Holding

from .models import (
    Application,
    ApplicationDocument,
    Evaluation,
    LogbookEntry,
    Placement,
    ProgrammePage,
    Review,
    TraineeFeedback,
)

HOLDINGS = [
    Holding(
        Application,
        "applicant",
        "Your applications, their dates, motivation and offer letters.",
        "delete",
        files=("offer_letter",),
    ),
    Holding(ApplicationDocument, "application__applicant", "Documents you uploaded.", "delete", files=("file",)),
    Holding(Placement, "application__applicant", "Your placements.", "delete"),
    Holding(LogbookEntry, "placement__application__applicant", "Your logbook.", "delete"),
    Holding(Evaluation, "placement__application__applicant", "Your supervisor's final evaluation.", "delete"),
    Holding(TraineeFeedback, "placement__application__applicant", "Your feedback on your placement.", "delete"),
    Holding(
        Review,
        "reviewer",
        "Applications you reviewed.",
        "keep: the review stands; the reviewer is an id",
        exported=False,
    ),
    Holding(
        Placement, "supervisor", "Trainees you supervise.", "keep: the office names a new supervisor", exported=False
    ),
    Holding(LogbookEntry, "countersigned_by", "Logbook entries you countersigned.", "keep: an id", exported=False),
    Holding(Evaluation, "evaluator", "Evaluations you wrote.", "keep: the evaluation stands; an id", exported=False),
    Holding(ProgrammePage, "faculty", "Programmes you teach.", "keep: removed by the office", exported=False),
]
