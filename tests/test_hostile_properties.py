"""Property-based tests (Hypothesis) of hostile input (issue 22): keys, names and fields made to
break the pipeline, through every step from the .bib to the pages, the PDF's LaTeX and the
downloads.

The strategies draw what exporters and mistakes really write, at their extremes: keys of any
character BibTeX allows and of any length, keys that are another key's page name or an id of
the page; names in Chinese, Japanese and Korean script, with particles, braces and
MathSciNet's transliteration macros; fields of the exporters' macros (AAS journals, MathSciNet),
unknown commands, ``\\char`` codes and nesting to pybtex's limit. The Sphinx-free steps run on
many examples; a few whole builds check what the site shows. What Hypothesis found is kept as
``@example``\\ s here and as tests in test_exporter_defects.py.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import project
from docutils import nodes
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pybtex.database import Person

from cv.bib.bibfile import BibSource, parse_text
from cv.bib.checks import check_entry
from cv.bib.decode import decode
from cv.bib.fields import DEFAULT_KINDS, inherit
from cv.bib.names import CJK_NAME_RE, same_person
from cv.bib.record import make_paper
from cv.bib.texcommands import EXPORTER_MACROS
from cv.formats.csl import csl_item
from cv.formats.exports import ris
from cv.publications.nodes import render_paper
from cv.web.paperstore import SLUG_LENGTH, slug

KINDS = tuple(DEFAULT_KINDS)

# -- Keys --------------------------------------------------------------------------------------

#: What pybtex reads as a key (no space, comma or brace), of any script.
KEY_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc", "Z"), blacklist_characters=',{}()"#%=\\'
)
#: Keys as hostile as BibTeX allows: any characters, up to 300 of them, and ones that are the
#: hashed page name of another key, or an id of the page that lists them.
HOSTILE_KEYS = st.one_of(
    st.text(KEY_CHARS, min_size=1, max_size=20),
    st.text(KEY_CHARS, min_size=240, max_size=300),
    st.builds(lambda key: slug(key), st.text(KEY_CHARS, min_size=1, max_size=12)),
    st.sampled_from(["publications", "journal-articles", "papers", "index", "paper", "..."]),
    st.from_regex(r"[a-z]{1,8}-[0-9a-f]{8}", fullmatch=True),
).filter(lambda key: key.strip() and not key.startswith("@"))


@settings(max_examples=500, deadline=None)
@given(st.lists(HOSTILE_KEYS, min_size=1, max_size=8, unique_by=str.lower))
@example(["a/b", "a-b-c14cddc0"])  # a key that is another's hashed name (issue 22)
@example(["doe/+!;*:2024", "doe+;*;**2024"])  # their hashes alike: see page_names
@example(["_"])  # found: a name may start with "_" (Sphinx's own sites need .nojekyll anyway)
def test_page_names_are_short_safe_and_apart(keys: list[str]) -> None:
    names = [slug(key) for key in keys]
    for name in names:
        assert re.fullmatch(r"[a-z0-9_][a-z0-9._-]*", name), name
        assert len(name) <= SLUG_LENGTH
    # Two keys meet only if two hashed names are alike, which page_names reports.
    hashed = [name for name in names if re.fullmatch(r".*-[0-9a-f]{8}", name)]
    plain = [name for name in names if name not in hashed]
    assert len(set(plain)) == len(plain) and not set(plain) & set(hashed)


# -- Names -------------------------------------------------------------------------------------

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
KANA = st.characters(min_codepoint=0x30A1, max_codepoint=0x30FA)
LATIN = st.from_regex(r"[A-Z][a-z]{1,8}", fullmatch=True)
CJK_PART = st.one_of(st.text(HAN, min_size=1, max_size=3), st.text(HANGUL, min_size=1, max_size=3),
                     st.text(KANA, min_size=1, max_size=5))  # fmt: skip
#: A name part as the exporters write it: any script, braced, accented, MathSciNet's macros.
PART = st.one_of(
    CJK_PART,
    LATIN,
    LATIN.map(lambda word: f"{{{word}}}"),
    LATIN.map(lambda word: f"{word[:2]}\\cprime {word[2:].lower() or 'a'}"),
    LATIN.map(lambda word: f"{{\\'{word[0].lower()}}}{word[1:]}"),
)


@st.composite
def names(draw: st.DrawFn) -> str:
    """A name as BibTeX writes it: ``Family, Given`` or ``Given Family``, a particle maybe."""
    family, given = draw(PART), draw(PART)
    if draw(st.booleans()):
        particle = draw(st.sampled_from(["", "de ", "van der "]))
        return f"{particle}{family}, {given}"
    return f"{given} {family}"


@settings(max_examples=300, deadline=None)
@given(st.lists(names(), min_size=1, max_size=5), st.data())
@example(["堀口, 翔太", "Doe, Jane"], None)
@example(["Bol\\cprime shakov, A."], None)
@example(["一 Aa"], None)  # found: a name of two scripts keeps a space between its parts
def test_names_are_shown_in_their_order_and_the_owner_found(
    authors: list[str], data: st.DataObject | None
) -> None:
    owner = authors[data.draw(st.integers(0, len(authors) - 1)) if data else 0]
    text = f"@article{{k, author={{{' and '.join(authors)}}}, title={{T}}, year=2020}}"
    paper = records(text, owners=(Person(owner),))["k"]
    assert [author.owner for author in paper.authors] == [
        same_person(Person(owner), Person(name)) for name in authors
    ]
    assert any(author.owner for author in paper.authors)
    for author in paper.authors:
        assert author.text.strip() and "\\" not in author.text and "{" not in author.text
        cjk = bool(CJK_NAME_RE.search(author.family + author.given))
        assert author.family_first == cjk
        family = " ".join(filter(None, [author.particle, author.family]))
        if cjk and CJK_NAME_RE.fullmatch(author.given[:1]) and family:
            # 堀口翔太: no space between CJK parts; one between parts of two scripts (Aa 一)
            joint = "" if CJK_NAME_RE.fullmatch(family[-1]) else " "
            assert author.text.startswith(family + joint + author.given)
    # The owner in bold, in the list, with the name as the record shows it (ties as spaces).
    item = render_paper(paper).nodes()
    bold = [node.astext().replace("\xa0", " ") for node in item.findall(nodes.strong)]
    assert bold == [author.text for author in paper.authors if author.owner]
    # CSL-JSON and RIS keep each name's parts: the family first, as the .bib has it.
    item = csl_item(paper)
    assert [name.get("family", name.get("literal")) for name in item["author"]]
    assert ris([paper]).count("AU  - ") == len(paper.authors)


# -- Fields ------------------------------------------------------------------------------------

MACROS = sorted(EXPORTER_MACROS)
#: Pieces of a field: the exporters' macros, unknown and unsupported commands, \char codes,
#: math with AMS-TeX's declarations, text of any script.
PIECES = st.one_of(
    st.sampled_from(MACROS).map(lambda name: f"\\{name}"),
    st.sampled_from(MACROS).map(lambda name: f"{{\\{name}}}"),
    st.sampled_from(["\\input{x}", "\\include{x}", "\\nosuch", "\\write18{rm}", "\\def\\x{y}"]),
    st.sampled_from(["\\char`\\\\", '\\char"41', "\\char'101", "\\char92", "\\char`\\&"]),
    st.sampled_from(["${\\bf G}^n$", "$\\Bbb Q$", "$\\det^k\\otimes{\\rm S}$", "$x$"]),
    st.text(st.characters(blacklist_characters="{}\\%$#&_^~", blacklist_categories=("Cs",)),
            max_size=8),
)  # fmt: skip
FIELDS = st.lists(PIECES, max_size=6).map(" ".join)


@settings(max_examples=500, deadline=None)
@given(FIELDS)
@example("{\\tt\\char`\\\\let}")
@example("\\apj \\cprime\\cprime")
@example("\\Bbb \\Bbb \\Bbb \\input{x}")  # found: \\input the argument of \\mathbb, unreported
def test_macro_laden_fields_read_as_meant(value: str) -> None:
    decoded = decode(value)
    # Each table command is read, never reported; each unknown one is reported once.
    found = {problem.found for problem in decoded.problems if problem.kind == "macro"}
    for name in re.findall(r"\\([A-Za-z]+)", re.sub(r"\\char\S*", "", value)):
        if name in EXPORTER_MACROS:
            assert f"\\{name}" not in found
    for unknown in ("\\input", "\\include", "\\nosuch", "\\write", "\\def"):
        if re.search(re.escape(unknown) + r"(?![A-Za-z])", value):
            assert unknown in found, (value, found)
    assert "\ufffd" not in decoded.plain


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 130), st.sampled_from(["x", "\\apj", "$x^2$", "\\emph{e}"]))
@example(100, "\\emph{e}")
def test_nesting_to_any_depth_is_read_or_reported(depth: int, inner: str) -> None:
    value = "{" * depth + inner + "}" * depth
    source = BibSource("refs.bib")
    parse_text(f"@article{{k, author={{Doe, Jane}}, title={{{value}}}, year=1}}", source)
    if depth + inner.count("{") <= 100:  # found: \\emph{e} 100 deep nests 101 deep
        paper = records_of(source)["k"]
        assert paper.title == decode(inner).plain.strip()
    else:
        [problem] = source.problems
        assert "nest more than 100 deep" in problem.message
        assert "balanced" not in problem.message


def records(text: str, owners: tuple[Person, ...] = ()) -> dict:
    source = BibSource("refs.bib")
    parse_text(text, source)
    return records_of(source, owners)


def records_of(source: BibSource, owners: tuple[Person, ...] = ()) -> dict:
    resolved, _, _ = inherit(source.entries)
    papers = {}
    for position, (key, entry) in enumerate(resolved.items()):
        paper = make_paper(
            entry, owners=owners, kinds=KINDS, digest="", location="refs.bib:1", position=position
        )
        check_entry(entry, paper, KINDS, owned=bool(owners))
        papers[key] = paper
    return papers


# -- Whole builds ------------------------------------------------------------------------------


@st.composite
def hostile_bibs(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A .bib of hostile keys, names and fields (each entry sound), and its keys."""
    keys = draw(st.lists(HOSTILE_KEYS, min_size=1, max_size=4, unique_by=str.lower))
    entries = []
    for key in keys:
        authors = " and ".join(draw(st.lists(names(), min_size=1, max_size=3)))
        fields = {
            "title": draw(FIELDS) or "T",
            "journal": draw(st.sampled_from(["\\apj", "\\mnras", "J", "{\\nosuch}"])),
            "year": str(draw(st.integers(1900, 2030))),
        }
        if draw(st.booleans()):
            fields["date"] = draw(st.sampled_from(["19", "2021-03-04", "1999"]))
        body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
        entries.append(f"@article{{{key},\n  author = {{Doe, Jane and {authors}}},\n{body}}}\n")
    return "".join(entries), keys


