"""A page per paper: Highwire tags, JSON-LD, labels, links, downloads, incremental rebuilds.

The expected values come from the test root's .bib read independently, with pybtex and
latexcodec (not our records); the built pages are read with BeautifulSoup, objects.inv with
Sphinx's inventory reader, the downloads with pybtex, rispy and the formats' JSON schemas.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from xml.etree import ElementTree

import jsonschema
import latexcodec  # noqa: F401  (registers the ulatex codec)
import pytest
import rispy
from bs4 import BeautifulSoup
from pybtex.database import Entry, Person, parse_file, parse_string
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp
from sphinx.util.inventory import InventoryFile

SCHEMAS = Path(__file__).parent / "schemas"
BASE = "https://example.org/cv/"
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]  # fmt: skip
#: Fields of ours and private ones: in no download.
NOT_PUBLISHED = ("kind", "selected", "equal", "award", "shortvenue", "pdf", "annote")


def plain(value: str) -> str:
    """A .bib value as text: LaTeX decoded by latexcodec, braces gone."""
    text = codecs.decode(value, "ulatex").replace("\\$", "$")
    return text.replace("{", "").replace("}", "")


def bib_entries(app: SphinxTestApp) -> dict[str, Entry]:
    return dict(parse_file(app.srcdir / "papers.bib").entries)


def highwire_name(person: Person) -> str:
    family = plain(" ".join(person.prelast_names + person.last_names))
    given = plain(" ".join(person.first_names + person.middle_names))
    return f"{family}, {given}" if given else family


def expected_date(fields: Any) -> str:
    if "date" in fields:
        return fields["date"].replace("-", "/")
    month = fields.get("month", "").lower()
    return f"{fields['year']}/{MONTHS.index(month) + 1:02d}" if month else fields["year"]


def inventory(app: SphinxTestApp) -> dict[tuple[str, str], tuple[str, str]]:
    inv = InventoryFile.loads((app.outdir / "objects.inv").read_bytes(), uri="")
    return {
        (objtype, name): (item.uri, item.display_name)
        for objtype, items in inv.data.items()
        for name, item in items.items()
    }


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(), "html.parser")


def meta(soup: BeautifulSoup) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for tag in soup.find_all("meta", attrs={"name": True}):
        tags.setdefault(tag["name"], []).append(tag["content"])
    return tags


#: sphinx-sitemap 2.9 reads ``env.app``, which Sphinx 9 deprecates (its only warning here).
SITEMAP_ENV_APP = pytest.mark.filterwarnings(
    "ignore:'sphinx.environment.BuildEnvironment.app' is deprecated"
)


@pytest.fixture
def hosted(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test root as a hosted build: a canonical URL, sitemap.xml, Open Graph."""
    monkeypatch.setenv("CV_TEST_BASEURL", BASE)


