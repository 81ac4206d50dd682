"""Personal data of observerships and fellowships (see lms/privacy.py)."""

from lms.privacy import Holding, blank, delete_rows, remove_files

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
        "keep the status and dates, remove what you wrote and the offer letter",
        files=("offer_letter",),
        on_erase=(remove_files("offer_letter"), blank("current_position", "institution_other", "motivation")),
    ),
    Holding(
        ApplicationDocument,
        "application__applicant",
        "Documents you uploaded.",
        "delete",
        files=("file",),
        on_erase=(delete_rows,),
    ),
    Holding(Placement, "application__applicant", "Your placements.", "keep: dates and department"),
    Holding(
        LogbookEntry,
        "placement__application__applicant",
        "Your logbook.",
        "keep the hours, remove the notes",
        on_erase=(blank("notes"),),
    ),
    Holding(
        Evaluation,
        "placement__application__applicant",
        "Your supervisor's final evaluation.",
        "keep the ratings, remove the comments",
        on_erase=(blank("comments"),),
    ),
    Holding(
        TraineeFeedback,
        "placement__application__applicant",
        "Your feedback on your placement.",
        "keep the rating, remove what you wrote",
        on_erase=(blank("best", "improve"),),
    ),
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
