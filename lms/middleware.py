from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils.translation import get_language_from_path

# Nothing here uses the camera, microphone, location, payments or USB.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class UserLanguageMiddleware:
    """Sends a reader to the page in their language: the one they last chose with the switcher
    (its cookie), else a logged-in person's preferred language. Only unprefixed GET requests
    for pages are redirected; English pages have no prefix, so English readers never bounce."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        wanted = self._wanted_language(request)
        if (
            wanted
            and wanted != settings.LANGUAGE_CODE
            and request.method in ("GET", "HEAD")
            and get_language_from_path(request.path_info) is None
        ):
            target = translate_url(request.get_full_path(), wanted)
            if target != request.get_full_path():
                return HttpResponseRedirect(target)
        return self.get_response(request)

    @staticmethod
    def _wanted_language(request) -> str | None:
        languages = {code for code, _name in settings.LANGUAGES}
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in languages:
            return chosen
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language in languages:
            return user.preferred_language
        return None


class SecurityHeadersMiddleware(CSPMiddleware):
    """The Content-Security-Policy (django-csp) plus Permissions-Policy.

    Our pages use no inline script or style at all, so their policy is strict (settings:
    CONTENT_SECURITY_POLICY). The Wagtail and Django admins ship a few inline scripts and styles
    of their own (date pickers, inline panels) that we cannot give nonces to, so under their
    paths scripts and styles may also be inline; they are staff-only pages behind a login.
    """

    ADMIN_PREFIXES = ("/cms-admin/", "/django-admin/")

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(self.ADMIN_PREFIXES):
            parts.update = {
                **(parts.update or {}),
                "script-src": [SELF, UNSAFE_INLINE],
                "style-src": [SELF, UNSAFE_INLINE],
            }
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
