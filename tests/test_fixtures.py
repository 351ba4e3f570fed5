"""Real .bib files from each exporter (tests/fixtures/bib/), each dropped in as a CV's .bib.

For every file of the manifest: the site lists every paper exactly once, and so does the LaTeX
document; no raw LaTeX, no broken or unsafe link, nothing private is published; and the build
gives exactly the warnings its genuine data errors call for, each located at its line. What is a
paper is computed here with pybtex's own parser, not ours: every entry but @set/@xdata entries,
crossref/xdata parents that no paper of their own, and the entries each file gets wrong.
Every exporter issue 22 added is also compiled into a PDF, which must set every character and
show each paper's whole reference (authors, title where there is one, venue, year) as the site
does, the site showing what the .bib says by bibread's reading.
"""

from __future__ import annotations

import json
import re
import shutil
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import bibread
import pybtex.errors
import pytest
import rispy
from bs4 import BeautifulSoup
from conftest import REPO, latex_log_problems, latexmk, letters, pdf_text
from pybtex.database import Entry, parse_string
from sphinx.util.console import strip_escape_sequences

if TYPE_CHECKING:
    from collections.abc import Callable

    from bs4 import Tag
    from sphinx.testing.util import SphinxTestApp

FIXTURES = REPO / "tests" / "fixtures" / "bib"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())


@dataclass(frozen=True)
class Expect:
    """What a fixture needs beyond the manifest, and the warnings its data errors give."""

    #: More spellings of the owner's name than the manifest's one, as a user would list them.
    owners: tuple[str, ...] = ()
    #: A reference library (many people's papers), not one person's list: a user importing it
    #: silences cv.owner and cv.venue, as docs/bibliography.md says.
    library: bool = False
    #: (line, subtype) of each genuine data error.
    warnings: tuple[tuple[int, str], ...] = ()
    #: Entries lost to a syntax error (reported among the warnings).
    broken: tuple[str, ...] = ()
    #: Entries whose text shows a brace or a dollar sign as a character: literal braces asked
    #: for (``\\{``), or a lone ``$`` that its warning says is shown as a dollar sign.
    literal: tuple[str, ...] = ()


#: The entries of al-folio-japanese-horiguchi.bib: every one's date holds the day of the
#: month only (date = {19}, year = {2025}), which is shown with a warning, the year winning.
DAY_DATES = (1, 11, 21, 34, 46, 57, 69, 80, 92, 104, 117, 129, 141, 152, 164, 175, 186, 201,
             215, 226, 239, 252, 263)  # fmt: skip
