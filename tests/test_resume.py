"""Variants (cv_variants): the résumé is cut from the full CV by tags, never typed twice."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import LATEXMK, info, latexmk, pdf_text_raw, require
from hypothesis import given
from hypothesis import strategies as st
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from cv.entries.directive import tags_option
from cv.pdf.variants import parse_variant


def body(tex: Path) -> str:
    return tex.read_text().split("\\begin{document}")[1]


# -- Choosing entries, sections and papers --------------------------------------------------------


@pytest.mark.sphinx("latex", testroot="variants", freshenv=True, tags=["resume"])
def test_the_variant_shows_its_tagged_entries_in_its_order(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert [entry[1] for entry in app.config.latex_documents] == ["JaneDoe_Resume.tex"]
    tex = body(app.outdir / "JaneDoe_Resume.tex")
    # The root's opening text, then the variant's sections in its order, not the toctree's.
    order = ["Research Scientist, Example Labs", "Profile of Jane Doe.", "\\section{Education}"]
    order += ["Ph.D., Computer Science", "\\section{Work}", "Research Scientist}"]
    order += ["\\section{Selected papers}", "Alpha: a Study of Fake Things"]
    positions = [tex.index(text) for text in order]
    assert positions == sorted(positions)
    # Untagged and otherwise tagged entries, pages it does not name, unselected papers: out.
    for absent in ("{Intern}", "{Tutor}", "Beta Is Not Selected", "\\section{Papers}"):
        assert absent not in tex
    # The landing page's web-only parts are left out, but the section the variant names stays.
    assert "All papers are on" not in tex
    # Short form: the citation, not the row of materials under it.
    assert "alpha-slides" not in tex
    # Links to what the variant left out (the Tutor entry, the full list) become plain text.
    assert "tutoring" in tex
    assert "\\hyperref" not in tex
    preamble = (app.outdir / "JaneDoe_Resume.tex").read_text().split("\\begin{document}")[0]
    assert "\\cvSetSubject{Résumé}" in preamble
    assert "\\cvPageBudget[resume]{1}" in preamble


@pytest.mark.sphinx("latex", testroot="variants", freshenv=True, tags=["long"])
def test_a_variant_with_several_tags(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    tex = (app.outdir / "JaneDoe_Long.tex").read_text()
    assert "{Research Scientist}" in tex
    assert "{Intern}" in tex
    assert "{Tutor}" not in tex
    assert "\\cvSetSubject{Long résumé}" in tex
    assert "\\cvPageBudget" not in tex


@pytest.mark.sphinx("latex", testroot="variants", freshenv=True)
def test_without_a_tag_the_full_cv_is_built(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert [entry[1] for entry in app.config.latex_documents] == ["janedoe.tex"]
    tex = body(app.outdir / "janedoe.tex")
    for present in ("{Intern}", "{Tutor}", "Beta Is Not Selected", "alpha-slides", "\\hyperref"):
        assert present in tex
    assert "Selected papers" not in tex
    assert "\\cvPageBudget" not in tex


@pytest.mark.sphinx("html", testroot="variants", freshenv=True)
def test_tags_change_nothing_on_the_site(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    html = (app.outdir / "sections/work.html").read_text()
    for entry in ("Research Scientist", "Intern", "Tutor"):
        assert entry in html


# -- Mistakes get a message that says what to fix ---------------------------------------------


def build(make_app: Callable[..., SphinxTestApp], srcdir: Path, **kwargs: object) -> str:
    app = make_app("latex", srcdir=srcdir, **kwargs)
    app.build()
    return app.warning.getvalue()


def test_a_tag_no_variant_uses_is_a_located_warning(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    srcdir = root_copy("variants")
    work = srcdir / "sections/work.md"
    work.write_text(work.read_text().replace(":tags: long", ":tags: resmue"))
    warnings = build(make_app, srcdir)
    assert re.search(
        r"sections/work\.md:\d+: WARNING: cv-entry: no variant in cv_variants uses the tag "
        r"'resmue'; did you mean 'resume'\? \[cv\.tags\]",
        warnings,
    ), warnings


@pytest.mark.parametrize("section", ["sections/edu", "index#jane-doe", "index"])
def test_a_section_that_is_not_in_the_cv_is_a_warning(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path], section: str
) -> None:
    """A page or section the CV lacks, or the root itself, which every variant opens with."""
    srcdir = root_copy("variants")
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace('"sections/education"', f'"{section}"'))
    warnings = build(make_app, srcdir, tags=["resume"])
    assert f"WARNING: cv_variants['resume']: no section '{section}' in the CV" in warnings


def test_a_section_with_no_tagged_entry_is_a_warning(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    srcdir = root_copy("variants")
    education = srcdir / "sections/education.md"
    education.write_text(education.read_text().replace(":tags: resume\n", ""))
    warnings = build(make_app, srcdir, tags=["resume"])
    assert (
        "WARNING: cv_variants['resume']: no entry of 'sections/education' is tagged resume; "
        "add ':tags: resume' to the entries it should show, or leave the section out"
    ) in warnings


def test_one_variant_per_build(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    with pytest.raises(ConfigError, match="one variant per build"):
        make_app("latex", srcdir=root_copy("variants"), tags=["resume", "long"])


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ([], "give a dict"),
        ({"sections": ["a"]}, "'filename' must be"),
        ({"filename": ".pdf", "sections": ["a"]}, "'filename' must be"),
        ({"filename": "x", "sections": []}, "'sections' must be a list"),
        ({"filename": "x", "sections": ["a"], "pages": 0}, "'pages' must be"),
        ({"filename": "x", "sections": ["a"], "pages": True}, "'pages' must be"),
        ({"filename": "x", "sections": ["a"], "years": 0}, "'years' must be only papers"),
        ({"filename": "x", "sections": ["a"], "years": "5"}, "'years' must be only papers"),
        ({"filename": "x", "sections": ["a"], "years": False}, "'years' must be only papers"),
        ({"filename": "x", "sections": ["a"], "tags": ["a b"]}, "'tags' must be"),
        ({"filename": "x", "sections": ["a"], "page": 1}, "unknown key 'page'; did you mean"),
        ({"filename": "x", "sections": ["a"], "url": "ftp://x"}, "'url' must be an http"),
    ],
)
def test_a_bad_variant_is_a_config_error(spec: object, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        parse_variant("resume", spec)


VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(), st.lists(st.text(), max_size=3)
)


@given(
    st.one_of(st.text(), st.integers()),
    st.one_of(
        VALUES,
        st.dictionaries(st.sampled_from(["filename", "sections", "tags", "pages", "x"]), VALUES),
    ),
)
def test_any_variant_is_checked_or_a_config_error(name: object, spec: object) -> None:
    try:
        variant = parse_variant(name, spec)
    except ConfigError as error:
        assert str(error).startswith("cv_variants")
    else:
        assert variant.filename
        assert variant.sections
        assert variant.pages is None or variant.pages >= 1


@given(st.text())
def test_tags_option_accepts_names_or_says_why_not(text: str) -> None:
    try:
        tags = tags_option(text)
    except ValueError as error:
        assert "tag" in str(error)
    else:
        assert tags
        assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", tag) for tag in tags)


# -- The link from the landing page ----------------------------------------------------------------

READTHEDOCS = {"READTHEDOCS": "True", "READTHEDOCS_CANONICAL_URL": "https://cv.example.org/en/1/"}


@pytest.mark.parametrize(
    ("environ", "href"),
    [
        (READTHEDOCS, "https://cv.example.org/en/1/JaneDoe_Resume.pdf"),
        # Pull-request builds run the post_build job too: their own copy is linked.
        (
            {**READTHEDOCS, "READTHEDOCS_VERSION_TYPE": "external"},
            "https://cv.example.org/en/1/JaneDoe_Resume.pdf",
        ),
        # A local build, or a host that only borrows the variable, has no résumé to link to.
        ({}, ""),
        ({"READTHEDOCS_CANONICAL_URL": "https://cv.example.org/"}, ""),
    ],
)
def test_the_resume_link_is_there_only_where_the_resume_is(
    make_app: Callable[..., SphinxTestApp],
    root_copy: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    environ: dict[str, str],
    href: str,
) -> None:
    for name in ("READTHEDOCS", "READTHEDOCS_CANONICAL_URL", "READTHEDOCS_VERSION_TYPE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    app = make_app("html", srcdir=root_copy("variants"))
    app.build()
    assert app.warning.getvalue() == ""
    links = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser").select(
        "a.cv-pdf-link"
    )
    assert [link["href"] for link in links] == ([href] if href else [])


def test_a_link_to_an_unknown_variant_is_an_error(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    srcdir = root_copy("variants")
    index = srcdir / "index.md"
    index.write_text(index.read_text().replace(":variant: resume", ":variant: resmue"))
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert re.search(
        r"index\.md:\d+: ERROR: cv-pdf-link: no variant 'resmue'; did you mean 'resume'\?",
        app.warning.getvalue(),
    ), app.warning.getvalue()


@pytest.mark.parametrize("url", ["https://example.org/r.pdf", ""])
def test_a_variant_url_of_ones_own_or_none(
    make_app: Callable[..., SphinxTestApp],
    root_copy: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    url: str,
) -> None:
    """An address of one's own wins over Read the Docs'; "" means no link, even there."""
    for name, value in READTHEDOCS.items():
        monkeypatch.setenv(name, value)
    srcdir = root_copy("variants")
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace('"pages": 1,', f'"pages": 1, "url": "{url}",'))
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert app.warning.getvalue() == ""
    soup = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    assert [a["href"] for a in soup.select("a.cv-pdf-link")] == ([url] if url else [])


# -- The papers of the last N years ('years') ----------------------------------------------------

RECENT = """
cv_variants["recent"] = {
    "filename": "JaneDoe_Recent", "sections": ["sections/papers"], "years": %d
}
"""
ALPHA, BETA = "Alpha: a Study of Fake Things", "Beta Is Not Selected"  # 2024, 2021


def recent_variant(
    make_app: Callable[..., SphinxTestApp], srcdir: Path, years: int
) -> tuple[str, str]:
    """The warnings and the LaTeX body of a variant of the papers of the last *years* years,
    built in 2026 (SOURCE_DATE_EPOCH, as Sphinx's ``today`` reads it)."""
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(RECENT % years)
    app = make_app("latex", srcdir=srcdir, tags=["recent"])
    app.build()
    return app.warning.getvalue(), body(app.outdir / "JaneDoe_Recent.tex")


@pytest.mark.parametrize(("years", "shown"), [(3, [ALPHA]), (6, [ALPHA, BETA])])
def test_a_variant_of_the_papers_of_the_last_years(
    make_app: Callable[..., SphinxTestApp],
    root_copy: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    years: int,
    shown: list[str],
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026-05-28
    warnings, tex = recent_variant(make_app, root_copy("variants"), years)
    assert warnings == ""
    assert [title for title in (ALPHA, BETA) if title in tex] == shown
    assert "\\section{Papers}" in tex


def test_a_variant_whose_years_keep_no_paper_is_a_warning(
    make_app: Callable[..., SphinxTestApp],
    root_copy: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    warnings, tex = recent_variant(make_app, root_copy("variants"), 1)
    assert (
        "WARNING: cv_variants['recent']: no paper of 'sections/papers' is from 2026 or later "
        "('years'); raise 'years' or leave the section out" in warnings
    )
    assert ALPHA not in tex
    assert BETA not in tex


# -- The page budget -----------------------------------------------------------------------------


def test_over_budget_is_a_latex_error_that_says_by_how_much(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    """latexmk fails (so do tox -e pdf and Read the Docs' job); the PDF is written in full."""
    srcdir = root_copy("variants")
    work = srcdir / "sections/work.md"
    filler = "\n".join(f"- Example achievement number {i}." for i in range(90))
    work.write_text(work.read_text().replace("- Built the example pipeline", f"{filler}\n- Built"))
    app = make_app("latex", srcdir=srcdir, tags=["resume"])
    app.build()
    assert app.warning.getvalue() == ""
    result = subprocess.run(
        [require("latexmk"), *LATEXMK, "-jobname=JaneDoe_Resume"],
        cwd=app.outdir,
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
    )
    assert result.returncode != 0
    pdf = app.outdir / "JaneDoe_Resume.pdf"
    log = " ".join(pdf.with_suffix(".log").read_text().split())
    found = re.search(
        r"! Package cv Error: cv_variants\['resume'\] is over its page budget of 1 page\(s\) by "
        r"(\d+) lines: it has 2 pages, the last one (\d+) percent full\.",
        log,
    )
    assert found, log[-2000:]
    assert 10 < int(found[1]) < 60
    assert "Untag entries (their :tags:) or raise 'pages' in cv_variants in conf.py." in log
    # Nothing is cut: every line is in the PDF, on its second page.
    assert "Example achievement number 89." in pdf_text_raw(pdf)
    assert pdfinfo_pages(pdf) == 2
    # Beside it, for .ci/pdf.py to list: the entries the variant shows, oldest first.
    tagged = json.loads((app.outdir / "cv-tagged-entries.json").read_text())
    assert tagged == {
        "variant": "resume",
        "pages": 1,
        "tags": ["resume"],
        "entries": [
            {"title": "Ph.D., Computer Science", "org": "Example University",
             "when": "2017-09 – 2023-06", "where": "sections/education.md:3"},
            {"title": "Research Scientist", "org": "Example Labs",
             "when": "2023-12 – present", "where": "sections/work.md:3"},
        ],
    }  # fmt: skip


def test_within_budget_there_is_no_warning(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    app = make_app("latex", srcdir=root_copy("variants"), tags=["resume"])
    app.build()
    pdf = latexmk(app.outdir, "JaneDoe_Resume")
    assert "Package cv Error" not in pdf.with_suffix(".log").read_text()
    assert pdfinfo_pages(pdf) == 1


def pdfinfo_pages(pdf: Path) -> int:
    return int(info(pdf)["Pages"])


def test_a_paper_without_a_year_stays_in_a_variant_of_the_last_years(
    make_app: Callable[..., SphinxTestApp],
    root_copy: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """'years' cannot date an undated paper, so it keeps it (it never drops a paper it cannot
    place); the dated one outside the years still goes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    srcdir = root_copy("variants")
    bib = srcdir / "refs.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace("  year       = {2021},\n", ""), encoding="utf-8"
    )
    warnings, tex = recent_variant(make_app, srcdir, 3)
    assert ALPHA in tex
    assert BETA in tex  # now undated
    assert "doe2021beta: no year" in warnings  # the .bib check still says it lacks one
