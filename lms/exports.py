"""CSV and TSV exports that a spreadsheet opens safely.

Names, titles and comments in our exports are typed by people (a sign-up's full name, an
institution, an audit comment); a cell starting with =, +, -, @, a tab or a carriage return is
run as a formula by Excel, LibreOffice and Google Sheets (CSV injection, OWASP). Every export
writes through `writer`, which quotes such text with a leading apostrophe; numbers stay numbers.
"""

import csv
from datetime import date, datetime
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    """The cell as written: text that could run as a formula gets a leading apostrophe."""
    if value is None or isinstance(value, (bool, int, float, Decimal, date, datetime)):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class SafeWriter:
    def __init__(self, file, **options):
        self._writer = csv.writer(file, **options)

    def writerow(self, row):
        return self._writer.writerow([neutralised(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def writer(file, **options) -> SafeWriter:
    """`csv.writer` with formula-looking text neutralised (options as for csv.writer)."""
    return SafeWriter(file, **options)
