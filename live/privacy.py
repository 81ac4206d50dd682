"""Personal data of live training (see lms/privacy.py)."""

from lms.privacy import Holding, blank, delete_rows, remove_files

from .models import Case, CaseAttachment, EnduringAttempt, Evaluation, PeriodStatement, Presence, Registration, Series

HOLDINGS = [
    Holding(
        Registration,
        "person",
        "Your registrations for live sessions, check-ins and minutes attended.",
        "keep: attendance backs the credit certified",
    ),
    Holding(Presence, "registration__person", "When you joined and left each session.", "keep: attendance"),
    Holding(
        Evaluation,
        "registration__person",
        "Your answers to session evaluations.",
        "keep the ratings, remove the comment",
        on_erase=(blank("comment"),),
    ),
    Holding(
        CaseAttachment,
        "case__presenter",
        "Images and reports attached to your cases.",
        "delete",
        files=("file",),
        on_erase=(remove_files("file"), delete_rows),
    ),
    Holding(
        Case,
        "presenter",
        "The de-identified cases you presented and the experts' recommendations.",
        "delete",
        on_erase=(delete_rows,),
    ),
    Holding(
        Case, "recommended_by", "Recommendations you wrote on cases.", "keep: the presenter's record", exported=False
    ),
    Holding(
        EnduringAttempt,
        "person",
        "Your answers to the questions on session recordings, and their scores.",
        "keep: a passed attempt backs the credit certified",
    ),
    Holding(
        PeriodStatement,
        "person",
        "The periods you asked one certificate for.",
        "keep: it backs that certificate",
    ),
    Holding(Series, "faculty", "Live series you teach.", "keep: removed by the office", exported=False),
]