EXPECT = {
    "biblatex-examples.bib": Expect(library=True, warnings=((1031, "field"),)),  # no author
    "sphinxcontrib-bibtex-sphinx.bib": Expect(
        library=True,
        warnings=((192, "unknown-field"),) * 4,  # bib, bibpr, review, webpdf
    ),
    "sphinxcontrib-bibtex-crossref.bib": Expect(library=True),
    # Read as UTF-8: one error naming bibtex_encoding. With it set, see ENCODED below.
    "sphinxcontrib-bibtex-latin1.bib": Expect(library=True, warnings=((2, "bibfile"),)),
    "jabref-windows-1252.bib": Expect(
        library=True, warnings=((3, "bibfile"), (4, "bibfile")), broken=("unnamed-1",)
    ),
    # al-folio's pdf field names a file of its own site (assets/pdf/), not an address.
    "al-folio-papers.bib": Expect(warnings=((28, "link"),)),
    "zotero-bibtex.bib": Expect(warnings=((232, "bibfile"),)),  # doi given twice
    "jabref-authors.bib": Expect(library=True),
    "ieee-xplore.bib": Expect(library=True, warnings=((952, "markup"), (1069, "markup"))),
    "acm-dl-2016.bib": Expect(
        library=True,
        # \ssbecker; HTML character references (&#38;, &#243;) in titles and series.
        warnings=((642, "latex"), *((line, "markup") for line in (383, 736, 753, 1081, 1698))),
    ),
    "acm-dl.bib": Expect(
        library=True,
        # ACM writes "&amp;" in titles and publishers; one paper has no author.
        warnings=(
            *((line, "markup") for line in (803, 1003, 1402, 1692, 1830, 1878, 1960, 2084)),
            (1623, "field"),
            (2241, "markup"),
            (3242, "markup"),
        ),
    ),
    "better-biblatex-library.bib": Expect(
        library=True,
        warnings=(
            (447, "markup"),  # &eacute;
            (1463, "field"),
            (2676, "link"),
            (2796, "link"),
            (2855, "field"),
        ),
        literal=("bosma1997",),  # \{\vphantom\}{{Quantifying}}\vphantom\{\}
    ),
    "better-bibtex-sakkos.bib": Expect(
        # "{Jonathan Sakkos} and {r/Science}": a name in braces is one name, not his. Two
        # preprints keep their posting date beside the journal's year (date = {2021-11-15},
        # year = {2022}): the year is shown, with a warning.
        owners=("Sakkos, Jonathan",),
        warnings=((33, "owner"), (17, "field"), (174, "field")),
    ),
    "zotero-edited-abdelrahman.bib": Expect(
        # A comma missing after a field; a paper under another name (Elhussieny, Nada).
        owners=("Abdelrahman, Nada Y.",),
        warnings=((4, "bibfile"), (34, "owner")),
        broken=("rapid_spatial_learning_2025",),
    ),
    "mendeley-desktop.bib": Expect(library=True),
    "thesis-better-biblatex-bjareholt.bib": Expect(library=True),
    "thesis-better-bibtex-billington.bib": Expect(library=True, warnings=((2286, "field"),)),
    # Two papers list him as "Nesbitt, S." (Scopus writes what the journal printed).
    "scopus-nesbitt.bib": Expect(owners=("Nesbitt, S.",)),
    # One paper lists him without his middle initial.
    "bibdesk-johnson.bib": Expect(owners=("Johnson, Austin",)),
    "paperpile-biblatex-wiggers.bib": Expect(library=True, warnings=((1808, "field"),)),  # no date
    # Crossref gives two papers the same key, and one record has no author.
    "crossref-doi-schauer.bib": Expect(warnings=((159, "bibfile"), (195, "field"))),
    "endnote-ralston.bib": Expect(library=True),
    "nasa-ads-devalborro.bib": Expect(library=True),
    "inspire-oliinychenko.bib": Expect(library=True),
    "al-folio-japanese-horiguchi.bib": Expect(
        warnings=tuple((line, "field") for line in DAY_DATES)
    ),
    "scopus-2025-oldmeadow.bib": Expect(
        # Scopus writes keys with spaces ("Da Silva Sena2022"): three entries do not parse.
        owners=("Oldmeadow, Chris", "Oldmeadow, Christopher J."),
        warnings=((212, "bibfile"), (227, "bibfile"), (530, "bibfile")),
    ),
    # HAL: a title ends in a stray "$" (... A Computational Approach $), shown as a dollar sign.
    "hal-gepetto.bib": Expect(
        library=True, warnings=((315, "markup"),), literal=("taix:hal-01537858",)
    ),
    "mathscinet-sage.bib": Expect(library=True),
    "web-of-science-2024.bib": Expect(library=True),  # papers citing the owner's
    # A title with TeX outside math ({A}^2_n-polyhedra): its ^ and its _.
    # A proceedings title of 140 characters that no rule can cut to its name: the located
    # cv.venue warning asks for a shortvenue, as docs/bibliography.md says it does.
    "zbmath-muro.bib": Expect(warnings=((477, "venue"), *((639, "markup"),) * 2)),
    # ADS's HTML entity in a title's math (M$_{&sun;}$): a bare &.
    "bibdesk-ads-rodney.bib": Expect(library=True, warnings=((11, "markup"),)),
    "bibtex-xampl.bib": Expect(
        library=True,
        # Minimal entries without a title (misc-minimal, random-note-crossref), and the latter's
        # note cites another entry (\cite{book-full}), which only a citing document can label.
        warnings=((226, "field"), (358, "field"), (358, "latex")),
    ),
}
#: Files in another encoding, read again with bibtex_encoding set: they build as their data
#: allow (the JabRef file's one entry has no key), with no error about the encoding.
ENCODED = {
    "sphinxcontrib-bibtex-latin1.bib": ("latin-1", ()),
    "jabref-windows-1252.bib": ("cp1252", ((3, "bibfile"),)),
}
#: Field names that must never reach a page (bookkeeping, private paths, reading notes).
PRIVATE_RE = re.compile(
    r"^\s*(file|owner|timestamp|groups|annote|annotation|mendeley-[\w-]+|date-added|"
    r"date-modified|biburl|bibsource|keywords|added-at|interhash|intrahash|OPT\w+)\s*=",
    re.IGNORECASE | re.MULTILINE,
)
#: Signs of a local file or a private path anywhere in a page.
PATH_RE = re.compile(r"Zotero/storage|C:\\\\Users|/home/\w+/|file://|\.pdf:application/pdf")


