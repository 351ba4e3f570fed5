"""What the tests expect of the real site, read from its sources, not restated.

An independent reader: a few regular expressions over the MyST pages and pybtex (the library,
not our pipeline) over ``publications.bib``. So the README's workflows, adding a paper or an
entry or changing the "CV updated on" line, keep the suite green, while a fact the site or the
PDF loses still fails it. Fixed expectations belong to the test roots instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pybtex.database import BibliographyData, parse_file
from pybtex.richtext import Text

REPO = Path(__file__).resolve().parent.parent
ENTRY = re.compile(r"^:::\{cv-entry\} (?P<title>.+)\n(?P<options>(?::[\w-]+:.*\n)*)", re.MULTILINE)
OPTION = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$", re.MULTILINE)
#: List items free of markup but emphasis, so shown as written less the asterisks.
PLAIN_ITEM = re.compile(r"^- (?P<text>[^_`\[\]{}<>\\$\n]+)$", re.MULTILINE)


@dataclass
class Entry:
    """A cv-entry as written in its page."""

    title: str
    options: dict[str, str] = field(default_factory=dict)

    def texts(self) -> list[str]:
        """What must be on the page exactly as written: title, organisation, place, people."""
        people = [
            f"{label}: {self.options[key]}"
            for key, label in (("supervisor", "Supervisor"), ("advisor", "Advisor"))
            if key in self.options
        ]
        what = ", ".join(
            [self.title, *(self.options[key] for key in ("org", "location") if key in self.options)]
        )
        return [what, *people]

    def datetimes(self) -> list[str]:
        """The ``<time datetime>`` values the dates give: ISO 8601 at their own precision."""
        values = self.options.get("date", "").split(",")
        values += [self.options.get("start", ""), self.options.get("end", "")]
        return [iso(value.strip()) for value in values if value.strip() not in ("", "present")]


def iso(date: str) -> str:
    """``2023-12`` stays as it is; an academic term (``Fall 2017``) is its year."""
    return date.split()[-1] if " " in date else date


def pages() -> list[str]:
    """The pages of the site, as document names: the landing page, then the section pages in
    the order of its toctree (the order of the PDF)."""
    toctree = re.search(r"```\{toctree\}\n(.*?)```", source("index"), re.DOTALL)[1]
    return ["index", *(line for line in toctree.splitlines() if line and line[0] != ":")]


@cache
def source(page: str) -> str:
    return (REPO / f"{page}.md").read_text()


def entries(page: str) -> list[Entry]:
    return [
        Entry(
            m["title"].strip(),
            {o["key"]: o["value"].strip() for o in OPTION.finditer(m["options"])},
        )
        for m in ENTRY.finditer(source(page))
    ]


def plain_items(page: str) -> list[str]:
    """List items of the page's text that hold no markup at all."""
    return [m["text"].replace("*", "").strip() for m in PLAIN_ITEM.finditer(source(page))]


def landing() -> dict[str, str]:
    """The landing page's name, position line, "CV updated on" line and first words of the
    profile, as written in index.md."""
    text = source("index")
    return {
        "name": re.search(r"^# (.+)$", text, re.MULTILINE)[1],
        "position": re.search(r"^\*\*(.+)\*\*$", text, re.MULTILINE)[1],
        "updated": re.search(r"^\*(CV updated on .+)\*$", text, re.MULTILINE)[1],
        "profile": " ".join(
            re.search(r"^(Hands-on.+?)\n\n", text, re.MULTILINE | re.DOTALL)[1].split()
        ),
    }


def facts(page: str) -> list[str]:
    """Text of *page* that the site and the PDF must both show, as a reader reads it."""
    found = [text for entry in entries(page) for text in entry.texts()] + plain_items(page)
    if page == "index":
        info = landing()
        found += [info["name"], info["position"], info["updated"]]
    return found


@cache
def bibliography() -> BibliographyData:
    return parse_file(REPO / "publications.bib")


def field_text(value: str) -> str:
    """A .bib field as plain text, through pybtex's own LaTeX reading (braces, ``\\&``)."""
    return Text.from_latex(value).render_as("text")


def papers() -> dict[str, dict[str, str]]:
    """Key -> title, venue (full name) and year of every paper of publications.bib."""
    found = {}
    for key, entry in bibliography().entries.items():
        venue = next(
            entry.fields[name]
            for name in ("booktitle", "journal", "howpublished", "archiveprefix", "publisher")
            if name in entry.fields
        )
        found[key] = {
            "title": field_text(entry.fields["title"]),
            "venue": field_text(venue),
            "year": entry.fields["year"],
        }
    return found


def selected() -> set[str]:
    return {
        key
        for key, entry in bibliography().entries.items()
        if entry.fields.get("selected", "").strip().lower() == "true"
    }


def references(page: str) -> dict[str, str]:
    """Link text -> label of every ``{ref}`text <label>``` in a page."""
    return {m[1]: m[2] for m in re.finditer(r"\{ref\}`([^`<]+?) <([^`>]+)>`", source(page))}


def named_entry(page: str, name: str) -> Entry:
    (entry,) = (e for e in entries(page) if e.options.get("name") == name)
    return entry
