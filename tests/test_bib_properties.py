"""Property-based tests (Hypothesis) over .bib text: no input raises, sound entries are never
lost, addresses become http(s) links or none, and nothing from a .bib reaches a page as markup.

The reading, checking and record steps are Sphinx-free, so most properties run on them
directly, on many examples; a few full builds (HTML and LaTeX) check the pages themselves.
"""

from __future__ import annotations

import re
import tempfile
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup
from conftest import project, read_entries
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pybtex.database import Person
from pybtex.database.output.bibtex import Writer

from cv.bib.bibfile import BibSource, parse_text
from cv.bib.checks import check_entry
from cv.bib.fields import DEFAULT_KINDS, inherit
from cv.bib.links import web_address
from cv.bib.names import as_written
from cv.bib.record import make_paper
from cv.publications.nodes import render_paper

if TYPE_CHECKING:
    pass

OWNERS = (Person("Doe, Jane"),)
KINDS = tuple(DEFAULT_KINDS)

#: Keys as exporters write them (DOI keys, colons, dots, plus signs, underscores).
KEYS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9:._+/-]{0,30}", fullmatch=True)
#: Any text without braces (a field value is braced; balanced braces are added below).
PLAIN = st.text(
    st.characters(blacklist_characters="{}\\", blacklist_categories=("Cs",)), max_size=40
)
#: LaTeX-ish text: plain runs, escapes, commands, math and groups, always brace-balanced.
ATOMS = st.one_of(
    PLAIN,
    # (BibTeX counts \\{ and \\} as braces too: they come in pairs, or the entry is broken.)
    st.sampled_from(["\\&", "\\%", "\\$", "\\#", "\\_", "\\{a\\}", "\\~{}", "\\^{}", "--"]),
    st.sampled_from(["\\emph{x}", "{\\sc y}", "\\url{https://example.org/a}", "$T^2$", "\\TeX"]),
    st.sampled_from(["\\foo{z}", "\\input{/etc/passwd}", "\\write18{rm}", "\\catcode", "$"]),
    st.sampled_from(["<script>alert(1)</script>", "javascript:alert(1)", '"', "&", "%", "#"]),
)
VALUES = st.recursive(
    st.lists(ATOMS, max_size=5).map("".join),
    lambda inner: st.lists(inner, max_size=3).map(lambda parts: "{" + "".join(parts) + "}"),
    max_leaves=8,
)
FIELD_NAMES = st.sampled_from(
    ["title", "journal", "booktitle", "note", "year", "month", "doi", "url", "eprint",
     "eprinttype", "pages", "volume", "file", "kind", "selected", "equal", "award", "date",
     "shortvenue", "materials", "slides", "nonsense", "crossref", "howpublished"]
)  # fmt: skip
TYPES = st.sampled_from(
    ["article", "inproceedings", "misc", "phdthesis", "techreport", "book", "online", "set",
     "proceedings", "software", "unpublished", "weird"]
)  # fmt: skip


@st.composite
def entries(draw: st.DrawFn) -> tuple[str, str]:
    """A sound entry (its key and text): braces balanced, a comma after each field."""
    key, text, _ = draw(described_entries())
    return key, text


@st.composite
def described_entries(draw: st.DrawFn) -> tuple[str, str, bool]:
    """A sound entry's key, its text, and whether it is a paper of its own (not a @set, and
    with some field or author)."""
    key = draw(KEYS)
    entry_type = draw(TYPES)
    fields = draw(
        st.dictionaries(FIELD_NAMES.filter(lambda n: n != "crossref"), VALUES, max_size=6)
    )
    authors = draw(
        st.lists(st.sampled_from(["Doe, Jane", "Roe, R.", "others", "{ACME}"]), max_size=3)
    )
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
    if authors:
        body += f"  author = {{{' and '.join(authors)}}},\n"
    paper = entry_type != "set" and bool(fields or authors)
    return key, f"@{entry_type}{{{key},\n{body}}}\n", paper


#: Text between entries, and entries broken in every way a hand edit breaks them.
JUNK = st.one_of(
    st.text(st.characters(blacklist_characters="@", blacklist_categories=("Cs",)), max_size=30),
    st.sampled_from(
        # Their keys have a "!", which KEYS never draws, so they cannot clash with a sound one.
        ["@article{bro!ken, title = {unclosed\n", "@misc{no!comma, title={a} year={1}}\n",
         '@book{qu!ote, title = "half\n', "@{nokey, title={x}}\n", "@comment{hi}\n",
         "@string{foo = {Foo}}\n", "@preamble{{\\def\\x{y}}}\n", "@article(pa!ren, title={p})\n"]
    ),
)  # fmt: skip


