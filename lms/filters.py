"""Filters of the coordinators' audit page and its CSV export (django-filter)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


class AuditFilter(django_filters.FilterSet):
    """Who (the actor's email), what (the verb, e.g. "application.accept" or "certificate"),
    which object (its kind and id) and when."""

    actor = django_filters.CharFilter(field_name="actor__email", lookup_expr="iexact", label=_("Who (email)"))
    verb = django_filters.CharFilter(field_name="verb", lookup_expr="istartswith", label=_("What"))
    target_type = django_filters.CharFilter(field_name="target_type", lookup_expr="iexact", label=_("Object kind"))
    target_id = django_filters.CharFilter(field_name="target_id", label=_("Object id"))
    date_from = django_filters.DateFilter(
        field_name="at", lookup_expr="date__gte", label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        field_name="at", lookup_expr="date__lte", label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = AuditEvent
        fields = ["actor", "verb", "target_type", "target_id", "date_from", "date_to"]
