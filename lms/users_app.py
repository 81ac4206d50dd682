"""Wagtail's users app with our user viewset (lms/wagtail_users.py): role changes made in the
Wagtail admin go through the role services. Its own module, so that lms/apps.py keeps one
AppConfig."""

from wagtail.users.apps import WagtailUsersAppConfig


class WagtailUsersConfig(WagtailUsersAppConfig):
    user_viewset = "lms.wagtail_users.UserViewSet"
