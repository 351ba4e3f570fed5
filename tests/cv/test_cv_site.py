"""The CV's website: built with -W -n, every entry and paper of the sources on it, as written.

What each test expects comes from the sources (tests/sources.py): adding, rewording or removing
an entry or a paper changes what is expected, never whether the test can run.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import jsonschema
import pytest
import sources
from bs4 import BeautifulSoup
from conftest import inventory, page_text, readable

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def resolve(page: str, href: str) -> str:
    """The site's file a link on *page* leads to, without its #fragment."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0]))


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("page", sources.pages())
def test_facts_on_page(site_html: Path, page: str) -> None:
    """Every entry's title, organisation, place and people, every plain list item, as written."""
    text = readable(page_text(site_html, page))
    for fact in sources.facts(page):
        assert readable(fact) in text, f"{page}: {fact!r} is not on the site"


@pytest.mark.parametrize("page", sources.pages())
def test_dates_on_page(site_html: Path, page: str) -> None:
    """Each entry shows its dates, in source order, with their ISO form for machines."""
    soup = soup_of(site_html / f"{page}.html")
    shown = [
        [time["datetime"] for time in entry.find_all("time")]
        for entry in soup.find_all("div", class_="cv-entry")
    ]
    assert shown == [entry.datetimes() for entry in sources.entries(page)]


def test_every_page_has_a_description_and_the_favicon(site_html: Path) -> None:
    for page in sources.pages():
        soup = soup_of(site_html / f"{page}.html")
        description = soup.find("meta", attrs={"name": "description"})
        assert description is not None, f"{page}: no meta description"
        assert len(description["content"]) >= 30, f"{page}: {description['content']!r}"
        icon = soup.find("link", rel="icon")
        assert icon is not None, f"{page}: no favicon"
        assert (site_html / page).parent.joinpath(icon["href"]).resolve().is_file(), page


# -- Papers: each has a name (its key) that leads to its page, and one entry in the lists ---------


def paper_pages(site_html: Path) -> dict[str, tuple[str, str]]:
    """Key (as written in the .bib) -> the address and title its name has in objects.inv.

    Sphinx keeps labels in lower case; the key as written is looked up first.
    """
    objects = inventory(site_html)
    found = {}
    for key in sources.papers():
        label = objects.get(("std:label", key)) or objects.get(("std:label", key.lower()))
        assert label is not None, f"{key}: not in objects.inv"
        found[key] = label
    return found


def listed(site_html: Path) -> dict[str, list[BeautifulSoup]]:
    """Address of the paper's page -> its entries in the full lists of papers."""
    found: dict[str, list[BeautifulSoup]] = {}
    for page in sources.list_pages():
        soup = soup_of(site_html / f"{page}.html")
        for item in soup.find("article", id="furo-main-content").select("li.cv-pub"):
            link = item.select_one(".cv-pub-title a")
            assert link is not None, f"{page}: a paper whose title links nowhere"
            found.setdefault(resolve(page, link["href"]), []).append(item)
    return found


def test_every_paper_is_listed_once_and_has_its_page(site_html: Path) -> None:
    assert sources.list_pages(), "no page has a full {publications} list"
    entries = listed(site_html)
    pages = paper_pages(site_html)
    assert sorted(entries) == sorted(uri for uri, _ in pages.values())
    for key, paper in sources.papers().items():
        uri, label = pages[key]
        assert label == paper["title"], key
        (item,) = entries[uri]
        assert item.find(class_="cv-pub-title").get_text() == paper["title"], key
        # A venue may be shown shortened (docs/editing.md): what is shown is the venue's.
        venue = item.find(class_="cv-pub-venue").get_text().rsplit(" (", 1)[0]
        assert venue in paper["venue"] or paper["venue"] in venue, (key, venue)
        assert paper["year"] in item.find(class_="cv-pub-date").get_text(), key
        # The owner, emphasised among the authors.
        assert item.select(".cv-pub-authors strong"), f"{key}: the owner is not among the authors"
        page = soup_of(site_html / uri)
        assert page.find("h1").get_text().rstrip("¶") == paper["title"], key


def test_selected_papers_and_references_lead_to_the_papers_pages(site_html: Path) -> None:
    """A paper's name leads to its own page, from the selected list and from any {ref}."""
    pages = paper_pages(site_html)
    index = soup_of(site_html / "index.html")
    if sources.selected():
        shown = index.find("ol", class_="cv-pubs")
        hrefs = [a["href"] for a in shown.select(".cv-pub-title a")]
        assert sorted(hrefs) == sorted(pages[key][0] for key in sources.selected())
        assert not shown.find_all(id=True)
    lowered = {key.lower(): key for key in pages}
    for label, texts in sources.references().items():
        if label.lower() not in lowered:
            continue  # a reference to an entry or a page, not a paper
        uri = pages[lowered[label.lower()]][0]
        for page in sources.pages():
            soup = soup_of(site_html / f"{page}.html")
            for link in soup.select("article a.reference.internal"):
                if link.get_text() in texts:
                    assert resolve(page, link["href"]) == uri, (page, label)
        assert (site_html / uri).is_file()


