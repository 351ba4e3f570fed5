"""Who the CV is of, written once and read everywhere (cv.owner): the name, the current role,
the contact links, the CV's date, the favicon, the pages' descriptions.

The test root (tests/roots/test-owner) is made up; what is expected is written out here.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import require
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from cv.owner.contact import parse_contact
from cv.owner.settings import initials

PROFILES = [
    "https://janedoe.example.org/",
    "https://github.com/janedoe",
    "https://scholar.google.com/citations?user=AbCdEfGhIjKL",
    "https://orcid.org/0000-0002-1825-0097",
    "https://www.linkedin.com/in/jane-doe-example",
    "https://blog.example.org/",
]
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def built(make_app: Callable[..., SphinxTestApp], srcdir: Path, builder: str = "html", **kw: Any):
    app = make_app(builder, srcdir=srcdir, **kw)
    app.build()
    assert app.warning.getvalue() == ""
    app.cleanup()  # its outputs stay; another app may build after it
    return app


def jsonld_person(outdir: Path) -> dict[str, Any]:
    script = soup_of(outdir / "index.html").find("script", type="application/ld+json")
    (person,) = json.loads(script.string)["@graph"]
    return person


def description(outdir: Path, page: str) -> str:
    return soup_of(outdir / f"{page}.html").find("meta", attrs={"name": "description"})["content"]


# -- The current role: the positions that run to "present" ---------------------------------------


def test_the_current_role_is_read_from_the_positions(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    app = built(make_app, root_copy("owner"))
    role = soup_of(app.outdir / "index.html").select_one("article p.cv-current-role")
    # The service page's ongoing entry is no position (cv_jsonresume_sections: volunteer).
    assert role.get_text() == "Research Scientist, Example Labs"
    assert role.find("strong") is not None
    person = jsonld_person(app.outdir)
    assert person["jobTitle"] == "Research Scientist"
    assert person["worksFor"] == {"@type": "Organization", "name": "Example Labs"}
    basics = json.loads((app.outdir / "resume.json").read_text())["basics"]
    assert basics["label"] == "Research Scientist"
    assert description(app.outdir, "index") == (
        "Jane Doe, Research Scientist at Example Labs: Researcher of made-up things."
    )


def test_a_new_position_changes_the_role_on_the_next_build(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    srcdir = root_copy("owner")
    built(make_app, srcdir)
    experience = srcdir / "sections/experience.md"
    experience.write_text(
        experience.read_text().replace(
            "# Experience\n",
            "# Experience\n\n:::{cv-entry} Professor\n:org: Example "
            "University\n:start: 2026-01\n:end: present\n:::\n",
        )
    )
    app = built(make_app, srcdir)  # the same environment: only what changed is read again
    role = soup_of(app.outdir / "index.html").select_one("p.cv-current-role").get_text()
    assert role == "Professor, Example University; Research Scientist, Example Labs"


def test_without_a_current_position_no_role_is_shown(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    srcdir = root_copy("owner")
    experience = srcdir / "sections/experience.md"
    experience.write_text(experience.read_text().replace(":end: present", ":end: 2025-01"))
    app = built(make_app, srcdir)
    assert soup_of(app.outdir / "index.html").select("p.cv-current-role") == []
    assert "jobTitle" not in jsonld_person(app.outdir)
    tex = built(make_app, srcdir, "latex").outdir / "JaneDoe_CV.tex"
    assert "Research Scientist, Example Labs" not in tex.read_text().split("Profile")[0]


# -- Contact links -----------------------------------------------------------------------------


def test_contact_links_on_the_site_in_jsonld_and_resume_json(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    app = built(make_app, root_copy("owner"))
    index = soup_of(app.outdir / "index.html")
    line = index.select_one("article p.cv-contact")
    assert [a["href"] for a in line.select("a")] == PROFILES
    (script,) = index.find_all("script", src=re.compile(r"cv-contact\.js"))
    assert script.attrs.keys() == {"src", "defer"}  # valid HTML, after the page is parsed
    assert [a.get_text() for a in line.select("a")] == [
        "janedoe.example.org",
        "github.com/janedoe",
        "Google Scholar",
        "orcid.org/0000-0002-1825-0097",
        "linkedin.com/in/jane-doe-example",
        "Blog",
    ]
    assert jsonld_person(app.outdir)["sameAs"] == PROFILES
    basics = json.loads((app.outdir / "resume.json").read_text())["basics"]
    assert basics["email"] == "jane.doe@example.org"
    assert basics["url"] == "https://janedoe.example.org/"
    assert basics["profiles"] == [
        {"network": "GitHub", "username": "janedoe", "url": PROFILES[1]},
        {"network": "Google Scholar", "username": "AbCdEfGhIjKL", "url": PROFILES[2]},
        {"network": "ORCID", "username": "0000-0002-1825-0097", "url": PROFILES[3]},
        {"network": "LinkedIn", "url": PROFILES[4]},
        {"network": "Blog", "url": PROFILES[5]},
    ]


def test_no_email_address_for_harvesters_in_the_html(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    """No mailto:, and no address in the source or in its text with the tags dropped; a person
    sees (and copies) the address: the decoy between its halves is hidden."""
    app = built(make_app, root_copy("owner"))
    for page in app.outdir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "mailto:" not in html
        assert "jane.doe@example.org" not in EMAIL.findall(html)
        assert "jane.doe@example.org" not in EMAIL.findall(BeautifulSoup(html, "html.parser").text)
    email = soup_of(app.outdir / "index.html").select_one(".cv-contact .cv-email")
    for hidden in email.select("[hidden]"):
        hidden.decompose()
    assert email.get_text() == "jane.doe@example.org"
    assert "jane.doe@example.org" not in (app.outdir / "searchindex.js").read_text()


def test_the_email_is_a_link_with_javascript_and_text_without(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path], browser: Any
) -> None:
    app = built(make_app, root_copy("owner"))
    url = (app.outdir / "index.html").as_uri()
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript)
        tab = context.new_page()
        tab.goto(url)
        line = tab.locator("p.cv-contact")
        assert line.inner_text().startswith("jane.doe@example.org · janedoe.example.org")
        links = tab.locator("p.cv-contact a[href^='mailto:']")
        assert links.count() == (1 if javascript else 0)
        if javascript:
            assert links.first.get_attribute("href") == "mailto:jane.doe@example.org"
        context.close()


def test_contact_links_in_the_pdf_header(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    app = built(make_app, root_copy("owner"), "latex")
    head = (app.outdir / "JaneDoe_CV.tex").read_text().split("Researcher of made-up things")[0]
    assert "\\sphinxhref{mailto:jane.doe@example.org}{jane.doe@example.org}" in head
    for url in PROFILES:
        assert f"\\sphinxhref{{{url}}}" in head.replace("\\%", "%")


def test_without_contact_links_nothing_shows(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    app = built(make_app, root_copy("owner"), confoverrides={"cv_contact": {}})
    index = soup_of(app.outdir / "index.html")
    assert index.select(".cv-contact") == []
    assert "cv-contact.js" not in str(index)
    assert "sameAs" not in jsonld_person(app.outdir)
    basics = json.loads((app.outdir / "resume.json").read_text())["basics"]
    assert not {"email", "profiles"} & basics.keys()


@pytest.mark.parametrize(
    ("contact", "message"),
    [
        ({"email": "jane at example.org"}, "cv_contact['email'] = 'jane at example.org': give"),
        ({"github": "jane doe"}, "give a GitHub user name or id ('janedoe')"),
        ({"orcid": "1234"}, "give a ORCID user name or id ('0000-0002-1825-0097')"),
        ({"Blog": "blog.example.org"}, "cv_contact['Blog'] = 'blog.example.org': give an https://"),
        ({"homepage": "ftp://example.org"}, "give the homepage's https:// address"),
        (["jane@example.org"], "cv_contact maps 'email', 'homepage'"),
    ],
)
def test_a_bad_contact_link_is_a_config_error(
    make_app: Callable[..., SphinxTestApp],
    root_copy: Callable[[str], Path],
    contact: object,
    message: str,
) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        make_app("html", srcdir=root_copy("owner"), confoverrides={"cv_contact": contact})


def test_contact_keys_are_case_free_and_urls_stay() -> None:
    links = parse_contact({"GitHub": "https://github.com/jane", "ORCID": "0000-0002-1825-009X"})
    assert [(link.kind, link.url) for link in links] == [
        ("github", "https://github.com/jane"),
        ("orcid", "https://orcid.org/0000-0002-1825-009X"),
    ]


# -- The name: the owner in the papers, the favicon ---------------------------------------------


def test_the_owner_is_the_author_unless_cv_owner_says_otherwise(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    """refs.bib writes "Doe, Jane"; conf.py gives only author = "Jane Doe"."""
    app = built(make_app, root_copy("owner"))
    paper = soup_of(app.outdir / "sections/papers.html").select_one("li.cv-pub")
    assert [strong.get_text() for strong in paper.select(".cv-pub-authors strong")] == ["Jane Doe"]


@pytest.mark.parametrize(
    ("name", "letters"),
    [("Jane Doe", "JD"), ("Jane Q. Doe", "JD"), ("Zoë", "Z"), ("jean-paul de la Roe", "JR")],
)
def test_initials(name: str, letters: str) -> None:
    assert initials(name) == letters


def test_the_favicon_is_the_owners_initials(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    app = built(make_app, root_copy("owner"))
    icon = soup_of(app.outdir / "index.html").find("link", rel="icon")
    svg = (app.outdir / icon["href"]).read_text()
    assert ">JD</text>" in svg
    srcdir = app.srcdir
    (srcdir / "mine.svg").write_text("<svg/>")
    app = built(make_app, srcdir, confoverrides={"html_favicon": "mine.svg"})
    icon = soup_of(app.outdir / "index.html").find("link", rel="icon")
    assert (app.outdir / icon["href"]).read_text() == "<svg/>"


# -- Descriptions ------------------------------------------------------------------------------


def test_every_page_gets_a_description_unless_it_has_its_own(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    app = built(make_app, root_copy("owner"))
    assert description(app.outdir, "sections/experience") == (
        "Experience of Jane Doe: Research Scientist, Example Labs; Intern, Example Startup."
    )
    assert description(app.outdir, "sections/papers") == (
        "Papers of Jane Doe: 1 paper; Journal articles."
    )
    assert description(app.outdir, "sections/about") == (
        "A description of its own, written by hand for this page alone."
    )
    for page in ("index", "sections/experience", "sections/service", "sections/papers"):
        tags = soup_of(app.outdir / f"{page}.html").find_all("meta", attrs={"name": "description"})
        assert len(tags) == 1, page


# -- The CV's date: the last commit of its sources, else the build's day -------------------------


def git(srcdir: Path, *args: str, date: str = "2024-03-04T12:00:00+00:00") -> None:
    environ = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "HOME": str(srcdir)}
    subprocess.run(
        [require("git"), "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=srcdir,
        env=environ,
        check=True,
        capture_output=True,
    )


def updated_and_footer(outdir: Path) -> tuple[str, str]:
    soup = soup_of(outdir / "index.html")
    updated = re.search(r"CV updated on ([^.]+)\.", soup.get_text())[1]
    footer = " ".join(soup.select_one(".copyright").get_text().split())
    return updated, footer


def test_the_date_is_the_last_commit_of_the_sources(
    make_app: Callable[..., SphinxTestApp],
    root_copy: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026-05-28
    srcdir = root_copy("owner")
    git(srcdir, "init", "-q")
    git(srcdir, "add", ".")
    git(srcdir, "commit", "-q", "-m", "CV")
    app = built(make_app, srcdir, freshenv=True)
    assert updated_and_footer(app.outdir) == ("March 4, 2024", "Copyright © 2024, Jane Doe")
    # An edit not yet committed: the build's day.
    (srcdir / "sections/service.md").write_text("# Service\n\nNone yet.\n")
    app = built(make_app, srcdir, freshenv=True)
    assert updated_and_footer(app.outdir) == ("May 28, 2026", "Copyright © 2026, Jane Doe")
    # A date of one's own.
    app = built(make_app, srcdir, freshenv=True, confoverrides={"cv_updated": "2025-09-03"})
    assert updated_and_footer(app.outdir)[0] == "September 3, 2025"


def test_outside_git_the_date_is_the_build_day(
    make_app: Callable[..., SphinxTestApp],
    root_copy: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    app = built(make_app, root_copy("owner"))
    assert updated_and_footer(app.outdir) == ("May 28, 2026", "Copyright © 2026, Jane Doe")


def test_a_bad_date_is_a_config_error(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    with pytest.raises(ConfigError, match=r"cv_updated = '3 Sep 2025': give a date as YYYY-MM-DD"):
        make_app("html", srcdir=root_copy("owner"), confoverrides={"cv_updated": "3 Sep 2025"})
