"""CSL-JSON, citation styles, Highwire tags and exports from paper records, without Sphinx.

Every export is read back by a reader that is not ours (pybtex, rispy, the formats' published
JSON schemas with jsonschema). Made from fake records, its fields are checked against the fakes;
made from real .bib files and from generated ones, against what the .bib says, read without the
engine (tests/bibread.py).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import bibread
import jsonschema
import pytest
import rispy
from docutils import nodes
from hypothesis import given, settings
from hypothesis import strategies as st
from paperfakes import PAPERS, FakeAuthor, FakePaper
from pybtex.database import Entry, Person, parse_string

from cv.bib.bibfile import read_bib
from cv.bib.fields import DEFAULT_KINDS, NOT_PAPERS, inherit
from cv.bib.record import make_paper
from cv.formats import bibtex, csl, cslprocessor, exports, highwire
from cv.web import jsonld, jsonresume
from cv.web.paperstore import slug

SCHEMAS = Path(__file__).parent / "schemas"
CSL_SCHEMA = json.loads((SCHEMAS / "csl-data.json").read_text())
RESUME_SCHEMA = json.loads((SCHEMAS / "resume-schema.json").read_text())
SPECIALS = '& % $ # _ { } ~ ^ \\ < > " </script> \ue100'


def validate_csl(items: list[dict[str, Any]]) -> None:
    jsonschema.validate(items, CSL_SCHEMA, cls=jsonschema.Draft7Validator)


# -- CSL-JSON ----------------------------------------------------------------------------------


def test_csl_items_are_valid_csl_json() -> None:
    items = [csl.csl_item(paper) for paper in PAPERS]
    validate_csl(items)
    validate_csl(json.loads(exports.csl_json(items)))
    assert [item["id"] for item in items] == [paper.key for paper in PAPERS]


def test_csl_item_fields() -> None:
    conference, journal, thesis, report, preprint, bare = (csl.csl_item(p) for p in PAPERS)
    assert conference == {
        "id": "doe2024fake",
        "type": "paper-conference",
        "citation-key": "doe2024fake",
        "title": "A Fake Paper about Examples",
        "author": [
            {"family": "Doe", "given": "Jane"},
            {"family": "Roe", "given": "John"},
            {"literal": "The Example Collaboration"},
        ],
        "issued": {"date-parts": [[2024, 6]]},
        "container-title": "Proceedings of the Example Conference",
        "page": "53–68",
        "DOI": "10.5555/example.1",
        "URL": "https://example.org/paper",
        "publisher": "Example Press",
    }
    assert journal["type"] == "article-journal"
    assert (journal["volume"], journal["issue"], journal["ISSN"]) == ("71", "1", "0000-0000")
    assert journal["issued"] == {"date-parts": [[2022, 1, 15]]}
    assert thesis["type"] == "thesis"
    assert (thesis["publisher"], thesis["genre"]) == ("Example University", "PhD thesis")
    assert report["type"] == "report"
    assert (report["publisher"], report["number"]) == ("Example Labs", "TR-7")
    assert "issue" not in report
    assert preprint["type"] == "article"
    assert preprint["publisher"] == "arXiv"
    assert preprint["issued"] == {"date-parts": [[2023]]}
    assert bare == {"id": "bare", "type": "article", "citation-key": "bare"}


def test_csl_names_keep_particles_and_suffixes() -> None:
    authors = (FakeAuthor("Guido", "Rossum", particle="van", suffix="Jr."), FakeAuthor("", "X"))
    item = csl.csl_item(replace(PAPERS[0], authors=authors))
    assert item["author"] == [
        {"family": "Rossum", "given": "Guido", "non-dropping-particle": "van", "suffix": "Jr."},
        {"literal": "X"},
    ]
    validate_csl([item])
    paper = replace(PAPERS[0], authors=authors)
    tags = highwire.highwire_tags(paper)
    assert [v for name, v in tags if name == "citation_author"] == ["van Rossum, Guido", "X"]
    # RIS's form of a name has a place for the suffix: "Last, First, Suffix".
    assert rispy.loads(exports.ris([paper]))[0]["authors"] == ["van Rossum, Guido, Jr.", "X"]


# -- Citation styles ---------------------------------------------------------------------------


def test_styles_are_bundled_official_csl_with_their_licence() -> None:
    """The default styles are files of cv's style folder, byte for byte the ones its SOURCES.md
    lists (official CSL styles, CC BY-SA 3.0 as each says, the licence beside them)."""
    folder = csl.STYLE_FOLDER
    sources = (folder / "SOURCES.md").read_text()
    listed = dict(re.findall(r"^\| `([\w-]+\.csl)` \|.*\| `([0-9a-f]{64})` \|$", sources, re.M))
    assert sorted(listed) == sorted(path.name for path in folder.glob("*.csl"))
    assert sorted(listed) == sorted(f"{style}.csl" for style in csl.STYLES)
    licence = (folder / "LICENSE.md").read_text()
    assert "https://creativecommons.org/licenses/by-sa/3.0/legalcode" in licence
    for name, digest in listed.items():
        data = (folder / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest
        root = ElementTree.fromstring(data)
        assert root.tag == f"{{{csl.CSL_NS}}}style"
        assert root.get("version") in ("1.0", "1.0.1", "1.0.2")
        rights = root.find(f"{{{csl.CSL_NS}}}info/{{{csl.CSL_NS}}}rights")
        assert rights.get("license") == "http://creativecommons.org/licenses/by-sa/3.0/"
        assert root.find(f"{{{csl.CSL_NS}}}bibliography") is not None


def test_single_item_style_drops_only_list_rules() -> None:
    """Cited alone: no "2024a" between papers of one batch, no dash for repeated authors."""
    source = (csl.STYLE_FOLDER / "apa.csl").read_bytes()
    original = ElementTree.fromstring(source)
    changed = ElementTree.fromstring(csl.single_item_style(source))
    citation = changed.find(f"{{{csl.CSL_NS}}}citation")
    assert "disambiguate-add-year-suffix" in original.find(f"{{{csl.CSL_NS}}}citation").attrib
    assert not [name for name in citation.attrib if name.startswith("disambiguate")]
    assert citation.get("et-al-min") == "3"  # the rest of the style stays as it is
    bibliography = changed.find(f"{{{csl.CSL_NS}}}bibliography")
    assert bibliography.find(f"{{{csl.CSL_NS}}}sort") is None  # one item needs no sorting
    sort = original.find(f"{{{csl.CSL_NS}}}bibliography").find(f"{{{csl.CSL_NS}}}sort")
    assert len(list(changed.iter())) == len(list(original.iter())) - len(list(sort.iter()))


def test_a_batch_formats_each_paper_as_if_alone() -> None:
    """Two papers of the same authors and year in one pandoc run: no year suffixes."""
    first = csl.csl_item(PAPERS[0])
    second = {**first, "id": "second", "title": "Another Fake Paper"}
    both = cslprocessor.format_citations([first, second], "apa")
    assert both[first["id"]] == cslprocessor.format_citations([first], "apa")[first["id"]]
    assert "(2024)" in both["second"] and "2024a" not in both[first["id"]]


def test_citations_in_each_style() -> None:
    item = csl.csl_item(PAPERS[0])
    ieee = cslprocessor.format_citations([item], "ieee")["doe2024fake"]
    apa = cslprocessor.format_citations([item], "apa")["doe2024fake"]
    acm = cslprocessor.format_citations([item], "association-for-computing-machinery")[
        "doe2024fake"
    ]
    assert (
        cslprocessor.to_nodes(ieee)[0]
        .astext()
        .startswith(
            # The en-US locale puts the comma inside the quotes, as IEEE's reference guide does.
            "J. Doe, J. Roe, and The Example Collaboration, “A Fake Paper about Examples,” in "
        )
    )
    assert "Doe, J., Roe, J., & The Example Collaboration. (2024). A Fake Paper" in apa
    assert acm.startswith("Jane Doe, John Roe, and The Example Collaboration. 2024. A Fake")
    # The venue is in italics in all three: an emphasis node.
    for marked in (ieee, apa, acm):
        emphasis = [n for n in cslprocessor.to_nodes(marked) if isinstance(n, nodes.emphasis)]
        assert [n.astext() for n in emphasis][:1] == ["Proceedings of the Example Conference"]
    assert not ieee.startswith("[1]")


def test_citation_escaping() -> None:
    paper = replace(PAPERS[0], title=SPECIALS, booktitle="<i>Not italic</i>")
    marked = cslprocessor.format_citations([csl.csl_item(paper)], "ieee")[paper.key]
    text = "".join(node.astext() for node in cslprocessor.to_nodes(marked))
    # The data's own text, literally: its markup is not markup, its mark character is gone.
    assert SPECIALS.replace("\ue100", "") in text
    assert "<i>Not italic</i>" in text
    emphasis = [n.astext() for n in cslprocessor.to_nodes(marked) if isinstance(n, nodes.emphasis)]
    assert emphasis == ["<i>Not italic</i>"]


text_fields = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=40, deadline=None)
@given(
    title=text_fields,
    venue=text_fields,
    given_name=text_fields,
    family=text_fields,
    pages=text_fields,
    year=st.one_of(st.none(), st.integers(1, 9999)),
    month=st.one_of(st.none(), st.integers(1, 12)),
)
def test_any_text_gives_valid_items_tags_and_citations(
    title: str, venue: str, given_name: str, family: str, pages: str, year: int, month: int
) -> None:
    paper = replace(
        PAPERS[0],
        title=title,
        booktitle=venue,
        pages=pages,
        year=year,
        month=month if year else None,
        authors=(FakeAuthor(given_name, family),),
    )
    item = csl.csl_item(paper)
    validate_csl([item])
    for style in csl.STYLES:
        marked = cslprocessor.format_citations([item], style)[paper.key]
        assert not cslprocessor.MARK_RE.search(
            "".join(n.astext() for n in cslprocessor.to_nodes(marked))
        )
    tags = highwire.highwire_tags(paper, "https://example.org/p.html")
    assert all(isinstance(value, str) and value for _, value in tags)
    rispy.loads(exports.ris([paper]))
    assert len(highwire.description(paper)) <= highwire.DESCRIPTION_LENGTH


# -- Highwire tags -----------------------------------------------------------------------------


def test_highwire_conference() -> None:
    tags = highwire.highwire_tags(
        PAPERS[0],
        "https://example.org/papers/doe2024fake.html",
        "https://example.org/_static/doe2024fake.pdf",
    )
    assert tags == [
        ("citation_title", "A Fake Paper about Examples"),
        ("citation_author", "Doe, Jane"),
        ("citation_author", "Roe, John"),
        ("citation_author", "The Example Collaboration"),
        ("citation_publication_date", "2024/06"),
        ("citation_conference_title", "Proceedings of the Example Conference"),
        ("citation_firstpage", "53"),
        ("citation_lastpage", "68"),
        ("citation_publisher", "Example Press"),
        ("citation_doi", "10.5555/example.1"),
        ("citation_pdf_url", "https://example.org/_static/doe2024fake.pdf"),
        ("citation_abstract_html_url", "https://example.org/papers/doe2024fake.html"),
    ]


def test_highwire_other_types() -> None:
    journal, thesis, report, preprint = (dict_tags(paper) for paper in PAPERS[1:5])
    assert journal["citation_journal_title"] == ["Journal of Examples"]
    assert journal["citation_publication_date"] == ["2022/01/15"]
    assert (journal["citation_volume"], journal["citation_issue"]) == (["71"], ["1"])
    assert journal["citation_issn"] == ["0000-0000"]
    assert "citation_conference_title" not in journal
    assert thesis["citation_dissertation_institution"] == ["Example University"]
    assert "citation_publisher" not in thesis
    assert report["citation_technical_report_institution"] == ["Example Labs"]
    assert report["citation_technical_report_number"] == ["TR-7"]
    assert report["citation_isbn"] == ["978-0-00-000000-0"]
    assert preprint["citation_publication_date"] == ["2023"]
    assert not {"citation_journal_title", "citation_conference_title"} & preprint.keys()
    assert highwire.highwire_tags(PAPERS[5]) == []


def dict_tags(paper: FakePaper) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for name, value in highwire.highwire_tags(paper):
        tags.setdefault(name, []).append(value)
    return tags


@pytest.mark.parametrize(
    ("pdf", "base", "expected"),
    [
        ("../_static/a.pdf", "https://x.org/en/latest/", "https://x.org/en/latest/_static/a.pdf"),
        ("https://x.org/files/a.pdf", "https://x.org/en/latest/", "https://x.org/files/a.pdf"),
        ("https://arxiv.org/pdf/2303.14006", "https://x.org/en/latest/", ""),
        ("http://x.org/a.pdf", "https://x.org/", ""),  # another scheme is another site
        ("javascript:alert(1)", "https://x.org/", ""),
        ("../_static/a.pdf", "", ""),  # a local build knows no address
        ("", "https://x.org/", ""),
    ],
)
def test_pdf_only_on_the_same_site(pdf: str, base: str, expected: str) -> None:
    page = f"{base}papers/doe.html" if base else ""
    assert highwire.same_site_pdf(pdf, page, base) == expected


def test_description() -> None:
    assert highwire.description(PAPERS[0]) == (
        "A Fake Paper about Examples. By Jane Doe, John Roe and The Example Collaboration. "
        "Proceedings of the Example Conference, 2024."
    )
    many = replace(PAPERS[0], authors=tuple(FakeAuthor("A", f"N{i}") for i in range(9)))
    assert "By A N0 et al." in highwire.description(many)
    long = replace(PAPERS[0], title="word " * 60)
    text = highwire.description(long)
    assert len(text) <= highwire.DESCRIPTION_LENGTH
    assert text.endswith("word…")
    assert highwire.description(PAPERS[5]) == ""


# -- BibTeX, RIS, CSL-JSON files ---------------------------------------------------------------


def fake_bibtex(paper: FakePaper) -> Entry:
    """The fake's BibTeX, as pybtex reads it."""
    [(key, entry)] = parse_string(bibtex.entry_text(paper), "bibtex").entries.items()
    assert key == paper.key
    return entry


