from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from lms.models import User

from .credit import QUARTER
from .models import Activity

ERROR_NO_SUCH_LEARNER = _("No account uses this email address.")


class IssueByHandForm(forms.Form):
    activity = forms.ModelChoiceField(queryset=Activity.objects.none(), label=_("Activity"))
    recipient_email = forms.EmailField(label=_("Learner's email"))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        activities = Activity.objects.order_by("-started_on", "title")
        self.fields["activity"].queryset = activities if user.is_coordinator else activities.filter(faculty=user)

    def clean_recipient_email(self) -> User:
        email = self.cleaned_data["recipient_email"].lower()
        recipient = User.objects.filter(email__iexact=email).first()
        if recipient is None:
            raise forms.ValidationError(ERROR_NO_SUCH_LEARNER)
        return recipient


class ClaimForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Credit you claim"),
        min_value=QUARTER,
        max_digits=5,
        decimal_places=2,
        step_size=QUARTER,
        help_text=_("Claim only the credit commensurate with the extent of your participation."),
    )

    def __init__(self, *args, maximum: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].max_value = maximum
        self.fields["amount"].widget.attrs["max"] = str(maximum)
        self.fields["amount"].validators.append(MaxValueValidator(maximum))
        self.initial.setdefault("amount", maximum)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason (kept internal; verification shows only the date)"), max_length=1000)


class CohortForm(forms.Form):
    cohort = forms.ChoiceField(label=_("Cohort"))

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].choices = choices