#: The page: headings whose ids keys may take.
PAGE = "# Publications\n\n## Journal articles\n\n:::{publications}\n:::\n"


#: The warnings a hostile .bib may give: none loses a paper.
ALLOWED = re.compile(r"\[cv\.(latex|markup|field|duplicate|paperpage)\]$")


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(hostile_bibs())
@example(  # found: a title that reads as nothing (\\Bbb, no argument) has no link to the page
    ("@article{0,\n  author = {Doe, Jane and 一 一},\n  title = {\\Bbb},\n  year = {1900},\n}\n",
     ["0"])
)  # fmt: skip
def test_a_hostile_bib_loses_no_paper(bib_and_keys: tuple[str, list[str]]) -> None:
    bib, keys = bib_and_keys
    with project(bib, "html", PAGE) as (html, warnings):
        assert all(ALLOWED.search(warning) for warning in warnings), warnings
        soup = BeautifulSoup((html / "index.html").read_text(), "html.parser")
        # Every paper listed once, at its key; each with its own page, or a warning naming it.
        shown = [urllib.parse.unquote(li["id"]) for li in soup.select("li.cv-pub")]
        assert sorted(shown) == sorted(key.lower() for key in keys)
        for key in keys:
            pageless = [warning for warning in warnings if f": {key}: this key's page" in warning]
            assert (html / "papers" / f"{slug(key)}.html").is_file() or pageless
        for link in soup.select("li.cv-pub a.internal"):
            assert (html / link["href"]).is_file()
            assert len(Path(link["href"]).name) < 120
        items = json.loads((html / "publications.json").read_text())
        assert sorted(item["id"].lower() for item in items) == sorted(key.lower() for key in keys)
    with project(bib, "latex", PAGE) as (latex, _):
        tex = (latex / "cv.tex").read_text()
    body = tex[tex.index("\\begin{document}") :]
    for command in ("\\input", "\\include", "\\write18", "\\nosuch", "\\def\\x"):
        assert command not in body