def test_bibtex_reads_back_as_the_record_gives_it() -> None:
    """Each fake's BibTeX, read by pybtex: its type, its fields and names as the fake gives
    them (LaTeX not escaped again), a month macro read as the month's name."""
    for paper in PAPERS:
        entry = fake_bibtex(paper)
        assert entry.type == paper.type
        fields = {name: value for name, value in paper.bib_fields.items() if name != "author"}
        months = {"jan": "January", "jun": "June"}
        fields |= {"month": months[fields["month"]]} if "month" in fields else {}
        assert dict(entry.fields) == fields
        names = paper.bib_fields.get("author", "").split(" and ")
        expected = [str(Person(name)) for name in names if name]
        assert [str(person) for person in entry.persons.get("author", [])] == expected
    text = bibtex.entry_text(PAPERS[1])
    assert r"Volume \& Issue" in text and "month = jan," in text
    assert "{The Example Collaboration}" in bibtex.entry_text(PAPERS[0])


def test_bibtex_of_a_list_is_its_papers_joined() -> None:
    """cv.web.downloads joins the papers' own BibTeX, each written once, for the whole list:
    pybtex reads every entry of it as it reads each alone."""
    whole = parse_string(bibtex.bibtex(bibtex.entry_text(p) for p in PAPERS), "bibtex").entries
    assert list(whole) == [paper.key for paper in PAPERS]
    for paper in PAPERS:
        assert whole[paper.key] == fake_bibtex(paper)


