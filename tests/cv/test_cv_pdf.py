"""The CV's PDF and its variants (the résumé): built as Read the Docs builds them, clean, within
their page budgets, saying what the site says; a variant says nothing the full CV does not.

Every expectation comes from the sources (tests/sources.py) and conf.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sources
from bs4 import BeautifulSoup
from conftest import (
    info,
    latex_log_problems,
    page_text,
    pdf_pages,
    pdf_text,
    pdf_text_raw,
    pdfinfo,
    readable,
    require,
    sphinx_build,
    tox_pdf,
)

#: Sphinx's paper sizes (latex_elements["papersize"]) as pdfinfo gives them.
PAPER = {"letterpaper": "612 x 792 pts (letter)", "a4paper": "595.276 x 841.89 pts (A4)"}


def paper_size() -> str:
    return PAPER[sources.conf().get("latex_elements", {}).get("papersize", "letterpaper")]


def test_a_clean_pdf_with_its_metadata(site_pdf: Path) -> None:
    assert site_pdf.stem == sources.cv_stem()
    meta = info(site_pdf)
    assert meta["Page size"] == paper_size()
    assert meta["Title"] == sources.title("index")
    assert meta["Author"] == sources.owner()
    assert meta["Subject"] == "Curriculum vitae"
    assert latex_log_problems(site_pdf) == []


def test_first_page_reads_as_a_cv(site_pdf: Path) -> None:
    """The name first, then the landing page's text in its order: no title page or contents."""
    first_page = readable(pdf_pages(site_pdf)[0])
    assert first_page.startswith(sources.title("index"))
    position = 0
    for fact in sources.opening_facts():
        found = first_page.find(readable(fact), position)
        assert found >= 0, f"{fact!r} is not on the first page, or out of order"
        position = found + len(fact)
    for manual in ("Contents", "CHAPTER", "Chapter", "Index", "Release"):
        assert manual not in first_page


@pytest.mark.parametrize("page", sources.pages())
def test_facts_in_pdf(site_pdf: Path, page: str) -> None:
    """What the site shows of each page's source, the PDF shows too."""
    text = readable(pdf_text(site_pdf))
    for fact in sources.facts(page):
        assert readable(fact) in text, f"{page}: {fact!r} is not in the PDF"


def test_the_profile_reads_as_on_the_site(site_html: Path, site_pdf: Path) -> None:
    site, pdf = readable(page_text(site_html, "index")), readable(pdf_text(site_pdf))
    for paragraph in sources.profile():
        assert readable(paragraph) in site
        assert readable(paragraph) in pdf


def html_sequence(site: Path) -> list[str]:
    """Every heading, CV entry (its head line) and paper (citation, award, links, notes, the
    equal-contribution legend), in site order."""
    sequence = []
    for page in sources.pages()[1:]:
        soup = BeautifulSoup((site / f"{page}.html").read_text(), "html.parser")
        article = soup.find("article", id="furo-main-content")
        for link in article.select("a.headerlink"):
            link.decompose()
        for item in article.select(
            "h1, h2, h3, div.cv-entry > div.cv-entry-head, li.cv-pub > p, p.cv-pub-legend"
        ):
            # An entry's head is two blocks (what, when): a space between, none inside a line.
            text = item.get_text(" " if "cv-entry-head" in item.get("class", []) else "")
            sequence.append(" ".join(text.replace(" ,", ",").split()))
    return sequence


def test_html_and_pdf_have_the_same_entries_in_the_same_order(
    site_html: Path, site_pdf: Path
) -> None:
    sequence = html_sequence(site_html)
    # Every section, every entry and every paper of the CV, not a sample.
    assert len(sequence) >= len(sources.pages()) - 1 + len(sources.every_entry())
    text = pdf_text(site_pdf)
    position = 0
    for item in sequence:
        found = text.find(item, position)
        assert found >= 0, f"{item!r} is missing from the PDF, or out of order"
        position = found + len(item)


def test_links_are_live_and_the_same_as_the_site(site_html: Path, site_pdf: Path) -> None:
    site_links = set()
    for page in sources.pages():
        soup = BeautifulSoup((site_html / f"{page}.html").read_text(), "html.parser")
        article = soup.find("article", id="furo-main-content")
        site_links |= {a["href"] for a in article.select("a.reference.external")}
    pdf_links = set(re.findall(r"https?://\S+", pdfinfo(site_pdf, "-url")))
    assert pdf_links == site_links


