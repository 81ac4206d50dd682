"""Forms of the fellowship pages. They check the shape of the input; the rules (dates against
the type and the intake, documents, the workflow) live in services and come back as field errors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.models import Institution, Sponsor, User

from .models import DRAFT_FIELDS, Application, DocumentKind, Evaluation, Recommendation, Review, Status, TraineeFeedback

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NoBlankRadiosMixin:
    """Radio groups for 1-to-5 scores: no "---------" choice to click."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect) and hasattr(field, "choices"):
                field.choices = [choice for choice in field.choices if choice[0] != ""]


class DraftForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = list(DRAFT_FIELDS)
        widgets = {"start_date": DATE, "end_date": DATE, "motivation": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "institution_other": _("Only if your hospital is not in the list."),
            "language_level": _("e.g. Spanish B2, English C1"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.order_by("name")
        self.fields["sponsor"].queryset = Sponsor.objects.order_by("name")
        if not self.instance.intake.programme.sponsorship_available:
            del self.fields["sponsorship_requested"]
            del self.fields["sponsor"]


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"))
    file = forms.FileField(label=_("File (PDF, JPG, PNG, DOCX or ODT, at most 10 MB)"), allow_empty_file=True)

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(DocumentKind.choices)
        self.fields["kind"].choices = [(kind, labels[kind]) for kind in kinds]


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    visible = forms.BooleanField(label=_("The applicant may read this comment"), required=False, initial=False)

    def __init__(self, *args, targets: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Status.choices)
        self.fields["to_status"].choices = [(status, labels[status]) for status in targets]


class ReviewForm(NoBlankRadiosMixin, forms.ModelForm):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Recommendation.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = Review
        fields = ["experience", "motivation", "fit", "language", "recommendation", "comments"]
        widgets = dict.fromkeys(("experience", "motivation", "fit", "language"), forms.RadioSelect)


class LogbookForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DATE)
    activity = forms.CharField(label=_("Activity or procedure"), max_length=250)
    hours = forms.DecimalField(label=_("Hours"), max_digits=4, decimal_places=1, min_value=0.5, max_value=24)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)


class EvaluationForm(NoBlankRadiosMixin, forms.ModelForm):
    satisfactory = forms.TypedChoiceField(
        label=_("Overall, was the placement satisfactory?"),
        choices=[("yes", _("Yes: complete the placement and issue the certificate")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Evaluation
        fields = [
            "clinical_knowledge",
            "clinical_skills",
            "professionalism",
            "communication",
            "satisfactory",
            "comments",
        ]
        widgets = dict.fromkeys(Evaluation.COMPETENCIES, forms.RadioSelect)


class FeedbackForm(NoBlankRadiosMixin, forms.ModelForm):
    class Meta:
        model = TraineeFeedback
        fields = ["rating", "best", "improve"]
        widgets = {
            "rating": forms.RadioSelect,
            "best": forms.Textarea(attrs={"rows": 3}),
            "improve": forms.Textarea(attrs={"rows": 3}),
        }


class PlacementForm(forms.Form):
    supervisor = forms.ModelChoiceField(label=_("Supervisor"), queryset=User.objects.none())
    department = forms.CharField(label=_("Department"), max_length=120)
    starts_on = forms.DateField(label=_("Starts"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends"), widget=DATE)

    def __init__(self, *args, faculty, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = faculty
