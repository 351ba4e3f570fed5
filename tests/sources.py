"""What the tests of the CV expect, read from its sources, never restated.

An independent reader: Sphinx's own evaluation of ``conf.py`` (the owner, the PDFs, the
variants), a few regular expressions over the MyST pages, and pybtex (the library, not our
pipeline) over the .bib files. Nothing here names the owner, a position, a paper or a wording:
adding an entry or a paper in any exporter's format, rewording any text or removing any entry
keeps the CV's tests green, while a fact the site or the PDF loses still fails them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pybtex.database import BibliographyData, parse_file
from pybtex.richtext import Text
from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

REPO = Path(__file__).resolve().parent.parent
ENTRY = re.compile(r"^:::\{cv-entry\} (?P<title>.+)\n(?P<options>(?::[\w-]+:.*\n)*)", re.MULTILINE)
OPTION = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$", re.MULTILINE)
#: List items free of markup but emphasis, so shown as written less the asterisks.
PLAIN_ITEM = re.compile(r"^- (?P<text>[^_`\[\]{}<>\\$\n]+)$", re.MULTILINE)
#: A line of a fence (``:::{name}``, `````{name}``, a closing ``:::``) or a directive's option.
FENCE = re.compile(r"^(?::{3,}|`{3,}).*$|^:[\w-]+:.*$", re.MULTILINE)


# -- conf.py -------------------------------------------------------------------------------------


@cache
def conf() -> dict[str, Any]:
    """conf.py's settings, as Sphinx evaluates the file (no tags set: the full CV)."""
    return eval_config_file(REPO / "conf.py", Tags())


def owner() -> str:
    """The CV's owner: ``author`` in conf.py."""
    return conf()["author"]


def cv_stem() -> str:
    """The full CV's PDF name without ``.pdf``: its ``latex_documents`` entry."""
    (entry,) = (e for e in conf()["latex_documents"] if e[0] == conf().get("root_doc", "index"))
    return Path(entry[1]).stem


def contact() -> dict[str, str]:
    """``cv_contact``: label -> address, user name or id."""
    return conf().get("cv_contact", {})


def variants() -> dict[str, dict[str, Any]]:
    """``cv_variants``: name -> its settings (file name, sections, tags, page budget ...)."""
    return conf().get("cv_variants", {})


def variant_tags(name: str) -> set[str]:
    return set(variants()[name].get("tags", [name]))


# -- MyST pages ----------------------------------------------------------------------------------


@dataclass
class Entry:
    """A cv-entry as written in its page."""

    title: str
    options: dict[str, str] = field(default_factory=dict)

    def head(self) -> str:
        """Title, organisation and place, as the head line shows them."""
        places = (self.options[key] for key in ("org", "location") if key in self.options)
        return ", ".join([self.title, *places])

    def texts(self) -> list[str]:
        """What must be on the page exactly as written: title, organisation, place, people."""
        people = [
            f"{label}: {self.options[key]}"
            for key, label in (("supervisor", "Supervisor"), ("advisor", "Advisor"))
            if key in self.options
        ]
        return [self.head(), *people]

    def datetimes(self) -> list[str]:
        """The ``<time datetime>`` values the dates give: ISO 8601 at their own precision."""
        values = self.options.get("date", "").split(",")
        values += [self.options.get("start", ""), self.options.get("end", "")]
        return [iso(value.strip()) for value in values if value.strip() not in ("", "present")]

    def tags(self) -> set[str]:
        return set(self.options.get("tags", "").replace(",", " ").split())

    def ongoing(self) -> bool:
        return self.options.get("end", "").strip().lower() == "present"


def iso(date: str) -> str:
    """``2023-12`` stays as it is; an academic term (``Fall 2017``) is its year."""
    return date.split()[-1] if " " in date else date


def pages() -> list[str]:
    """The pages of the site, as document names: the landing page, then the section pages in
    the order of its toctree (the order of the PDF)."""
    toctree = re.search(r"```\{toctree\}\n(.*?)```", source("index"), re.DOTALL)[1]
    return ["index", *(line.strip() for line in toctree.splitlines() if line and line[0] != ":")]


@cache
def source(page: str) -> str:
    return (REPO / f"{page}.md").read_text(encoding="utf-8")


def body(page: str) -> str:
    """The page's Markdown without its front matter."""
    text = source(page)
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    return text


def substitute(text: str) -> str:
    """MyST's substitutions (``{{ author }}``) in *text*, from conf.py's myst_substitutions."""
    values = conf().get("myst_substitutions", {})
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda match: str(values[match[1]]), text)


def written_title(page: str) -> str:
    """The page's title as written, its first ``# `` heading."""
    return re.search(r"^# (.+)$", body(page), re.MULTILINE)[1].strip()


def title(page: str) -> str:
    """The page's title as shown."""
    return substitute(written_title(page))


def heading_ids(page: str) -> dict[str, str]:
    """id -> text of the page's ``## `` headings (MyST's anchors: lower case, '-' for spaces)."""
    found = {}
    for match in re.finditer(r"^## (.+)$", body(page), re.MULTILINE):
        text = match[1].strip()
        found[re.sub(r"[^\w\- ]", "", text.lower()).strip().replace(" ", "-")] = text
    return found


