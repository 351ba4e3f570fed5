"""Property-based tests of cv-entry: any option value, any body, never a traceback.

The strategies are plain Hypothesis (no Sphinx) and build what a user might write, good and
bad; the date parsers are checked on their own, then whole MyST pages are built to check, for
each generated page: no exception, exactly one located warning per bad value, every entry kept,
and nothing from the input reaching the HTML or the LaTeX as markup. Examples Hypothesis found
are kept as ordinary cases in test_entries.py (``BAD_ENTRIES``) and test_dates.py.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

from cv.bib.dates import CvDate, parse_date, parse_dates, parse_end
from cv.entries.directive import text_option

ROOT = Path(__file__).resolve().parent / "roots" / "test-entries-bad"

# -- Option values, Sphinx-free ------------------------------------------------------------------

#: Text a CV holds: any letter or digit of any script, punctuation, and every HTML and LaTeX
#: special. Line breaks end an option's value, so none are inside one.
CHARS = st.characters(
    categories=["L", "N", "P", "S", "Zs"],
    exclude_characters="\n\r\x85\u2028\u2029",
)
ANY_TEXT = st.one_of(st.none(), st.text(CHARS, max_size=30), st.text(max_size=30))

YEARS = st.integers(min_value=1000, max_value=9999)


@st.composite
def good_dates(draw: st.DrawFn) -> str:
    """A date in one of the accepted forms, as a user writes it."""
    year = draw(YEARS)
    form = draw(st.sampled_from(["year", "month", "day", "term"]))
    if form == "year":
        return str(year)
    if form == "term":
        term = draw(st.sampled_from(["Fall", "spring", "SUMMER", "Winter"]))
        return f"{term} {year}"
    month = draw(st.integers(1, 12))
    if form == "month":
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{draw(st.integers(1, 28)):02d}"


#: Values that look like dates but are not: impossible months and days, other formats, words.
BAD_DATES = st.one_of(
    st.just(""),
    st.builds(lambda y, m: f"{y}-{m:02d}", YEARS, st.sampled_from([0, 13, 99])),
    st.builds(lambda y: f"{y}-02-30", YEARS),
    st.builds(lambda y: f"{y}-00-10", YEARS),
    st.sampled_from(["Dec. 2023", "Autumn 2017", "23", "2023/12", "soon", "20233", "present!"]),
)


@given(ANY_TEXT)
def test_date_parsers_raise_only_value_errors(text: str | None) -> None:
    for parse in (parse_date, parse_dates, parse_end):
        try:
            parse(text)
        except ValueError as exc:
            assert str(exc)  # a message that says what was expected


@given(good_dates())
def test_good_dates_round_trip_through_their_iso_form(text: str) -> None:
    date = parse_date(text)
    assert str(date)
    again = parse_date(date.iso())
    assert (again.year, again.month, again.day) == (
        date.year,
        date.month if not date.term else None,
        date.day,
    )


@given(BAD_DATES)
def test_bad_dates_are_refused(text: str) -> None:
    try:
        parse_date(text)
    except ValueError:
        return
    raise AssertionError(f"{text!r} was taken for a date")


@given(st.lists(good_dates(), min_size=1, max_size=5))
def test_date_lists(texts: list[str]) -> None:
    assert parse_dates(", ".join(texts)) == [parse_date(text) for text in texts]


@given(ANY_TEXT)
def test_text_options_raise_only_value_errors(text: str | None) -> None:
    try:
        assert text_option(text) == (text or "").strip()
    except ValueError:
        assert text is None or not text.strip()


# -- Whole pages --------------------------------------------------------------------------------

#: A marker for "this reached the output as LaTeX": if ``\cvinjected`` appears in a .tex file,
#: input text was passed through unescaped.
LATEX_PAYLOAD = "\\cvinjected{x}"
HTML_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<iframe src=javascript:alert(1)></iframe>",
]


@st.composite
def plain_values(draw: st.DrawFn) -> str:
    """An option value shown as written: specials, markup-looking text, any script.

    MyST reads option values as YAML-like scalars; a value it would read as a quoted string,
    a block scalar or a mapping is MyST's syntax, not ours, so values start with a letter.
    """
    first = draw(st.characters(categories=["L"]))
    rest = draw(st.text(CHARS, max_size=25))
    extra = draw(st.sampled_from(["", " & <b>Co</b>", " $%#_{}~^\\", f" {LATEX_PAYLOAD}"]))
    value = (first + rest + extra).replace(": ", " ").replace(" #", " ")
    return value.rstrip()


@dataclass
class Entry:
    title: str
    options: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""
    bad: int = 0  # how many messages this entry must give

    def markdown(self) -> str:
        options = "".join(
            f":{key}: {value}\n" if value else f":{key}:\n" for key, value in self.options
        )
        return f":::{{cv-entry}} {self.title}\n{options}\n{self.body}\n:::\n"


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    entry = Entry(title=draw(plain_values()))
    for key in draw(
        st.lists(st.sampled_from(["org", "location", "supervisor", "advisor"]), unique=True)
    ):
        if draw(st.booleans()):
            entry.options.append((key, draw(plain_values())))
        else:
            entry.options.append((key, ""))  # the empty option that was a traceback
            entry.bad += 1
    when = draw(st.sampled_from(["none", "date", "range", "both", "half"]))
    if when == "date":
        good = draw(st.booleans())
        dates = draw(st.lists(good_dates(), min_size=1, max_size=3))
        if not good:
            # An empty item ("2012, , 2013") is no mistake worth a warning: nothing is lost.
            bad = draw(BAD_DATES.filter(bool))
            dates.insert(draw(st.integers(0, len(dates))), bad)
        entry.options.append(("date", ", ".join(dates)))
        entry.bad += not good
    elif when == "range":
        start, end = draw(good_dates()), draw(st.one_of(good_dates(), st.just("present")))
        bad_start, bad_end = draw(st.booleans()), draw(st.booleans())
        if bad_start:
            start = draw(BAD_DATES)
        if bad_end:
            end = draw(BAD_DATES)
        entry.options += [("start", start), ("end", end)]
        if bad_start or bad_end:
            entry.bad += bad_start + bad_end
        elif end != "present" and parse_date(end).sort_key < parse_date(start).sort_key:
            entry.bad += 1  # end before start
    elif when == "both":
        entry.options += [("date", draw(good_dates())), ("start", draw(good_dates()))]
        entry.bad += 1
    elif when == "half":
        entry.options.append((draw(st.sampled_from(["start", "end"])), draw(good_dates())))
        entry.bad += 1
    draw(st.randoms()).shuffle(entry.options)

    body = draw(st.sampled_from(["", "plain", "html", "rawdirective", "jslink", "math"]))
    if body == "plain":
        entry.body = "- Did *things* at [Example](https://example.org) & more $%#_{}~^\\"
    elif body == "html":
        entry.body = f"Did {draw(st.sampled_from(HTML_PAYLOADS))} things."
        entry.bad += 1
    elif body == "rawdirective":
        entry.body = (
            f"```{{raw}} latex\n{LATEX_PAYLOAD}\n```\n\n```{{raw}} html\n{HTML_PAYLOADS[0]}\n```"
        )
        entry.bad += 2
    elif body == "math":
        # Math is shown as text (issue 22): a command that is no math is one warning a formula.
        entry.body = (
            f"Energy {{math}}`E = mc^2` and {{math}}`{LATEX_PAYLOAD}`.\n\n"
            "```{math}\n\\input{/etc/passwd}\n```"
        )
        entry.bad += 2
    elif body == "jslink":
        scheme = draw(st.sampled_from(["javascript:alert(1)", "data:text/html,x", "JavaScript:x"]))
        entry.body = f"```{{eval-rst}}\n`click <{scheme}>`_\n```"
        entry.bad += 1
    return entry


def build(srcdir: Path, builder: str) -> tuple[SphinxTestApp, list[str]]:
    # Its own build folder per builder: each reads the sources afresh, so each warns afresh.
    app = SphinxTestApp(builder, srcdir=srcdir, builddir=srcdir.parent / f"_build-{builder}")
    try:
        app.build()
    finally:
        app.cleanup()
    warnings = strip_escape_sequences(app.warning.getvalue()).splitlines()
    return app, warnings


def write_project(tmp: str, page: str) -> Path:
    """A copy of the entries-bad root with *page* as its bad.md."""
    srcdir = Path(tmp) / "src"
    srcdir.mkdir()
    for name in ("conf.py", "index.md"):
        (srcdir / name).write_text((ROOT / name).read_text())
    (srcdir / "bad.md").write_text(page)
    return srcdir


def body_of(app: SphinxTestApp) -> BeautifulSoup:
    """The built bad.html's content, checked for anything of the input that became markup:
    a script, frame or event handler, a javascript: or data: address."""
    html = (app.outdir / "bad.html").read_text()
    article = BeautifulSoup(html, "html.parser").find("div", class_="body")
    assert article.find_all(["script", "iframe", "object", "embed", "style"]) == []
    for element in article.find_all(True):
        assert not [a for a in element.attrs if a.lower().startswith("on")], element
        for attr in ("href", "src"):
            value = element.get(attr, "").strip().lower()
            assert not value.startswith(("javascript:", "data:")), element
    return article


def assert_no_latex_passed_through(srcdir: Path) -> list[str]:
    """Build *srcdir* with the LaTeX builder; no LaTeX of the input may reach the .tex."""
    app, warnings = build(srcdir, "latex")
    (tex,) = app.outdir.glob("*.tex")
    assert "\\cvinjected" not in tex.read_text()
    return warnings


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(entries(), min_size=1, max_size=4))
def test_pages_of_random_entries(page: list[Entry]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        srcdir = write_project(tmp, "# Bad\n\n" + "\n".join(e.markdown() for e in page))
        app, warnings = build(srcdir, "html")
        # Exactly one message per bad value, each naming the file and a line in it.
        assert len(warnings) == sum(e.bad for e in page), warnings
        for line in warnings:
            assert re.match(rf"{re.escape(str(srcdir / 'bad.md'))}:\d+: (WARNING|ERROR): ", line)
        article = body_of(app)
        # Every entry is kept, its title shown exactly as written; the values are text.
        titles = [t.get_text() for t in article.select("div.cv-entry .cv-entry-title")]
        assert titles == [e.title for e in page]
        assert article.find_all("img") == []
        assert len(assert_no_latex_passed_through(srcdir)) == len(warnings)


def test_a_found_example_month_zero_is_not_december() -> None:
    """Hypothesis found that 2019-00 was taken for December 2019 (month 0 read as "none")."""
    assert parse_date("2019-05") == CvDate(2019, 5)
    for text in ("2019-00", "2019-05-00"):
        try:
            parse_date(text)
        except ValueError as exc:
            assert "is not a real date" in str(exc)
        else:
            raise AssertionError(text)


#: Pieces of Markdown, MyST and HTML syntax, and of attacks, that a body is made of.
BODY_PIECES = st.one_of(
    st.sampled_from(
        ["*", "**", "_", "`", "[", "]", "(", ")", "<", ">", "{", "}", "\\", "$", "#", "- ", ":",
         "|", "\n", "\n\n", " ", "&", "%", "~", "^", '"', "'", "!", "https://example.org",
         "javascript:alert(1)", "data:text/html,x", "<script>", "</script>", "<div>", "</div>",
         "```", "{ref}", "{raw}", "{eval-rst}", "{math}", "$$", "html", "latex", LATEX_PAYLOAD,
         "&lt;", "&#60;"]
    ),
    st.text(CHARS, max_size=5),
)  # fmt: skip
BODIES = st.lists(BODY_PIECES, max_size=40).map("".join).filter(lambda b: "::::::" not in b)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BODIES)
def test_any_body(body: str) -> None:
    """Any body: never an exception, the entry kept, every message located, nothing as markup."""
    # A six-colon fence: a ':::' in the body cannot end the entry early.
    page = f"# Bad\n\n::::::{{cv-entry}} Job\n:org: Example Labs\n\n{body}\n::::::\n"
    with tempfile.TemporaryDirectory() as tmp:
        srcdir = write_project(tmp, page)
        app, warnings = build(srcdir, "html")
        for line in warnings:
            assert line.startswith(f"{srcdir / 'bad.md'}:"), warnings
        titles = [t.get_text() for t in body_of(app).select(".cv-entry-title")]
        assert titles == ["Job"]
        assert_no_latex_passed_through(srcdir)