def test_bibtex_publishes_no_private_field() -> None:
    """Reading notes, local files, bookkeeping and our own fields never reach the BibTeX that
    the page shows and the downloads give, whatever case their names are written in."""
    text = (
        "@Article{doe2024,\n  Author = {Doe, Jane},\n  TITLE = {A Paper},\n"
        "  journal = {Journal of Examples},\n  year = {2024},\n  ANNOTE = {a private note},\n"
        "  file = {C:\\Users\\jane\\paper.pdf},\n  Keywords = {mine},\n  kind = {journal},\n"
        "  selected = {true},\n  timestamp = {2024-01-01},\n  owner = {jane},\n"
        "  OPTnote = {},\n  mendeley-groups = {x},\n}\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "refs.bib"
        path.write_text(text, "utf-8")
        [paper] = [
            make_paper(entry, owners=(), kinds=tuple(DEFAULT_KINDS), digest="", location="",
                       position=0)
            for entry in read_bib(path, "utf-8").entries.values()
        ]  # fmt: skip
    [entry] = parse_string(bibtex.entry_text(paper), "bibtex").entries.values()
    assert sorted(entry.fields) == ["journal", "title", "year"]
    assert [str(person) for person in entry.persons["author"]] == ["Doe, Jane"]


def test_ris_export_reads_back() -> None:
    records = rispy.load(io.StringIO(exports.ris(PAPERS)))
    assert [record["id"] for record in records] == [paper.key for paper in PAPERS]
    conference, journal, thesis, report, preprint, bare = records
    assert conference["type_of_reference"] == "CPAPER"
    assert conference["title"] == "A Fake Paper about Examples"
    assert conference["authors"] == ["Doe, Jane", "Roe, John", "The Example Collaboration"]
    assert conference["date"] == "2024/06//"
    assert (conference["start_page"], conference["end_page"]) == ("53", "68")
    assert conference["doi"] == "10.5555/example.1"
    assert conference["secondary_title"] == "Proceedings of the Example Conference"
    assert journal["type_of_reference"] == "JOUR"
    assert journal["journal_name"] == "Journal of Examples"
    assert journal["abstract"] == "We show that examples work."  # one line: RIS has no breaks
    assert thesis["type_of_reference"] == "THES"
    assert report["type_of_reference"] == "RPRT"
    assert report["number"] == "TR-7"
    assert preprint["publisher"] == "arXiv"
    assert bare == {"type_of_reference": "GEN", "id": "bare"}


def test_ris_special_characters() -> None:
    title = SPECIALS.replace(" \ue100", "")
    [record] = rispy.loads(exports.ris([replace(PAPERS[0], title=title)]))
    assert record["title"] == title


# -- JSON Resume -------------------------------------------------------------------------------


def test_json_resume_is_valid() -> None:
    entry = {
        "title": "Doctor of Philosophy (Ph.D.), Example Studies",
        "org": "Example University",
        "start": "2016-03",
        "end": "2022-02",
        "dates": [],
        "summary": "Dissertation: A Thesis",
        "highlights": [],
    }
    job = {**entry, "title": "Research Scientist", "org": "Example Labs", "end": ""}
    job["highlights"] = ["Built examples"]
    award = {**entry, "title": "Best Example", "org": "ExampleConf", "dates": ["2023-08"]}
    pages = {
        "cv/work": [job],
        "cv/edu": [entry],
        "cv/awards": [award],
        "cv/skills": [{"name": "Languages", "keywords": ["C", "Python"]}],
    }
    sections = {"cv/work": "work", "cv/edu": "education", "cv/awards": "awards"}
    sections["cv/skills"] = "skills"
    papers = [(paper, f"https://example.org/papers/{paper.key}.html") for paper in PAPERS]
    document = jsonresume.resume({"name": "Jane Doe"}, pages, sections, papers)
    jsonschema.validate(document, RESUME_SCHEMA, format_checker=jsonschema.FormatChecker())
    assert document["work"] == [
        {
            "position": "Research Scientist",
            "name": "Example Labs",
            "startDate": "2016-03",
            "summary": "Dissertation: A Thesis",
            "highlights": ["Built examples"],
        }
    ]
    [education] = document["education"]
    assert (education["studyType"], education["area"]) == (
        "Doctor of Philosophy (Ph.D.)",
        "Example Studies",
    )
    assert (education["startDate"], education["endDate"]) == ("2016-03", "2022-02")
    assert document["awards"][0]["date"] == "2023-08"
    assert document["skills"] == [{"name": "Languages", "keywords": ["C", "Python"]}]
    assert [p.get("name") for p in document["publications"]] == [
        paper.title or None for paper in PAPERS
    ]
    assert document["publications"][0]["releaseDate"] == "2024-06"
    assert document["publications"][1]["summary"].startswith("We show")


def test_citations_as_the_style_guides_print_them() -> None:
    """Whole citations, written by hand from the IEEE Reference Guide, APA 7 and ACM's reference
    format: a particle stays lower case before the family name ("van Rossum"); IEEE gives seven
    or more authors as the first one and "et al." in italics, APA up to 20 and ACM all of them;
    the venue is in italics; a page range takes an en dash; IEEE writes "doi:", the others the
    DOI's address; IEEE's comma goes inside the title's quotes (US English)."""
    names = [("Jane", "Doe", ""), ("Guido", "Rossum", "van"), ("Ada", "Lovelace", "")]
    names += [(f"G{number}", f"Family{number}", "") for number in range(3, 7)]
    authors = tuple(FakeAuthor(given, family, particle=p) for given, family, p in names)
    paper = replace(PAPERS[0], authors=authors, pages="53-68", url="")
    item = csl.csl_item(paper)
    ieee, apa, acm = (
        cslprocessor.format_citations([item], style)[paper.key] for style in csl.STYLES
    )

    def text_and_italics(marked: str) -> tuple[str, list[str]]:
        parts = cslprocessor.to_nodes(marked)
        italics = [node.astext() for node in parts if isinstance(node, nodes.emphasis)]
        return "".join(node.astext() for node in parts), italics

    venue = "Proceedings of the Example Conference"
    assert text_and_italics(ieee) == (
        "J. Doe et al., \u201cA Fake Paper about Examples,\u201d in "
        f"{venue}, Example Press, Jun. 2024, pp. 53\u201368. doi: 10.5555/example.1.",
        ["et al.", venue],
    )
    assert text_and_italics(apa) == (
        "Doe, J., van Rossum, G., Lovelace, A., Family3, G., Family4, G., Family5, G., & "
        f"Family6, G. (2024). A Fake Paper about Examples. {venue}, 53\u201368. "
        "https://doi.org/10.5555/example.1",
        [venue],
    )
    assert text_and_italics(acm) == (
        "Jane Doe, Guido van Rossum, Ada Lovelace, G3 Family3, G4 Family4, G5 Family5, and G6 "
        f"Family6. 2024. A Fake Paper about Examples. In {venue}, June 2024. Example Press, "
        "53\u201368. https://doi.org/10.5555/example.1",
        [venue],
    )
    # Fewer than seven: IEEE names them all, the particle in place.
    three = csl.csl_item(replace(paper, authors=authors[:3]))
    assert cslprocessor.format_citations([three], "ieee")[paper.key].startswith(
        "J. Doe, G. van Rossum, and A. Lovelace, \u201c"
    )


def test_citations_keep_name_punctuation_and_drop_doubled_periods() -> None:
    paper = replace(PAPERS[0], pages="", doi="", url="", publisher="")
    item = csl.csl_item(paper)
    apa = cslprocessor.format_citations([item], "apa")[paper.key]
    assert apa.startswith("Doe, J., Roe, J., & The Example Collaboration.")
    acm = cslprocessor.format_citations([item], "association-for-computing-machinery")[paper.key]
    assert acm.endswith("June 2024.")
    assert ". ." not in acm


# -- What the .bib says, in every export ---------------------------------------------------------
# The oracle is what the .bib says, read without the engine (tests/bibread.py); each export is
# read by its own reader. An export that drops or invents an author, a title, a venue or a year
# fails, whichever of them it is.

FIXTURES = Path(__file__).parent / "fixtures" / "bib"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())
OWNERS = (Person("Doe, Jane"),)


