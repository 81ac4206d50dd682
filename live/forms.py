"""Forms of the live training pages; the services check everything again."""

from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Case, Evaluation, Registration


class RegisterForm(forms.Form):
    role = forms.ChoiceField(label=_("I will take part as"), choices=Registration.Role.choices)


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=20,
        help_text=_("The six digits shown on screen or read out during the session."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class CaseForm(forms.Form):
    names = forms.CharField(
        label=_("Names to look for"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "The names of the patient, family and staff, separated by commas. They are used to check the text "
            "and are never stored."
        ),
    )
    age_band = forms.ChoiceField(label=_("Age band"), choices=Case.AgeBand.choices)
    sex = forms.ChoiceField(label=_("Sex"), choices=Case.Sex.choices)
    presenting_problem = forms.CharField(label=_("Presenting problem"), widget=forms.Textarea(attrs={"rows": 3}))
    history = forms.CharField(
        label=pgettext_lazy("clinical case", "History"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    investigations = forms.CharField(
        label=_("Investigations"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    management = forms.CharField(
        label=_("Current management"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    question = forms.CharField(label=_("Question for the experts"), widget=forms.Textarea(attrs={"rows": 2}))
    attachments = MultipleFileField(
        label=_("Images or reports (JPEG, PNG or PDF)"),
        required=False,
        help_text=_("Images are stored without metadata."),
    )
    attachments_deidentified = forms.BooleanField(
        label=_("The attachments show no name, face, record number or date of birth."), required=False
    )


class RecommendationsForm(forms.Form):
    recommendations = forms.CharField(label=_("Recommendations"), widget=forms.Textarea(attrs={"rows": 6}))


class EvaluationForm(forms.Form):
    relevance = forms.TypedChoiceField(
        label=_("How relevant was this session to your practice?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1: not at all, 5: very."),
    )
    change_practice = forms.ChoiceField(
        label=_("Will you change something in your practice?"),
        choices=Evaluation.Change.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("What could we do better?"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class VideoReportForm(forms.Form):
    file = forms.FileField(
        label=_("Participant report (CSV)"),
        help_text=_("Exported from Zoom, Teams or Jitsi: email, join and leave times."),
    )


class AdjustForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes attended"), min_value=0, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class MoveSessionForm(forms.Form):
    """The new start is read in the series' own time zone (the page says which), whatever the
    zone of the coordinator's browser or of the site."""

    starts_at = forms.DateTimeField(
        label=_("New start"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    reason = forms.CharField(label=_("Reason, sent to everyone registered"), required=False, max_length=500)
    prefix = "move"  # the cancel form beside it has a reason field too

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = ZoneInfo(session.series.time_zone)
        self.fields["starts_at"].initial = session.starts_at.astimezone(self.zone).replace(tzinfo=None)
        self.fields["starts_at"].help_text = _("Local time in %(zone)s; the session keeps its length.") % {
            "zone": session.series.time_zone
        }

    def is_valid(self) -> bool:
        with timezone.override(self.zone):
            return super().is_valid()


class CancelSessionForm(forms.Form):
    reason = forms.CharField(label=_("Reason, sent to everyone registered"), required=False, max_length=500)


class EnduringForm(forms.Form):
    """One radio group per question, named question_<id>; the service scores the answers."""

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(activity.questions.all())
        for number, question in enumerate(self.questions, start=1):
            self.fields[f"question_{question.pk}"] = forms.TypedChoiceField(
                label=f"{number}. {question.text}",
                choices=[(index, choice) for index, choice in enumerate(question.choice_list, start=1)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer.")},
            )

    def answers(self) -> dict[int, int]:
        return {question.pk: self.cleaned_data[f"question_{question.pk}"] for question in self.questions}


class PeriodForm(forms.Form):
    """The period of a certificate listing each live session; this year so far by default."""

    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault("initial", {"starts_on": today.replace(month=1, day=1), "ends_on": today})
        super().__init__(*args, **kwargs)
