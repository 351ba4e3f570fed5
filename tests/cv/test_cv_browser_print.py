"""Printing a page from the browser gives a clean CV: the content only, links readable."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import sources
from conftest import require
from playwright.sync_api import expect

#: What is for the screen only: sidebars, toggles, search, page links, footer, BibTeX blocks.
SCREEN_ONLY = (
    "details.cv-pub-bibtex",
    ".sidebar-drawer",
    ".toc-drawer",
    ".mobile-header",
    ".theme-toggle",
    ".sidebar-search-container",
    ".back-to-top",
    ".skip-to-content",
    ".related-pages",
    "footer",
)


#: Every kind of page, once (the stylesheet is the same for all): the landing page with its
#: selected papers, the full list with BibTeX blocks, and the longest page of CV entries and links.
PRINTED = list(
    dict.fromkeys(
        [
            "index",
            sources.list_pages()[0],
            max(sources.pages()[1:], key=lambda page: len(sources.source(page))),
        ]
    )
)


@pytest.mark.parametrize("page", PRINTED)
def test_print(visit, site_url: str, artifacts: Path, page: str) -> None:
    pdftotext = require("pdftotext")
    # A laptop-wide window, dark mode and all: printing must not depend on either.
    tab = visit(1280, "dark", stored_theme="dark").open(f"{site_url}{page}.html")
    tab.emulate_media(media="print")
    for selector in SCREEN_ONLY:
        expect(tab.locator(selector).first).to_be_hidden()
    article = tab.locator("article")
    expect(article).to_be_visible()
    # The content uses the paper's width, from its left edge.
    assert article.bounding_box()["x"] < 20
    assert article.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
    assert tab.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    links = article.locator("a[href]:not(.headerlink)")
    for i in range(links.count()):
        assert links.nth(i).evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"

    pdf = artifacts / "print" / f"{page.replace('/', '-')}.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    tab.pdf(path=pdf, format="A4", print_background=True)
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    heading = tab.locator("h1").inner_text().removesuffix("¶").strip()
    assert text.lstrip().startswith(heading)
    sheets = text.split("\f")[:-1]  # pdftotext ends every sheet of paper with a form feed
    assert all(sheet.strip() for sheet in sheets), "a blank sheet of paper"
    for screen_only in ("Search", "Made with", "Copyright", "Next", "Previous", "Skip to content"):
        assert screen_only not in text, screen_only


def test_outside_links_print_their_address(visit, site_url: str) -> None:
    """On paper a link cannot be followed: its address is printed after it."""
    tab = visit().open(f"{site_url}index.html")
    tab.evaluate(
        """() => document.querySelector("article p").insertAdjacentHTML("beforeend",
            ' <a class="reference external" href="https://example.org/paper">a paper</a>')"""
    )
    link = tab.locator("a[href='https://example.org/paper']")
    after = "e => getComputedStyle(e, '::after').content"
    assert link.evaluate(after) == "none"
    tab.emulate_media(media="print")
    assert link.evaluate(after) == '" (https://example.org/paper)"'