def records_of(path: Path, encoding: str = "utf-8") -> list[Any]:
    """The records the pipeline makes of a .bib file (its Sphinx-free steps, as
    cv.publications.load runs them)."""
    source = read_bib(path, encoding)
    resolved, parents, _ = inherit(source.entries)
    kinds = tuple(DEFAULT_KINDS)
    return [
        make_paper(entry, owners=OWNERS, kinds=kinds, digest="", location="", position=i)
        for i, (key, entry) in enumerate(resolved.items())
        if key not in parents
        and entry.type.lower() not in NOT_PAPERS
        and (entry.fields or entry.persons)
    ]


def check_exports(papers: list[Any], entries: dict[str, Any]) -> None:
    """Every export of *papers* says what *entries* (pybtex's reading of their .bib) says."""
    keys = [paper.key for paper in papers]
    said = {key: bibread.said(key, entries) for key in keys}
    # BibTeX, as pybtex reads it back: the names, the title, the venue and the year as written.
    texts = [bibtex.entry_text(paper) for paper in papers]
    whole = bibread.read_bibtex(bibtex.bibtex(texts))
    assert list(whole) == keys
    for key, text in zip(keys, texts, strict=True):
        [(_, entry)] = bibread.read_bibtex(text).items()
        shown = bibread.bibtex_says(entry)
        assert (shown.authors, shown.title, shown.venue) == (
            said[key].authors,
            said[key].title,
            said[key].venue,
        ), key
        assert shown.years[:1] == said[key].years[:1], key  # year as written, or date's
        assert bibread.bibtex_says(whole[key]) == shown
    # RIS, as rispy reads it.
    for record in rispy.loads(exports.ris(papers)):
        venue = record.get("journal_name") or record.get("secondary_title") or ""
        found = {"key": record["id"], "authors": record.get("authors", []), "venue": venue}
        found |= {"title": record.get("title", ""), "year": record.get("year", "")}
        bibread.assert_says("RIS", said[record["id"]], found)
    # CSL-JSON, valid by its schema.
    items = json.loads(exports.csl_json(csl.csl_item(paper) for paper in papers))
    bibread.validate_csl(items)
    for item in items:
        names = [
            name.get("literal")
            or " ".join(filter(None, [name.get(part) for part in CSL_NAME_PARTS]))
            for name in item.get("author", [])
        ]
        year = item["issued"]["date-parts"][0][0] if "issued" in item else ""
        found = {"key": item["id"], "authors": names, "title": item.get("title", "")}
        found |= {"venue": item.get("container-title", ""), "year": str(year)}
        bibread.assert_says("CSL-JSON", said[item["id"]], found)
    for paper in papers:
        # Highwire tags, as Scholar reads them: its names have no suffix.
        tags: dict[str, list[str]] = {}
        for name, value in highwire.highwire_tags(paper):
            tags.setdefault(name, []).append(value)
        venue = next((tags[tag][0] for tag in HIGHWIRE_VENUES if tag in tags), "")
        found = {"key": paper.key, "authors": tags.get("citation_author", []), "venue": venue}
        found["title"] = tags.get("citation_title", [""])[0]
        found["year"] = tags.get("citation_publication_date", [""])[0][:4]
        bibread.assert_says("Highwire", said[paper.key], found, suffix=False)
        # JSON-LD and JSON Resume: the title and the year.
        article = jsonld.article(paper, "https://example.org/p.html")
        assert bibread.same_text(article["headline"], said[paper.key].full_title)
        assert article.get("datePublished", "")[:4] in (said[paper.key].years or ("",))
        listed = jsonresume.publication(paper, "https://example.org/p.html")
        assert bibread.same_text(listed.get("name", ""), said[paper.key].full_title)
        assert listed.get("releaseDate", "")[:4] in (said[paper.key].years or ("",))