def entries(page: str) -> list[Entry]:
    return [
        Entry(
            m["title"].strip(),
            {o["key"]: o["value"].strip() for o in OPTION.finditer(m["options"])},
        )
        for m in ENTRY.finditer(source(page))
    ]


def every_entry() -> list[tuple[str, Entry]]:
    """(page, entry) for every entry of the CV, in the order of the PDF."""
    return [(page, entry) for page in pages() for entry in entries(page)]


def plain_items(page: str) -> list[str]:
    """List items of the page's text that hold no markup at all."""
    return [m["text"].replace("*", "").strip() for m in PLAIN_ITEM.finditer(source(page))]


def opening(page: str = "index") -> str:
    """The page's text between its title and its first section, fences and options left out."""
    text = body(page).split(f"# {written_title(page)}", 1)[1]
    return FENCE.sub("", re.split(r"^## ", text, maxsplit=1, flags=re.MULTILINE)[0])


def blocks(page: str = "index") -> list[str]:
    """The opening text's blocks (paragraphs), each on one line."""
    parts = re.split(r"\n\s*\n", opening(page))
    return [" ".join(block.split()) for block in parts if block.strip()]


def emphasised(block: str) -> str:
    """The text of a block set wholly in bold or italics and free of other markup, else ""."""
    match = re.fullmatch(r"(\*\*?)([^*{}`<>\[\]]+)\1", block)
    return match[2].strip() if match else ""


def prose(block: str) -> bool:
    """Whether a block is a paragraph of prose: no markup, no emphasis, no link."""
    return block[0].isalnum() and not re.search(r"[*_`{}<>\[\]\\$|]", block)


def profile(page: str = "index") -> list[str]:
    """The opening text's paragraphs of prose."""
    return [block for block in blocks(page) if prose(block)]


def opening_facts(page: str = "index") -> list[str]:
    """The opening text's emphasised lines and paragraphs of prose, in their order."""
    return [
        emphasised(block) or block for block in blocks(page) if emphasised(block) or prose(block)
    ]


def sections_for_jsonresume() -> dict[str, str]:
    """Page -> JSON Resume part: conf.py's cv_jsonresume_sections, or the extension's default."""
    from cv.web.jsonresume import DEFAULT_SECTIONS

    return conf().get("cv_jsonresume_sections", DEFAULT_SECTIONS)


def current_positions() -> list[Entry]:
    """The positions that run to ``present``: entries of the pages JSON Resume takes its work
    from, in the order of those pages."""
    work = [page for page, part in sections_for_jsonresume().items() if part == "work"]
    return [entry for page in work if page in pages() for entry in entries(page) if entry.ongoing()]


def current_roles() -> list[str]:
    """The current role as the landing page shows it; none without a position to ``present``."""
    heads = [", ".join(filter(None, [e.title, e.options.get("org")])) for e in current_positions()]
    return ["; ".join(heads)] if heads else []


def facts(page: str) -> list[str]:
    """Text of *page* that the site and the PDF must both show, as a reader reads it."""
    found = [text for entry in entries(page) for text in entry.texts()] + plain_items(page)
    if page == "index":
        found += [title("index"), *current_roles(), *opening_facts()]
    return found


def references() -> dict[str, set[str]]:
    """Label -> link texts of every ``{ref}`text <label>``` in the CV's pages."""
    found: dict[str, set[str]] = {}
    for page in pages():
        for m in re.finditer(r"\{ref\}`([^`<]+?) <([^`>]+)>`", source(page)):
            found.setdefault(m[2], set()).add(m[1])
    return found


def list_pages() -> list[str]:
    """The pages with a full list of papers (``{publications}`` without ``:selected:``)."""
    found = []
    for page in pages():
        lists = re.findall(r"^:::\{publications\}\n((?::[\w-]+:.*\n)*)", source(page), re.MULTILINE)
        for block in lists:
            if ":selected:" not in block and page not in found:
                found.append(page)
    return found


# -- The .bib --------------------------------------------------------------------------------------


@cache
def bibliography() -> BibliographyData:
    data = BibliographyData()
    for name in conf()["bibtex_bibfiles"]:
        for key, entry in parse_file(REPO / name).entries.items():
            data.add_entry(key, entry)
    return data


def field_text(value: str) -> str:
    """A .bib field as plain text, through pybtex's own LaTeX reading (braces, ``\\&``)."""
    return " ".join(Text.from_latex(value).render_as("text").split())


#: Where a paper's venue is, in the order the fields are tried (biblatex names too).
VENUES = ("booktitle", "journal", "journaltitle", "howpublished", "school", "institution",
          "archiveprefix", "eprinttype", "publisher")  # fmt: skip


def papers() -> dict[str, dict[str, str]]:
    """Key (as written) -> title, venue (as written, full) and year of every paper."""
    found = {}
    for key, entry in bibliography().entries.items():
        venue = next((entry.fields[name] for name in VENUES if name in entry.fields), "")
        found[key] = {
            "title": field_text(entry.fields["title"]),
            "venue": field_text(venue),
            "year": entry.fields.get("year", entry.fields.get("date", "")[:4]),
        }
    return found


def selected() -> set[str]:
    return {
        key
        for key, entry in bibliography().entries.items()
        if entry.fields.get("selected", "").strip().lower() == "true"
    }
