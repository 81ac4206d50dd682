"""The API's JSON parser: DRF's, refusing deeply nested JSON with a 400.

`json.load` raises RecursionError (not ValueError) on a body of a few thousand nested
brackets, which DRF's parser let through as a 500."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply") from None