CSL_NAME_PARTS = ("given", "non-dropping-particle", "family", "suffix")
HIGHWIRE_VENUES = ("citation_journal_title", "citation_conference_title", "citation_inbook_title")


@pytest.mark.parametrize("info", MANIFEST, ids=[info["file"] for info in MANIFEST])
def test_every_export_says_what_the_bib_says(info: dict[str, Any]) -> None:
    """Every real exporter's file (each in the manifest, so a new one is covered at once)."""
    path = FIXTURES / info["file"]
    papers = records_of(path, info["encoding"])
    entries = bibread.parse(path.read_bytes().decode(info["encoding"]))
    check_exports([paper for paper in papers if paper.key in entries], entries)


def test_a_chapter_names_its_books_authors() -> None:
    """biber's inheritance: an @inbook that names no author has its @book's as its author (and
    as its bookauthor), so that its page and every export name them (pybtex issue 441's file)."""
    path = FIXTURES / "sphinxcontrib-bibtex-crossref.bib"
    papers, entries = records_of(path), bibread.parse(path.read_text())
    book = [
        str(person) for person in entries["srivastava+klassen_2016_functional"].persons["author"]
    ]
    assert [paper.key for paper in papers] == [
        "srivastava+klassen_2016_functionala",
        "srivastava+klassen_2016_statistical",
    ]
    for paper in papers:
        [entry] = parse_string(bibtex.entry_text(paper), "bibtex").entries.values()
        assert [str(person) for person in entry.persons.get("author", [])] == book
        assert entry.fields["bookauthor"] == " and ".join(book)


