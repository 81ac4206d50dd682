"""The API's router: object ids in paths are numbers, so `/api/v1/certificates/abc/revoke/` is
a 404 like any unknown address, never a 500 from a failed integer lookup."""

from rest_framework.routers import SimpleRouter


class IdRouter(SimpleRouter):
    def get_lookup_regex(self, viewset, lookup_prefix=""):
        if getattr(viewset, "lookup_value_regex", None) is None:
            viewset.lookup_value_regex = "[0-9]+"
        return super().get_lookup_regex(viewset, lookup_prefix)
