"""What a visitor sees: every page of the real site in Debian's Chromium, served over HTTP.

Each page loads cleanly, passes axe-core, fits phones and laptops in light and dark mode, links
only to things that exist, and carries what search engines and screen readers need.
Screenshots go to the artefacts folder (see ``artifacts`` in conftest.py) for a person to look at.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
import sources
from axe_playwright_python.sync_playwright import Axe
from conftest import BACKGROUND, BACKGROUNDS, WIDTHS
from playwright.sync_api import Page

from cv.web.paperstore import page_of

#: Every page of the site: the sources, the page of each paper, and Sphinx's search page.
PAGES = [
    "index",
    *sorted(sources.pages()[1:]),
    *sorted(page_of(key) for key in sources.bibliography().entries),
    "search",
]
SCHEMES = ("light", "dark")


def test_pages_are_all_the_html_the_site_has(site_html: Path) -> None:
    built = sorted(str(p.relative_to(site_html).with_suffix("")) for p in site_html.rglob("*.html"))
    assert built == sorted(PAGES)


#: Text in the content set smaller than 12 px (Lighthouse's "legible font sizes"), even where
#: it is folded away (a closed <details>) until a visitor opens it.
SMALL_TEXT = """() => [...document.querySelectorAll("article *")]
  .filter(e => [...e.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.data.trim()))
  .filter(e => parseFloat(getComputedStyle(e).fontSize) < 12)
  .map(e => `${e.tagName.toLowerCase()}.${e.className}: ${getComputedStyle(e).fontSize}`)"""


def axe_violations(tab: Page, **options: object) -> list[str]:
    """What axe-core (bundled in axe-playwright-python: no network) finds on the page, readably.

    Every rule axe runs by default, plus WCAG 2.2's target size (off by default; Lighthouse runs
    it).
    """
    options = {
        "resultTypes": ["violations"],
        "rules": {"target-size": {"enabled": True}},
        **options,
    }
    results = Axe().run(tab, options=options)
    return [
        f"{v['id']} ({v['impact']}): {v['help']}: "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"])
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("page", PAGES)
def test_page_is_clean_and_accessible(visit, site_url: str, page: str) -> None:
    """No console error or failed request; metadata for search engines and screen readers."""
    visit_ = visit(WIDTHS["wide"], "light")
    tab = visit_.open(f"{site_url}{page}.html")
    # Headless Chromium need not fetch the icon itself: ask for it as a browser would.
    for href in tab.eval_on_selector_all("link[rel~=icon]", "els => els.map(e => e.href)"):
        icon = tab.request.get(href)
        assert icon.status == 200, href
        assert icon.headers["content-type"] == "image/svg+xml", href

    assert tab.evaluate("document.documentElement.lang") == "en"
    assert tab.title().endswith(sources.conf()["html_title"]), tab.title()
    description = tab.get_attribute("meta[name=description]", "content")
    assert description is not None
    assert len(description) >= 30, description
    assert tab.locator("h1").count() == 1
    # Furo's sidebars are two "complementary" landmarks: each needs a name of its own.
    landmarks = tab.eval_on_selector_all("aside", "els => els.map(e => e.ariaLabel)")
    assert landmarks == ["Site navigation", "On this page"]
    assert tab.eval_on_selector_all("img:not([alt])", "els => els.map(e => e.src)") == []
    assert tab.evaluate(SMALL_TEXT) == []
    assert visit_.problems == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_axe_finds_nothing(visit, site_url: str, page: str, width: str) -> None:
    """axe-core, every rule, on a phone (390 px: furo's drawers closed), a laptop (1280 px: the
    contents sidebar folded away) and a wide screen (1440 px: both sidebars), light and dark."""
    visit_ = visit(WIDTHS[width], "light")
    tab = visit_.open(f"{site_url}{page}.html")
    for scheme in SCHEMES:
        tab.emulate_media(color_scheme=scheme)
        assert tab.evaluate(BACKGROUND) == BACKGROUNDS[scheme]
        assert axe_violations(tab) == [], f"{width}, {scheme}"
    assert visit_.problems == []


#: Elements of the content column wider than the screen, or scrolling sideways inside it.
OVERFLOWS = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width) {
    found.push(`page is ${document.documentElement.scrollWidth}px wide`);
  }
  for (const el of document.querySelectorAll(".content, .content *")) {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.visibility === "hidden" || box.width <= 1) continue;
    const name = el.tagName.toLowerCase() + (el.className ? "." + el.className : "");
    if (box.right > width + 0.5) found.push(`${name} ends at ${box.right}px`);
    if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== "visible") {
      found.push(`${name} scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`);
    }
  }
  return found;
}"""