#: One file of each exporter, each formatted in every citation style (pandoc runs per style).
EXPORTERS = [
    "dblp-crossref.bib", "acm-dl-2016.bib", "ieee-xplore.bib", "google-scholar-tizzani.bib",
    "zotero-bibtex.bib", "mendeley-desktop.bib", "better-bibtex-sakkos.bib",
    "biblatex-examples.bib", "al-folio-papers.bib", "sphinxcontrib-bibtex-latin1.bib",
]  # fmt: skip


@pytest.mark.parametrize("name", EXPORTERS)
def test_real_bib_files_format_in_each_style(name: str) -> None:
    [info] = [info for info in MANIFEST if info["file"] == name]
    papers = records_of(FIXTURES / name, info["encoding"])
    items = [csl.csl_item(paper) for paper in papers[:3]]
    for style in csl.STYLES:
        for marked in cslprocessor.format_citations(items, style).values():
            assert cslprocessor.to_nodes(marked)


#: Names as .bib files write them: ties (``Doe, Jane~and~Roe`` is one person), particles,
#: suffixes, braces, accents as LaTeX and as Unicode, a collaboration.
NAMES = st.sampled_from([
    "Doe, Jane", "Jane~Q.~Doe", "Doe, Jane~and~Roe", "Roe, Richard~Jr.", "van~der Berg, Anna",
    "de la Fuente, Ana", "King, Jr., Martin", "M{\\\"u}ller, J{\\\"o}rg", "Müller, Zoë",
    "{\\'E}mile Zola", "{The Example Collaboration}", "O'Neil, {\\AA}sa", "B{\\'\\i}r{\\'o}, Ilona",
])  # fmt: skip
#: Words of titles and venues: braces that protect, accents, escapes, math.
WORDS = st.sampled_from([
    "Examples", "of", "{DNA}", "{\\'E}tude", "Zoë", "\\emph{Fast}", "{{Nested}}", "\\&",
    "$O(n^2)$", "Zürich", "{\\\"u}ber", "Fish--Chips", "10\\%",
])  # fmt: skip
TEXT = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
YEARS = st.integers(1900, 2030).map(str)
CASES = st.sampled_from([str.lower, str.upper, str.title])


