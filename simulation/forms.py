"""Forms of the simulation pages. They only check the shape of the input; the rules (clashes,
capacity, deadlines) live in services and come back as field errors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.model_i18n import in_reader_language
from lms.models import Role, User

from .models import ItemRating, Room, Scenario


class ScheduleSessionForm(forms.Form):
    scenario = forms.ModelChoiceField(label=_("Scenario"), queryset=Scenario.objects.all())
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.all())
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=500)
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Facilitators"),
        queryset=User.objects.filter(groups__name=Role.FACULTY.value).order_by("full_name"),
        widget=forms.CheckboxSelectMultiple,
    )
    cancellation_hours = forms.IntegerField(
        label=_("Cancellation deadline (hours before the start)"), min_value=0, max_value=720, initial=24
    )


class CancelSessionForm(forms.Form):
    reason = forms.CharField(label=_("Reason, sent to everyone booked"), max_length=500, required=False)


class DebriefForm(forms.Form):
    notes = forms.CharField(
        label=_("Debrief notes (seen by facilitators only)"), widget=forms.Textarea(attrs={"rows": 6}), max_length=8000
    )


class AssessmentForm(forms.Form):
    """One radio group per checklist item, then the feedback the participant will read."""

    feedback = forms.CharField(
        label=_("Feedback for the participant"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        required=False,
    )

    def __init__(self, *args, scenario: Scenario, initial_ratings: dict[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(scenario.checklist.all())
        initial_ratings = initial_ratings or {}
        fields = {}
        for item in self.items:
            label = f"{item.text} ({_('critical')})" if item.critical else item.text
            fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=label,
                choices=ItemRating.Rating.choices,
                widget=forms.RadioSelect,
                initial=initial_ratings.get(item.pk),
            )
        self.fields = {**fields, "feedback": self.fields["feedback"]}

    def ratings(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}


def session_filter_choices() -> list[tuple[str, str]]:
    """Disciplines that have scenarios, for the filter's list: each named in the reader's
    language, with its English name as the value (the filter accepts any language's)."""
    disciplines = (
        Scenario.objects.annotate(label=in_reader_language("discipline"))
        .values_list("discipline_en", "label")
        .order_by("label")
        .distinct()
    )
    return [("", _("Any discipline")), *disciplines]