def test_papers_are_in_place_not_in_a_bibliography(site_pdf: Path) -> None:
    """Every paper in the PDF, under the section of the page that lists it."""
    assert "thebibliography" not in site_pdf.with_suffix(".tex").read_text()
    text = readable(pdf_text(site_pdf))
    titles = [sources.title(page) for page in sources.pages()[1:]]
    for page in sources.list_pages():
        start = text.index(sources.title(page))
        after = titles.index(sources.title(page)) + 1
        end = text.find(titles[after], start) if after < len(titles) else len(text)
        for key, paper in sources.papers().items():
            assert readable(paper["title"]) in text[start:end], key


# -- Variants: the résumé and any other ------------------------------------------------------


@pytest.fixture(scope="session", params=sorted(sources.variants()))
def variant_pdf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """Each variant of cv_variants, built with its tag, as ``tox -e pdf`` builds it."""
    require("xelatex")
    name = request.param
    outdir = tmp_path_factory.mktemp(name) / "latex"
    result = sphinx_build("latex", outdir, "-t", name)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return name, tox_pdf(outdir)


def sections_of(name: str) -> list[str]:
    """The variant's section titles, in its order: a page's title, or a heading's text."""
    titles = []
    for spec in sources.variants()[name]["sections"]:
        page, _, anchor = spec.partition("#")
        titles.append(sources.heading_ids(page)[anchor] if anchor else sources.title(page))
    return titles


def test_a_variant_fits_its_budget(variant_pdf: tuple[str, Path]) -> None:
    name, pdf = variant_pdf
    settings = sources.variants()[name]
    assert pdf.stem == settings["filename"].removesuffix(".pdf")
    meta = info(pdf)
    if "pages" in settings:
        assert int(meta["Pages"]) <= settings["pages"], (
            f"{name} has {meta['Pages']} pages, over its budget of {settings['pages']}"
        )
    assert meta["Page size"] == paper_size()
    assert meta["Subject"] == settings.get("subject", "Résumé")
    assert latex_log_problems(pdf) == []


def test_a_variant_holds_its_tagged_entries_in_its_order(
    variant_pdf: tuple[str, Path], site_pdf: Path
) -> None:
    name, pdf = variant_pdf
    text, cv = readable(pdf_text_raw(pdf)), readable(pdf_text(site_pdf))
    assert text.startswith(sources.title("index"))
    positions = [text.find(f" {title} ") for title in sections_of(name)]
    assert -1 not in positions, sections_of(name)
    assert positions == sorted(positions)
    tags = sources.variant_tags(name)
    pages = [spec.partition("#")[0] for spec in sources.variants()[name]["sections"]]
    tagged = [entry for page in pages for entry in sources.entries(page) if entry.tags() & tags]
    heads = {readable(entry.head()) for entry in tagged}
    for head in heads:
        assert head in text, f"{name}: {head!r} is tagged but not in it"
        assert head in cv, f"{name}: {head!r} is not in the full CV"
    # Under the header (which shows the current role, whether tagged or not), the entries.
    body = text[min(positions) :]
    for page in pages:
        for entry in sources.entries(page):
            head = readable(entry.head())
            if not entry.tags() & tags and not any(head in other for other in heads):
                assert head not in body, f"{name}: {head!r} is not tagged {', '.join(tags)}"
        for item in sources.plain_items(page):
            assert readable(item) in cv


def test_a_variant_shows_the_selected_papers(variant_pdf: tuple[str, Path]) -> None:
    name, pdf = variant_pdf
    settings = sources.variants()[name]
    shows_selected = any(
        ":selected:" in sources.source(spec.partition("#")[0]) for spec in settings["sections"]
    )
    if not shows_selected or "years" in settings:
        pytest.skip(f"{name} shows no list of selected papers")
    text = readable(pdf_text_raw(pdf))
    for key in sources.selected():
        assert readable(sources.papers()[key]["title"]) in text, key


def test_contact_links_in_the_pdf(site_pdf: Path) -> None:
    """Each of cv_contact's links is a link in the PDF (the e-mail address a mailto: one)."""
    urls = pdfinfo(site_pdf, "-url")
    for key, value in sources.contact().items():
        assert value.removeprefix("mailto:") in urls, key
