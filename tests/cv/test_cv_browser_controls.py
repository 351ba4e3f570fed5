"""Every control a visitor can work, by mouse and by keyboard alone: toggles and BibTeX copy."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sources
from conftest import BACKGROUND, BACKGROUNDS, WIDTHS
from playwright.sync_api import Page, expect

#: A page of entries, another page, and the page that lists the papers (with BibTeX blocks).
PAGE, OTHER = sources.pages()[1], sources.pages()[-1]
PAPERS = sources.list_pages()[0]

#: Furo's cycle for a visitor whose system is in light mode: auto (light) -> dark -> light -> auto.
CYCLE = [("dark", "dark"), ("light", "light"), ("auto", "light")]


def tab_to(tab: Page, selector: str, limit: int = 40) -> None:
    """Press Tab from the top of the page until *selector* has the focus, as a keyboard user."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if tab.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} is not reachable with Tab")


@pytest.mark.parametrize(
    ("width", "how"),
    [("laptop", "click"), ("phone", "click"), ("phone", "Enter"), ("laptop", "Space")],
)
def test_theme_toggle(visit, site_url: str, width: str, how: str) -> None:
    """Furo's theme button cycles the theme, remembered across pages, by mouse or keyboard."""
    container = ".theme-toggle-header" if width == "phone" else ".theme-toggle-content"
    button = f"{container} .theme-toggle"
    tab = visit(WIDTHS[width], "light").open(f"{site_url}{PAGE}.html")
    assert tab.evaluate("document.body.dataset.theme") == "auto"
    if how != "click":
        tab_to(tab, button)
    for stored, shown in CYCLE:
        if how == "click":
            tab.click(button)
        else:
            tab.keyboard.press(how)
        assert tab.evaluate("document.body.dataset.theme") == stored
        assert tab.evaluate("localStorage.getItem('theme')") == stored
        assert tab.evaluate(BACKGROUND) == BACKGROUNDS[shown]
    tab.click(button)  # dark, then to another page: still dark
    tab.goto(f"{site_url}{OTHER}.html")
    assert tab.evaluate(BACKGROUND) == BACKGROUNDS["dark"]


def test_navigation_drawer_by_click(visit, site_url: str) -> None:
    """On a phone the menu icon opens the sidebar; a tap beside it closes it again."""
    tab = visit(WIDTHS["phone"]).open(f"{site_url}{PAGE}.html")
    drawer = tab.locator(".sidebar-drawer")
    expect(drawer).not_to_be_in_viewport()
    tab.click(".nav-overlay-icon")
    expect(drawer).to_be_in_viewport(ratio=1)
    expect(tab.get_by_role("link", name=sources.title(OTHER)).first).to_be_visible()
    tab.mouse.click(WIDTHS["phone"] - 20, 400)  # on the overlay beside the drawer
    expect(drawer).not_to_be_in_viewport()


def test_navigation_drawer_by_keyboard(visit, site_url: str) -> None:
    """A keyboard reaches the menu toggle, sees where the focus is, and opens and closes it.

    While the drawer is closed, the Tab key does not wander through its unseen links.
    """
    tab = visit(WIDTHS["phone"]).open(f"{site_url}{PAGE}.html")
    drawer = tab.locator(".sidebar-drawer")
    icon = ".nav-overlay-icon"
    for _ in range(8):
        tab.keyboard.press("Tab")
        assert not tab.evaluate("document.activeElement.closest('.sidebar-drawer')")
    tab.reload()
    assert tab.eval_on_selector(icon, "e => getComputedStyle(e).outlineStyle") == "none"
    tab_to(tab, "#__navigation")
    assert tab.eval_on_selector(icon, "e => getComputedStyle(e).outlineStyle") == "solid"
    tab.keyboard.press("Space")
    expect(drawer).to_be_in_viewport(ratio=1)
    href = Path(os.path.relpath(OTHER, Path(PAGE).parent)).as_posix()
    tab_to(tab, f".sidebar-drawer a[href='{href}.html']")
    tab.keyboard.press("Enter")
    expect(tab).to_have_url(f"{site_url}{OTHER}.html")
    tab_to(tab, "#__navigation")
    tab.keyboard.press("Space")
    expect(drawer).to_be_in_viewport(ratio=1)
    tab.keyboard.press("Space")
    expect(drawer).not_to_be_in_viewport()


def test_toggles_stay_out_of_the_way_on_a_laptop(visit, site_url: str) -> None:
    """Where the sidebar is always shown, its hidden toggle is not a stop for the Tab key."""
    tab = visit(WIDTHS["laptop"]).open(f"{site_url}{PAGE}.html")
    assert tab.eval_on_selector("#__navigation", "e => getComputedStyle(e).display") == "none"
    assert tab.eval_on_selector("#__toc", "e => getComputedStyle(e).display") == "none"


@pytest.mark.parametrize("how", ["click", "keyboard"])
def test_bibtex_block_opens_and_copies(visit, site_url: str, how: str) -> None:
    """Each paper's BibTeX block opens, and its Copy button puts the entry on the clipboard."""
    visit_ = visit(WIDTHS["phone"])
    visit_.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url[:-1])
    tab = visit_.open(f"{site_url}{PAPERS}.html")
    details = tab.locator("details.cv-pub-bibtex").first
    summary = details.locator("summary")
    pre = details.locator("pre")
    copy = details.locator("button.cv-pub-copy")
    status = details.locator(".cv-pub-copy-status")
    expect(pre).to_be_hidden()
    expect(copy).to_be_hidden()
    if how == "click":
        summary.click()
        expect(pre).to_be_visible()
        copy.click()
    else:
        tab_to(tab, "details.cv-pub-bibtex > summary", limit=60)
        tab.keyboard.press("Enter")
        expect(pre).to_be_visible()
        tab.keyboard.press("Tab")
        assert tab.evaluate("document.activeElement.className") == "cv-pub-copy"
        tab.keyboard.press("Enter")
    expect(status).to_have_text("Copied")
    entry = pre.inner_text()
    assert entry.startswith("@inproceedings{")
    assert tab.evaluate("navigator.clipboard.readText()") == entry
    # ... and the block closes again.
    if how == "click":
        summary.click()
    else:
        tab.keyboard.press("Shift+Tab")
        tab.keyboard.press("Space")
    expect(pre).to_be_hidden()
    assert visit_.problems == []
