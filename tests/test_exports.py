"""CSL-JSON, citation styles, Highwire tags and exports from paper records, without Sphinx.

Every export is read back by a reader that is not ours (pybtex, rispy, the formats' published
JSON schemas with jsonschema); fields are checked against the records they came from.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import jsonschema
import pytest
import rispy
from docutils import nodes
from hypothesis import given, settings
from hypothesis import strategies as st
from paperfakes import PAPERS, FakeAuthor, FakePaper
from pybtex.database import Entry, Person, parse_string

from cv import csl, exports, highwire, jsonresume
from cv.bibfile import read_bib
from cv.fields import DEFAULT_KINDS, NOT_PAPERS, inherit
from cv.papercache import slug
from cv.record import bibtex_text, make_paper

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
    authors = [v for name, v in highwire.highwire_tags(item) if name == "citation_author"]
    assert authors == ["van Rossum, Guido", "X"]
    assert rispy.loads(exports.ris([item]))[0]["authors"] == ["van Rossum, Guido", "X"]


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
    both = csl.format_citations([first, second], "apa")
    assert both[first["id"]] == csl.format_citations([first], "apa")[first["id"]]
    assert "(2024)" in both["second"] and "2024a" not in both[first["id"]]


def test_citations_in_each_style() -> None:
    item = csl.csl_item(PAPERS[0])
    ieee = csl.format_citations([item], "ieee")["doe2024fake"]
    apa = csl.format_citations([item], "apa")["doe2024fake"]
    acm = csl.format_citations([item], "association-for-computing-machinery")["doe2024fake"]
    assert (
        csl.to_nodes(ieee)[0]
        .astext()
        .startswith(
            # The en-US locale puts the comma inside the quotes, as IEEE's reference guide does.
            "J. Doe, J. Roe, and The Example Collaboration, “A Fake Paper about Examples,” in "
        )
    )
    assert "Doe, J., Roe, J., & The Example Collaboration. (2024). A Fake Paper" in apa
    assert acm.startswith("Jane Doe, John Roe, and The Example Collaboration. 2024. A Fake")
    # The venue is in italics in all three: an emphasis node, \emph in LaTeX.
    for marked in (ieee, apa, acm):
        emphasis = [n for n in csl.to_nodes(marked) if isinstance(n, nodes.emphasis)]
        assert [n.astext() for n in emphasis][:1] == ["Proceedings of the Example Conference"]
        assert r"\emph{Proceedings of the Example Conference}" in csl.to_latex(marked)
    assert not ieee.startswith("[1]")


def test_citation_escaping() -> None:
    paper = replace(PAPERS[0], title=SPECIALS, booktitle="<i>Not italic</i>")
    marked = csl.format_citations([csl.csl_item(paper)], "ieee")[paper.key]
    text = "".join(node.astext() for node in csl.to_nodes(marked))
    # The data's own text, literally: its markup is not markup, its mark character is gone.
    assert SPECIALS.replace("\ue100", "") in text
    assert "<i>Not italic</i>" in text
    emphasis = [n.astext() for n in csl.to_nodes(marked) if isinstance(n, nodes.emphasis)]
    assert emphasis == ["<i>Not italic</i>"]
    latex = csl.to_latex(marked)
    for escaped in (r"\&", r"\%", r"\$", r"\#", r"\_", r"\{", r"\}", r"\textbackslash{}"):
        assert escaped in latex
    assert "\ue100" not in latex


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
        marked = csl.format_citations([item], style)[paper.key]
        assert not csl.MARK_RE.search("".join(n.astext() for n in csl.to_nodes(marked)))
        csl.to_latex(marked)
    tags = highwire.highwire_tags(item, "https://example.org/p.html")
    assert all(isinstance(value, str) and value for _, value in tags)
    rispy.loads(exports.ris([item]))
    assert len(highwire.description(item)) <= highwire.DESCRIPTION_LENGTH


# -- Highwire tags -----------------------------------------------------------------------------


def test_highwire_conference() -> None:
    tags = highwire.highwire_tags(
        csl.csl_item(PAPERS[0]),
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
    assert highwire.highwire_tags(csl.csl_item(PAPERS[5])) == []


def dict_tags(paper: FakePaper) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for name, value in highwire.highwire_tags(csl.csl_item(paper)):
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
    assert highwire.description(csl.csl_item(PAPERS[0])) == (
        "A Fake Paper about Examples. By Jane Doe, John Roe and The Example Collaboration. "
        "Proceedings of the Example Conference, 2024."
    )
    many = replace(PAPERS[0], authors=tuple(FakeAuthor("A", f"N{i}") for i in range(9)))
    assert "By A N0 et al." in highwire.description(csl.csl_item(many))
    long = replace(PAPERS[0], title="word " * 60)
    text = highwire.description(csl.csl_item(long))
    assert len(text) <= highwire.DESCRIPTION_LENGTH
    assert text.endswith("word…")
    assert highwire.description(csl.csl_item(PAPERS[5])) == ""


# -- BibTeX, RIS, CSL-JSON files ---------------------------------------------------------------


def fake_public_entry(paper: FakePaper) -> tuple[str, Entry]:
    """A fake record's export entry, made of the entry its BibTeX was written from."""
    [(key, entry)] = parse_string(paper.bibtex, "bibtex").entries.items()
    return key, exports.public_entry(entry)


