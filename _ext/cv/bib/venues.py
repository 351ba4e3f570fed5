"""Exporters' long venue names, shortened by one documented rule (docs/bibliography.md).

DBLP, ACM and IEEE write a proceedings' full title: "Proceedings of the 52nd Annual
International Symposium on Computer Architecture, ISCA 2025, Tokyo, Japan, June 21-25, 2025".
Next to curated venues ("International Symposium on Memory Management (ISMM 2024)") the list
would read unevenly. A venue with a part, after a comma, that is an acronym and a year or a
date, or one longer than :data:`LIMIT` characters, is cut to its name:

1. from the first part, after a comma, that is an acronym and a year ("ISCA 2025", "ISCA '25"),
   everything goes (the edition, place and dates); the acronym is the short venue;
2. a leading "ACRONYM 'YY:" (DBLP's "STOC '22: 54th Annual ...") gives the acronym too;
3. where a part after a comma is a date ("June 20 - 24", "2022"), the dates and places (parts
   of a few capitalised words: "Rome", "New Orleans, LA, USA") at the end go;
4. "Proceedings of the", a leading year, the edition ("52nd", "Thirtieth") and "Annual" go
   from the front, ". Proceedings" and a trailing "(ACRONYM)" (IEEE's) from the end.

What is left is the name, shown with the short venue and year as a curated venue is. Nothing
here reads the .bib or Sphinx: a string in, a string and an acronym out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Venues longer than this are cut to their name; one still longer wants a ``shortvenue``.
LIMIT = 100

_YEAR = r"(?:(?:19|20)\d\d|'\d\d)"
_ACRONYM = r"[A-Z][\w/&+.@-]*"
#: "ISCA 2025", "ISCA '25": one part of an exporter's title.
ACRONYM_YEAR = re.compile(rf"^(?P<acronym>{_ACRONYM}(?: [A-Z][\w/&+.-]*)?) {_YEAR}$")
#: "STOC '22: 54th Annual ...".
LEADING = re.compile(rf"^(?P<acronym>{_ACRONYM}) {_YEAR}:\s+(?P<rest>.+)$")
ORDINAL_WORDS = (
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"(?:thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)th|"
    r"(?:twentie|thirtie|fortie|fiftie|sixtie|seventie|eightie|ninetie)th"
)
PREFIXES = (
    re.compile(r"^(?:the\s+)?(?:proceedings|proc\.)\s+(?:of\s+)?(?:the\s+)?", re.IGNORECASE),
    re.compile(rf"^{_YEAR}\s+"),
    re.compile(
        rf"^(?:\d+(?:st|nd|rd|th)|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
        rf"[- ])?(?:{ORDINAL_WORDS}))\s+",
        re.IGNORECASE,
    ),
    re.compile(r"^annual\s+", re.IGNORECASE),
)
SUFFIXES = (
    re.compile(r"[.,]\s*proceedings(?:,\s*part\s+\w+)?\.?$", re.IGNORECASE),
    # Springer's "Name 2015 - 40th International Symposium", "Name, Third International ...".
    re.compile(
        rf"(?:\s+{_YEAR})?(?:\s+[-\u2013]|,)\s+(?:\d+(?:st|nd|rd|th)|(?:{ORDINAL_WORDS}))\s.*$",
        re.IGNORECASE,
    ),
    re.compile(rf"\s*\((?P<acronym>{_ACRONYM})(?: ?{_YEAR})?\)$"),
)
MONTHS = (
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|juni|juli|oktober|"
    r"dezember"
)
#: A part of a title that is a date: "June 21-25", "2025", "19-27 August 2021".
DATE = re.compile(rf"^(?=.*\d)(?:[\d\s.'/-]|(?:{MONTHS})[a-zä]*\.?)+$", re.IGNORECASE)
#: A part that is a place: a few words, each capitalised or a particle ("Rio de Janeiro").
PLACE = re.compile(r"^(?:(?:[A-Z][\w.'&-]*|de|la|le|del|di|da|am|an|of|upon)(?: |$)){1,4}$")


@dataclass(frozen=True)
class Venue:
    """A venue cut to its name, and the acronym the cut found ("" if none)."""

    name: str
    acronym: str


def short_form(venue: str) -> Venue | None:
    """The venue's name and acronym by the rule above, or None where it is not too long (or
    the rule finds nothing to cut)."""
    text = " ".join(venue.split())
    parts = text.split(", ")
    shaped = LEADING.match(text) or any(
        ACRONYM_YEAR.match(part) or DATE.match(part) for part in parts[1:]
    )
    if not shaped and len(text) <= LIMIT:
        return None
    acronym = ""
    if match := LEADING.match(text):
        acronym, text = match["acronym"], match["rest"]
    parts = text.split(", ")
    for index, part in enumerate(parts[1:], 1):
        if match := ACRONYM_YEAR.match(part):
            acronym = acronym or match["acronym"]
            parts = parts[:index]
            break
    # The place and dates at the end, once a date shows that they are there.
    if any(DATE.match(part) for part in parts[1:]):
        while len(parts) > 1 and (DATE.match(parts[-1]) or PLACE.match(parts[-1])):
            parts = parts[:-1]
    text = ", ".join(parts)
    for pattern in SUFFIXES:
        if match := pattern.search(text):
            acronym = acronym or match.groupdict().get("acronym") or ""
            text = text[: match.start()]
    for pattern in PREFIXES:
        text = pattern.sub("", text, count=1)
    text = text.strip(" ,.;:-")
    if not text or text == " ".join(venue.split()):
        return None
    return Venue(text[:1].upper() + text[1:], acronym)


def listed_venue(venue: str, short: str) -> tuple[str, str]:
    """The venue's name and short venue as a list shows them: the rule's cut, the acronym it
    found standing in for a missing *short*, and no name ("") where the name is still longer
    than :data:`LIMIT` and a short venue can stand in for it."""
    cut = short_form(venue)
    name = cut.name if cut else " ".join(venue.split())
    short = short or (cut.acronym if cut else "")
    return ("" if len(name) > LIMIT and short else name), short