@pytest.mark.parametrize("width", ["phone", "laptop"])
@pytest.mark.parametrize("page", PAGES)
def test_fits_the_screen(visit, site_url: str, artifacts: Path, page: str, width: str) -> None:
    """Nothing sticks out sideways on phones and laptops, light or dark; screenshots for review."""
    tab = visit(WIDTHS[width]).open(f"{site_url}{page}.html")
    for scheme in SCHEMES:
        tab.emulate_media(color_scheme=scheme)
        assert tab.evaluate(BACKGROUND) == BACKGROUNDS[scheme]
        assert tab.evaluate(OVERFLOWS) == []
        shot = artifacts / "screens" / f"{page.replace('/', '-')}-{width}-{scheme}.png"
        tab.screenshot(path=shot, full_page=True)


@pytest.mark.parametrize(
    ("system", "stored"), [("light", "dark"), ("dark", "light"), ("dark", "auto")]
)
def test_stored_theme_wins_over_the_system_one(
    visit, site_url: str, system: str, stored: str
) -> None:
    """Furo's toggle stores the choice; it overrides the system's prefers-color-scheme."""
    tab = visit(390, system, stored_theme=stored).open(f"{site_url}{sources.pages()[1]}.html")
    shown = system if stored == "auto" else stored
    assert tab.evaluate("document.body.dataset.theme") == stored
    assert tab.evaluate(BACKGROUND) == BACKGROUNDS[shown]
    assert tab.evaluate(OVERFLOWS) == []


def test_internal_links_and_anchors_resolve(visit, site_url: str) -> None:
    """Every same-site link, stylesheet, script and image answers 200; every #fragment exists."""
    visit_ = visit()
    ids: dict[str, set[str]] = {}
    links: list[tuple[str, str]] = []
    for page in PAGES:
        url = f"{site_url}{page}.html"
        tab = visit_.open(url)
        ids[url] = set(
            tab.eval_on_selector_all("[id], a[name]", "els => els.map(e => e.id || e.name)")
        )
        hrefs = tab.eval_on_selector_all(
            "a[href], link[href], script[src], img[src]", "els => els.map(e => e.href || e.src)"
        )
        links += [(url, href) for href in hrefs]
    assert visit_.problems == []
    assert links

    checked: dict[str, int] = {}
    broken = []
    for source, href in links:
        assert href.startswith(("http://", "https://", "mailto:")), (source, href)
        target, fragment = urldefrag(href)
        if not target.startswith(site_url):
            continue
        if target not in checked:
            checked[target] = visit_.page.request.get(target).status
        if checked[target] != 200:
            broken.append(f"{source} -> {href}: HTTP {checked[target]}")
        elif fragment and fragment not in ids.get(target, set()):
            if target not in ids:  # a page that is not in PAGES: read its ids too
                visit_.open(target)
                ids[target] = set(
                    visit_.page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
                )
            if fragment not in ids[target]:
                broken.append(f"{source} -> {href}: no #{fragment}")
    assert broken == []
    assert urljoin(site_url, "index.html") in checked


def test_publications_page_is_light_and_not_render_blocked(visit, site_url: str) -> None:
    """At most 150 KB over the wire (gzipped, as hosts serve it); only the theme's CSS blocks."""
    visit_ = visit()
    tab = visit_.open(f"{site_url}{sources.list_pages()[0]}.html")
    tab.wait_for_load_state("networkidle")
    entries = tab.evaluate(
        """() => [...performance.getEntriesByType("navigation"),
                  ...performance.getEntriesByType("resource")].map(
            e => ({name: e.name, size: e.transferSize, blocking: e.renderBlockingStatus}))"""
    )
    assert all(e["size"] > 0 for e in entries), entries  # nothing came from a cache
    total = sum(e["size"] for e in entries)
    assert total <= 150 * 1024, f"{total / 1024:.1f} KB: {entries}"
    blocking = sorted(
        Path(urldefrag(e["name"]).url.split("?")[0]).name
        for e in entries
        if e["blocking"] == "blocking"
    )
    # cv-publications.css ships with the extension (cv.publications), the rest with the site.
    assert blocking == [
        "cv-publications.css",
        "cv.css",
        "furo-extensions.css",
        "furo.css",
        "pygments.css",
    ]
    assert visit_.problems == []
