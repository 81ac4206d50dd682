"""Exact text for Indic scripts in the PDF's text layer.

WeasyPrint (70.x) maps each glyph to Unicode once per font, from its HarfBuzz cluster: when
shaping reorders glyphs inside a cluster (the Devanagari reph in "शर्मा") the last glyph gets the
whole cluster and the others nothing, and a glyph keeps the first mapping it was given in the
document. Extraction then reads "प्रिया शर्मा" as "प्रिया श ार्मा" (WeasyPrint issue #1686). No font or
CSS avoids it.

PDF has the answer: a marked-content span with /ActualText gives the logical text of what it
draws, and search, copy-paste and screen readers that read the text layer (Acrobat, poppler)
use it. We wrap each drawn line that holds an Indic script in one, with the line's own text.
Right-to-left lines are left alone (their visual order would be reversed by the extractor),
as is everything else, which extracts correctly already.

This wraps WeasyPrint's `draw_first_line`, so it is installed only for the WeasyPrint series it
was written against; `installed()` says whether it is, and a test fails when an upgrade leaves it
out, so the next series is checked before it ships.
"""

import functools
import re
import unicodedata

import pydyf
import weasyprint
from weasyprint.draw import text as weasy_text

SUPPORTED_SERIES = "70."
INDIC = re.compile(r"[\u0900-\u0DFF\u1000-\u109F\u1780-\u17FF\uA8E0-\uA8FF]")
_draw_first_line = weasy_text.draw_first_line


def needs_actual_text(text: str) -> bool:
    return bool(INDIC.search(text)) and not any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


@functools.wraps(_draw_first_line)
def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
    text = textbox.text
    if not needs_actual_text(text):
        return _draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
    # Not stripped: a space ending one inline box separates it from the next.
    stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
    try:
        return _draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
    finally:
        stream.end_marked_content()


def install() -> None:
    if weasyprint.__version__.startswith(SUPPORTED_SERIES):
        weasy_text.draw_first_line = draw_first_line


def installed() -> bool:
    return weasy_text.draw_first_line is draw_first_line