def papers_of(text: str, broken: tuple[str, ...]) -> list[str]:
    """The keys that are papers, by pybtex's own reading of the file (not ours)."""
    pybtex.errors.set_strict_mode(False)
    try:
        with pybtex.errors.capture():
            data = parse_string(text, "bibtex")
    finally:
        pybtex.errors.set_strict_mode(True)
    entries = data.entries
    parents = {
        ref.strip().lower()
        for entry in entries.values()
        for name in ("crossref", "xdata")
        for ref in entry.fields.get(name, "").split(",")
        if ref.strip()
    }
    return [
        key
        for key, entry in entries.items()
        if entry.type.lower() not in ("set", "xdata")
        and (key.lower() not in parents or "kind" in entry.fields)
        and key not in broken
        and (entry.fields or entry.persons)
    ]


@dataclass
class Built:
    html: Path
    latex: Path
    warnings: list[str]


@pytest.fixture
def drop_in(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> Callable[..., Built]:
    """A new user's CV project with *name* as its publications.bib, built to HTML and LaTeX."""

    def build(name: str, owners: list[str], library: bool, encoding: str = "") -> Built:
        srcdir = tmp_path / "src"
        srcdir.mkdir()
        shutil.copy(FIXTURES / name, srcdir / "publications.bib")
        conf = [
            'project = "CV"',
            'extensions = ["myst_parser", "cv"]',
            'myst_enable_extensions = ["colon_fence"]',
            'bibtex_bibfiles = ["publications.bib"]',
            f"cv_owner = {owners!r}",
            'latex_documents = [("index", "cv.tex", "CV", "CV", "howto")]',
            'latex_engine = "xelatex"',
        ]
        if library:
            conf.append('suppress_warnings = ["cv.owner", "cv.venue"]')
        if encoding:
            conf.append(f"bibtex_encoding = {encoding!r}")
        (srcdir / "conf.py").write_text("\n".join(conf) + "\n")
        (srcdir / "index.md").write_text("# Publications\n\n:::{publications}\n:::\n")
        outdirs = {}
        warnings = []
        for builder in ("html", "latex"):
            app = make_app(builder, srcdir=srcdir, builddir=tmp_path / builder, freshenv=True)
            app.build()
            warnings += strip_escape_sequences(app.warning.getvalue()).splitlines()
            app.cleanup()
            outdirs[builder] = app.outdir
        built = Built(outdirs["html"], outdirs["latex"], warnings)
        return built

    return build


def located(warnings: list[str]) -> list[tuple[int, str]]:
    """(line, subtype) of each warning of the build; every one must name the file and line."""
    found = []
    for warning in warnings:
        match = re.match(
            r"^.*publications\.bib:(\d+): (?:WARNING|ERROR): .* \[cv\.([\w-]+)\]$", warning
        )
        assert match, warning
        found.append((int(match.group(1)), match.group(2)))
    return found


def check_site(built: Built, keys: list[str], literal: tuple[str, ...] = ()) -> None:
    soup = BeautifulSoup((built.html / "index.html").read_text(), "html.parser")
    items = soup.select("li.cv-pub")
    ids = [urllib.parse.unquote(item["id"]) for item in items]
    # Every paper exactly once.
    assert sorted(ids) == sorted(key.lower() for key in keys)
    for item in items:
        cite = item.find(class_="cv-pub-cite").get_text()
        # No raw LaTeX: no command, group brace or math sign shown as text.
        raw = r"\\[A-Za-z]" if item["id"] in literal else r"\\[A-Za-z]|[{}$]"
        assert not re.search(raw, cite), cite
        # The word for pages once: HAL's "pp.281-288" is not "pp. pp.281–288".
        assert not re.search(r"\bpp?\.\s*(?:pp?\.|pages?\b)", cite, re.IGNORECASE), cite
        for link in item.select("a[href]"):
            href = link["href"]
            if "internal" in link.get("class", []):  # the title: the paper's page (issue 12)
                assert (built.html / href).is_file(), href
                continue
            assert href.startswith(("https://", "http://")), href
            assert "\\" not in href and " " not in href, href
            if link.get_text() == "DOI":
                assert re.fullmatch(r"https://doi\.org/10\.\d{4,9}/\S+", href), href
        bibtex = item.find("pre").get_text()
        assert not PRIVATE_RE.search(bibtex), bibtex
    html = (built.html / "index.html").read_text()
    assert not PATH_RE.search(html)
    assert "javascript:" not in html

    # The LaTeX document: each paper once (its anchor), nothing shown as a raw command.
    tex = (built.latex / "cv.tex").read_text()
    anchors = re.findall(r"\\item \{\} \\phantomsection\\label\{\\detokenize\{index:", tex)
    assert len(anchors) == len(keys)
    body = tex[tex.index("\\begin{document}") :]
    assert "\\textbackslash{}" not in body


#: Where a .bib names a paper's venue (and, through crossref, its parent's title).
VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "conference")


