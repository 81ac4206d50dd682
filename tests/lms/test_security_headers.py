"""Every response carries the security headers, and the pages we write need no inline script
or style (so the strict policy costs them nothing)."""

import re

import pytest

from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/simulation/",
    "/dashboard/",
    "/profile/",
    "/courses/mine/",
    "/applications/",
    "/simulation/bookings/",
    "/office/audit/",
    "/office/deliveries/",
    "/api/docs/",
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.IGNORECASE)


@pytest.mark.parametrize(
    ("path", "anonymous"),
    [(path, False) for path in PAGES]
    + [("/accounts/login/", True), ("/accounts/signup/", True), ("/accounts/password/reset/", True), ("/", True)],
)
def test_pages_carry_a_strict_policy_and_no_inline_script_or_style(client, path, anonymous):
    if not anonymous:
        client.force_login(CoordinatorFactory())

    response = client.get(path)
    html = response.content.decode()

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'self'" in policy
    assert INLINE_SCRIPT.findall(html) == []
    assert " style=" not in html and "<style" not in html
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_admins_may_run_their_own_inline_scripts_and_nothing_else_may(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    admin = client.get("/cms-admin/")["Content-Security-Policy"]
    site = client.get("/dashboard/")["Content-Security-Policy"]

    assert "script-src 'self' 'unsafe-inline'" in admin
    assert "'unsafe-inline'" not in site


def test_api_responses_carry_the_headers_too(client):
    client.force_login(UserFactory())

    response = client.get("/api/v1/me/")

    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
