"""The intake snippet's form in the Wagtail admin: it validates like any admin form, and saves
through `services.save_intake`, so places never drop below those taken and every change is an
audited event made by the coordinator who made it."""

from wagtail.admin.forms import WagtailAdminModelForm

from . import services


class IntakeForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        errors = services.intake_errors(intake_id=self.instance.pk, places=cleaned.get("places"))
        for field, message in errors.items():
            self.add_error(field, message)
        return cleaned

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        fields = {name: self.cleaned_data[name] for name in services.INTAKE_FIELDS if name in self.cleaned_data}
        self.instance = services.save_intake(
            actor=self.for_user, intake=self.instance if self.instance.pk else None, **fields
        )
        return self.instance
