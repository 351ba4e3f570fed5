"""The whole CV as JSON Resume (``resume.json``), from the same sources as the pages.

Job boards and résumé themes read JSON Resume (jsonresume.org). Nothing is typed twice: each
section page's ``cv-entry`` nodes are collected as the page is read (:class:`ResumeDomain`,
reading only the attributes the directive gives its node), the skills from the skills page's
list, the papers from their records, the owner from conf.py. Which page fills which part
is ``cv_jsonresume_sections``, and every section page of the CV is named there by default:

- experience and teaching fill ``work`` (a teaching assistant holds a position at a school);
- service and activities fill ``volunteer`` (unpaid roles held in organisations: a committee,
  a student club);
- patents fill ``publications`` after the papers: name, ``publisher`` the office and number as
  the page gives them, ``releaseDate`` the grant date;
- talks fill ``projects`` with ``"type": "talk"``, as the schema's own description of
  ``projects.type`` suggests (``entity`` is the event). The schema has no part for talks, and a
  private key would be read by no theme: HackMyResume's FRESH to JSON Resume converter, for one,
  drops FRESH's ``speaking`` section, while a theme that shows projects shows these too
  (jsonresume-theme-even: the title, "at" the event, the date, "talk").

A field the page does not give stays absent. An entry with one date (a talk, a term taught) gets
it as both ``startDate`` and ``endDate``: themes show an entry without ``endDate`` as ongoing
("Dec 2023 - Present"), one with both the same as that one date. An entry with several dates
(an award given each year) gives one item per date.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.domains import Domain
from sphinx.errors import ConfigError

from ..entries.directive import cv_entry, cv_entry_head, cv_entry_people
from ..formats.work import container, date_parts, issuer
from ..owner.contact import parse_contact

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Set

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from ..formats.protocol import PaperRecord


@dataclass(frozen=True)
class Part:
    """How entries fill one JSON Resume part: its key and the names its schema gives fields."""

    key: str
    title: str
    org: str
    #: The one date field (``date``, ``releaseDate``); "" for a range (``startDate``, ``endDate``).
    date: str = ""
    #: Where the entry's text goes: the schema calls it ``description`` in ``projects``.
    text: str = "summary"
    #: Whether the part lists highlights (a bullet list in the entry); else they join the text.
    highlights: bool = False
    #: ``projects.type``, for the parts that are projects of one kind (talks).
    kind: str = ""


#: The values ``cv_jsonresume_sections`` may give a page (besides ``skills``): a JSON Resume
#: part, or ``talks``, projects of type "talk".
PARTS = {
    "work": Part("work", "position", "name", highlights=True),
    "volunteer": Part("volunteer", "position", "organization", highlights=True),
    "education": Part("education", "studyType", "institution"),
    "awards": Part("awards", "title", "awarder", date="date"),
    "publications": Part("publications", "name", "publisher", date="releaseDate"),
    "projects": Part("projects", "name", "entity", text="description", highlights=True),
    "talks": Part("projects", "name", "entity", text="description", highlights=True, kind="talk"),
}
DEFAULT_SECTIONS = {
    "sections/experience": "work",
    "sections/teaching": "work",
    "sections/education": "education",
    "sections/awards": "awards",
    "sections/patents": "publications",
    "sections/projects": "projects",
    "sections/talks": "talks",
    "sections/service": "volunteer",
    "sections/activities": "volunteer",
    "sections/skills": "skills",
}
FILENAME = "resume.json"
SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"


# -- Collecting the entries --------------------------------------------------------------------


def entry_data(node: cv_entry) -> dict[str, Any]:
    """What one ``cv-entry`` says: its title, organisation, dates, text and bullet points."""
    body = [
        child
        for child in node.children
        if not isinstance(child, (cv_entry_head, cv_entry_people, nodes.system_message))
    ]
    highlights = [
        item.astext().strip()
        for child in body
        if isinstance(child, nodes.bullet_list)
        for item in child.children
    ]
    summary = " ".join(
        child.astext().strip() for child in body if not isinstance(child, nodes.bullet_list)
    )
    return {
        "title": node["title"],
        "org": node.get("org", ""),
        "start": node.get("start", ""),
        "end": node.get("end", ""),
        "dates": list(node.get("dates", [])),
        "summary": " ".join(summary.split()),
        "highlights": [" ".join(text.split()) for text in highlights],
    }


def skill_groups(document: nodes.document) -> list[dict[str, Any]]:
    """``- **Languages:** C, C++`` items as ``{"name": "Languages", "keywords": ["C", "C++"]}``."""
    groups = []
    for item in document.findall(nodes.list_item):
        paragraph = item.next_node(nodes.paragraph)
        label = paragraph.next_node(nodes.strong) if paragraph is not None else None
        text = paragraph.astext().lstrip() if paragraph is not None else ""
        if label is None or label.parent is not paragraph or not text.startswith(label.astext()):
            continue  # not a "**Group:** items" line
        name = label.astext().strip().rstrip(":").strip()
        rest = text[len(label.astext()) :].lstrip(": ")
        keywords = [word.strip() for word in rest.split(",") if word.strip()]
        groups.append({"name": name, "keywords": keywords})
    return groups


class ResumeDomain(Domain):
    """The entries of each page that fills a JSON Resume part, kept per page."""

    name = "cvresume"
    label = "CV JSON Resume"
    data_version = 1
    initial_data: ClassVar[dict[str, Any]] = {"pages": {}}  # docname -> entries or skills

    @property
    def pages(self) -> dict[str, Any]:
        """docname -> its entries (a list of dicts) or, for the skills page, its groups."""
        return self.data["pages"]

    def clear_doc(self, docname: str) -> None:
        self.pages.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames & otherdata["pages"].keys():
            self.pages[docname] = otherdata["pages"][docname]

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        part = env.config.cv_jsonresume_sections.get(docname)
        if part == "skills":
            self.pages[docname] = skill_groups(document)
        elif part is not None:
            self.pages[docname] = [entry_data(n) for n in document.findall(cv_entry)]

    def resolve_any_xref(self, *args: Any) -> list[tuple[str, nodes.reference]]:
        return []


def resume_pages(env: BuildEnvironment) -> dict[str, Any]:
    """docname -> the entries (or skills) of each page that fills a JSON Resume part."""
    return cast("ResumeDomain", env.get_domain("cvresume")).pages


# -- JSON Resume -------------------------------------------------------------------------------


def iso_date(paper: PaperRecord) -> str:
    """A paper's date as ISO 8601 (``2023-04``), as precise as its record is."""
    parts = date_parts(paper)
    return "-".join([f"{parts[0]:04d}", *(f"{part:02d}" for part in parts[1:])]) if parts else ""