def source_year(fields: dict[str, str]) -> int | None:
    """The year as the .bib writes it: ``year``'s first four digits, else ``date``'s."""
    for name in ("year", "date"):
        if match := re.match(r"\s*\{*(\d{4})", fields.get(name, "")):
            return int(match.group(1))
    return None


def is_part_of(entry: Entry, parent: Entry) -> bool:
    """Whether *parent*'s title is the venue of *entry* (a chapter's book, a paper's
    proceedings), by biber's rule as bibread reads it; a book's whole set is not (xampl.bib's
    book-crossref, volume 2 of The Art of Computer Programming)."""
    return entry.type.lower() in bibread.PARTS and parent.type.lower() in bibread.WHOLES


def check_exports(built: Built, text: str, keys: list[str]) -> None:
    """Every paper in each download of the whole list, read back by readers that are not ours
    (pybtex, rispy, json), with the authors, title, year and venue of pybtex's reading of the
    .bib. The BibTeX download's biblatex fields (date, journaltitle) are test_exports' to check.
    """
    pybtex.errors.set_strict_mode(False)
    try:
        with pybtex.errors.capture():
            source = parse_string(text, "bibtex").entries
    finally:
        pybtex.errors.set_strict_mode(True)
    source = {key.lower(): entry for key, entry in source.items()}
    bibtex = parse_string((built.html / "publications.bib").read_text(), "bibtex").entries
    items = {i["id"].lower(): i for i in json.loads((built.html / "publications.json").read_text())}
    ris = {r["id"].lower(): r for r in rispy.loads((built.html / "publications.ris").read_text())}
    assert sorted(items) == sorted(ris) == sorted(key.lower() for key in bibtex)
    assert sorted(items) == sorted(key.lower() for key in keys)
    for key in keys:
        entry = source[key.lower()]
        fields = {name.lower(): value for name, value in entry.fields.items() if value.strip()}
        parent = source.get(fields.get("crossref", "").strip().lower())
        if parent is not None and "title" in parent.fields and is_part_of(entry, parent):
            fields.setdefault("booktitle", parent.fields["title"])
        item, record, exported = items[key.lower()], ris[key.lower()], bibtex[key]
        # A paper naming no author has its parent's, as BibTeX and biber both give it.
        people = list(entry.persons.get("author", []))
        if not people and parent is not None:
            people = list(parent.persons.get("author", []))
        named = [person for person in people if str(person) != "others"]
        assert len(item.get("author", [])) == len(record.get("authors", [])) == len(named), key
        assert len(exported.persons.get("author", [])) == len(people), key
        assert bool(item.get("title")) == bool(record.get("title")) == ("title" in fields), key
        if "title" in fields:
            assert " ".join(exported.fields["title"].split()) == " ".join(fields["title"].split())
        if year := source_year(fields):
            assert item["issued"]["date-parts"][0][0] == year, key
            assert record["year"] == str(year), key
        if any(name in fields for name in VENUE_FIELDS):
            assert item.get("container-title"), key
            assert record.get("journal_name") or record.get("secondary_title"), key


@pytest.mark.parametrize("entry", MANIFEST, ids=[entry["file"] for entry in MANIFEST])
def test_every_export_renders_completely(drop_in: Callable[..., Built], entry: dict) -> None:
    name = entry["file"]
    expect = EXPECT.get(name, Expect())
    owners = [entry["owner"]] if entry["owner"] else []
    built = drop_in(name, [*owners, *expect.owners], expect.library)
    # Twice each: the HTML and the LaTeX build read the .bib alike.
    assert sorted(located(built.warnings)) == sorted([*expect.warnings, *expect.warnings])
    text = (FIXTURES / name).read_bytes().decode(entry["encoding"])
    keys = papers_of(text, expect.broken)
    check_site(built, keys, expect.literal)
    check_exports(built, text, keys)