@st.composite
def written_entries(draw: st.DrawFn) -> str:
    """An entry as exporters write it: BibTeX or biblatex names of fields, in any case."""
    fields: dict[str, str] = {"title": draw(TEXT)}
    venue = draw(st.sampled_from(["journal", "journaltitle", "booktitle", "howpublished", ""]))
    if venue:
        fields[venue] = draw(TEXT)
    year = draw(YEARS)
    styles = ["year", "year+month", "date", "date-month", "date-day", "al-folio-day"]
    match draw(st.sampled_from(styles)):
        case "year":
            fields["year"] = year
        case "al-folio-day":  # a site's day of the month, as some al-folio sites write it
            fields |= {"year": year, "month": "mar", "date": draw(st.sampled_from(["4", "19"]))}
        case "year+month":
            fields |= {"year": year, "month": draw(st.sampled_from(["jul", "{July}", "7"]))}
        case "date":
            fields["date"] = year
        case "date-month":
            fields["date"] = f"{year}-03"
        case _:
            fields["date"] = f"{year}-03-04"
    extra = draw(st.dictionaries(st.sampled_from(["volume", "pmid", "location", "pages"]), TEXT))
    fields |= extra
    names = draw(st.lists(NAMES, min_size=0, max_size=4))
    if names and draw(st.booleans()):
        names.append("others")
    if names:
        fields["author"] = " and ".join(names)
    entry_type = draw(st.sampled_from(["article", "inproceedings", "misc", "online", "book"]))
    case = draw(CASES)
    body = "".join(f"  {case(name)} = {{{value}}},\n" for name, value in fields.items())
    return f"@{case(entry_type)}{{doe2024,\n{body}}}\n"