def test_paper_pages_carry_google_scholars_tags(site_html: Path) -> None:
    for key, (uri, _) in paper_pages(site_html).items():
        soup = soup_of(site_html / uri)
        tags: dict[str, list[str]] = {}
        for tag in soup.find_all("meta", attrs={"name": True}):
            tags.setdefault(tag["name"], []).append(tag["content"])
        entry = sources.bibliography().entries[key]
        assert tags["citation_title"] == [sources.papers()[key]["title"]], key
        assert len(tags["citation_author"]) == len(entry.persons["author"]), key
        assert tags["citation_publication_date"][0].startswith(sources.papers()[key]["year"]), key


# -- Machine-readable: JSON-LD, the downloads, resume.json -------------------------------------


def jsonld(page: Path) -> list[dict]:
    soup = soup_of(page)
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def test_jsonld_describes_the_owner_and_every_paper(site_html: Path) -> None:
    for page in site_html.rglob("*.html"):
        jsonld(page)  # valid JSON wherever there is any
    [graph] = jsonld(site_html / "index.html")
    (person,) = (node for node in graph["@graph"] if node["@type"] == "Person")
    assert person["name"] == sources.owner()
    if positions := sources.current_positions():
        assert person["jobTitle"] == positions[0].title
        if "org" in positions[0].options:
            assert person["worksFor"]["name"] == positions[0].options["org"]
    profiles = [link for key, link in sources.contact().items() if key.lower() != "email"]
    assert len(person.get("sameAs", [])) == len(profiles)
    articles = {}
    for page in sources.list_pages():
        for graph in jsonld(site_html / f"{page}.html"):
            articles |= {node["headline"]: node for node in graph["@graph"]}
    for key, paper in sources.papers().items():
        article = articles[paper["title"]]
        assert article["datePublished"].startswith(paper["year"]), key
        assert len(article["author"]) == len(sources.bibliography().entries[key].persons["author"])


def test_downloads_hold_every_paper(site_html: Path) -> None:
    items = json.loads((site_html / "publications.json").read_text())
    jsonschema.validate(items, json.loads((SCHEMAS / "csl-data.json").read_text()))
    assert sorted(item["title"] for item in items) == sorted(
        paper["title"] for paper in sources.papers().values()
    )
    bib = (site_html / "publications.bib").read_text()
    assert bib.count("\n@") + bib.startswith("@") == len(sources.papers())


def test_resume_json_holds_every_entry_and_paper(site_html: Path) -> None:
    resume = json.loads((site_html / "resume.json").read_text())
    schema = json.loads((SCHEMAS / "resume-schema.json").read_text())
    jsonschema.validate(resume, schema, format_checker=jsonschema.FormatChecker())
    assert resume["basics"]["name"] == sources.owner()
    names = {
        value
        for items in resume.values()
        if isinstance(items, list)
        for item in items
        for value in item.values()
        if isinstance(value, str)
    }
    names |= {
        f"{item['studyType']}, {item['area']}"
        for item in resume.get("education", [])
        if "area" in item
    }
    mapped = sources.sections_for_jsonresume()
    for page, entry in sources.every_entry():
        if page not in mapped or mapped[page] == "skills":
            continue
        assert entry.title in names, f"{page}: {entry.title!r} is not in resume.json"
    assert {paper["title"] for paper in sources.papers().values()} <= names


@pytest.mark.parametrize("page", sources.pages())
def test_no_heading_stands_alone(site_html: Path, page: str) -> None:
    """Every section of a page holds something under its heading: a list of papers left empty
    (its last paper removed) takes its heading with it."""
    article = soup_of(site_html / f"{page}.html").find("article", id="furo-main-content")
    for section in article.find_all("section"):
        content = [
            child
            for child in section.children
            if child.name and child.name not in {"h1", "h2", "h3", "h4", "h5", "h6", "span"}
        ]
        heading = section.find(["h1", "h2", "h3", "h4", "h5", "h6"]).get_text().rstrip("¶")
        assert content, f"{page}: the heading {heading!r} has nothing under it"


# -- Contact links: shown under the name; no e-mail address for harvesters ---------------------

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def test_contact_links_are_on_the_landing_page(site_html: Path) -> None:
    soup = soup_of(site_html / "index.html")
    line = soup.select_one("article .cv-contact")
    assert (line is not None) == bool(sources.contact()), "cv_contact and the contact line differ"
    for key, value in sources.contact().items():
        if key.lower() == "email":
            (email,) = line.select(".cv-email")
            for hidden in email.select("[hidden]"):
                hidden.decompose()
            assert email.get_text() == value.removeprefix("mailto:")
        else:
            hrefs = [a["href"] for a in line.select("a[href]")]
            assert any(value in href for href in hrefs), (key, value, hrefs)


def test_no_page_writes_an_email_address_for_harvesters(site_html: Path) -> None:
    """No ``mailto:`` and no address in the HTML, read as it is or with its tags dropped."""
    for page in site_html.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "mailto:" not in html, page
        for text in (html, BeautifulSoup(html, "html.parser").get_text()):
            for address in EMAIL.findall(text):
                assert address not in sources.contact().values(), (page, address)
