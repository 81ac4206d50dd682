from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import AuditEvent, Institution, Notification, Sponsor, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "profession", "country", "is_active", "is_staff"]
    list_filter = ["profession", "is_active", "is_staff", "groups"]
    search_fields = ["email", "full_name"]
    list_select_related = ["institution"]
    autocomplete_fields = ["institution"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "full_name",
                    "profession",
                    "specialty",
                    "institution",
                    "institution_other",
                    "country",
                    "preferred_language",
                    "licence_number",
                )
            },
        ),
        (_("Roles and permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)

    def save_related(self, request, form, formsets, change):
        """Groups are roles: they change through the role services (audited), not the form."""
        groups = form.cleaned_data.pop("groups", None)
        super().save_related(request, form, formsets, change)
        if groups is not None:
            services.set_groups(actor=request.user, user=form.instance, groups=groups)


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "city", "is_partner"]
    list_filter = ["is_partner", "country"]
    search_fields = ["name", "city"]


@admin.register(Sponsor)
class SponsorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "status", "created_at", "sent_at"]
    list_filter = ["status"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.fields]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "verb", "target_type", "target_id"]
    list_filter = ["verb", "target_type"]
    list_select_related = ["actor"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
