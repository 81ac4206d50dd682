"""English dates as the training office and its certificates write them: "7 December 2026",
not Django's American "Dec. 7, 2026", and times on the 24-hour clock the rest of the site uses.
Spanish, French and Catalan keep Django's own formats ("7 de diciembre de 2026")."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
