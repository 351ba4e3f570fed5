"""The cv-entry directive: every option, the body, each builder, and every bad input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import OTHER_BUILDERS, other_builder_output
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences
from sphinx.util.inventory import InventoryFile

SPECIALS = '$%#_{}~^\\ "Entry"'


def entry(soup: BeautifulSoup, title: str):
    """The entry div whose title is *title*."""
    strong = soup.find("strong", class_="cv-entry-title", string=title)
    assert strong is not None, title
    return strong.find_parent("div", class_="cv-entry")


@pytest.mark.sphinx("html", testroot="entries", freshenv=True)
def test_html(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    soup = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")

    job = entry(soup, "Research Scientist")
    assert job["id"] == "job-example"
    what = job.find("p", class_="cv-entry-what")
    assert what.get_text() == "Research Scientist, Example Labs, Springfield"
    assert what.find("span", class_="cv-entry-org").get_text() == "Example Labs"
    assert what.find("span", class_="cv-entry-location").get_text() == "Springfield"
    when = job.find("p", class_="cv-entry-when")
    assert when.get_text() == "Jan 2020 – present"
    assert [t["datetime"] for t in when.find_all("time")] == ["2020-01"]
    people = job.find("p", class_="cv-entry-people")
    assert people.get_text() == "Supervisor: John Roe; Advisor: Richard Miles"
    # The body is MyST: a real list with emphasis and a link.
    item = job.find("ul").find("li")
    assert item.find("em").get_text() == "things"
    assert item.find("a")["href"] == "https://example.org"

    assert [t["datetime"] for t in entry(soup, "Visiting Student").find_all("time")] == [
        "2019-06",
        "2019-08",
    ]
    award = entry(soup, "Best Talk Award")
    assert award.find("p", class_="cv-entry-when").get_text() == "Apr 2018, Oct 5, 2019"
    assert entry(soup, "Teaching Assistant").find("p", class_="cv-entry-when").get_text() == (
        "Fall 2017"
    )
    # Unnamed entries still get a readable, unique anchor.
    assert entry(soup, "Visiting Student")["id"] == "visiting-student"

    # Special characters in fields are text, shown exactly, never markup.
    special = entry(soup, f"Untimed & <Special> {SPECIALS}")
    assert special.find("span", class_="cv-entry-org").get_text() == "Org & <b>Co</b> $%#_{}~^\\"
    assert special.find("b") is None
    assert special.find("p", class_="cv-entry-when") is None

    # A named entry is a std:label whose text is the entry's title.
    ref = soup.find("a", class_="reference internal", href="#job-example")
    assert ref.get_text() == "Research Scientist"
    inv = InventoryFile.loads((app.outdir / "objects.inv").read_bytes(), uri="")
    label = inv["std:label", "job-example"]
    assert (label.uri, label.display_name) == ("index.html#job-example", "Research Scientist")


@pytest.mark.sphinx("html", testroot="entries", freshenv=True)
def test_doctree(app: SphinxTestApp, file_regression) -> None:
    """The whole doctree the entries make (nodes, classes, ids, dates), as a snapshot:
    regenerate it with ``--force-regen`` after a deliberate change, and read the diff."""
    app.build()
    assert app.warning.getvalue() == ""
    # The <document> line holds Sphinx's own attributes (source path, translation progress).
    doctree = app.env.get_doctree("index").pformat().split("\n", 1)[1]
    file_regression.check(doctree, extension=".xml")


@pytest.mark.sphinx("latex", testroot="entries", freshenv=True)
def test_latex(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    tex = (app.outdir / "janedoe.tex").read_text()
    assert "\\usepackage{cv}" in tex
    assert (app.outdir / "cv.sty").exists()
    assert (
        "\\begin{cvEntry}\\label{\\detokenize{index:job-example}}\n"
        "\\cvEntryHead{\\sphinxstylestrong{Research Scientist}, "
        "\\DUrole{cv-entry-org}{Example Labs}, \\DUrole{cv-entry-location}{Springfield}}"
        "{Jan 2020 \\textendash{} present}\n"
    ) in tex
    # An entry without organisation keeps both arguments of \cvEntryHead; one without a date too.
    assert "\\cvEntryHead{\\sphinxstylestrong{Teaching Assistant}}{Fall 2017}\n" in tex
    # Every LaTeX special is escaped by the writer, never passed through.
    assert (
        "\\DUrole{cv-entry-org}{Org \\& \\textless{}b\\textgreater{}Co\\textless{}/b\\textgreater{}"
        " \\$\\%\\#\\_\\{\\}\\textasciitilde{}\\textasciicircum{}\\textbackslash{}}}{}\n"
    ) in tex
    assert tex.count("\\begin{cvEntry}") == tex.count("\\end{cvEntry}") == 5


@pytest.mark.sphinx("text", testroot="entries", freshenv=True)
def test_text(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    text = (app.outdir / "index.txt").read_text()
    assert "**Research Scientist**, Example Labs, Springfield – Jan 2020 – present\n" in text
    assert "Supervisor: John Roe; Advisor: Richard Miles" in text
    assert "* Built *things* at Example" in text


@pytest.mark.parametrize("builder", OTHER_BUILDERS)
def test_other_builders_fall_back_to_readable_text(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path], builder: str
) -> None:
    output = other_builder_output(make_app, root_copy("entries"), builder)
    for fact in ("Research Scientist", "Example Labs", "Jan 2020", "Supervisor: John Roe"):
        assert fact in output


DATES_HELP = "use YYYY, YYYY-MM, YYYY-MM-DD or a term such as 'Fall 2017'"
NO_DATES = "the entry is shown without dates [cv.dates]"
RAW = "raw html is shown as text, not run; write Markdown instead [cv.markup]"

#: One bad value each, and the one located message it gives. The entry itself is always kept.
BAD_ENTRIES = {
    "impossible date": (
        ":::{cv-entry} Job\n:date: 2023-13\n:::\n",
        f"bad.md:3: WARNING: cv-entry: :date: '2023-13' is not a real date (month must be in "
        f"1..12); {NO_DATES}",
    ),
    "unknown date format": (
        ":::{cv-entry} Job\n:date: Dec. 2023\n:::\n",
        f"bad.md:3: WARNING: cv-entry: :date: 'Dec. 2023' is not a date; {DATES_HELP}; {NO_DATES}",
    ),
    # Each of these was a traceback (AttributeError in dates.py) that stopped the whole build.
    "empty end": (
        ":::{cv-entry} Job\n:start: 2019\n:end:\n:::\n",
        f"bad.md:3: WARNING: cv-entry: :end: no date given; {DATES_HELP} (or 'present'); "
        f"{NO_DATES}",
    ),
    "empty start": (
        ":::{cv-entry} Job\n:start:\n:end: 2020\n:::\n",
        f"bad.md:3: WARNING: cv-entry: :start: no date given; {DATES_HELP}; {NO_DATES}",
    ),
    "empty date": (
        ":::{cv-entry} Job\n:date:\n:::\n",
        f"bad.md:3: WARNING: cv-entry: :date: no date given; {DATES_HELP}; {NO_DATES}",
    ),
    "bad start, good end": (
        ":::{cv-entry} Job\n:start: 2019-00\n:end: present\n:::\n",
        f"bad.md:3: WARNING: cv-entry: :start: '2019-00' is not a real date (month must be in "
        f"1..12); {NO_DATES}",
    ),
    "end before start": (
        ":::{cv-entry} Job\n:start: 2023-05\n:end: 2022-01\n:::\n",
        "bad.md:3: WARNING: cv-entry: :end: Jan 2022 is before :start: May 2023; swap them "
        "[cv.dates]",
    ),
    "start without end": (
        ":::{cv-entry} Job\n:start: 2019\n:::\n",
        "bad.md:3: WARNING: cv-entry: a date range needs both :start: and :end: (use :end: "
        "present for an ongoing one, or :date: for a single date) [cv.dates]",
    ),
    "date and range": (
        ":::{cv-entry} Job\n:date: 2020\n:start: 2019\n:end: 2020\n:::\n",
        "bad.md:3: WARNING: cv-entry: give either :date: or :start: and :end:, not both [cv.dates]",
    ),
    "unknown option": (
        ":::{cv-entry} Job\n:org: X\n:employer: Y\n:::\n",
        "bad.md:5: WARNING: 'cv-entry': Unknown option key: 'employer' (allowed: ['advisor', "
        "'class', 'date', 'end', 'location', 'name', 'org', 'start', 'supervisor', 'tags']) "
        "[myst.directive_option]",
    ),
    **{
        f"empty {key}": (
            f":::{{cv-entry}} Job\n:{key}:\n:::\n",
            f"bad.md:4: WARNING: 'cv-entry': Invalid option value for '{key}': None: no value "
            "given; write one (':org: Example Labs') or leave the option out "
            "[myst.directive_option]",
        )
        for key in ("org", "location", "supervisor", "advisor", "name")
    },
    "bad class": (
        ":::{cv-entry} Job\n:class: !!\n:::\n",
        "bad.md:4: WARNING: 'cv-entry': Invalid option value for 'class': !!: cannot make "
        '"!!" into a class name [myst.directive_option]',
    ),
    "missing title": (
        ":::{cv-entry}\n:org: X\n:::\n",
        "bad.md:3: ERROR: Directive 'cv-entry': 1 argument(s) required, 0 supplied [docutils]",
    ),
    "inline HTML in the body": (
        ":::{cv-entry} Job\nDid <script>alert(1)</script> things.\n:::\n",
        f"bad.md:4: WARNING: cv-entry: {RAW}",
    ),
    "an HTML block in the body": (
        ':::{cv-entry} Job\n<div onclick="alert(1)">x</div>\n:::\n',
        f"bad.md:4: WARNING: cv-entry: {RAW}",
    ),
    "a raw directive in the body": (
        ":::{cv-entry} Job\n```{raw} latex\n\\input{/etc/passwd}\n```\n:::\n",
        "bad.md:4: WARNING: cv-entry: raw latex is shown as text, not run; write Markdown "
        "instead [cv.markup]",
    ),
    "a javascript: link in the body": (
        ":::{cv-entry} Job\n```{eval-rst}\n`x <javascript:alert(1)>`_\n```\n:::\n",
        "bad.md:3: WARNING: cv-entry: a javascript: link is not allowed, only http(s), mailto or "
        "relative ones; it is shown as text [cv.markup]",
    ),
}


@pytest.mark.parametrize(("body", "message"), BAD_ENTRIES.values(), ids=BAD_ENTRIES)
def test_bad_input_is_a_located_message(
    make_app: Callable[..., SphinxTestApp],
    root_copy: Callable[[str], Path],
    body: str,
    message: str,
) -> None:
    srcdir = root_copy("entries-bad")
    (srcdir / "bad.md").write_text(f"# Bad\n\n{body}")
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = strip_escape_sequences(app.warning.getvalue())
    assert warnings == f"{srcdir / message}\n"
    # The entry is kept (only a title is required); nothing of the input became markup.
    soup = BeautifulSoup((app.outdir / "bad.html").read_text(), "html.parser")
    page = soup.find("div", class_="body")
    titles = [t.get_text() for t in page.select("div.cv-entry .cv-entry-title")]
    assert titles == ([] if body.startswith(":::{cv-entry}\n") else ["Job"])
    assert page.find_all("script") == []
    assert page.select("[onclick], a[href^='javascript:']") == []


def test_bad_input_fails_a_strict_build(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    srcdir = root_copy("entries-bad")
    (srcdir / "bad.md").write_text("# Bad\n\n" + BAD_ENTRIES["end before start"][0])
    app = make_app("html", srcdir=srcdir, warningiserror=True)
    app.build()
    assert app.statuscode == 1  # what sphinx-build -W exits with
    assert "is before :start:" in app.warning.getvalue()


def test_rest_gives_the_same_single_message(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    """In reST, where a failing option converter would drop the whole entry, dates are checked
    in the directive too: the same one message, and the entry kept."""
    srcdir = root_copy("entries-bad")
    (srcdir / "bad.rst").write_text("Bad\n===\n\n.. cv-entry:: Job\n   :start: 2019\n   :end:\n")
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = strip_escape_sequences(app.warning.getvalue())
    assert warnings == (
        f"{srcdir / 'bad.rst'}:4: WARNING: cv-entry: :end: no date given; {DATES_HELP} "
        f"(or 'present'); {NO_DATES}\n"
    )
    soup = BeautifulSoup((app.outdir / "bad.html").read_text(), "html.parser")
    assert [t.get_text() for t in soup.select("div.cv-entry .cv-entry-title")] == ["Job"]
