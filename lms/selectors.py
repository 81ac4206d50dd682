"""Shared reads of the core, shaped for their pages and the API."""

from django.db.models import QuerySet

from .models import Institution, User


def user_with_roles(*, user_id: int) -> User:
    return User.objects.select_related("institution").prefetch_related("groups").get(pk=user_id)


def partner_institutions() -> QuerySet[Institution]:
    return Institution.objects.filter(is_partner=True).order_by("country", "name")
