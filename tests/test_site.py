"""The real site: builds with -W -n, and each page carries the CV's facts, read from its sources
(tests/sources.py), so that editing the CV never breaks the suite and losing a fact always does."""

from __future__ import annotations

from pathlib import Path

import pytest
import sources
from bs4 import BeautifulSoup
from conftest import page_text


def readable(text: str) -> str:
    """Text as compared with the sources: one space between words, straight quotes."""
    text = " ".join(text.split()).replace(" ,", ",").replace(" .", ".")
    return text.translate(str.maketrans("“”‘’", "\"\"''"))


@pytest.mark.parametrize("page", sources.pages())
def test_facts_on_page(site_html: Path, page: str) -> None:
    """Every entry's title, organisation, place and people, every plain list item, as written."""
    text = readable(page_text(site_html, page))
    facts = sources.facts(page)
    assert facts or page == "sections/publications", "nothing read from the page's source"
    for fact in facts:
        assert readable(fact) in text


@pytest.mark.parametrize("page", sources.pages())
def test_dates_on_page(site_html: Path, page: str) -> None:
    """Each entry shows its dates, in source order, with their ISO form for machines."""
    soup = BeautifulSoup((site_html / f"{page}.html").read_text(), "html.parser")
    shown = [
        [time["datetime"] for time in entry.find_all("time")]
        for entry in soup.find_all("div", class_="cv-entry")
    ]
    assert shown == [entry.datetimes() for entry in sources.entries(page)]


def test_every_page_has_a_description_and_the_favicon(site_html: Path) -> None:
    for page in sources.pages():
        soup = BeautifulSoup((site_html / f"{page}.html").read_text(), "html.parser")
        description = soup.find("meta", attrs={"name": "description"})
        assert description is not None, page
        assert len(description["content"]) > 50, page
        icon = soup.find("link", rel="icon")
        assert (site_html / page).parent.joinpath(icon["href"]).resolve().is_file(), page


def test_source_misspellings_are_corrected(site_html: Path) -> None:
    everything = " ".join(page_text(site_html, page) for page in sources.pages())
    assert "Sungkuynkwan" not in everything
    assert "FastSwtich" not in everything


# -- Publications: every paper of the CV, once per venue, with its key as id -------------------


def test_every_paper_is_listed_once_with_its_key_as_id(site_html: Path) -> None:
    soup = BeautifulSoup((site_html / "sections/publications.html").read_text(), "html.parser")
    items = soup.find("article", id="furo-main-content").find_all("li", class_="cv-pub")
    papers = sources.papers()
    assert sorted(item["id"] for item in items) == sorted(papers)
    for item in items:
        paper = papers[item["id"]]
        assert item.find(class_="cv-pub-title").get_text() == paper["title"]
        venue = item.find(class_="cv-pub-venue").get_text()
        assert paper["venue"] in venue, venue
        assert paper["year"] in item.find(class_="cv-pub-date").get_text()
        assert "Taekyung Heo" in [strong.get_text() for strong in item.find_all("strong")]


def test_selected_papers_and_project_links_point_at_the_papers_pages(
    site_html: Path,
) -> None:
    """A paper's label leads to its own page (issue 12), from the selected list and {ref}."""
    index = BeautifulSoup((site_html / "index.html").read_text(), "html.parser")
    selected = index.find("ol", class_="cv-pubs")
    hrefs = [a["href"] for a in selected.select(".cv-pub-title a")]
    assert sorted(hrefs) == sorted(f"papers/{k}.html" for k in sources.selected())
    assert not selected.find_all(id=True)
    projects = BeautifulSoup((site_html / "sections/projects.html").read_text(), "html.parser")
    links = {
        a.get_text(): a["href"]
        for a in projects.select("a.reference.internal")
        if a["href"].startswith("../papers/")
    }
    assert links == {
        text: f"../papers/{key}.html"
        for text, key in sources.references("sections/projects").items()
    }
    assert set(sources.references("sections/projects").values()) <= set(sources.papers())
    for href in links.values():
        assert (site_html / "sections" / href).resolve().is_file()
