"""Forms of the competency pages; the services check everything again."""

import json

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from .models import EPA, Assessment, Competency, Framework, Stage, Transcript
from .selectors import TrainingChoices
from .services import ERROR_PERIOD, supervisors

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.email


class CompetencyChoiceField(forms.ModelMultipleChoiceField):
    """Milestones indented under their competency, so the tree reads as a tree."""

    def label_from_instance(self, obj: Competency) -> str:
        return f"— {obj}" if obj.level == Competency.Level.MILESTONE else str(obj)


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


class LinkForm(forms.Form):
    """One piece of training and what it trains, within one framework. The training picker's
    values are "kind:id" from the registry, grouped by kind (courses, programmes, scenarios…)."""

    training = forms.ChoiceField(label=_("Training"))
    competencies = CompetencyChoiceField(
        label=_("Competencies it trains"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    epas = forms.ModelMultipleChoiceField(
        label=_("EPAs it prepares for"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, framework: Framework, trainings: TrainingChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.trainings = trainings
        self.fields["training"].choices = [("", "---------"), *trainings.groups]
        self.fields["competencies"].queryset = framework.competencies.order_by("sort_order", "pk")
        self.fields["epas"].queryset = framework.epas.order_by("sort_order", "pk")

    def clean_training(self):
        return self.trainings.objects[self.cleaned_data["training"]]


class CaseImportForm(forms.Form):
    """A framework file as 1EdTech CASE JSON (a CFPackage), as the API's import takes it."""

    MAX_BYTES = 5 * 1024 * 1024

    file = forms.FileField(label=_("CASE JSON file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        try:
            package = json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise forms.ValidationError(_("This file is not JSON: export the framework as CASE JSON.")) from None
        if not isinstance(package, dict):
            raise forms.ValidationError(_("This file is not a CASE package (a JSON object with a CFDocument)."))
        return package

    def add_package_errors(self, error: ValidationError) -> None:
        """The import names the CASE field at fault (CFDocument.title…): shown on the file."""
        for field, messages in getattr(error, "message_dict", {None: error.messages}).items():
            for message in messages:
                self.add_error("file", f"{field}: {message}" if field and field != NON_FIELD_ERRORS else message)
