"""Forms of the competency pages; the services check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EPA, Assessment, Stage, Transcript
from .services import ERROR_PERIOD, supervisors

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.email


class AssessmentRequestForm(forms.Form):
    """At most 8 interactions on a phone: the EPA and the supervisor are two selects, where and
    how complex are one tap each, and one button sends it."""

    epa = forms.ModelChoiceField(label=_("EPA"), queryset=EPA.objects.order_by("framework__title", "sort_order", "pk"))
    supervisor = PersonChoiceField(label=_("Supervisor"), queryset=None)
    setting = forms.ChoiceField(label=_("Setting"), choices=Assessment.Setting.choices, widget=forms.RadioSelect)
    complexity = forms.ChoiceField(
        label=_("Complexity"), choices=Assessment.Complexity.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("What you did (optional)"), required=False, max_length=300)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = supervisors()
        self.fields["supervisor"].queryset = queryset.exclude(pk=user.pk) if user is not None else queryset


class CompleteForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Entrustment"), coerce=int, widget=forms.RadioSelect)
    went_well = forms.CharField(label=_("What went well"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    to_work_on = forms.CharField(label=_("What to work on"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, assessment: Assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            (level.value, f"{level.value}. {level.display_label}") for level in assessment.epa.scale.levels.all()
        ]


class RecordFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE)
    programme = forms.ChoiceField(label=_("Programme"), required=False)

    def __init__(self, *args, programmes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [("", _("All training"))] + programmes

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", ERROR_PERIOD)
        return cleaned


class TranscriptForm(RecordFilterForm):
    sections = forms.MultipleChoiceField(
        label=_("Include"),
        choices=Transcript.Section.choices,
        initial=Transcript.Section.values,
        widget=forms.CheckboxSelectMultiple,
    )


class ConcernForm(forms.Form):
    text = forms.CharField(label=_("Concern"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=None)
    stage = forms.ChoiceField(label=_("Stage reached"), choices=Stage.choices)
    rationale = forms.CharField(label=_("Rationale"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
