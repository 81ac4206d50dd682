"""What each status means to the applicant, in plain words, and what they should do next."""

from django.utils.translation import gettext_lazy as _

from .models import Application, Status

MEANING = {
    Status.DRAFT: _("Your application is a draft: only you can see it."),
    Status.SUBMITTED: _("We have received your application."),
    Status.UNDER_REVIEW: _("Faculty are reviewing your application."),
    Status.INTERVIEW: _("You are invited to an interview."),
    Status.ACCEPTED: _("You have been offered a place."),
    Status.WAITLISTED: _("You are on the waitlist."),
    Status.REJECTED: _("Your application was not accepted this time."),
    Status.CONFIRMED: _("You have confirmed your place."),
    Status.DECLINED: _("You declined the offer."),
    Status.IN_PROGRESS: _("Your training is under way."),
    Status.COMPLETED: _("You have completed the training."),
    Status.DISCONTINUED: _("Your training was discontinued."),
    Status.WITHDRAWN: _("You withdrew your application."),
}


def next_step(application: Application) -> tuple[str, object | None]:
    """(what to do, by when) for the applicant; an empty string when nothing is expected."""
    status = application.status
    if status == Status.DRAFT:
        return _("Complete every field, upload the documents and submit."), application.intake.closes_on
    if status in (Status.SUBMITTED, Status.UNDER_REVIEW):
        return _("Nothing for now: we will email you when there is news."), None
    if status == Status.INTERVIEW:
        return _("Watch your email for the date and time of the interview."), None
    if status == Status.ACCEPTED:
        return _("Confirm or decline the offer."), application.offer_deadline
    if status == Status.WAITLISTED:
        return _("Nothing for now: we will write if a place frees up."), None
    if status == Status.CONFIRMED:
        return _(
            "Prepare your visa and travel with the offer letter; arrive on your start date."
        ), application.start_date
    if status == Status.IN_PROGRESS:
        return _("Keep your logbook up to date and give us your feedback at the end."), application.end_date
    if status == Status.COMPLETED:
        return _("Your certificate is on your dashboard."), None
    return "", None