def part_entry(part: Part, entry: dict[str, Any]) -> dict[str, Any]:
    """One entry in the fields of its JSON Resume part; empty values left out."""
    data: dict[str, Any] = {part.title: entry["title"], part.org: entry["org"], "type": part.kind}
    if part.key == "education":
        # "Doctor of Philosophy (Ph.D.), Computer Science": the degree, then the field.
        degree, _, area = entry["title"].rpartition(", ")
        if degree:
            data |= {"studyType": degree, "area": area}
    dates = entry["dates"]
    if part.date:
        data[part.date] = dates[0] if dates else entry["start"]
    elif entry["start"]:
        data |= {"startDate": entry["start"], "endDate": entry["end"]}  # end "": ongoing
    elif dates:
        data |= {"startDate": dates[0], "endDate": dates[0]}
    data[part.text] = entry["summary"]
    if part.highlights:
        data["highlights"] = entry["highlights"]
    elif entry["highlights"]:
        data[part.text] = " ".join(filter(None, [entry["summary"], *entry["highlights"]]))
    return {name: value for name, value in data.items() if value}


def part_items(part: Part, entry: dict[str, Any]) -> list[dict[str, Any]]:
    """An entry's items: one per date when it has several (an award given twice, a talk given
    again), since a JSON Resume item has one date or one range, and a range would claim the
    time between."""
    if len(entry["dates"]) > 1:
        return [part_entry(part, {**entry, "dates": [date]}) for date in entry["dates"]]
    return [part_entry(part, entry)]


def publication(paper: PaperRecord, url: str) -> dict[str, Any]:
    """A paper as a JSON Resume publication: where it appeared, else who issued it."""
    data = {
        "name": paper.title,
        "publisher": container(paper) or issuer(paper),
        "releaseDate": iso_date(paper),
        "url": url,
        "summary": paper.abstract,
    }
    return {name: value for name, value in data.items() if value}


def resume(
    basics: dict[str, Any],
    pages: Mapping[str, Any],
    sections: Mapping[str, str],
    papers: Iterable[tuple[PaperRecord, str]],
) -> dict[str, Any]:
    """The JSON Resume document.

    *pages*: each page's collected entries (or skill groups), *sections*: page -> part, in the
    order the parts are to appear; *papers*: ``(record, page address)`` per paper.
    """
    parts: dict[str, list[dict[str, Any]]] = {}
    for docname, name in sections.items():
        entries = pages.get(docname, [])
        if name == "skills":
            parts.setdefault("skills", []).extend(entries)
        else:
            part = PARTS[name]
            parts.setdefault(part.key, []).extend(
                item for entry in entries for item in part_items(part, entry)
            )
    # The papers come first among the publications, before patents or others from the pages.
    parts["publications"] = [
        *(publication(paper, url) for paper, url in papers),
        *parts.get("publications", []),
    ]
    data = {"$schema": SCHEMA, "basics": basics, **parts}
    return {name: value for name, value in data.items() if value}


def basics(config: Config, roles: list[tuple[str, str]]) -> dict[str, Any]:
    """The owner: the name (``author``), the current position's title (*roles*: title and
    organisation of each position that runs to ``present``), the contact links
    (``cv_contact``: the e-mail address, the site's or the homepage's address, the profiles)."""
    links = parse_contact(config.cv_contact)
    homepage = next((link.url for link in links if link.kind == "homepage"), "")
    data = {
        "name": config.author,
        "label": config.cv_jsonld_person.get("jobTitle", roles[0][0] if roles else ""),
        "email": next((link.text for link in links if link.kind == "email"), ""),
        "url": config.html_baseurl or homepage,
        "profiles": [
            {
                "network": link.label,
                **({"username": link.username} if link.username else {}),
                "url": link.url,
            }
            for link in links
            if link.profile and link.kind != "homepage"
        ],
    }
    return {name: value for name, value in data.items() if value}


def check_sections(app: Sphinx, config: Config) -> None:
    value = config.cv_jsonresume_sections
    allowed = {*PARTS, "skills"}
    if not isinstance(value, dict) or any(
        not isinstance(page, str) or part not in allowed for page, part in value.items()
    ):
        msg = (
            f"cv_jsonresume_sections must map page names to one of {', '.join(sorted(allowed))}, "
            f"e.g. {{'sections/experience': 'work'}}; got {value!r}"
        )
        raise ConfigError(msg)
