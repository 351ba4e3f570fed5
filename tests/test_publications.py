"""The publications directive: grouping, order, emphasis, marks, links, labels, every bad input."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pybtex.plugin
import pytest
from bs4 import BeautifulSoup
from conftest import OTHER_BUILDERS, other_builder_output
from pybtex.database import Entry, Person
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences
from sphinx.util.inventory import InventoryFile

import cv.bib.names
import cv.formats.style

# What every special character of the fixture's title must look like to a reader.
SPECIALS_TITLE = 'Beta: Specials & % $ # _ { } ~ ^ \\ <b> "quoted" Ünïcödé 中文'

ALPHA_BIBTEX = """\
@inproceedings{doe2024alpha,
  author = {Roe, Richard and Doe, Jane and Miles, Ann},
  title = {{Alpha}: a Study of {FAKE} Things},
  booktitle = {International Conference on Examples},
  year = {2024},
  month = may,
  doi = {10.5555/example.2024},
  eprint = {2401.00001},
  archiveprefix = {arXiv},
  url = {https://example.org/alpha},
}"""


def soup_of(app: SphinxTestApp, page: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{page}.html").read_text(), "html.parser")


def paper(soup: BeautifulSoup, key: str):
    item = soup.find("li", id=key)
    assert item is not None, key
    return item


def part(item, name: str) -> str:
    return item.find(class_=f"cv-pub-{name}").get_text()


@pytest.mark.sphinx("html", testroot="publications", freshenv=True)
def test_html(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    soup = soup_of(app, "papers")

    # Grouped by kind as the page asks, newest first (Delta, Oct 2022, is after Gamma in the
    # .bib), in real ordered lists without ARIA roles.
    lists = soup.find_all("ol", class_="cv-pubs")
    assert [[li["id"] for li in ol.find_all("li", recursive=False)] for ol in lists] == [
        ["doe2024alpha", "doe2022delta", "doe2022gamma"],
        ["doe2023beta"],
        ["doe2021epsilon", "doe2020zeta"],
    ]
    assert all(li.name == "li" for ol in lists for li in ol.find_all(recursive=False))
    assert not [tag for ol in lists for tag in ol.find_all(attrs={"role": True})]

    alpha = paper(soup, "doe2024alpha")
    # The owner in bold under any of its variants; equal contributors marked; the legend once,
    # under the list that has marks.
    assert part(alpha, "authors") == "Richard Roe*, Jane Doe*, and Ann Miles"
    assert [s.get_text() for s in alpha.find(class_="cv-pub-authors").find_all("strong")] == [
        "Jane Doe"
    ]
    gamma = paper(soup, "doe2022gamma")
    assert [s.get_text() for s in gamma.find_all("strong")] == ["J.\N{NO-BREAK SPACE}Doe"]
    legends = soup.find_all("p", class_="cv-pub-legend")
    assert [legend.get_text() for legend in legends] == ["* Equal contribution."]
    assert legends[0].find_previous_sibling("ol") is lists[0]

    # Title as written (no sentence case), venue with its short name and year.
    assert part(alpha, "title") == "Alpha: a Study of FAKE Things"
    assert part(alpha, "venue") == "International Conference on Examples (ICE 2024)"
    assert part(alpha, "date") == "May 2024"
    assert alpha.find(class_="cv-pub-cite").get_text() == (
        "Richard Roe*, Jane Doe*, and Ann Miles. Alpha: a Study of FAKE Things. "
        "International Conference on Examples (ICE 2024), May 2024."
    )
    assert part(paper(soup, "doe2020zeta"), "venue") == "arXiv 2020"
    beta = paper(soup, "doe2023beta")
    assert (
        beta.find(class_="cv-pub-cite")
        .get_text()
        .endswith(
            "Journal of Examples & Samples (JES 2023), vol. 7, no. 2, pp. 10–20, January 2023."
        )
    )

    # Links, award and material without an address.
    links = {a.get_text(): a["href"] for a in alpha.find(class_="cv-pub-extra").find_all("a")}
    assert links == {
        "PDF": "https://example.org/alpha.pdf",
        "DOI": "https://doi.org/10.5555/example.2024",
        "arXiv": "https://arxiv.org/abs/2401.00001",
        "Web": "https://example.org/alpha",
        "Code": "https://example.org/alpha-code",
        "Slides": "https://example.org/alpha-slides.pdf",
        "Video": "https://example.org/alpha-video",
        "Poster": "http://example.org/alpha-poster.pdf",
    }
    assert part(alpha, "award") == "Best Example Award"
    # What is not online is not listed: no row of links at all, rather than an apology.
    for key in ("doe2022gamma", "doe2022delta", "doe2021epsilon"):
        assert paper(soup, key).find(class_="cv-pub-extra") is None, key
    assert "not online" not in soup.get_text()

    # The BibTeX to copy: values as written, our own fields left out.
    details = alpha.find("details", class_="cv-pub-bibtex")
    assert details.find("summary").get_text() == "BibTeX"
    assert details.find("pre").get_text() == ALPHA_BIBTEX
    assert soup.find("script", src=re.compile(r"^_static/cv-publications\.js\b")) is not None
    assert (app.outdir / "_static" / "cv-publications.js").is_file()

    # Every special character is text, shown exactly.
    assert part(beta, "title") == SPECIALS_TITLE
    assert beta.find("b") is None

    # Each paper is a std:label whose text is its title; {ref} links to it: on a website, to
    # the paper's own page (cv.paperpages).
    inv = InventoryFile.loads((app.outdir / "objects.inv").read_bytes(), uri="")
    label = inv["std:label", "doe2024alpha"]
    assert (label.uri, label.display_name) == (
        "papers/doe2024alpha.html",
        "Alpha: a Study of FAKE Things",
    )
    assert inv["std:label", "doe2023beta"].display_name == SPECIALS_TITLE

    index = soup_of(app, "index")
    see = index.find(string=re.compile("^See ")).parent
    refs = {a.get_text(): a["href"] for a in see.find_all("a")}
    assert refs == {
        "the conference paper": "papers/doe2024alpha.html",
        "Gamma Comes First in the Bib File": "papers/doe2022gamma.html",
    }


@pytest.mark.sphinx("html", testroot="publications", freshenv=True)
def test_selected_list_links_to_the_full_list(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    index = soup_of(app, "index")
    (selected,) = index.find_all("ol", class_="cv-pubs")
    items = selected.find_all("li", recursive=False)
    # No second anchor or label for a paper: the titles link where the label leads, the
    # paper's own page (cv.paperpages).
    assert [li.get("id") for li in items] == [None, None]
    assert [li.find(class_="cv-pub-title").find("a")["href"] for li in items] == [
        "papers/doe2024alpha.html",
        "papers/doe2023beta.html",
    ]
    assert items[0].find(class_="cv-pub-title").get_text() == "Alpha: a Study of FAKE Things"
    assert selected.find("details") is None
    assert part(items[0], "award") == "Best Example Award"
    assert index.find("p", class_="cv-pub-legend").get_text() == "* Equal contribution."


@pytest.mark.sphinx("html", testroot="publications", freshenv=True)
def test_search_finds_papers_by_their_text_not_their_bibtex(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    script = (app.outdir / "searchindex.js").read_text()
    index = json.loads(script.removeprefix("Search.setIndex(").removesuffix(")"))
    papers = index["docnames"].index("papers")

    def pages(word: str) -> set[int]:
        found = index["terms"].get(word, [])
        return {found} if isinstance(found, int) else set(found)

    # Stemmed words of a title, an author, a venue and a link of Alpha's; not BibTeX's syntax.
    for word in ("alpha", "studi", "mile", "ice", "arxiv"):
        assert papers in pages(word), word
    assert pages("inproceed") == set()


@pytest.mark.sphinx("latex", testroot="publications", freshenv=True)
def test_latex(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    tex = (app.outdir / "janedoe.tex").read_text()
    assert "\\item {} \\phantomsection\\label{\\detokenize{papers:doe2024alpha}}" in tex
    assert (
        "\\DUrole{cv-pub-authors}{Richard Roe\\DUrole{cv-pub-equal}{*}, "
        "\\sphinxstylestrong{Jane Doe}\\DUrole{cv-pub-equal}{*}, and Ann Miles}. "
        "\\DUrole{cv-pub-title}{Alpha: a Study of FAKE Things}. "
        "\\DUrole{cv-pub-venue}{International Conference on Examples (ICE 2024)}, "
        "\\DUrole{cv-pub-date}{May 2024}."
    ) in tex
    assert "\\sphinxhref{https://doi.org/10.5555/example.2024}{DOI}" in tex
    # Every special character escaped by the writer, never passed through as LaTeX (the CJK
    # text takes XeLaTeX, where < and > are plain characters).
    assert (
        "\\DUrole{cv-pub-title}{Beta: Specials \\& \\% \\$ \\# \\_ \\{ \\} \\textasciitilde{} "
        '\\textasciicircum{} \\textbackslash{} <b> "quoted" '
        "Ünïcödé 中文}"
    ) in tex
    # The BibTeX block is for the web page only.
    assert "BibTeX" not in tex
    assert "@inproceedings" not in tex


@pytest.mark.sphinx("text", testroot="publications", freshenv=True)
def test_text(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    text = (app.outdir / "papers.txt").read_text()
    assert "1. Richard Roe*, **Jane Doe***, and Ann Miles. Alpha: a Study of FAKE\n" in text
    assert "not online" not in text
    assert "@inproceedings" not in text


@pytest.mark.parametrize("builder", OTHER_BUILDERS)
def test_other_builders_fall_back_to_readable_text(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path], builder: str
) -> None:
    output = other_builder_output(make_app, root_copy("publications"), builder)
    for fact in ("Alpha: a Study of FAKE Things", "Jane Doe", "ICE 2024", "Best Example Award"):
        assert fact in output


# -- Bad input ---------------------------------------------------------------------------------

GOOD = """@inproceedings{good2021,
  author = {Doe, Jane},
  title = {Good Paper},
  booktitle = {Workshop on Examples},
  year = {2021},
  kind = {workshop},
}

"""


def entry(key: str, *fields: str) -> str:
    return "@inproceedings{" + key + ",\n" + "".join(f"  {f},\n" for f in fields) + "}\n\n"


OK = ("author = {Doe, Jane}", "title = {T}", "year = {2020}", "kind = {conference}")

# Each case: the .bib (entries after GOOD, whose first line is line 9), the warnings, and the
# keys still listed. Paths are relative to the source folder.
BAD_BIBS = {
    "unbalanced brace": (
        entry("bad", "author = {Doe, Jane}", "title = {Unclosed {brace}", "year = {2020}")
        + entry("good2022", *OK),
        [
            "refs.bib:15: WARNING: syntax error in entry 'bad' (line 9): '}' expected; this "
            "entry is left out: check that its braces and quotes are balanced and that a "
            "comma ends each field [cv.bibfile]"
        ],
        ["good2021", "good2022"],
    ),
    "duplicate key": (
        GOOD + entry("after", *OK),
        [
            "refs.bib:9: WARNING: duplicate key 'good2021' (keys are case-insensitive), first "
            "defined at {bib}:1; this "
            "entry is left out: give it a unique key [cv.bibfile]"
        ],
        ["good2021", "after"],
    ),
    "missing title, author and year": (
        entry("bare", "booktitle = {Workshop}", "kind = {workshop}"),
        [
            "refs.bib:9: WARNING: bare: no author, title and year; the paper is shown without "
            "them [cv.field]"
        ],
        ["good2021", "bare"],
    ),
    "missing year": (
        entry("noyear", "author = {Doe, Jane}", "title = {T}", "kind = {workshop}"),
        ["refs.bib:9: WARNING: noyear: no year; the paper is shown without it [cv.field]"],
        ["good2021", "noyear"],
    ),
    "unknown field": (
        entry("typo", *OK, "shortvenu = {X}"),
        [
            "refs.bib:9: WARNING: typo: unknown field 'shortvenu'; did you mean "
            "'shortvenue'? [cv.unknown-field]"
        ],
        ["typo", "good2021"],
    ),
    "unknown kind": (
        entry(
            "kindtypo", "author = {Doe, Jane}", "title = {T}", "year = {2020}", "kind = {jornal}"
        ),
        [
            "refs.bib:9: WARNING: kindtypo: unknown kind 'jornal'; did you mean 'journal'? "
            "[cv.field]"
        ],
        ["kindtypo", "good2021"],
    ),
    "link that is not http(s)": (
        entry("js", *OK, "slides = {javascript:alert(1)}", "doi = {not a doi}"),
        [
            "refs.bib:9: WARNING: js: doi = 'not a doi' is not a DOI (10.NNNN/...); the link "
            "is left out [cv.link]",
            "refs.bib:9: WARNING: js: slides = 'javascript:alert(1)' is not an http(s) "
            "address; it is left out [cv.link]",
        ],
        ["js", "good2021"],
    ),
    "HTML in a field": (
        entry("html", "author = {Doe, Jane}", "title = {<b>Bold</b> claim}", *OK[2:]),
        [
            "refs.bib:9: WARNING: html: title contains HTML markup '<b>'; it is shown as text, "
            "not as markup [cv.markup]"
        ],
        ["html", "good2021"],
    ),
    "LaTeX specials in a field": (
        entry("latex", "author = {Doe, Jane}", "title = {100% & \\foo{more}}", *OK[2:]),
        [
            "refs.bib:9: WARNING: latex: title: % is shown as is; LaTeX reads % as the start "
            "of a comment; write \\% for a percent sign [cv.markup]",
            "refs.bib:9: WARNING: latex: title: & is shown as is; write \\& for an ampersand "
            "[cv.markup]",
            "refs.bib:9: WARNING: latex: title: unknown LaTeX command \\foo is left out, any "
            "argument shown as plain text; write the text it stands for [cv.latex]",
        ],
        ["latex", "good2021"],
    ),
    "no owner, bad equal": (
        entry("Roe:2020", "author = {Roe, Richard}", *OK[1:], "equal = {1, 3}"),
        [
            "refs.bib:9: WARNING: Roe:2020: equal = '1, 3' must list author positions between "
            "1 and 1, e.g. {1, 2} [cv.field]",
            "refs.bib:9: WARNING: Roe:2020: no author is the CV owner (cv_owner); check the "
            "spelling of the name [cv.owner]",
        ],
        ["roe:2020", "good2021"],
    ),
    "undefined macro": (
        entry("macro", *OK, "note = nowhere"),
        [
            "refs.bib:14: WARNING: undefined string in entry 'macro' (line 9): nowhere; the "
            "field is left empty: put its value in braces or define it with @string [cv.bibfile]"
        ],
        ["macro", "good2021"],
    ),
    "unknown material": (
        entry("mat", *OK, "materials = {slide}"),
        [
            "refs.bib:9: WARNING: mat: unknown material 'slide' in materials; did you mean "
            "'slides'? [cv.field]"
        ],
        ["mat", "good2021"],
    ),
}


def bad_app(
    make_app: Callable[..., SphinxTestApp],
    root_copy: Callable[[str], Path],
    bib: str,
    page: str,
    **kwargs: object,
) -> SphinxTestApp:
    srcdir = root_copy("publications-bad")
    (srcdir / "refs.bib").write_text(bib)
    (srcdir / "index.md").write_text(page)
    return make_app("html", srcdir=srcdir, **kwargs)


def warnings_of(app: SphinxTestApp) -> list[str]:
    return strip_escape_sequences(app.warning.getvalue()).splitlines()


ALL_PAPERS = "# Papers\n\n:::{publications}\n:::\n"


@pytest.mark.parametrize(("bib", "messages", "keys"), BAD_BIBS.values(), ids=BAD_BIBS)
def test_bad_bib_is_a_located_warning(
    make_app: Callable[..., SphinxTestApp],
    root_copy: Callable[[str], Path],
    bib: str,
    messages: list[str],
    keys: list[str],
) -> None:
    app = bad_app(make_app, root_copy, GOOD + bib, ALL_PAPERS)
    app.build()
    path = (app.srcdir / "refs.bib").resolve()
    assert sorted(warnings_of(app)) == sorted(
        f"{app.srcdir.resolve()}/{message.replace('{bib}', str(path))}" for message in messages
    )
    soup = soup_of(app, "index")
    # No other entry lost; nothing from the .bib interpreted as markup or as a script.
    assert sorted(li["id"] for li in soup.find_all("li", class_="cv-pub")) == sorted(keys)
    html = (app.outdir / "index.html").read_text()
    assert "javascript:" not in html
    assert "<b>Bold</b>" not in html


def test_text_in_bad_fields_is_shown_literally(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    bib = GOOD + BAD_BIBS["HTML in a field"][0] + BAD_BIBS["LaTeX specials in a field"][0]
    app = bad_app(make_app, root_copy, bib, ALL_PAPERS)
    app.build()
    # The two cases' warnings (each case's entry is at another line here).
    assert sorted(re.sub(r"^.*refs\.bib:\d+: ", "", w) for w in warnings_of(app)) == sorted(
        re.sub(r"^refs\.bib:\d+: ", "", message)
        for case in ("HTML in a field", "LaTeX specials in a field")
        for message in BAD_BIBS[case][1]
    )
    soup = soup_of(app, "index")
    assert part(paper(soup, "html"), "title") == "<b>Bold</b> claim"
    # An unknown command shows its argument (and is reported), never its name.
    assert part(paper(soup, "latex"), "title") == "100% & more"


def test_field_names_are_read_in_any_case(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    # BibTeX field names are case-insensitive; the checks and the rendering agree on that.
    bib = GOOD + entry(
        "upper",
        "Author = {Doe, Jane}",
        "TITLE = {Upper Case Fields}",
        "BookTitle = {Workshop on Examples}",
        "Year = {2021}",
        "KIND = {workshop}",
        "Award = {Best Example Award}",
        "Slides = {https://example.org/upper-slides}",
        "Materials = {code}",
        "Selected = {maybe}",
        "Kynd = {workshop}",
    )
    app = bad_app(make_app, root_copy, bib, ALL_PAPERS)
    app.build()
    path = (app.srcdir / "refs.bib").resolve()
    assert warnings_of(app) == [
        f"{path}:9: WARNING: upper: unknown field 'kynd'; did you mean 'kind'? [cv.unknown-field]",
        f"{path}:9: WARNING: upper: selected = 'maybe'; write true or false [cv.field]",
    ]
    upper = paper(soup_of(app, "index"), "upper")
    assert part(upper, "title") == "Upper Case Fields"
    assert part(upper, "award") == "Best Example Award"
    assert upper.find(class_="cv-pub-offline") is None
    assert [a.get_text() for a in upper.find_all("a", class_="cv-pub-link")] == ["Slides"]


BAD_PAGES = {
    "unknown kind option": (
        ":::{publications}\n:kind: jornal\n:::\n",
        [
            "index.md:3: WARNING: publications: unknown kind 'jornal' in :kind:; did you mean "
            "'journal'? [cv.option]",
            "{bib}:1: WARNING: good2021: no publications list shows this paper (kind "
            "'workshop'); add a list with :kind: workshop, or a {publications} list without "
            ":kind: [cv.unlisted]",
        ],
    ),
    # A list that matches nothing renders nothing and says nothing (defect 15); the paper it
    # does not show is reported, as no other list shows it.
    "nothing matches": (
        ":::{publications}\n:kind: preprint\n:::\n",
        [
            "{bib}:1: WARNING: good2021: no publications list shows this paper (kind "
            "'workshop'); add a list with :kind: workshop, or a {publications} list without "
            ":kind: [cv.unlisted]",
        ],
    ),
    # Found by Hypothesis (test_bib_properties): a key that is a heading's id on the page. The
    # paper is listed at its key; the heading takes another id (issue 22).
    "a key that a heading has as its id": (
        "## Good2021\n\n:::{publications}\n:::\n",
        [
            "index.md:5: WARNING: publications: the key good2021 is also the id of a section on "
            "this page; the paper takes #good2021, the section becomes #good2021-1 "
            "[cv.duplicate]",
        ],
    ),
    "a paper twice on a page": (
        ":::{publications}\n:::\n\n:::{publications}\n:kind: workshop\n:::\n",
        [
            "index.md:6: WARNING: publications: good2021 is already listed on this page; it is "
            "listed once [cv.duplicate]",
        ],
    ),
}


@pytest.mark.parametrize(("body", "messages"), BAD_PAGES.values(), ids=BAD_PAGES)
def test_bad_directive_is_a_located_warning(
    make_app: Callable[..., SphinxTestApp],
    root_copy: Callable[[str], Path],
    body: str,
    messages: list[str],
) -> None:
    app = bad_app(make_app, root_copy, GOOD, f"# Papers\n\n{body}")
    app.build()
    path = (app.srcdir / "refs.bib").resolve()
    expected = [
        message.replace("{bib}", str(path))
        if message.startswith("{bib}")
        else f"{app.srcdir}/{message}"
        for message in messages
    ]
    assert sorted(warnings_of(app)) == sorted(expected)


def test_bad_bib_fails_a_strict_build(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    app = bad_app(make_app, root_copy, GOOD + GOOD, ALL_PAPERS, warningiserror=True)
    app.build()
    assert app.statuscode == 1
    assert "duplicate key 'good2021'" in app.warning.getvalue()


@pytest.mark.parametrize("owner", [42, [""], ["Doe, Jane", 7], ["   "]])
def test_bad_owner_setting_stops_the_build(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path], owner: object
) -> None:
    srcdir = root_copy("publications-bad")
    (srcdir / "refs.bib").write_text(GOOD)
    with pytest.raises(ConfigError, match=r"^cv_owner = .*e\.g\. cv_owner = \['Doe, Jane'"):
        make_app("html", srcdir=srcdir, confoverrides={"cv_owner": owner})


@pytest.mark.parametrize("kinds", [{}, {"two words": "X"}, {"journal": 1}, ["journal"]])
def test_bad_kinds_setting_stops_the_build(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path], kinds: object
) -> None:
    srcdir = root_copy("publications-bad")
    (srcdir / "refs.bib").write_text(GOOD)
    with pytest.raises(ConfigError, match=r"^cv_kinds = .*: map each kind's name \(one word\)"):
        make_app("html", srcdir=srcdir, confoverrides={"cv_kinds": kinds})


# -- The pybtex style on its own ---------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="publications", freshenv=True)
def test_style_is_registered_with_pybtex(app: SphinxTestApp) -> None:
    # As sphinxcontrib-bibtex finds it: by name, created without arguments, and it still knows
    # the owner (cv_owner of this project).
    style_class = pybtex.plugin.find_plugin("pybtex.style.formatting", cv.formats.style.STYLE_NAME)
    assert issubclass(style_class, cv.formats.style.Style)
    entry = Entry(
        "article",
        fields={"title": "{Alpha}: Advancing Things", "journal": "J", "year": "2023"},
        persons={"author": [Person("Doe, J."), Person("others")]},
    )
    text = style_class().format_entry("x", entry).text
    rendered = text.render_as("text").replace("\N{NO-BREAK SPACE}", " ")
    assert rendered == "J. Doe et al. Alpha: Advancing Things. J, 2023."
    assert text.render_as("html").startswith("<strong>J.&nbsp;Doe</strong> et al.")
    assert [part.name for part in text.parts if isinstance(part, cv.formats.style.Part)] == [
        "cv-pub-authors",
        "cv-pub-title",
        "cv-pub-venue",
        "cv-pub-date",
    ]


@pytest.mark.parametrize(
    ("name", "owner"),
    [
        ("Roe, Jennifer", True),
        ("Jennifer Roe", True),
        ("Roe, J.", True),
        ("J. Roe", True),
        ("Roe, Seung", False),
        ("Reo, Jennifer", False),
    ],
)
def test_owner_name_variants(name: str, owner: bool) -> None:
    variants = [Person("Roe, Jennifer"), Person("J. Roe")]
    assert any(cv.bib.names.same_person(Person(name), variant) for variant in variants) is owner


@pytest.mark.parametrize("document", ["README.md", "docs/editing.md"])
def test_add_a_paper_examples_build_clean(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path], document: str
) -> None:
    """The "Add a paper" example of the README (short) and of docs/editing.md (every field),
    with the owner's name put in as they say: no warning."""
    text = (Path(__file__).parent.parent / document).read_text()
    [section] = re.findall(r"^#+ Add a paper\n(.*?)(?=^#|\Z)", text, re.DOTALL | re.MULTILINE)
    [bib] = re.findall(r"```bibtex\n(.*?)```", section, re.DOTALL)
    assert "Doe, Jane" in bib  # the name the text tells the reader to replace by their own
    app = bad_app(make_app, root_copy, bib, ALL_PAPERS)
    app.build()
    assert warnings_of(app) == []
    alpha = paper(soup_of(app, "index"), "doe2024alpha")
    assert [s.get_text() for s in alpha.find(class_="cv-pub-authors").find_all("strong")] == [
        "Jane Doe"
    ]