def test_bibtex_export_reads_back() -> None:
    text = exports.write_bibtex(dict(map(fake_public_entry, PAPERS)))
    data = parse_string(text, "bibtex")
    assert list(data.entries) == [paper.key for paper in PAPERS]
    for paper in PAPERS:
        original = parse_string(paper.bibtex, "bibtex").entries[paper.key]
        entry = data.entries[paper.key]
        assert entry.type == original.type
        assert entry.fields.get("title") == original.fields.get("title")
        assert [str(p) for p in entry.persons.get("author", [])] == [
            str(p) for p in original.persons.get("author", [])
        ]
        for name in entry.fields:
            assert name.lower() in exports.BIBTEX_FIELDS
    # Nothing private or of ours; LaTeX as written (not escaped again).
    assert "annote" not in text.lower()
    assert "private" not in text
    assert "kind" not in text
    assert r"Volume \& Issue" in text
    assert "{The Example Collaboration}" in text


def test_bibtex_of_a_list_is_its_papers_joined() -> None:
    """cv.paperpages writes each paper's BibTeX once and joins them for the whole list."""
    joined = "\n".join(exports.write_bibtex(dict([fake_public_entry(p)])) for p in PAPERS)
    assert joined == exports.write_bibtex(dict(map(fake_public_entry, PAPERS)))


#: Field values as .bib files write them: plain words, LaTeX, braces that balance.
BIB_VALUES = st.one_of(
    st.sampled_from(["jul", "July", "7", "{July}", "Summer", "10--20", r"\&", "{ASTRA-sim}"]),
    st.text(st.characters(blacklist_characters="{}\\", blacklist_categories=("Cs",)), max_size=20),
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["title", "month", "year", "pages", "note", "annote", "kind", "doi"]),
        BIB_VALUES,
    ),
    st.lists(st.sampled_from(["Doe, Jane", "Roe, J.", "{The Example Collaboration}"])),
)
def test_public_entry_is_the_pages_bibtex_read_back(fields: dict[str, str], names: list) -> None:
    """Any entry's export is what pybtex reads of the BibTeX its page shows, to the byte."""
    lines = [f"  {name} = {{{value}}}," for name, value in fields.items()]
    if names:
        lines.append(f"  author = {{{' and '.join(names)}}},")
    text = "\n".join(["@article{doe2024,", *lines, "}"])
    entry = parse_string(text, "bibtex").entries["doe2024"]  # values as pybtex reads them
    expected = exports.write_bibtex(dict([read_back_public(bibtex_text(entry))]))
    assert exports.write_bibtex({"doe2024": exports.public_entry(entry)}) == expected


def test_ris_export_reads_back() -> None:
    items = [csl.csl_item(paper) for paper in PAPERS]
    records = rispy.load(io.StringIO(exports.ris(items)))
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
    [record] = rispy.loads(exports.ris([csl.csl_item(replace(PAPERS[0], title=title))]))
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
    items = [csl.csl_item(paper) for paper in PAPERS]
    papers = [(item, f"https://example.org/papers/{item['id']}.html") for item in items]
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
    ieee, apa, acm = (csl.format_citations([item], style)[paper.key] for style in csl.STYLES)

    def text_and_italics(marked: str) -> tuple[str, list[str]]:
        parts = csl.to_nodes(marked)
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
    assert csl.format_citations([three], "ieee")[paper.key].startswith(
        "J. Doe, G. van Rossum, and A. Lovelace, \u201c"
    )


def test_citations_keep_name_punctuation_and_drop_doubled_periods() -> None:
    paper = replace(PAPERS[0], pages="", doi="", url="", publisher="")
    item = csl.csl_item(paper)
    apa = csl.format_citations([item], "apa")[paper.key]
    assert apa.startswith("Doe, J., Roe, J., & The Example Collaboration.")
    acm = csl.format_citations([item], "association-for-computing-machinery")[paper.key]
    assert acm.endswith("June 2024.")
    assert ". ." not in acm


def test_citations_are_cached_by_content(tmp_path: Path) -> None:
    item = csl.csl_item(PAPERS[0])
    ieee, apa = csl.load_style("ieee"), csl.load_style("apa")
    cache: dict[str, str] = {}
    made = csl.format_citations([item], "ieee", cache)
    assert cache == {csl.cache_key(item, ieee): made[item["id"]]}
    # A cached citation is taken as it is: pandoc does not run again.
    cache[csl.cache_key(item, ieee)] = "cached"
    assert csl.format_citations([item], "ieee", cache) == {item["id"]: "cached"}
    # Another content, another style: another key.
    other = {**item, "title": "Another title"}
    assert csl.cache_key(other, ieee) != csl.cache_key(item, ieee)
    assert csl.cache_key(item, apa) != csl.cache_key(item, ieee)
    # A style is its text: the same file elsewhere is the same style, an edited one is not.
    copy = tmp_path / "copy.csl"
    copy.write_bytes((csl.STYLE_FOLDER / "ieee.csl").read_bytes())
    assert csl.cache_key(item, csl.load_style(str(copy))) == csl.cache_key(item, ieee)
    copy.write_bytes(copy.read_bytes().replace(b" doi: ", b" DOI: "))
    assert csl.cache_key(item, csl.load_style(str(copy))) != csl.cache_key(item, ieee)


