"""Forms of the course pages; the rules (attempts, file types, rubric) live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AssignmentForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=20000
    )
    file = forms.FileField(label=_("Attach a file"), required=False, allow_empty_file=True)


class GradeForm(forms.Form):
    """One radio group per rubric criterion (its levels, with their points), then feedback."""

    feedback = forms.CharField(
        label=_("Feedback for the learner"), widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=4000
    )

    def __init__(self, *args, rubric: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        criteria = {}
        for number, criterion in enumerate(rubric):
            criteria[f"criterion_{number}"] = forms.TypedChoiceField(
                label=criterion["name"],
                choices=[
                    (index, f"{level['label']} ({level['points']})") for index, level in enumerate(criterion["levels"])
                ],
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.fields = {**criteria, "feedback": self.fields["feedback"]}

    def levels(self) -> list[int]:
        return [self.cleaned_data[f"criterion_{number}"] for number in range(len(self.rubric))]
