"""The whole CV as JSON Resume (``resume.json``), from the same sources as the pages.

Job boards and résumé themes read JSON Resume (jsonresume.org). Nothing is typed twice: each
section page's ``cv-entry`` nodes are collected as the page is read (:class:`ResumeDomain`,
reading only the attributes the directive gives its node), the skills from the skills page's
list, the papers from their CSL-JSON items, the owner from conf.py. Which page fills which part
is ``cv_jsonresume_sections``; a page not named there (talks, patents) has no JSON Resume part.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain
from sphinx.errors import ConfigError

from .entries import cv_entry, cv_entry_head, cv_entry_people

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Set

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

__version__ = "1.0"

#: The JSON Resume parts that entries fill, and the names its schema gives their fields.
PARTS = {
    "work": {"title": "position", "org": "name"},
    "volunteer": {"title": "position", "org": "organization"},
    "education": {"title": "studyType", "org": "institution"},
    "awards": {"title": "title", "org": "awarder"},
    "projects": {"title": "name", "org": "entity"},
}
#: Parts with one date (``date``) rather than a range (``startDate``, ``endDate``).
DATED = frozenset({"awards"})
#: Parts whose entries may list highlights (a bullet list in the entry).
HIGHLIGHTED = frozenset({"work", "volunteer", "projects"})
DEFAULT_SECTIONS = {
    "sections/experience": "work",
    "sections/education": "education",
    "sections/awards": "awards",
    "sections/projects": "projects",
    "sections/service": "volunteer",
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

    def clear_doc(self, docname: str) -> None:
        self.data["pages"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames & otherdata["pages"].keys():
            self.data["pages"][docname] = otherdata["pages"][docname]

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        part = env.config.cv_jsonresume_sections.get(docname)
        if part == "skills":
            self.data["pages"][docname] = skill_groups(document)
        elif part is not None:
            self.data["pages"][docname] = [entry_data(n) for n in document.findall(cv_entry)]

    def resolve_any_xref(self, *args: Any) -> list[tuple[str, nodes.reference]]:
        return []


# -- JSON Resume -------------------------------------------------------------------------------


def iso_date(item: dict[str, Any]) -> str:
    """A CSL item's date as ISO 8601 (``2023-04``), as precise as the item is."""
    parts = item.get("issued", {}).get("date-parts", [[]])[0]
    return "-".join([f"{parts[0]:04d}", *(f"{part:02d}" for part in parts[1:])]) if parts else ""


def part_entry(part: str, entry: dict[str, Any]) -> dict[str, Any]:
    """One entry in the fields of its JSON Resume part; empty values left out."""
    names = PARTS[part]
    data: dict[str, Any] = {names["title"]: entry["title"], names["org"]: entry["org"]}
    if part == "education":
        # "Doctor of Philosophy (Ph.D.), Computer Science": the degree, then the field.
        degree, _, area = entry["title"].rpartition(", ")
        if degree:
            data |= {"studyType": degree, "area": area}
    if part in DATED:
        data["date"] = entry["dates"][0] if entry["dates"] else entry["start"]
    else:
        data["startDate"] = entry["start"] or (entry["dates"][0] if entry["dates"] else "")
        data["endDate"] = entry["end"]
    data["summary"] = entry["summary"]
    if part in HIGHLIGHTED:
        data["highlights"] = entry["highlights"]
    elif entry["highlights"]:
        data["summary"] = " ".join(filter(None, [data["summary"], *entry["highlights"]]))
    return {name: value for name, value in data.items() if value}


def publication(item: dict[str, Any], url: str) -> dict[str, Any]:
    data = {
        "name": item.get("title", ""),
        "publisher": item.get("container-title") or item.get("publisher", ""),
        "releaseDate": iso_date(item),
        "url": url,
        "summary": item.get("abstract", ""),
    }
    return {name: value for name, value in data.items() if value}


def resume(
    basics: dict[str, Any],
    pages: Mapping[str, Any],
    sections: Mapping[str, str],
    papers: Iterable[tuple[dict[str, Any], str]],
) -> dict[str, Any]:
    """The JSON Resume document.

    *pages*: each page's collected entries (or skill groups), *sections*: page -> part, in the
    order the parts are to appear; *papers*: ``(CSL item, page address)`` per paper.
    """
    data: dict[str, Any] = {"$schema": SCHEMA, "basics": basics}
    for docname, part in sections.items():
        entries = pages.get(docname, [])
        if part == "skills":
            data.setdefault("skills", []).extend(entries)
        else:
            data.setdefault(part, []).extend(part_entry(part, entry) for entry in entries)
    if publications := [publication(item, url) for item, url in papers]:
        data["publications"] = publications
    return {name: value for name, value in data.items() if value}


def basics(config: Config) -> dict[str, Any]:
    """The owner, from conf.py: the name (``author``), the job title, the site's address."""
    data = {
        "name": config.author,
        "label": config.cv_jsonld_person.get("jobTitle", ""),
        "url": config.html_baseurl,
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


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("cv_jsonresume_sections", DEFAULT_SECTIONS, "env", types=frozenset({dict}))
    app.connect("config-inited", check_sections)
    app.add_domain(ResumeDomain)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
