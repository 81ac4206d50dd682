"""Role grants and revocations go through the role services (checked, audited) from every
admin: the Django admin's and Wagtail's user forms."""

import pytest
from django.contrib.auth.models import Group

from lms.models import AuditEvent, Role
from lms.roles import ensure_role_groups
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    ensure_role_groups()
    return UserFactory(is_superuser=True, is_staff=True)


def _role_events(user):
    return list(
        AuditEvent.objects.filter(target_type="lms.user", target_id=str(user.pk), verb__startswith="role.")
        .order_by("pk")
        .values_list("verb", "data")
    )


def _django_admin_form(user, groups):
    return {
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": "en",
        "is_active": "on",
        "groups": [group.pk for group in groups],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }


def test_granting_a_role_in_the_django_admin_is_an_audited_event(client, superuser):
    learner = UserFactory()
    client.force_login(superuser)

    response = client.post(
        f"/django-admin/lms/user/{learner.pk}/change/",
        _django_admin_form(learner, [Group.objects.get(name=Role.FACULTY)]),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert learner.has_role(Role.FACULTY)
    assert _role_events(learner) == [("role.granted", {"role": "faculty"})]
    assert AuditEvent.objects.get(verb="role.granted").actor == superuser


def test_revoking_a_role_in_the_django_admin_is_an_audited_event(client, superuser):
    faculty = UserFactory()
    faculty.groups.add(Group.objects.get(name=Role.FACULTY))
    client.force_login(superuser)

    client.post(f"/django-admin/lms/user/{faculty.pk}/change/", _django_admin_form(faculty, []))

    faculty = type(faculty).objects.get(pk=faculty.pk)
    assert not faculty.has_role(Role.FACULTY)
    assert _role_events(faculty) == [("role.revoked", {"role": "faculty"})]


def test_granting_a_role_in_the_wagtail_admin_is_an_audited_event(client, superuser):
    learner = UserFactory()
    client.force_login(superuser)

    response = client.post(
        f"/cms-admin/users/edit/{learner.pk}/",
        {
            "email": learner.email,
            "first_name": "A",
            "last_name": "B",
            "is_active": "on",
            "groups": [Group.objects.get(name=Role.COORDINATOR).pk],
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert learner.has_role(Role.COORDINATOR)
    assert _role_events(learner) == [("role.granted", {"role": "coordinator"})]
