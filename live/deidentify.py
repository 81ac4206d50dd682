"""A de-identification screen for clinical case texts presented at tele-mentoring sessions.

Clinicians from partner hospitals present cases (Project ECHO style) in English, Spanish, French or
Catalan. Before a case is shown to the group, :func:`screen` looks through its text for things that
identify the patient and reports each one as a :class:`Hit`, so the presenter can remove it or confirm
that it is not identifying. It is a screen, not a guarantee: a person still reads the case.

The identifier classes are inspired by the HIPAA Safe Harbor list (names, dates more specific than
the year, telephone numbers, email addresses, record and account numbers, street addresses), reduced to
those that turn up in case presentations:

``name``
    Every name the presenter listed (patient, family, staff), found case-insensitively, accent-insensitively
    (compared after NFKD with combining marks removed, reported as the original substring and offsets) and on
    word boundaries only, so "Ana" hits "ana" and "Anà" but not "anaemia", "anamnesis" or "Banana". This works
    in any script: scripts without case compare exactly, and Chinese, Japanese, Korean, Thai, Lao, Khmer and
    Burmese names (written without spaces between words) match as plain substrings. :func:`names_from` turns
    what the presenter typed into a box into names, each full name also giving its parts.
    Also the one or two Capitalised words after an honorific or title (Mr, Mrs, Ms, Miss, Mx, Dr, Dra., Prof,
    Nurse, Sister, Sr., Sra., Srta., Dña., Don, Doña, M., Mme, Mlle, Señor, Senyor, Senyora...: "Mrs Mukamana",
    "Sra. García López", "Dr. Habimana", "el Sr Puig"), after "named" / "called" / "se llama" / "llamada" /
    "nommé" / "anomenada", or after a role word written mid-sentence in lower case ("the patient Lucía", "la
    paciente Lucía", "la pacient Núria", "l'enfant Lucas", "mother Aline", "la infermera Diane"). Function
    words ("Dr. The", "M. Le"), labels ("baby Boy", "Nurse Practitioner") and, after a role word, eponyms
    ("patient Down syndrome", "child Pugh") are skipped with stop lists; eponyms in running text ("Wilms
    tumour", "Burkitt lymphoma", "Kawasaki disease") follow no title and are never candidates.
``date_of_birth``
    A date after DOB / born / date of birth / fecha de nacimiento / nacido el / né le / née le / date de
    naissance / data de naixement / nascut el / va néixer el..., also when the cue is a few words before the
    date ("born at 29 weeks on 12 March 2024"), and a month and year after such a cue ("DOB: March 2019",
    "DOB 03/2019").
``date``
    Any other full calendar date: day, month and year, as 12/03/2024, 12-03-2024, 12.03.2024, 12/03/24,
    2024-03-12, 12 March 2024, March 12, 2024, 12-Mar-24, 12 de marzo de 2024, 1er mars 2024,
    3 d'abril de 2024. A two-digit year only as zero-padded dd/mm/yy, and not after "Apgar" ("Apgar 8/9/10").
    A year alone, a month and year, "day 3", "D+14", "3 weeks" are not dates.
``record_number``
    An id after MRN / medical record / hospital number / patient ID / NHC / historia clínica / nº de
    historia / número d'història / dossier / IPP / NIP / NSS / NUSS / SSN / CIP / TSI / national ID /
    passport / DNI / NIE / NIF (at least five digits in it); also a bare run of seven or more digits that is
    not part of a phone number or a date and is not followed by a unit ("1200000/µL").
``phone``
    International numbers (+250 788 123 456, +34 932 53 21 00), North American ((555) 123-4567,
    555-123-4567), Spanish (612 34 56 78, 932 532 100), French (06 12 34 56 78, 0612345678), Rwandan
    (0788 123 456) and any number after tel / phone / mobile / móvil / mòbil / portable.
``email``
    An email address.
``address``
    A street address: a house number with a street word (12 Main Street, 4 Great Ormond St, 12 rue de la
    Paix, Calle Mayor 5, C/ Sant Antoni Maria Claret 167, Avda. Diagonal, 640, Carrer de Mallorca 401,
    Passeig de Gràcia 12, Plaça Catalunya 1), Kigali street codes ("KG 11 Ave", "23 KN 5 Rd"), with a postal
    code after it when there is one (", 08025 Barcelona").

What it deliberately does not flag, so that ordinary clinical text passes clean: doses (5 mg/kg,
1.5 g/m2), lab values (Hb 7.2 g/dL, WBC 45,000/µL, 120 x 10^9/L), blood pressure (110/70), ratios (2/3),
ages (4-year-old, 18 months, age band 5-9), cycle and day notation (day 8 of cycle 2, D+14, week 3), a year
alone, a month and year, percentages, times (14:00), ICD codes (C91.0), protocol names (SIOP 2001,
AIEOP-BFM ALL 2017), staging and gene names (T2N0M0, BCR-ABL1, ETV6-RUNX1).

What it does not catch: a name written in free text with no honorific or role word before it that the
presenter did not list; names run into a word (Arabic "وأمينة" for "and Amina"); a name in capitals after a
role word; dates without a year ("12/03", "12 March") and partial dates except after a birth cue; ages over
89 (Safe Harbor counts them; a paediatric network rarely has them, so they are not flagged); town, region or
hospital names on their own; record numbers of fewer than five digits after a cue or fewer than seven
without one; photographs, device serial numbers, URLs and IP addresses.

All rules live in this module; its regular expressions are compiled once, at import.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

__all__ = ["KIND_LABELS", "Hit", "Kind", "names_from", "screen", "screen_fields"]


class Kind(StrEnum):
    NAME = "name"
    DATE_OF_BIRTH = "date_of_birth"
    DATE = "date"
    RECORD_NUMBER = "record_number"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"


KIND_LABELS: dict[Kind, str] = {
    Kind.NAME: _("Name"),
    Kind.DATE_OF_BIRTH: _("Date of birth"),
    Kind.DATE: _("Full date"),
    Kind.RECORD_NUMBER: _("Record number"),
    Kind.PHONE: _("Phone number"),
    Kind.EMAIL: _("Email address"),
    Kind.ADDRESS: _("Street address"),
}


@dataclass(frozen=True)
class Hit:
    field: str
    kind: Kind
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        """A stable id for this hit, for a form that asks the presenter to confirm it is not identifying."""
        return f"{self.field}:{self.start}:{self.kind}:{self.text}"


# --- Folding: case- and accent-insensitive comparison with offsets back into the original -------------


def _fold_char(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", char.casefold()) if not unicodedata.combining(c))


def _fold(text: str) -> tuple[str, list[int]]:
    """The text casefolded with combining marks removed, and for each folded character its original index."""
    chars: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        folded = _fold_char(char)
        chars.append(folded)
        index.extend([i] * len(folded))
    return "".join(chars), index


def _fold_word(text: str) -> str:
    return _fold(text)[0]


def _folded_set(words: str) -> frozenset[str]:
    return frozenset(_fold_word(word) for word in words.split())


# --- Names ------------------------------------------------------------------------------------------

# Scripts written without spaces between words: a name there is matched as a plain substring.
_UNSPACED_SCRIPTS = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x2FA1F),  # CJK extensions B-F
)

# Parts of a typed name that are not names (labels, relations, particles, titles, clinical words).
_NAME_PART_STOP_WORDS = _folded_set(
    """
    the and for with from von van der den des dos das del los las les della
    mrs miss mme mlle madame monsieur mademoiselle sra srta senora senor senyor senyora dona don dra doctor
    prof nurse sister mother father mum mom dad parent parents guardian brother son daughter baby infant child
    patient paciente pacient patiente family familia famille familia madre padre hermano hermana hijo hija
    abuela abuelo mere pere frere soeur fils fille enfant bebe mare pare germa germana fill filla nen nena avia
    avi tutor tutora tuteur infirmiere infirmier enfermera enfermero infermera infermer medecin medico metge
    boy girl nino nina garcon twin gemelo gemela jumeau jumelle bessona bessó unknown none name names nombre nom
    """
)

# Capitalised words after a title or role word that are not names: function words and labels...
_FUNCTION_WORDS = _folded_set(
    """
    The This That These Those She He Her His They Their It Its We Our You Your And Or But On In At Of For To
    With From By After Before During Since When While Was Is Are Has Had Who Whose
    La El Le Les Los Las Il Elle Ella Ellos Elles Una Un Une Uno Y Et I O Per Amb Con Sin Sans Avec Pour
    Que Qui Se Ha Es Est Va Fue Sus Son Mi Ma Mon Del De Du Des
    Hospital Clinic Clinica Ward Unit Team Service Servicio Servei Practitioner Specialist Manager Educator
    Coordinator Navigator Consultant Registrar Fellow Resident Nurse Doctor
    Boy Girl Niño Niña Nen Nena Garçon Fille Bebé Baby Unknown Desconocido Inconnu Anonymous Doe
    """
)
# ...and, after a role word only, eponyms of diseases, syndromes, scores and devices.
_EPONYMS = _folded_set(
    """
    Wilms Burkitt Hodgkin Down Kawasaki Ewing Langerhans Fanconi Blackfan Noonan Fraumeni Beckwith Wiedemann
    Cushing Addison Crohn Guillain Barre Apgar Glasgow Hirschsprung Kaposi Kasabach Kostmann Wiskott Bruton
    DiGeorge Gaucher Tanner Denver Broviac Hickman Lansky Karnofsky Ann-Arbor Pugh Reye Stevens-Johnson Marfan
    Klinefelter Patau Dandy-Walker Chiari Rett Angelman Prader-Willi Sturge-Weber Hippel-Lindau Gorlin Turner
    Diamond-Blackfan Li-Fraumeni Evans Wilson Edwards Potter
    """
)

_WORD = r"[^\W\d_]+(?:['’\-][^\W\d_]+)*"

# Titles that are followed by a name. Longest first; each must be followed by whitespace.
_HONORIFIC_RE = re.compile(
    r"(?<![\w.])(?:"
    r"Mrs|Mr|Ms|Miss|Mx|Dra|Dr|Prof|Nurse|Sister|Srta|Sra|Sr|Dña|Dª|Doña|Don|Mme|Mlle|Madame|Monsieur"
    r"|Mademoiselle|Señorita|Señora|Señor|Senyoreta|Senyora|Senyor|Infermera|Enfermera"
    r")\.?(?=\s)|(?<![\w.])M\.(?=\s)"
)

# Words that introduce a name ("patient named", "se llama"), in any case...
_NAMED_RE = re.compile(
    r"(?i:(?<![\w])(?:"
    r"named|called|known\s+as|llamad[oa]|se\s+llama|nommée?|appelée?|s['’]appelle|anomenad[ao]|es\s+diu"
    r"))(?=\s)"
)
# ...and role words often followed by a name. Both are weaker than a title, so the name must look like one, and a
# role word must be written in lower case (mid-sentence: "the patient Lucía", "la mare Laia"), which leaves out
# headings in title case ("Patient Presented With...").
_ROLE_RE = re.compile(
    r"(?<![\w])(?:"
    r"paciente|pacient|patiente|patient|child|niñ[oa]|beb[ée]|baby|infant|mother|father|sister|brother|madre|padre"
    r"|herman[oa]|m[èe]re|p[èe]re|fr[èe]re|s[œo]eur|enfant|mare|pare|germana?|nen|nena|nurse|enfermer[oa]"
    r"|infermer[oa]|infirmi[èe]re?"
    r")(?=\s)"
)

_NAME_AFTER_RE = re.compile(rf"\s+(?P<first>{_WORD})(?:\s+(?P<second>{_WORD}))?")

_POSSESSIVE_RE = re.compile(r"['’]s$")


def _is_unspaced(name: str) -> bool:
    return any(lo <= ord(char) <= hi for char in name for lo, hi in _UNSPACED_SCRIPTS)


def _letters(text: str) -> int:
    return sum(char.isalpha() for char in text)


def names_from(text: str) -> list[str]:
    """The names in what a presenter typed into a "names to look for" box.

    Entries are separated by commas, semicolons or new lines; a label before a colon ("Mother: Aline
    Uwase") is dropped. Each full name is kept, and each of its parts (split on spaces and hyphens) of three
    or more letters is added too, unless it is a common clinical or function word ("baby", "mother",
    "de", "Mrs"...). Duplicates (compared without case or accents) are dropped, first kept.
    """
    result: list[str] = []
    seen: set[str] = set()

    def add(name: str) -> None:
        key = _fold_word(name)
        if key and key not in seen:
            seen.add(key)
            result.append(name)

    for entry in re.split(r"[,;\n\r]+", text):
        if ":" in entry:
            entry = entry.split(":", 1)[1]
        full = " ".join(entry.split()).strip(" .()[]\"'’-")
        if _letters(full) < 2:
            continue
        parts = [part.strip(".()[]\"'’") for part in re.split(r"[\s\-]+", full)]
        names = [part for part in parts if _letters(part) >= 3 and _fold_word(part) not in _NAME_PART_STOP_WORDS]
        if len(parts) > 1 and not names:
            continue  # only titles and relation words: "Mrs", "baby boy"
        if len(parts) == 1 and _fold_word(full) in _NAME_PART_STOP_WORDS:
            continue
        add(full)
        for part in names:
            add(part)
    return result


@lru_cache(maxsize=512)
def _name_pattern(name: str) -> re.Pattern[str] | None:
    folded = _fold_word(name)
    words = folded.split()
    if not words:
        return None
    body = r"\s+".join(re.escape(word) for word in words)
    if _is_unspaced(folded):
        return re.compile(body)
    return re.compile(rf"(?<!\w){body}(?!\w)")


def _looks_like_name(word: str, *, strong: bool) -> bool:
    folded = _fold_word(word)
    if not word[0].isupper() or folded in _FUNCTION_WORDS or (not strong and folded in _EPONYMS):
        return False
    if word.isupper():  # "ALL", "HIV": only after a title, and only if long enough to be a surname
        return strong and _letters(word) >= 3
    return _letters(word) >= (2 if strong else 3)


def _titled_names(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for regex, strong in ((_HONORIFIC_RE, True), (_NAMED_RE, False), (_ROLE_RE, False)):
        for cue in regex.finditer(text):
            after = _NAME_AFTER_RE.match(text, cue.end())
            if not after:
                continue
            first = _POSSESSIVE_RE.sub("", after["first"])
            if not _looks_like_name(first, strong=strong):
                continue
            start = after.start("first")
            end = start + len(first)
            second = after["second"]
            if second and first == after["first"]:
                second = _POSSESSIVE_RE.sub("", second)
                if _looks_like_name(second, strong=strong):
                    end = after.start("second") + len(second)
            spans.append((start, end))
    return spans


def _listed_names(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    wanted: list[str] = []
    for name in names:
        wanted.extend(names_from(name))
    if not wanted:
        return []
    folded, index = _fold(text)
    spans: list[tuple[int, int]] = []
    for name in wanted:
        pattern = _name_pattern(name)
        if pattern is None:
            continue
        for match in pattern.finditer(folded):
            if match.end() == match.start():
                continue
            start = index[match.start()]
            end = index[match.end() - 1] + 1
            while end < len(text) and unicodedata.combining(text[end]):
                end += 1
            spans.append((start, end))
    return spans


# --- Dates ------------------------------------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _number, _words in enumerate(
    (
        "january jan enero ene janvier janv gener gen",
        "february feb febrero février févr fevr febrer febr",
        "march mar marzo mars març",
        "april apr abril avril avr abr",
        "may mayo mai maig",
        "june jun junio juin juny",
        "july jul julio juillet juil juliol",
        "august aug agosto ago août agost ag",
        "september sept sep septiembre setiembre septembre setembre set",
        "october oct octubre octobre",
        "november nov noviembre novembre",
        "december dec diciembre dic décembre déc desembre des",
    ),
    start=1,
):
    for _word in _words.split():
        _MONTHS[_word] = _number
        _MONTHS[_fold_word(_word)] = _number

_MONTH = "(?:" + "|".join(re.escape(word) for word in sorted(_MONTHS, key=len, reverse=True)) + r")(?![^\W\d_])"
_YEAR4 = r"(?:19|20)\d{2}"

_NUMERIC_DATE_RE = re.compile(
    r"(?<![\w/.\-])(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})(?![\w/]|[.\-]\d)"
)
_APGAR_BEFORE_RE = re.compile(r"(?i:apgar)[\s:]*$")
_ISO_DATE_RE = re.compile(
    rf"(?<![\w/.\-])(?P<year>{_YEAR4})(?P<sep>[/.\-])(?P<month>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}})"
    r"(?![\w/]|[.\-]\d)"
)
_DMY_TEXT_DATE_RE = re.compile(
    rf"(?<![\w.,/])(?P<day>\d{{1,2}})(?:st|nd|rd|th|er|r|º|°|ª)?"
    rf"(?:\s+de\s+|\s+d['’]\s*|\s+|-|/|\.\s*)(?P<month>{_MONTH})\.?"
    rf"(?:,?\s+del?\s+|,?\s+|-|/)(?P<year>{_YEAR4})(?!\d)",
    re.IGNORECASE,
)
_DMY_SHORT_DATE_RE = re.compile(
    rf"(?<![\w.,/])(?P<day>\d{{1,2}})-(?P<month>{_MONTH})-(?P<year>\d{{2}})(?![\w\-])", re.IGNORECASE
)
_MDY_TEXT_DATE_RE = re.compile(
    rf"(?<![\w])(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>{_YEAR4})(?!\d)",
    re.IGNORECASE,
)
# Month and year, and numeric month/year: a date of birth only after a birth cue.
_MONTH_YEAR_RE = re.compile(
    rf"(?<![\w])(?P<month>{_MONTH})\.?,?\s+(?:del?\s+)?(?P<year>{_YEAR4})(?!\d)"
    rf"|(?<![\w/.\-])(?P<nmonth>\d{{1,2}})[/.\-](?P<nyear>{_YEAR4})(?![\w/]|[.\-]\d)",
    re.IGNORECASE,
)

_BIRTH_CUE = (
    r"(?:\bDOB|\bD\.O\.B\.?|\bdate\s+of\s+birth|\bbirth\s*date|\bborn|\bfecha\s+de\s+nacimiento|\bF\.\s?nac\.?"
    r"|\bnacid[oa]|\bnaci[óo]|\bn[ée]e?(?:\s*\(e\))?\s+le|\bdate\s+de\s+naissance|\bDDN|\bdata\s+de\s+naixement"
    r"|\bnascud?[ta]|\bva\s+n[ée]ixer)"
)
_GESTATION = r"\d{2}(?:\+\d)?\s*(?:weeks?|wks?|semanas?|semaines?|setmanes?|SG|SA|SA\+\d)\b"
_BIRTH_CUE_BEFORE_RE = re.compile(
    rf"{_BIRTH_CUE}(?:[^\d\n;.]{{0,30}}{_GESTATION})?[^\d\n;.]{{0,30}}$",
    re.IGNORECASE,
)


def _valid_day_month(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def _month(word: str) -> int:
    return _MONTHS.get(word.lower(), _MONTHS.get(_fold_word(word), 0))


def _two_digit_year_date(text: str, match: re.Match[str]) -> bool:
    """A two-digit year only as dd/mm/yy, zero-padded, and not Apgar scores ("Apgar 8/9/10", "Apgar 10/10/10")."""
    if match["sep"] != "/" or len(match["a"]) != 2 or len(match["b"]) != 2:
        return False
    return not _APGAR_BEFORE_RE.search(text, max(0, match.start() - 12), match.start())


def _full_dates(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in _NUMERIC_DATE_RE.finditer(text):
        a, b, year = int(match["a"]), int(match["b"]), match["year"]
        if len(year) == 2 and not _two_digit_year_date(text, match):
            continue
        if len(year) == 4 and not 1900 <= int(year) <= 2099:
            continue
        if _valid_day_month(a, b) or _valid_day_month(b, a):
            spans.append(match.span())
    for match in _ISO_DATE_RE.finditer(text):
        if _valid_day_month(int(match["day"]), int(match["month"])):
            spans.append(match.span())
    for regex in (_DMY_TEXT_DATE_RE, _DMY_SHORT_DATE_RE, _MDY_TEXT_DATE_RE):
        for match in regex.finditer(text):
            if _valid_day_month(int(match["day"]), _month(match["month"])):
                spans.append(match.span())
    return spans


def _birth_cue_before(text: str, start: int) -> bool:
    return bool(_BIRTH_CUE_BEFORE_RE.search(text, max(0, start - 80), start))


def _month_years_after_birth_cue(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in _MONTH_YEAR_RE.finditer(text):
        month = _month(match["month"]) if match["month"] else int(match["nmonth"])
        if 1 <= month <= 12 and _birth_cue_before(text, match.start()):
            spans.append(match.span())
    return spans


# --- Record numbers -----------------------------------------------------------------------------------

_RECORD_CUE = (
    r"(?i:\bMRN|\bMR\s?\#|\bmedical\s+record(?:\s+(?:number|no\.?|n[º°]|\#))?|\b(?:hospital|record|case|chart)"
    r"\s+(?:number|no\.?|\#)|\bpatient\s+(?:ID|number|no\.?)|\bID\s+(?:number|no\.?)|\bnational\s+ID"
    r"|\bNHS\s+number|\bN\.?H\.?C\.?|\bHC|\bhistoria\s+cl[íi]nica|\bhist[òo]ria\s+cl[íi]nica"
    r"|(?:\bn[º°o]\.?|\bn\.º|\bnúm\.?|\bnum\.?|\bnúmero|\bnumero)\s*(?:de\s+|d['’]\s*)?(?:historia|hist[òo]ria)"
    r"(?:\s+cl[íi]nica)?"
    r"|\bdossier(?:\s+m[ée]dical)?|\bnum[ée]ro\s+de\s+dossier|\bIPP|\bNIP|\bNUSS|\bNSS|\bSSN|\bNASS"
    r"|\bsocial\s+security(?:\s+number)?|\bs[ée]curit[ée]\s+sociale|\bseguridad\s+social|\bseguretat\s+social"
    r"|\bCIP|\bTSI|\bpassport(?:\s+(?:number|no\.?))?|\bpasaporte|\bpasseport|\bpassaport|\bDNI|\bNIE|\bNIF"
    r"|\bcarte\s+d['’]identit[ée]|\bc[ée]dula|\bID)(?![^\W\d_])"
)
_RECORD_RE = re.compile(
    _RECORD_CUE + r"\s*[:#=.\-]?\s*"
    r"(?:(?i:number|num\.?|no\.?|n[º°]\.?|n\.º|núm\.?|número|numéro)\s*[:#.]?\s*)?"
    r"(?P<id>(?:[A-Z]{1,4}[\-\s]?)?\d+(?:[\-/.]\d+)*(?:\s\d+)*(?:[\-\s]?[A-Z](?![\w]))?)"
    r"(?![\w])"
)
_MIN_RECORD_DIGITS = 5

# Seven or more digits in a row, not part of a decimal or list of numbers, not followed by a unit.
_BARE_DIGITS_RE = re.compile(
    r"(?<![\d])(?<!\d[.,])\d{7,}(?!\d|[.,]\d)"
    r"(?!\s*(?:/|[x×*]|(?i:mg|mcg|µ|μ|u/|iu|ui|copies|cells|cél|ml|g\b|k\b)))"
)


def _record_numbers(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in _RECORD_RE.finditer(text):
        if sum(char.isdigit() for char in match["id"]) >= _MIN_RECORD_DIGITS:
            spans.append(match.span("id"))
    return spans


# --- Phones, emails, addresses -------------------------------------------------------------------------

_PHONE_RES = tuple(
    re.compile(pattern)
    for pattern in (
        # International: +country, then groups.
        r"(?<![\w+])\+\d{1,3}(?:[\s.\-]?\(\d{1,4}\))?(?:[\s.\-]?\d{1,4}){2,6}(?![\d])",
        # North American.
        r"(?<![\w)])\(\d{3}\)\s?\d{3}[\s.\-]\d{4}(?!\d)",
        r"(?<![\w.\-/])\d{3}[.\-]\d{3}[.\-]\d{4}(?![\w\-/]|[.,]\d)",
        # Spanish mobile and landline: 612 34 56 78, 612345678, 932 53 21 00, 932 532 100.
        r"(?<![\w.,/+\-])[6789]\d{2}(?:[\s.]?\d{2}){3}(?![\w/\-]|[.,]\d)",
        r"(?<![\w.,/+\-])[6789]\d{2}\s\d{3}\s\d{3}(?![\w/\-]|[.,]\d)",
        # French: 06 12 34 56 78, 0612345678, 01.23.45.67.89.
        r"(?<![\w.,/+\-])0[1-9](?:[\s.\-]?\d{2}){4}(?![\w/\-]|[.,]\d)",
        # Rwandan and other 0-prefixed local numbers: 0788 123 456, 078 812 3456.
        r"(?<![\w.,/+\-])0\d{2,3}[\s.\-]?\d{3}[\s.\-]?\d{3,4}(?![\w/\-]|[.,]\d)",
    )
)
_PHONE_CUE_RE = re.compile(
    r"(?i:\b(?:tel(?:ephone|éfono|efono|èfon|efon)?|tél(?:éphone)?|phone|mobile|cell(?:phone)?|móvil|movil|mòbil"
    r"|mobil|portable|whatsapp|contact\s+number))\.?\s*(?:number\s*)?[:#.]?\s*"
    r"(?P<number>\+?\(?\d[\d\s().\-]{5,}\d)"
)
_MIN_PHONE_DIGITS = 7

_EMAIL_RE = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")

_STREET_NAME = (
    r"(?:(?:de|del|de\s+la|de\s+les|dels|des|du|la|les|el|d['’]|l['’]|dos|da)\s*)*"
    r"[A-ZÀ-ÖØ-Þ][\w'’.\-]+"
    r"(?:\s+(?:(?:de|del|la|les|el|des|du|d['’]|l['’]|i|y|et)\s*)*[A-ZÀ-ÖØ-Þ][\w'’.\-]*){0,4}?"
)
_POSTCODE = r"(?:,?\s*(?:\d{5}|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}|[A-Z]{2}\s\d{5})(?:\s+[A-ZÀ-Þ][\w\-]+){0,2})?"
_ADDRESS_RES = tuple(
    re.compile(pattern)
    for pattern in (
        # English, number first: 12 Main Street, 4 Great Ormond St.
        r"(?<![\w.,/])\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][\w'’\-]+\s+){1,3}"
        r"(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Lane|Boulevard|Blvd\.?|Drive|Way|Close|Crescent|Place|Square"
        r"|Terrace|Court)(?![\w])" + _POSTCODE,
        # French, number first: 12 rue de la Paix, 5 bis avenue Victor Hugo, 12 bd Saint-Michel.
        r"(?<![\w.,/])\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?i:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai"
        r"|route)\s+" + _STREET_NAME + _POSTCODE,
        # Spanish and Catalan, street word first: Calle Mayor 5, C/ Sant Antoni Maria Claret 167, Avda. Diagonal, 640.
        r"(?<![\w])(?:[Cc]alle|C/|c/|[Aa]venida|[Aa]vda\.?|[Aa]v\.|[Cc]arrer|[Pp]laza|[Pp]laça|[Pp]l\.|[Pp]aseo"
        r"|[Pp]asseig|[Pp]g\.|[Rr]onda|[Rr]ambla|[Tt]ravessera|[Cc]amino|[Cc]amí|[Cc]arretera|[Cc]tra\.|[Gg]ran\s+[Vv][íi]a"
        r"|[Rr]ue|[Bb]oulevard)\s*" + _STREET_NAME + r",?\s*(?:n[º°o]\.?\s*|núm\.?\s*)?\d{1,4}[A-Za-z]?(?![\w/])"
        r"(?:,?\s*\d{1,2}\s?(?:[º°ª]|[ra](?!\w))(?:\s*\d{1,2}\s?(?:[º°ª]|[ra](?!\w)))?)?" + _POSTCODE,
        # Kigali street codes: KG 11 Ave, 23 KN 5 Rd.
        r"(?<![\w.,/])(?:\d{1,4},?\s+)?K[GNK]\s?\d{1,4}\s+(?:St|Ave|Rd|Street|Avenue|Road)(?![\w])\.?",
    )
)


def _phones(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for regex in _PHONE_RES:
        for match in regex.finditer(text):
            if sum(char.isdigit() for char in match[0]) >= _MIN_PHONE_DIGITS:
                spans.append(match.span())
    for match in _PHONE_CUE_RE.finditer(text):
        if sum(char.isdigit() for char in match["number"]) >= _MIN_PHONE_DIGITS:
            spans.append(match.span("number"))
    return spans


def _spans(regexes: Iterable[re.Pattern[str]], text: str) -> list[tuple[int, int]]:
    return [match.span() for regex in regexes for match in regex.finditer(text)]


# --- Screening ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    kind: Kind
    rank: int  # the more specific rule wins when hits overlap


# Ranks: the more specific rule wins an overlap.
_RANK_BIRTH = 90
_RANK_RECORD = 80
_RANK_EMAIL = 75
_RANK_PHONE = 60
_RANK_ADDRESS = 55
_RANK_DATE = 50
_RANK_NAME = 40
_RANK_DIGITS = 10


def _find(text: str, names: Iterable[str]) -> list[_Found]:
    found: list[_Found] = []

    def add(spans: Iterable[tuple[int, int]], kind: Kind, rank: int) -> None:
        found.extend(_Found(start, end, kind, rank) for start, end in spans if end > start)

    for start, end in _full_dates(text):
        if _birth_cue_before(text, start):
            add([(start, end)], Kind.DATE_OF_BIRTH, _RANK_BIRTH)
        else:
            add([(start, end)], Kind.DATE, _RANK_DATE)
    add(_month_years_after_birth_cue(text), Kind.DATE_OF_BIRTH, _RANK_BIRTH)
    add(_record_numbers(text), Kind.RECORD_NUMBER, _RANK_RECORD)
    add(_spans([_EMAIL_RE], text), Kind.EMAIL, _RANK_EMAIL)
    add(_phones(text), Kind.PHONE, _RANK_PHONE)
    add(_spans(_ADDRESS_RES, text), Kind.ADDRESS, _RANK_ADDRESS)
    add(_titled_names(text), Kind.NAME, _RANK_NAME)
    add(_listed_names(text, names), Kind.NAME, _RANK_NAME)
    add(_spans([_BARE_DIGITS_RE], text), Kind.RECORD_NUMBER, _RANK_DIGITS)
    return found


def _merge(found: list[_Found]) -> list[_Found]:
    """One hit per overlapping group: the union of the spans, the kind of the most specific rule."""
    merged: list[_Found] = []
    for item in sorted(found, key=lambda f: (f.start, -f.end)):
        if merged and item.start < merged[-1].end:
            last = merged[-1]
            best = last if last.rank >= item.rank else item
            merged[-1] = _Found(last.start, max(last.end, item.end), best.kind, best.rank)
        else:
            merged.append(item)
    return merged


def screen(text: str, *, names: Iterable[str] = (), field: str = "") -> list[Hit]:
    """The identifiers in ``text``, in order of position, each span reported once.

    ``names`` are names the presenter listed (each is also split into its parts, see :func:`names_from`).
    Where hits overlap they are merged into one over their union, with the kind of the most specific rule:
    a date of birth over a plain date, a record number after a cue over a phone, a phone over a bare run of
    digits, an email or address over a name inside it.
    """
    if not text:
        return []
    if isinstance(names, str):  # one name given as a string, not an iterable of its letters
        names = (names,)
    return [
        Hit(field=field, kind=item.kind, text=text[item.start : item.end], start=item.start, end=item.end)
        for item in _merge(_find(text, tuple(names)))
    ]


def screen_fields(fields: Mapping[str, str], *, names: Iterable[str] = ()) -> list[Hit]:
    """:func:`screen` over each field of a case, in the mapping's order, each hit naming its field."""
    names = (names,) if isinstance(names, str) else tuple(names)
    hits: list[Hit] = []
    for field, text in fields.items():
        hits.extend(screen(text or "", names=names, field=field))
    return hits