def through_records(text: str) -> dict[str, object]:
    """Everything the Sphinx-free steps make of *text*: read, inherited, checked, rendered."""
    source = BibSource("refs.bib")
    parse_text(text, source)
    resolved, _, _ = inherit(source.entries)
    papers = {}
    for position, (key, entry) in enumerate(resolved.items()):
        paper = make_paper(
            entry, owners=OWNERS, kinds=KINDS, digest="", location="refs.bib:1", position=position
        )
        check_entry(entry, paper, KINDS, owned=True)
        render_paper(paper)
        papers[key] = paper
    return papers


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
@example("@article{a, title={\\}}}")
@example("@article{a, author={and and}, title={{{{}}}}}")
@example("@@@@{{{{")
def test_no_text_raises(text: str) -> None:
    through_records(text)


#: Values made mostly of what BibTeX's braces and quotes are about.
BRACED = st.text(alphabet='{}"\\ab ,=@', max_size=40)


@settings(max_examples=300, deadline=None)
@given(BRACED, BRACED)
@example("x } y", 'J{\\"o}rg, Doe')
@example("{a} {b}", "{Doe}, Jane and {The {Example} Group}")
def test_every_value_read_has_balanced_braces(title: str, names: str) -> None:
    """cv.formats.bibtex writes values and names as the .bib wrote them, relying on this:
    whatever the parser accepts, each field and each name as written passes pybtex's check."""
    source = BibSource("refs.bib")
    parse_text(
        f'@misc{{k, title = {{{title}}}, author = "{names}"}}\n@misc{{j, note = "{title}"}}', source
    )
    writer = Writer()
    for entry in source.entries.values():
        for value in entry.fields.values():
            writer.check_braces(value)
        for people in entry.persons.values():
            for person in people:
                writer.check_braces(as_written(person))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(entries(), JUNK), max_size=6, unique_by=lambda part: part[0][0].lower()))
def test_sound_entries_are_never_lost(parts: list[tuple[tuple[str, str], str]]) -> None:
    """Whatever broken entries and stray text lie between them, each sound entry is read."""
    text = "".join(entry + junk + "\n" for (_, entry), junk in parts)
    source = BibSource("refs.bib")
    parse_text(text, source)
    assert {key.lower() for (key, _), _ in parts} <= {key.lower() for key in source.entries}


#: Addresses without a scheme (made up), as zbMATH writes them: a host and a path, a www. host;
#: a name that might be a host or a file, and a relative path, which are not read as addresses.
SCHEMELESS = r"""
@article{zb1, Author = {Doe, Jane}, Title = {A}, Journal = {J}, Year = {2020},
    URL = {repository.example.edu/xmlui/handle/11441/43063}}
@article{zb2, author = {Doe, Jane}, title = {B}, journal = {J}, year = 2020,
    url = {www.example.org}}
@article{file, author = {Doe, Jane}, title = {C}, journal = {J}, year = 2020, url = {paper.pdf}}
@article{local, author = {Doe, Jane}, title = {D}, journal = {J}, year = 2020, pdf = {pdf/d.pdf}}
"""


def test_an_address_without_a_scheme_is_https_when_it_begins_with_a_host() -> None:
    read = read_entries(SCHEMELESS)
    hosted = {key: [link.url for link in read[key][0].links] for key in ("zb1", "zb2")}
    assert hosted == {
        "zb1": ["https://repository.example.edu/xmlui/handle/11441/43063"],
        "zb2": ["https://www.example.org"],
    }
    assert read["zb1"][1] == read["zb2"][1] == []
    assert read["file"][0].links == read["local"][0].links == ()
    assert read["file"][1] == [
        (
            "link",
            "url = 'paper.pdf' is not an http(s) address; it is left out: if it is a web "
            "address, write https://paper.pdf",
        )
    ]
    assert read["local"][1] == [
        ("link", "pdf = 'pdf/d.pdf' is not an http(s) address; it is left out")
    ]


#: Host names: labels of letters, digits and hyphens, the top-level domain of letters.
LABELS = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
HOSTS = st.builds(
    lambda labels, tld: ".".join([*labels, tld]),
    st.lists(LABELS, min_size=1, max_size=3),
    st.from_regex(r"[a-z]{2,6}", fullmatch=True),
)
#: Paths of the characters an address may hold (URL_RE: no quote, brace or backslash).
PATHS = st.from_regex(r"[A-Za-z0-9._~%!$&()*+,;=:@/-]{0,30}", fullmatch=True)