@pytest.mark.parametrize("name", ENCODED)
def test_another_encoding_builds_with_bibtex_encoding(
    drop_in: Callable[..., Built], name: str
) -> None:
    [entry] = [entry for entry in MANIFEST if entry["file"] == name]
    expect = EXPECT[name]
    encoding, warnings = ENCODED[name]
    built = drop_in(name, [], expect.library, encoding=encoding)
    assert sorted(located(built.warnings)) == sorted([*warnings, *warnings])
    text = (FIXTURES / name).read_bytes().decode(entry["encoding"])
    check_site(built, papers_of(text, expect.broken))


#: Exports compiled into a PDF, as Read the Docs would: every exporter's file that issue 22
#: added, and three before it (DBLP's crossref parents, Zotero, a curated Better BibTeX list).
PDF_FIXTURES = [
    "dblp-crossref.bib",
    "zotero-bibtex.bib",
    "better-bibtex-sakkos.bib",
    "inspire-oliinychenko.bib",
    "nasa-ads-devalborro.bib",
    "bibdesk-ads-rodney.bib",
    "bibdesk-johnson.bib",
    "mathscinet-sage.bib",
    "zbmath-muro.bib",
    "hal-gepetto.bib",
    "paperpile-liang.bib",
    "paperpile-biblatex-wiggers.bib",
    "scopus-nesbitt.bib",
    "scopus-2025-oldmeadow.bib",
    "crossref-doi-schauer.bib",
    "al-folio-japanese-horiguchi.bib",
    "web-of-science-2013.bib",
    "web-of-science-2024.bib",
    "endnote-ralston.bib",
    "bibtex-xampl.bib",
]


def unshown(item: Tag, says: bibread.Said) -> list[str]:
    """What the site's entry *item* leaves out of what the .bib *says* (bibread's reading, not
    ours): an author's family name, the title, the venue, the year. A title, venue or year the
    .bib does not give is not looked for: xampl.bib has entries without a title."""
    parts = {name: item.select_one(f".cv-pub-{name}") for name in ("authors", "title", "venue")}
    shown = {name: part.get_text() if part else "" for name, part in parts.items()}
    date = item.select_one(".cv-pub-date")
    lost = [
        f"author {person}"
        for person in says.named
        if bibread.folded(" ".join(person.last_names)) not in bibread.folded(shown["authors"])
    ]
    if bool(shown["title"]) != bool(says.title) or (
        says.title and not bibread.same_text(shown["title"], says.full_title)
    ):
        lost.append(f"title {says.full_title!r}, shown {shown['title']!r}")
    if says.venue and not shown["venue"]:
        lost.append(f"venue {says.venue!r}")
    if says.years and not (date and any(year in date.get_text() for year in says.years)):
        lost.append(f"year {says.years}")
    return [f"{item['id']}: {what}" for what in lost]


@pytest.mark.parametrize("name", PDF_FIXTURES)
def test_export_in_the_pdf(drop_in: Callable[..., Built], name: str) -> None:
    [entry] = [entry for entry in MANIFEST if entry["file"] == name]
    expect = EXPECT.get(name, Expect())
    owners = [entry["owner"]] if entry["owner"] else []
    built = drop_in(name, [*owners, *expect.owners], expect.library)
    pdf = latexmk(built.latex, "cv")
    # Every character in a face that has it, nothing overfull, every reference resolved.
    assert latex_log_problems(pdf) == []
    text = (FIXTURES / name).read_bytes().decode(entry["encoding"])
    keys = papers_of(text, expect.broken)
    check_site(built, keys, expect.literal)  # each paper once, on the site and in the LaTeX
    soup = BeautifulSoup((built.html / "index.html").read_text(), "html.parser")
    items = soup.select("li.cv-pub")
    # The site shows each paper's authors, title, venue and year, as the .bib gives them ...
    source = bibread.parse(text)
    by_id = {urllib.parse.unquote(item["id"]): item for item in items}
    assert [
        lost for key in keys for lost in unshown(by_id[key.lower()], bibread.said(key, source))
    ] == []
    # ... and the PDF each paper's whole reference as the site shows it, in the site's order.
    # Compared by letters and digits only (conftest.letters: pdfLaTeX's accents, superscripts).
    shown, position, missing = letters(pdf_text(pdf)), 0, []
    for item in items:
        cite = letters(item.select_one(".cv-pub-cite").get_text())
        found = shown.find(cite, position)
        if found < 0:
            missing.append(f"{item['id']}: {item.select_one('.cv-pub-cite').get_text()}")
        else:
            position = found + len(cite)
    assert missing == []
