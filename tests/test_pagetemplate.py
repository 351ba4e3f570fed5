"""Paper pages filled in from the template rendered once (cv.speed.pagetemplate): the same bytes as
the template's own rendering, for any entries, and the template whenever that cannot be shown.

The unit tests use jinja templates of their own, in the sandbox Sphinx renders with; the last
tests build the paperpages test root twice, filled in and rendered page by page, and compare.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import DictLoader
from jinja2.sandbox import SandboxedEnvironment
from sphinx.testing.util import SphinxTestApp

from cv.speed import pagetemplate
from cv.speed.pagetemplate import PageTemplates

# furo's uses of the slots: <title> through striptags and escaping, the canonical link escaped,
# the head tags and the body as they are.
PAGE = """<head>{{ metatags }}<title>{{ title|striptags|e }} - {{ docstitle|e }}</title>
{%- if pageurl %}<link rel="canonical" href="{{ pageurl|e }}">{% endif %}</head>
<body data-page="{{ pagename }}">{{ nav }}{{ body }}{% for f in files %}<link href="{{ f }}">
{%- endfor %}</body>"""


class Loader:
    """What PageTemplates uses of Sphinx's BuiltinTemplateLoader: its environment, render."""

    def __init__(self, **templates: str) -> None:
        self.environment = SandboxedEnvironment(loader=DictLoader(templates))
        self.rendered = 0

    def render(self, template: str, context: dict[str, Any]) -> str:
        self.rendered += 1
        return self.environment.get_template(template).render(context)

    def newest_template_mtime(self) -> float:
        return 0.0


def context(title: str, body: str, **more: Any) -> dict[str, Any]:
    key = title[:8]
    return {
        "cv_paper": key,
        "pagename": f"papers/{key}",
        "current_page_name": f"papers/{key}",
        "title": title,
        "body": body,
        "metatags": f'<meta name="citation_title" content="{title}">',
        "pageurl": None,
        "docstitle": "Jane Doe",
        "nav": "<nav>Home</nav>",
        "files": ["a.css"],
        "pathto": lambda name: name,
        **more,
    }


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@given(pages=st.lists(st.tuples(TEXT, TEXT, st.none() | TEXT), min_size=1, max_size=8))
def test_filled_in_pages_are_the_templates_own(pages: list[tuple[str, str, str | None]]) -> None:
    loader = Loader(**{"page.html": PAGE})
    templates = PageTemplates(loader, "cv_paper")  # type: ignore[arg-type]
    for title, body, url in pages:
        page = context(title, body, pageurl=url)
        assert templates.render("page.html", page) == loader.render("page.html", page)


def test_pages_past_the_first_are_filled_in() -> None:
    loader = Loader(**{"page.html": PAGE})
    templates = PageTemplates(loader, "cv_paper")  # type: ignore[arg-type]
    titles = ['Quotes "and" &amp; <b>tags</b>', "Two  spaces", "Plain", "x", "y"]
    pages = [templates.render("page.html", context(title, f"<p>{title}</p>")) for title in titles]
    assert templates.filled == len(titles) - pagetemplate.CHECKED
    loader.rendered = 0
    assert pages == [loader.render("page.html", context(t, f"<p>{t}</p>")) for t in titles]


def test_other_pages_are_the_templates() -> None:
    loader = Loader(**{"page.html": PAGE})
    templates = PageTemplates(loader, "cv_paper")  # type: ignore[arg-type]
    page = context("A", "B")
    del page["cv_paper"]
    for _ in range(4):
        assert templates.render("page.html", page) == loader.render("page.html", page)
    assert templates.filled == 0


@pytest.mark.parametrize(
    "use",
    [
        "{{ title|length }}",  # a form not known here
        "{{ title|upper }}",
        "{% if 'secret' in body %}S{% endif %}",  # only a page's rendering can show this
        "{{ body[:3] }}",
    ],
)
def test_a_template_that_does_more_with_a_slot_renders_every_page(use: str) -> None:
    loader = Loader(**{"page.html": PAGE + use})
    templates = PageTemplates(loader, "cv_paper")  # type: ignore[arg-type]
    bodies = ["<p>one secret</p>", "<p>two secret</p>", "<p>three</p>", "<p>four secret</p>"]
    for number, body in enumerate(bodies):
        page = context(f"Title {number}", body)
        assert templates.render("page.html", page) == loader.render("page.html", page)
    assert templates.filled == 0


def test_pages_whose_other_entries_differ_are_not_filled_in_alike() -> None:
    loader = Loader(**{"page.html": PAGE})
    templates = PageTemplates(loader, "cv_paper")  # type: ignore[arg-type]
    files = ["a.css"]
    for number in range(6):
        # One list, changed in place, as Sphinx's list of stylesheets is.
        files[:] = ["a.css"] if number % 2 else ["a.css", f"extra{number}.css"]
        nav = f"<nav>{number % 3}</nav>"
        page = context(f"Title {number}", "<p>body</p>", files=files, nav=nav)
        assert templates.render("page.html", page) == loader.render("page.html", page)


def test_a_shared_cache_does_not_tell_pages_apart() -> None:
    loader = Loader(**{"page.html": PAGE})
    templates = PageTemplates(loader, "cv_paper", shared=("cache",))  # type: ignore[arg-type]
    cache: dict[str, str] = {}
    for number in range(5):
        cache[str(number)] = "grows as pages are written"
        page = context(f"Title {number}", "<p>body</p>", cache=cache)
        assert templates.render("page.html", page) == loader.render("page.html", page)
    assert templates.filled == 5 - pagetemplate.CHECKED


def test_everything_else_is_the_loaders() -> None:
    loader = Loader(**{"page.html": PAGE})
    templates = PageTemplates(loader, "cv_paper")  # type: ignore[arg-type]
    assert templates.newest_template_mtime() == 0.0
    assert templates.environment is loader.environment


# -- The paper pages of a build ------------------------------------------------------------------


# sphinx-sitemap 2.9 (hosted builds) reads env.app, which Sphinx 9 deprecates.
@pytest.mark.filterwarnings("ignore:'sphinx.environment.BuildEnvironment.app' is deprecated")
@pytest.mark.parametrize("base", ["", "https://example.org/cv/"])
def test_paper_pages_are_as_the_theme_renders_them(
    base: str,
    monkeypatch: pytest.MonkeyPatch,
    make_app: Callable[..., SphinxTestApp],
    rootdir: Path,
    tmp_path: Path,
) -> None:
    """Each paper page of a build (furo, our page.html, sitemap and Open Graph when hosted) is
    the same file whether filled in or rendered by the template page by page."""
    monkeypatch.setenv("CV_TEST_BASEURL", base)
    pages = []
    for speed in ({}, {"page_template": False}):
        srcdir = shutil.copytree(rootdir / "test-paperpages", tmp_path / f"src{len(pages)}")
        app = make_app("html", srcdir=srcdir, freshenv=True, confoverrides={"cv_speed": speed})
        app.build()
        assert app.warning.getvalue() == ""
        app.cleanup()  # its registrations undone, for the next app
        pages.append({p.name: p.read_bytes() for p in (app.outdir / "papers").glob("*.html")})
    filled, rendered = pages
    assert len(filled) == 7
    assert filled == rendered