# -- Real .bib files (tests/fixtures/bib) --------------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures" / "bib"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())


def fixture_records(name: str) -> tuple[list[Any], dict[str, Entry]]:
    """The records the pipeline makes of a fixture file (its Sphinx-free steps, as cv.library),
    and the entries they were made of (crossref resolved), which the BibTeX exports are made of."""
    info = next(item for item in MANIFEST if item["file"] == name)
    source = read_bib(FIXTURES / name, info.get("encoding", "utf-8"))
    resolved, parents, _ = inherit(source.entries)
    owners = (Person(info["owner"]),) if info.get("owner") else ()
    kinds = tuple(DEFAULT_KINDS)
    papers = [
        make_paper(entry, owners=owners, kinds=kinds, digest="", location=name, position=i)
        for i, (key, entry) in enumerate(resolved.items())
        if key not in parents and entry.type.lower() not in NOT_PAPERS
    ]
    return papers, resolved


def read_back_public(bibtex: str) -> tuple[str, Entry]:
    """What the exports' BibTeX must hold: a page's BibTeX as pybtex reads it, standard fields
    and authors and editors only."""
    [(key, shown)] = parse_string(bibtex, "bibtex").entries.items()
    fields = {n: v for n, v in shown.fields.items() if n.lower() in exports.BIBTEX_FIELDS}
    persons = {r: p for r, p in shown.persons.items() if r in exports.BIBTEX_PERSONS}
    return key, Entry(shown.type, fields=fields, persons=persons)


#: One file of each exporter (all of them take over a minute: decoding LaTeX is the cost).
EXPORTERS = [
    "dblp-crossref.bib", "acm-dl-2016.bib", "ieee-xplore.bib", "google-scholar-tizzani.bib",
    "zotero-bibtex.bib", "mendeley-desktop.bib", "better-bibtex-sakkos.bib",
    "biblatex-examples.bib", "al-folio-papers.bib", "sphinxcontrib-bibtex-latin1.bib",
]  # fmt: skip


@pytest.mark.parametrize("name", EXPORTERS)
def test_real_bib_files_export_and_tag_every_paper(name: str) -> None:
    papers, entries = fixture_records(name)
    assert papers
    items = [csl.csl_item(paper) for paper in papers]
    validate_csl(items)
    # RIS, read back by rispy: every paper, the same titles.
    records = rispy.loads(exports.ris(items))
    assert [r["id"] for r in records] == [p.key for p in papers]
    assert [r.get("title", "") for r in records] == [" ".join(p.title.split()) for p in papers]
    # BibTeX, read back by pybtex: every paper, standard fields only, titles as written.
    public = {p.key: exports.public_entry(entries[p.key]) for p in papers}
    text = exports.write_bibtex(public)
    exported = parse_string(text, "bibtex").entries
    assert list(exported) == [p.key for p in papers]
    for paper in papers:
        entry = exported[paper.key]
        assert {name.lower() for name in entry.fields} <= exports.BIBTEX_FIELDS
        shown = parse_string(paper.bibtex, "bibtex").entries[paper.key]
        assert entry.fields.get("title") == shown.fields.get("title")
        # Made from the entry, the export is what the page's BibTeX reads back as, to the byte.
        one = exports.write_bibtex({paper.key: public[paper.key]})
        assert one == exports.write_bibtex(dict([read_back_public(paper.bibtex)]))
    # Highwire: one citation_author per author, in order; the title and the date as the record.
    for item, paper in zip(items, papers, strict=True):
        tags = highwire.highwire_tags(item, "https://example.org/p.html")
        authors = [value for tag, value in tags if tag == "citation_author"]
        assert len(authors) == len([a for a in paper.authors if a.family or a.given])
        assert dict(tags).get("citation_title", "") == paper.title
        date = dict(tags).get("citation_publication_date", "")
        assert date.startswith(str(paper.year)) if paper.year else not date
        if paper.doi:
            assert dict(tags)["citation_doi"] == paper.doi
    # Citation styles on a few papers of each file.
    for style in csl.STYLES:
        for marked in csl.format_citations(items[:3], style).values():
            csl.to_latex(marked)
            assert csl.to_nodes(marked)


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
    items = [csl.csl_item(paper) for paper in PAPERS]
    records = [exports.ris_record(item) for item in items]
    assert exports.ris(iter(items)) == rispy.dumps(records, implementation=exports.RisWriter)
    whole = json.dumps(items, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert exports.csl_json_of(exports.item_text(item) for item in items) == whole
    assert exports.csl_json(items) == whole
    assert exports.ris([]) == "" and json.loads(exports.csl_json([])) == []
