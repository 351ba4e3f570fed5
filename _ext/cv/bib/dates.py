"""Dates as a CV writes them: parsed strictly, shown in one style; months as .bib files write them.

Kept free of Sphinx so the rules can be tested and reused (entries, PDF, JSON-LD) on their own.
The readers of a .bib's months are here too: :func:`read_month` for the paper record and the
checks (a month, with a day or a range as exporters write them), :func:`month_number` for the
BibTeX writer, which writes a month alone as BibTeX's macro and anything more as written; and of
an entry's date as a whole, :func:`entry_date` (from ``year``, ``month`` and ``day``, or
biblatex's ``date``), which the paper record and the checks read alike.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .decode import plain

if TYPE_CHECKING:
    from collections.abc import Mapping

#: English month names. Not :mod:`calendar`'s: those follow the locale, which Sphinx sets from
#: the environment, so one CV would show "Dez 2023" on one machine and "Dec 2023" on another.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

#: How .bib files write months: full English names, their first three letters, "sept", numbers.
MONTHS = {
    **{name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)},
    **{name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, 1)},
    "sept": 9,
}
#: BibTeX's month macros (``jan`` ... ``dec``), which every BibTeX reader defines.
MONTH_MACROS = tuple(name[:3].lower() for name in MONTH_NAMES)

#: Academic terms map to the month they start in, so they sort among ordinary dates.
TERMS = {"spring": 3, "summer": 6, "fall": 9, "winter": 12}

FORMATS_HELP = "YYYY, YYYY-MM, YYYY-MM-DD or a term such as 'Fall 2017'"

_ISO = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
_TERM = re.compile(r"(?P<term>[A-Za-z]+)\s+(?P<year>\d{4})")


def month_number(value: str) -> int:
    """1 to 12 for a month as .bib files write it (``jun``, ``June``, ``{mar}``, ``6``); else 0."""
    value = value.strip().strip("{}").strip().rstrip(".").lower()
    if value.isascii() and value.isdigit():  # not "²", which int() refuses (Hypothesis)
        return int(value) if 1 <= int(value) <= 12 else 0
    return MONTHS.get(value, 0)


#: Days in each month (February's in a leap year).
MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
#: A month by name, its day before or after it: Web of Science's ``OCT 28``, and what BibTeX
#: makes of ``"10~" # jan`` (``10~January``).
_DAY_MONTH = (
    r"(?:(?P<{0}>[a-z]+)\.?(?: (?P<{0}day>\d{{1,2}}))?|(?P<{0}day2>\d{{1,2}}) (?P<{0}2>[a-z]+)\.?)"
)
#: Such a month, or a range from it to another month or day: Web of Science's ``JUL-AUG``,
#: what BibTeX makes of ``apr # "-" # may`` and ``nov # ", " # dec``, ``OCT 28-30``.
_MONTHS_RE = re.compile(
    _DAY_MONTH.format("first")
    + rf"(?: ?(?:-{{1,3}}|–|/|,) ?(?:{_DAY_MONTH.format('last')}|\d{{1,2}}))?"
)


def read_month(value: str) -> tuple[int, int | None]:
    """(month, day) of a ``month`` field as .bib files write it; (0, None) if it is none.

    A month alone as :func:`month_number` reads it; a month by name with a day (Web of
    Science's ``OCT 28``; BibTeX's ``"10~" # jan``, which is ``10~January``) gives that day too;
    a range (``JUL-AUG``; ``apr # "-" # may``, ``nov # ", " # dec``) its first month and day.
    A name that is no month, or a day the month does not have (``FEB 30``), make it none.
    """
    if number := month_number(value):
        return number, None
    text = re.sub(r"[\s~]+", " ", value.strip().strip("{}").strip().lower())
    if not (match := _MONTHS_RE.fullmatch(text)):
        return 0, None
    month = MONTHS.get(match["first"] or match["first2"], 0)
    last = match["last"] or match["last2"]
    if not month or (last and last not in MONTHS):
        return 0, None
    if not (day := match["firstday"] or match["firstday2"]):
        return month, None
    return (month, int(day)) if 1 <= int(day) <= MONTH_DAYS[month - 1] else (0, None)


# -- A .bib entry's date ---------------------------------------------------------------------------

DATE_RE = re.compile(r"(?P<year>-?\d{1,4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?")


def date_against_year(fields: Mapping[str, str]) -> tuple[int, int] | None:
    """(the ``date``'s year, the ``year``) when an entry gives both and they differ, else None:
    ``date = {19}`` beside ``year = {2025}`` is a day of the month, not the year 19."""
    year_text = plain(fields.get("year", "")).strip()
    match = DATE_RE.match(fields.get("date", "").strip())
    if match and year_text[:4].isdigit() and int(match.group("year")) != int(year_text[:4]):
        return int(match.group("year")), int(year_text[:4])
    return None


def entry_date(fields: Mapping[str, str]) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) from ``year``/``month``/``day`` or biblatex's ``date`` (its start).

    A ``year`` that is an ISO date (Better BibTeX: ``2017-08-16``) is read as one; a range
    (``1997--2018``) by its first year. A ``date`` whose year is not the ``year`` is left out
    (:func:`date_against_year`; the checks say so): the year wins. A ``month`` with a day
    (``OCT 28``) gives the day where there is no ``day`` field.
    """
    year_text = plain(fields.get("year", "")).strip()
    date = "" if date_against_year(fields) else fields.get("date", "").strip()
    written = date or (year_text if "-" in year_text[4:5] else "")
    if match := DATE_RE.match(written):
        year, month, day = (int(part) if part else None for part in match.group(1, 2, 3))
        if month is not None and not 1 <= month <= 12:
            month = day = None
        if day is not None and not 1 <= day <= 31:
            day = None
        return year, month, day
    year = int(year_text[:4]) if year_text[:4].isdigit() else None
    month, month_day = read_month(fields.get("month", ""))
    day_text = fields.get("day", "").strip()
    day = int(day_text) if day_text.isdigit() and 1 <= int(day_text) <= 31 else month_day
    return year, month or None, day


@dataclass(frozen=True)
class CvDate:
    """A date of the precision the source gives: a year, a month, a day or an academic term."""

    year: int
    month: int | None = None
    day: int | None = None
    term: str | None = None

    @property
    def sort_key(self) -> tuple[int, int, int]:
        month = TERMS[self.term] if self.term else (self.month or 0)
        return (self.year, month, self.day or 0)

    def iso(self) -> str:
        """The value of an HTML ``<time datetime>``: ISO 8601 at the date's own precision."""
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        if self.term:
            return f"{self.term.capitalize()} {self.year}"
        if self.month is None:
            return str(self.year)
        month = MONTH_NAMES[self.month - 1][:3]
        return f"{month} {self.day}, {self.year}" if self.day else f"{month} {self.year}"


def parse_date(text: str | None) -> CvDate:
    """Parse one date; raise ``ValueError`` saying which formats are accepted.

    ``None`` is what docutils and MyST give for an option written with no value (``:end:``).
    """
    text = (text or "").strip()
    if not text:
        raise ValueError(f"no date given; use {FORMATS_HELP}")
    if m := _ISO.fullmatch(text):
        year = int(m["year"])
        month = int(m["month"]) if m["month"] else None
        day = int(m["day"]) if m["day"] else None
        try:
            # datetime.date does the calendar checks (month 13, February 30) for us.
            # A month or day of 00 is checked too, not taken for "none given".
            dt.date(year, 1 if month is None else month, 1 if day is None else day)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a real date ({exc})") from None
        return CvDate(year, month, day)
    if (m := _TERM.fullmatch(text)) and m["term"].lower() in TERMS:
        return CvDate(int(m["year"]), term=m["term"].lower())
    raise ValueError(f"{text!r} is not a date; use {FORMATS_HELP}")


def parse_dates(text: str | None) -> list[CvDate]:
    """Parse a comma-separated list of dates (an award given several times, say)."""
    dates = [parse_date(part) for part in (text or "").split(",") if part.strip()]
    if not dates:
        raise ValueError(f"no date given; use {FORMATS_HELP}")
    return dates


def parse_end(text: str | None) -> CvDate | None:
    """Parse the end of a range; ``present`` (any case) gives ``None``, an open range."""
    if (text or "").strip().lower() == "present":
        return None
    return parse_date(text)