@settings(max_examples=150, deadline=None)
@given(st.lists(written_entries(), min_size=1, max_size=3))
def test_any_entry_exports_what_it_says(texts: list[str]) -> None:
    """Generated entries: biblatex fields, field names in any case, ties, braces, accents."""
    texts = [text.replace("doe2024", f"doe2024-{i}") for i, text in enumerate(texts)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "refs.bib"
        path.write_text("\n".join(texts), "utf-8")
        papers = records_of(path)
    entries = bibread.parse("\n".join(texts))
    assert [paper.key for paper in papers] == list(entries)
    check_exports(papers, entries)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=20))
def test_any_keys_get_safe_distinct_page_names(keys: list[str]) -> None:
    keys = list({key.lower(): key for key in keys}.values())  # BibTeX keys ignore case
    names = [slug(key) for key in keys]
    for name in names:
        assert re.fullmatch(r"[a-z0-9_-][a-z0-9._-]*", name), name
    assert len(set(names)) == len(names)


def test_whole_list_files_are_written_one_item_at_a_time_as_in_one_go() -> None:
    """ris() and csl_json_of() never hold the list at once; the files are what rispy and json
    write of the whole list."""
    records = [exports.ris_record(paper) for paper in PAPERS]
    assert exports.ris(iter(PAPERS)) == rispy.dumps(records, implementation=exports.RisWriter)
    items = [csl.csl_item(paper) for paper in PAPERS]
    whole = json.dumps(items, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert exports.csl_json_of(exports.item_text(item) for item in items) == whole
    assert exports.csl_json(items) == whole
    assert exports.ris([]) == "" and json.loads(exports.csl_json([])) == []