@pytest.fixture
def local(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CV_TEST_BASEURL", raising=False)


# -- One page per paper, and its head ----------------------------------------------------------


@SITEMAP_ENV_APP
@pytest.mark.sphinx("html", testroot="paperpages", freshenv=True)
def test_every_paper_has_a_page_with_its_highwire_tags(hosted: None, app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    objects = inventory(app)
    sitemap = ElementTree.parse(app.outdir / "sitemap.xml").getroot()
    in_sitemap = {
        loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }
    entries = bib_entries(app)
    assert len(entries) == 7
    for key, entry in entries.items():
        fields = entry.fields
        title = plain(fields["title"])
        uri, shown = objects["std:label", key.lower()]
        assert uri.startswith("papers/") and uri.endswith(".html"), uri
        assert shown == title
        soup = soup_of(app.outdir / uri)
        # One paper per page: one title, one set of tags, no list of papers.
        assert [h1.get_text().rstrip("¶") for h1 in soup.find_all("h1")] == [title]
        assert not soup.find_all("li", class_="cv-pub")
        tags = meta(soup)
        url = f"{BASE}{uri}"
        assert tags["citation_title"] == [title]
        assert tags["citation_author"] == [highwire_name(p) for p in entry.persons["author"]]
        assert tags["citation_publication_date"] == [expected_date(fields)]
        venue_tag = {"inproceedings": "citation_conference_title",
                     "article": "citation_journal_title"}.get(entry.type)  # fmt: skip
        for name in ("citation_conference_title", "citation_journal_title"):
            if name == venue_tag:
                venue = fields["booktitle" if entry.type == "inproceedings" else "journal"]
                assert tags[name] == [plain(venue)], key
            else:
                assert name not in tags, key
        assert tags.get("citation_doi") == ([fields["doi"]] if "doi" in fields else None)
        assert tags["citation_abstract_html_url"] == [url]
        assert len(tags["description"]) == 1
        assert title in tags["description"][0]
        assert soup.find("link", rel="canonical")["href"] == url
        assert soup.find("meta", property="og:url")["content"] == url
        assert soup.find("meta", property="og:type")["content"] == "article"
        assert url in in_sitemap
        [graph] = [
            json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")
        ]
        [article] = graph["@graph"]
        assert (article["@type"], article["url"], article["name"]) == (
            "ScholarlyArticle",
            url,
            title,
        )
        assert [a["name"] for a in article["author"]] == [
            plain(" ".join(p.first_names + p.middle_names + p.prelast_names + p.last_names))
            for p in entry.persons["author"]
        ]

    conference = meta(soup_of(app.outdir / "papers/doe2024conf.html"))
    assert conference["citation_author"] == ["Doe, Jane", "van Rossum, Guido", "Example Consortium"]
    assert conference["citation_firstpage"] == ["10"]
    assert conference["citation_lastpage"] == ["20"]
    assert conference["citation_publisher"] == ["Example Press"]
    assert conference["citation_isbn"] == ["978-0-00-000000-2"]
    # The PDF is on this site (under html_baseurl): Scholar may take it.
    assert conference["citation_pdf_url"] == ["https://example.org/cv/files/doe2024conf.pdf"]
    journal = meta(soup_of(app.outdir / "papers/roe2022journal.html"))
    assert (journal["citation_volume"], journal["citation_issue"]) == (["71"], ["1"])
    assert journal["citation_issn"] == ["0000-0000"]
    assert "citation_pdf_url" not in journal  # hosted elsewhere
    thesis = meta(soup_of(app.outdir / "papers/doe2020thesis.html"))
    assert thesis["citation_dissertation_institution"] == ["Example University"]
    report = meta(soup_of(app.outdir / "papers/doe2019report.html"))
    assert report["citation_technical_report_institution"] == ["Example Labs"]
    assert report["citation_technical_report_number"] == ["TR-7"]


@pytest.mark.sphinx("html", testroot="paperpages", freshenv=True)
def test_a_paper_page_shows_the_paper(local: None, app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    soup = soup_of(app.outdir / "papers/doe2024conf.html")
    main = soup.find("article", id="furo-main-content")
    authors = main.find(class_="cv-paper-authors")
    assert authors.get_text() == "Jane Doe*, Guido van Rossum*, and Example Consortium"
    assert [s.get_text() for s in authors.find_all("strong")] == ["Jane Doe"]
    assert main.find(class_="cv-pub-legend").get_text() == "* Equal contribution."
    venue = main.find(class_="cv-paper-venue").get_text()
    assert venue == "Proceedings of the Example Conference (ExConf 2024), June 2024"
    assert main.find(class_="cv-pub-award").get_text() == "Best Fake Paper"
    assert [a.get_text() for a in main.select(".cv-pub-extra a")] == ["PDF", "DOI", "Web"]
    assert main.find(id="abstract").p.get_text() == "We study example systems. They are fake."
    styles = [dt.get_text() for dt in main.select(".cv-paper-styles dt")]
    assert styles == ["IEEE", "APA", "ACM"]
    ieee, apa, acm = (dd.get_text() for dd in main.select(".cv-paper-styles dd"))
    assert ieee.startswith("J. Doe, G. van Rossum, and Example Consortium, “FAKE: A Conference")
    assert apa.startswith("Doe, J., van Rossum, G., & Example Consortium. (2024")
    assert acm.startswith("Jane Doe, Guido van Rossum, and Example Consortium. 2024. FAKE")
    bibtex = main.find("details", class_="cv-pub-bibtex").pre.get_text()
    assert bibtex.startswith("@inproceedings{doe2024conf,")
    assert "kind" not in bibtex and "selected" not in bibtex
    # No abstract in the .bib: no abstract section (none is invented).
    assert soup_of(app.outdir / "papers/roe2022journal.html").find(id="abstract") is None
    # A local build names no host: no canonical link, no Open Graph, no absolute page address.
    assert soup.find("link", rel="canonical") is None
    assert soup.find("meta", property="og:url") is None
    assert "citation_abstract_html_url" not in meta(soup)
    assert "citation_pdf_url" not in meta(soup)


@pytest.mark.sphinx("html", testroot="paperpages", freshenv=True)
def test_fields_stay_text_on_a_paper_page(local: None, app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "papers/doe2021special.html").read_text()
    title = 'Ends </script> & 100% $5 _x "quoted"'
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("h1").get_text().rstrip("¶") == title
    assert meta(soup)["citation_title"] == [title]
    assert meta(soup)["citation_journal_title"] == ["Journal of & Specials"]
    assert html.count("</script>") == html.count("<script")  # the title's is escaped
    for dd in soup.select(".cv-paper-styles dd"):
        assert title in dd.get_text()
        assert not dd.find("script")


@pytest.mark.sphinx("html", testroot="paperpages", freshenv=True)
def test_paper_pages_are_not_in_the_navigation(local: None, app: SphinxTestApp) -> None:
    app.build()
    for page in ("index.html", "papers.html", "papers/doe2024conf.html"):
        sidebar = soup_of(app.outdir / page).find(class_="sidebar-tree")
        hrefs = [a["href"] for a in sidebar.find_all("a", href=True)]
        assert hrefs, page
        assert not [href for href in hrefs if "papers/" in href], page
        for href in hrefs:  # one navigation, rendered once for every paper page: it must fit
            path = href.partition("#")[0]
            assert not path or (app.outdir / page).parent.joinpath(path).is_file(), href


# -- Links and labels --------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="paperpages", freshenv=True)
def test_each_list_entry_links_to_its_page_and_keeps_its_anchor(
    local: None, app: SphinxTestApp
) -> None:
    app.build()
    entries = bib_entries(app)
    objects = inventory(app)
    listing = soup_of(app.outdir / "papers.html")
    items = listing.find_all("li", class_="cv-pub")
    assert sorted(item["id"] for item in items) == sorted(key.lower() for key in entries)
    for item in items:
        link = item.find(class_="cv-pub-title").find("a")
        page = app.outdir / link["href"]
        assert soup_of(page).find("h1").get_text().rstrip("¶") == link.get_text()
        assert objects["std:label", item["id"]] == (link["href"], link.get_text())
    # {ref} in the site leads to the page too, with the paper's title (or the text given).
    index = soup_of(app.outdir / "index.html")
    refs = [(a["href"], a.get_text()) for a in index.select("article a.reference.internal")]
    assert ("papers/doe2024conf.html", "FAKE: A Conference Paper on Example Systems") in refs
    assert ("papers/doe2019report.html", "the report") in refs


@pytest.mark.sphinx("html", testroot="paperpages", freshenv=True)
def test_each_page_links_back_to_the_papers_entry(local: None, app: SphinxTestApp) -> None:
    app.build()
    items = soup_of(app.outdir / "papers.html").find_all("li", class_="cv-pub")
    assert len(items) == len(bib_entries(app))
    for item in items:
        page = soup_of(app.outdir / item.find(class_="cv-pub-title").find("a")["href"])
        (back,) = page.select("article p.cv-paper-back a")
        assert back.get_text() == "\N{LEFTWARDS ARROW} All papers"
        assert back["href"] == f"../papers.html#{item['id']}"


@pytest.mark.sphinx("latex", testroot="paperpages", freshenv=True)
def test_the_pdf_points_at_the_list(local: None, app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    tex = (app.outdir / "janedoe.tex").read_text()
    assert r"\hyperref[\detokenize{papers:doe2024conf}]" in tex
    assert "papers/" not in tex  # no paper page in the PDF, no link to one
    assert "Highwire" not in tex and "citation_title" not in tex


def build(
    make_app: Callable[..., SphinxTestApp], builder: str, source: Path, **kwargs: Any
) -> SphinxTestApp:
    """A build of *source* in a fresh app, without warnings; its registrations undone after,
    so that the next app of the test does not warn that they exist."""
    app = make_app(builder, srcdir=source, **kwargs)
    app.build()
    assert app.warning.getvalue() == ""
    app.cleanup()
    return app


def test_html_then_pdf_from_one_doctree_cache(
    local: None, make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    """Read the Docs builds the PDF from the HTML build's doctrees: labels go back to the list."""
    source = root_copy("paperpages")
    html = build(make_app, "html", source)
    assert inventory(html)["std:label", "doe2024conf"][0] == "papers/doe2024conf.html"
    latex = build(make_app, "latex", source)
    tex = (latex.outdir / "janedoe.tex").read_text()
    assert r"\hyperref[\detokenize{papers:doe2024conf}]" in tex
    assert "papers/" not in tex
    again = build(make_app, "html", source)
    assert inventory(again)["std:label", "doe2024conf"][0] == "papers/doe2024conf.html"
    index = soup_of(again.outdir / "index.html")
    assert index.find("a", href="papers/doe2024conf.html") is not None


# -- Incremental builds ------------------------------------------------------------------------


def mtimes(outdir: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (outdir / "papers").glob("*.html")}


def test_a_bib_edit_rewrites_only_that_papers_page(
    local: None, make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    source = root_copy("paperpages")
    outdir = build(make_app, "html", source).outdir
    first = mtimes(outdir)
    assert len(first) == 7
    build(make_app, "html", source)
    assert mtimes(outdir) == first  # a no-op build writes no paper page

    bib = source / "papers.bib"
    bib.write_text(bib.read_text().replace("A Fake Thesis", "A Renamed Thesis"))
    build(make_app, "html", source)
    after = mtimes(outdir)
    assert {name for name in first if after[name] != first[name]} == {"doe2020thesis.html"}
    page = soup_of(outdir / "papers/doe2020thesis.html")
    assert page.find("h1").get_text().rstrip("¶") == "A Renamed Thesis"
    assert "A Renamed Thesis" in (outdir / "papers.html").read_text()
    assert "A Renamed Thesis" in (outdir / "publications.bib").read_text()

    bib.write_text(bib.read_text().replace("@phdthesis{doe2020thesis,", "@phdthesis{gone,"))
    build(make_app, "html", source)
    assert not (outdir / "papers/doe2020thesis.html").exists()
    assert not (outdir / "papers/doe2020thesis.bib").exists()
    assert (outdir / "papers/gone.html").exists()

    # A changed setting is a fresh environment: every paper page is written again.
    before = mtimes(outdir)
    build(make_app, "html", source, confoverrides={"cv_citation_styles": {"ieee": "IEEE"}})
    after = mtimes(outdir)
    assert all(after[name] != before[name] for name in before)
    page = soup_of(outdir / "papers/doe2024conf.html")
    assert [dt.get_text() for dt in page.select(".cv-paper-styles dt")] == ["IEEE"]


# -- Downloads ---------------------------------------------------------------------------------


@SITEMAP_ENV_APP
@pytest.mark.sphinx("html", testroot="paperpages", freshenv=True)
def test_downloads_read_back(hosted: None, app: SphinxTestApp) -> None:
    app.build()
    entries = bib_entries(app)
    titles = {key: plain(entry.fields["title"]) for key, entry in entries.items()}

    bibtex = (app.outdir / "publications.bib").read_text()
    exported = parse_string(bibtex, "bibtex").entries
    assert list(exported) == list(entries)
    for key, entry in exported.items():
        assert entry.fields["title"] == entries[key].fields["title"]  # as written
        assert [str(p) for p in entry.persons["author"]] == [
            str(p) for p in entries[key].persons["author"]
        ]
        assert not {name.lower() for name in entry.fields} & set(NOT_PUBLISHED)
    assert "private note" not in bibtex

    records = rispy.load(io.StringIO((app.outdir / "publications.ris").read_text()))
    assert {r["id"]: r["title"] for r in records} == titles
    assert "private note" not in (app.outdir / "publications.ris").read_text()

    items = json.loads((app.outdir / "publications.json").read_text())
    jsonschema.validate(items, json.loads((SCHEMAS / "csl-data.json").read_text()))
    assert {item["id"]: item["title"] for item in items} == titles

    resume = json.loads((app.outdir / "resume.json").read_text())
    schema = json.loads((SCHEMAS / "resume-schema.json").read_text())
    jsonschema.validate(resume, schema, format_checker=jsonschema.FormatChecker())
    assert resume["basics"] == {"name": "Jane Doe", "label": "Research Scientist", "url": BASE}
    assert resume["work"] == [
        {"position": "Research Scientist", "name": "Example Labs", "startDate": "2020-01",
         "highlights": ["Built example systems"]},
        {"position": "Intern", "name": "Example & <Co>", "startDate": "2018-06",
         "endDate": "2018-09"},
    ]  # fmt: skip
    assert resume["skills"] == [
        {"name": "Languages", "keywords": ["C", "Python"]},
        {"name": "Tools", "keywords": ["Sphinx"]},
    ]
    assert sorted(p["name"] for p in resume["publications"]) == sorted(titles.values())
    assert all(p["url"].startswith(f"{BASE}papers/") for p in resume["publications"])

    for key, title in titles.items():
        uri = inventory(app)["std:label", key.lower()][0]
        page = app.outdir / uri
        [(own_key, own)] = parse_file(page.with_suffix(".bib")).entries.items()
        assert (own_key, own.fields["title"]) == (key, entries[key].fields["title"])
        [record] = rispy.load(page.with_suffix(".ris"))
        assert (record["id"], record["title"]) == (key, title)


@pytest.mark.sphinx("html", testroot="paperpages", freshenv=True)
def test_download_links_resolve(local: None, app: SphinxTestApp) -> None:
    app.build()
    for page in ("papers.html", "papers/doe2024conf.html", "papers/roe2022journal.html"):
        links = [a["href"] for a in soup_of(app.outdir / page).select("a.cv-download")]
        assert len(links) == (4 if page == "papers.html" else 6), page
        for href in links:
            assert (app.outdir / page).parent.joinpath(href).resolve().is_file(), (page, href)
    assert {Path(urljoin("papers/x.html", a)).name for a in links} >= {
        "roe2022journal.bib", "roe2022journal.ris", "publications.bib", "resume.json",
    }  # fmt: skip
    text = soup_of(app.outdir / "papers.html").find(class_="cv-downloads").get_text()
    assert text == (
        "Each title leads to the paper’s own page: its abstract where there is one, the paper "
        "in IEEE, APA and ACM styles, its BibTeX and RIS. All papers, for your reference "
        "manager: BibTeX · RIS · CSL-JSON. The whole CV: JSON Resume."
    )


def test_downloads_only_in_html(local: None, make_app: Callable[..., SphinxTestApp],
                                root_copy: Callable[[str], Path]) -> None:  # fmt: skip
    app = build(make_app, "latex", root_copy("paperpages"))
    assert not (app.outdir / "publications.bib").exists()
    assert not (app.outdir / "papers").exists()
    assert "JSON Resume" not in (app.outdir / "janedoe.tex").read_text()


# -- Settings ----------------------------------------------------------------------------------


#: A CSL style of our own, for the setting's style files: title in italics, then the year.
MY_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Test style</title><id>test-style</id><updated>2026-01-01T00:00:00Z</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography>
    <layout suffix=".">
      <text value="Titled "/><text variable="title" font-style="italic"/>
      <date variable="issued" prefix=" (" suffix=")"><date-part name="year"/></date>
    </layout>
  </bibliography>
</style>
"""


def test_citation_styles_are_a_setting(
    local: None, make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    """A bundled style by name, and any .csl file by its path relative to conf.py's folder."""
    source = root_copy("paperpages")
    (source / "styles").mkdir()
    (source / "styles" / "mine.csl").write_text(MY_STYLE, "utf-8")
    styles = {"ieee": "IEEE", "styles/mine.csl": "Mine"}
    app = build(make_app, "html", source, confoverrides={"cv_citation_styles": styles})
    page = soup_of(app.outdir / "papers/doe2024conf.html")
    assert [dt.get_text() for dt in page.select(".cv-paper-styles dt")] == ["IEEE", "Mine"]
    mine = page.select(".cv-paper-styles dd")[1]
    fields = bib_entries(app)["doe2024conf"].fields
    title = plain(fields["title"])
    assert mine.get_text().strip() == f"Titled {title} ({fields['year']})."
    assert [em.get_text() for em in mine.find_all("em")] == [title]
    # The style's file edited: the next build formats with the new text (the cache is by
    # content), whatever the file's name.
    (source / "styles" / "mine.csl").write_text(MY_STYLE.replace("Titled ", "Named "), "utf-8")
    app = build(make_app, "html", source, confoverrides={"cv_citation_styles": styles})
    page = soup_of(app.outdir / "papers/doe2024conf.html")
    assert page.select(".cv-paper-styles dd")[1].get_text().startswith(f"Named {title} (")


@pytest.mark.parametrize(
    ("styles", "problem"),
    [
        ({"no-such-style": "X"}, "'no-such-style' is none of the styles cv bundles"),
        ({"ieee": ""}, "the label of 'ieee' is ''"),
        (["ieee"], "not a dict"),
        ({"ieee": 1}, "the label of 'ieee' is 1"),
        ({"missing.csl": "X"}, "cannot read '.*missing.csl': No such file"),
        ({"conf.csl": "X"}, "'.*conf.csl' is not XML"),
        ({"notcsl.csl": "X"}, "'.*notcsl.csl' is not a CSL style"),
        ({"dependent.csl": "X"}, "'.*dependent.csl' has no bibliography .*dependent style"),
    ],
)
def test_a_bad_citation_style_is_a_config_error(
    styles: object,
    problem: str,
    make_app: Callable[..., SphinxTestApp],
    root_copy: Callable[[str], Path],
) -> None:
    source = root_copy("paperpages")
    (source / "conf.csl").write_text((source / "conf.py").read_text())
    (source / "notcsl.csl").write_text("<html><body/></html>")
    # A dependent style: a journal's alias that names its parent instead of a bibliography.
    (source / "dependent.csl").write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><info>'
        '<link href="http://www.zotero.org/styles/apa" rel="independent-parent"/>'
        "</info></style>"
    )
    with pytest.raises(ConfigError, match=rf"cv_citation_styles = .*: {problem}.*the path of a"):
        make_app("html", srcdir=source, confoverrides={"cv_citation_styles": styles})


def test_a_fresh_environment_formats_nothing_again(
    local: None,
    make_app: Callable[..., SphinxTestApp],
    root_copy: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """-E: the papers' Formatted, kept beside the doctrees, are taken as they are (were pandoc
    run, with no pandoc to run the build would warn)."""
    from cv.formats import citeproc

    source = root_copy("paperpages")
    app = build(make_app, "html", source)
    assert (app.doctreedir / "cv-formatted.pickle").exists()
    monkeypatch.setattr(citeproc, "pandoc", lambda: None)
    again = build(make_app, "html", source, freshenv=True)  # asserts: no warning
    page = soup_of(again.outdir / "papers/doe2024conf.html")
    assert len(page.select(".cv-paper-styles dd")) == 3


#: A pandoc that fails as pandoc does: a message, and a status other than 0.
FAILING_PANDOC = "#!/bin/sh\necho 'Example failure of a fake pandoc' >&2\nexit 3\n"


@pytest.mark.parametrize(
    ("failing", "messages"),
    [
        (False, ["the paper pages show no citations: pandoc is not installed", "pypandoc-binary"]),
        (
            True,
            [
                "the paper pages show no citations: style 'ieee': pandoc failed:",
                "Example failure of a fake pandoc",
            ],
        ),
    ],
    ids=["missing", "failing"],
)
def test_without_pandoc_the_pages_warn_and_a_later_build_formats(
    failing: bool,
    messages: list[str],
    local: None,
    make_app: Callable[..., SphinxTestApp],
    root_copy: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """pandoc missing, or failing in the citations' own process: one warning that says what
    to install or what pandoc said, pages without citations, and the next build formats them
    (nothing is kept without its citations)."""
    from cv.formats import citeproc

    fake = None
    if failing:
        fake = tmp_path / "pandoc"
        fake.write_text(FAILING_PANDOC)
        fake.chmod(0o755)
    source = root_copy("paperpages")
    monkeypatch.setattr(citeproc, "pandoc", lambda: fake and str(fake))
    app = make_app("html", srcdir=source)
    app.build()
    warnings = app.warning.getvalue()
    assert warnings.count("WARNING") == 1
    for message in messages:
        assert message in warnings
    page = soup_of(app.outdir / "papers/doe2024conf.html")
    assert page.select(".cv-paper-styles dd") == []
    assert page.find("details", class_="cv-pub-bibtex") is not None  # the rest of the page is
    app.cleanup()
    monkeypatch.undo()
    app = build(make_app, "html", source)
    page = soup_of(app.outdir / "papers/doe2024conf.html")
    assert len(page.select(".cv-paper-styles dd")) == 3


@SITEMAP_ENV_APP
def test_the_sitemap_lists_every_page_after_a_rebuild(
    hosted: None, make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    """A .bib edit rewrites three pages; sitemap.xml still lists every page of the site, once."""
    source = root_copy("paperpages")
    outdir = build(make_app, "html", source).outdir

    def listed() -> list[str]:
        root = ElementTree.parse(outdir / "sitemap.xml").getroot()
        return [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]

    full = listed()
    pages = sorted(
        f"{BASE}{path.relative_to(outdir).as_posix()}" for path in outdir.rglob("*.html")
    )
    assert sorted(full) == pages
    bib = source / "papers.bib"
    bib.write_text(bib.read_text().replace("A Fake Thesis", "A Renamed Thesis"))
    build(make_app, "html", source)
    assert sorted(listed()) == pages
