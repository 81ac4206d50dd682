"""Personal data of competencies and the training record (see lms/privacy.py)."""

from lms.privacy import Holding, blank

from .models import Assessment, Committee, CommitteeDecision, Concern, Evidence, Transcript

HOLDINGS = [
    Holding(Evidence, "learner", "Evidence of your competencies, each pointing at its source.", "keep: your record"),
    Holding(
        Assessment,
        "trainee",
        "The EPA assessments you asked for, with the entrustment level and feedback.",
        "keep the levels, remove what you wrote",
        on_erase=(blank("note"),),
    ),
    Holding(
        Assessment,
        "supervisor",
        "EPA assessments you completed as a supervisor.",
        "keep: the trainee's record",
        exported=False,
    ),
    Holding(Concern, "trainee", "Concerns supervisors raised about your progress.", "keep: the committee's record"),
    Holding(Concern, "raised_by", "Concerns you raised about trainees.", "keep: the trainee's record", exported=False),
    Holding(CommitteeDecision, "trainee", "The competence committee's decisions about you.", "keep: your record"),
    Holding(
        CommitteeDecision,
        "decided_by",
        "Committee decisions you recorded.",
        "keep: the trainee's record",
        exported=False,
    ),
    Holding(Committee, "members", "Competence committees you sit on.", "keep: removed by the office", exported=False),
    Holding(Committee, "trainees", "Competence committees that review your progress.", "keep: removed by the office"),
    Holding(Transcript, "learner", "The transcripts you issued, as they were issued.", "keep: backs a certificate"),
]