@given(HOSTS, PATHS, st.sampled_from(["url", "URL", "pdf", "slides"]))
def test_any_host_with_a_path_is_an_https_link(host: str, path: str, name: str) -> None:
    written = f"{host}/{path}"
    bib = f"@misc{{a, author={{Doe, Jane}}, title={{T}}, year=2020, {name}={{{written}}}}}"
    [(paper, problems)] = read_entries(bib).values()
    assert [link.url for link in paper.links] == [f"https://{written}"]
    assert problems == []


@given(st.text(max_size=40))
@example("paper.pdf")
@example("javascript:alert(1)")
@example("www.example.org/a b")
def test_any_text_is_an_http_link_or_none(written: str) -> None:
    """Whatever a field holds, it becomes an http(s) address or no link."""
    address = web_address(written)
    assert address is None or re.match(r"https?://[^\s]+$", address), address


#: LaTeX commands that no .bib may put into the LaTeX document.
DANGEROUS_TEX = ("\\input", "\\write18", "\\catcode", "\\foo", "\\def\\x")


#: The page of a built project: every paper of the .bib.
ALL_PAPERS = "# All the papers\n\n:::{publications}\n:::\n"


def build(bib: str, builder: str, page: str = ALL_PAPERS) -> Path:
    """A copy of the HTML page or LaTeX file of a project of *page* and this .bib."""
    with project(bib, builder, page) as (outdir, _):
        out = outdir / ("index.html" if builder == "html" else "cv.tex")
        keep = Path(tempfile.mkdtemp()) / out.name
        keep.write_text(out.read_text())
    return keep


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(described_entries(), min_size=1, max_size=4, unique_by=lambda e: e[0].lower()))
def test_nothing_from_a_bib_reaches_a_page_as_markup(parts: list[tuple[str, str, bool]]) -> None:
    bib = "".join(text for _, text, _ in parts)
    html = build(bib, "html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    # No script, no javascript: or data: link, no element other than ours from the data.
    assert "<script>alert(1)" not in html
    for tag in soup.select("li.cv-pub [href]"):
        assert tag["href"].startswith(("http://", "https://", "#", "../", "")), tag
        assert not tag["href"].lower().startswith(("javascript:", "data:"))
    assert all(tag.name != "script" for li in soup.select("li.cv-pub") for tag in li.find_all())
    # Every sound entry that is a paper is listed, at its anchor (the key in lower case).
    shown = {urllib.parse.unquote(li["id"]) for li in soup.select("li.cv-pub[id]")}
    assert shown == {key.lower() for key, _, paper in parts if paper}
    tex = build(bib, "latex").read_text()
    # The lists of papers: all that the .bib's data becomes in the LaTeX document.
    papers = "".join(re.findall(r"\\begin\{enumerate\}.*?\\end\{enumerate\}", tex, re.S))
    for command in DANGEROUS_TEX:
        assert command not in papers


#: What a user may write as a list's options in MyST: any text, or none.
OPTION_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=20
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.one_of(st.none(), OPTION_TEXT),
    selected=st.booleans(),
    klass=st.one_of(st.none(), OPTION_TEXT),
)
def test_any_directive_options_build(kind: str | None, selected: bool, klass: str | None) -> None:
    """Whatever the options, the page builds (a bad value is a warning) and lists the papers
    it should: all of the kind(s) asked for."""
    options = "".join(
        [
            f":kind: {kind}\n" if kind is not None else "",
            ":selected:\n" if selected else "",
            f":class: {klass}\n" if klass is not None else "",
        ]
    )
    bib = (
        "@inproceedings{a, author={Doe, Jane}, title={A}, booktitle={B}, year=2020,"
        " selected={true}}\n@article{b, author={Doe, Jane}, title={B}, journal={J}, year=2021}\n"
    )
    page = f"# All the papers\n\n:::{{publications}}\n{options}:::\n"
    soup = BeautifulSoup(build(bib, "html", page).read_text(), "html.parser")
    shown = len(soup.select("li.cv-pub"))
    assert shown <= 2
    if any(not re.fullmatch(r"[\w ,-]*", value or "") for value in (kind, klass)):
        return  # MyST may refuse such an option block as a whole (with a warning)
    asked = set((kind or "").replace(",", " ").split()) if kind and kind.strip() else None
    expected = {"a": "conference", "b": "journal"}
    if asked is None:
        want = {"a"} if selected else {"a", "b"}
    else:
        want = {key for key, k in expected.items() if k in asked and (key == "a" or not selected)}
    assert shown == len(want)
