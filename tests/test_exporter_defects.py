"""Issue 22's ten defects, one test each (two for the PDF's), as a user meets them.

Exporters' data lost or misread (1-5), hostile keys and pages (6-10), and what exporters write
into ``pages`` that is no page range (11-14, found when their fixtures were compiled into a
PDF): HAL's "pp." and its page counts (``8p.``), MathSciNet's article numbers (``Paper No. 3,
25``), free text. Every test builds a small project of its own through Sphinx only
(test_bib_defects' ``site``), so it runs unchanged against any version of the extension: each
failed on the code before it. The data is made up (Jane Doe, example.org), but for the
exporters' field names and macros, which are theirs.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from typing import TYPE_CHECKING

import bibread
import pytest
import rispy
from bs4 import BeautifulSoup
from conftest import LATEXMK, Site, pdf_text, require
from pybtex.database import parse_string

from cv.pdf import runs

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


def located(built: Site) -> list[str]:
    """The build's warnings, the source folder left out of their locations."""
    return [warning.replace(f"{built.app.srcdir}/", "") for warning in built.warnings]


def download(built: Site, name: str) -> str:
    return (built.app.outdir / name).read_text()


def paper_page(built: Site, key: str) -> BeautifulSoup:
    return BeautifulSoup(download(built, f"papers/{key}.html"), "html.parser")


def json_ld(page: BeautifulSoup) -> dict:
    """The page's ScholarlyArticle."""
    [script] = page.select('script[type="application/ld+json"]')
    graph = json.loads(script.string)
    [article] = [node for node in graph["@graph"] if node["@type"] == "ScholarlyArticle"]
    return article


ADS = r"""
@article{ads2015, author={Doe, Jane and Bol\cprime shakov, A.}, title={Winds{\mdash}and stars},
  journal={\apj}, year=2015}
@article{ads2016, author={Doe, Jane}, title={Rings}, journal={\mnras}, year=2016}
@article{own2017, author={Doe, Jane}, title={Mine}, journal={\myjournal}, year=2017}
"""


def test_01_journal_macros_are_expanded(site: Callable[..., Site]) -> None:
    extra = "cv_bibtex_macros = {'myjournal': 'Journal of \\\\emph{Examples}'}"
    built = site(ADS, extra=extra)
    assert built.warnings == []
    assert built.text("ads2015") == (
        "Jane Doe and A.\xa0Bolʹshakov. Winds—and stars. The Astrophysical Journal, 2015."
    )
    assert "Monthly Notices of the Royal Astronomical Society" in built.text("ads2016")
    assert built.papers()["own2017"].find("em").get_text() == "Examples"
    tex = (site(ADS, builder="latex", extra=extra).app.outdir / "janedoe.tex").read_text()
    assert "The Astrophysical Journal" in tex
    # Without the project's own expansion, its command is one located warning, as before.
    built = site(ADS)
    assert located(built) == [
        "refs.bib:5: WARNING: own2017: journal: unknown LaTeX command \\myjournal is left out, "
        "any argument shown as plain text; write the text it stands for [cv.latex]"
    ]


EXPORTERS = r"""
@inproceedings{paperpile2019, author={Doe, Jane}, title={A}, conference={Conference on Examples},
  year=2019, location={Springfield}}
@article{mr2017, AUTHOR={Doe, Jane}, TITLE={B}, JOURNAL={J. Ex.}, FJOURNAL={Journal of Examples},
  YEAR={2017}, MRCLASS={14M15}, MRNUMBER={MR1}, MRREVIEWER={Roe, R.}, zbMATH={7719245}}
@article{hal2018, AUTHOR={Doe, Jane}, TITLE={C}, JOURNAL={J}, YEAR={2018}, HAL_ID={hal-0126},
  HAL_VERSION={v3}, HAL_LOCAL_REFERENCE={Rapport 17340}}
@article{inspire2010, author="Doe, Jane", title="D", journal="J", year="2010",
  reportNumber="CERN-PH-EP-2010-006", collaboration="ALICE", SLACcitation="%%CITATION = X;%%",
  doi="10.1016/j.physletb.2009.02.014, 10.1016/j.physletb.2009.06.021"}
@article{scopus2020, author={Doe, J.}, title={E}, journal={J}, year={2020}, pubmed_id={12345},
  note={cited By 12}}
@article{tugboat1999, author={Doe, Jane}, title={F}, journal={TUGboat}, year={1999},
  bibdate={Wed Mar 1 1999}, acknowledgement={ack-nhfb}}
"""


def test_02_exporters_fields_are_known_and_carry_the_venue(site: Callable[..., Site]) -> None:
    built = site(EXPORTERS)
    assert built.warnings == []
    # Paperpile's conference is the venue: on the page, in its BibTeX, in every download.
    assert built.text("paperpile2019") == "Jane Doe. A. Conference on Examples, 2019."
    bibtex = built.papers()["paperpile2019"].find("pre").get_text()
    assert "booktitle = {Conference on Examples}" in bibtex
    [item] = [i for i in json.loads(download(built, "publications.json")) if i["id"] == "mr2017"]
    [conference] = [
        i for i in json.loads(download(built, "publications.json")) if i["id"] == "paperpile2019"
    ]
    assert conference["container-title"] == "Conference on Examples"
    exported = parse_string(download(built, "publications.bib"), "bibtex").entries
    assert exported["paperpile2019"].fields["booktitle"] == "Conference on Examples"
    assert "T2  - Conference on Examples" in download(built, "publications.ris")
    # MathSciNet's full journal name is the venue; its abbreviation is the journal.
    assert built.text("mr2017") == "Jane Doe. B. Journal of Examples, 2017."
    assert item["container-title"] == "J. Ex."
    # INSPIRE's article and erratum DOIs in one field: the link is the article's.
    doi = built.papers()["inspire2010"].find("a", string="DOI")["href"]
    assert doi == "https://doi.org/10.1016/j.physletb.2009.02.014"
    # Scopus's PubMed id is a link; its citation count is no note.
    scopus = built.papers()["scopus2020"]
    assert "cited" not in scopus.get_text().lower()
    assert scopus.find("a", string="PubMed")["href"] == "https://pubmed.ncbi.nlm.nih.gov/12345/"


def test_03_a_date_against_the_year_is_a_warning_and_the_year_wins(
    site: Callable[..., Site],
) -> None:
    bib = "@inproceedings{doe2025, author={Doe, Jane}, title={T}, booktitle={B}, year={2025},\n"
    bib += "  month=mar, date={19}}\n"
    built = site(bib)
    assert located(built) == [
        "refs.bib:1: WARNING: doe2025: date '19' gives the year 19, but year is 2025; 2025 is "
        "used: write the whole date in date (YYYY-MM-DD), or remove it [cv.field]"
    ]
    assert built.text("doe2025") == "Jane Doe. T. B, March 2025."
    page = paper_page(built, "doe2025")
    assert page.find("meta", {"name": "citation_publication_date"})["content"] == "2025/03"
    assert json_ld(page)["datePublished"] == "2025-03"
    [item] = json.loads(download(built, "publications.json"))
    assert item["issued"] == {"date-parts": [[2025, 3]]}


CJK = "@inproceedings{jp2025, author={堀口, 翔太 and 허, 태경 and Nagy, János and Doe, Jane},\n"
CJK += "  title={T}, booktitle={B}, year=2025}\n"


def test_04_cjk_names_are_shown_family_name_first(site: Callable[..., Site]) -> None:
    extra = "cv_name_order = {'Nagy, János': 'family first'}"
    built = site(CJK, owner=["堀口, 翔太"], extra=extra)
    assert built.warnings == []
    paper = built.papers()["jp2025"]
    authors = paper.find(class_="cv-pub-authors")
    assert authors.get_text() == "堀口翔太, 허태경, Nagy János, and Jane Doe"
    assert authors.find("strong").get_text() == "堀口翔太"  # the owner, matched as before
    page = paper_page(built, "jp2025")
    names = ["堀口翔太", "허태경", "Nagy János", "Jane Doe"]
    assert [author["name"] for author in json_ld(page)["author"]] == names
    assert page.find("meta", {"name": "description"})["content"].startswith("T. By 堀口翔太")
    citations = page.select(".cv-paper-styles dd")
    assert citations and all("堀口翔太" in dd.get_text() for dd in citations)
    [item] = json.loads(download(built, "publications.json"))
    assert item["author"][0]["family"] == "堀口" and item["author"][0]["given"] == "翔太"
    assert "AU  - 堀口, 翔太" in download(built, "publications.ris")
    tex = (site(CJK, builder="latex", extra=extra).app.outdir / "janedoe.tex").read_text()
    assert "堀口翔太" in tex and "Nagy János" in tex


def test_05_char_codes_and_scopus_citation_counts(site: Callable[..., Site]) -> None:
    bib = "@article{doe1999, author={Doe, Jane}, title={The {\\tt\\char`\\\\let} primitive},\n"
    bib += "  journal={TUGboat}, year=1999, note={cited By 12}}\n"
    built = site(bib)
    assert built.warnings == []
    assert built.text("doe1999") == "Jane Doe. The \\let primitive. TUGboat, 1999."
    assert "cited" not in built.papers()["doe1999"].find("pre").get_text()
    tex = (site(bib, builder="latex").app.outdir / "janedoe.tex").read_text()
    assert "cited By" not in tex


#: Two keys whose hashed page names are alike (found by a birthday search of SHA-256's first
#: 8 hex digits), and a key that is another key's hashed page name.
CLASHING = ("doe/+!;*:2024", "doe+;*;**2024")
HASHED = "a-b-" + hashlib.sha256(b"a/b").hexdigest()[:8]


def test_06_two_keys_never_share_a_page_silently(site: Callable[..., Site]) -> None:
    keys = [*CLASHING, "a/b", HASHED]
    bib = "".join(
        f"@article{{{key}, author={{Doe, Jane}}, title={{Paper {i}}}, journal={{J}}, year=2020}}\n"
        for i, key in enumerate(keys)
    )
    built = site(bib)
    assert located(built) == [
        "refs.bib:2: WARNING: doe+;*;**2024: this key's page would be papers/doe-2024-dbbab366, "
        "the page of doe/+!;*:2024 (their hashed names are alike); it gets no page of its own: "
        "rename one of the two keys [cv.paperpage]"
    ]
    soup = built.soup()
    titles = {}
    for link in soup.select("li.cv-pub a.internal"):
        page = BeautifulSoup((built.app.outdir / link["href"]).read_text(), "html.parser")
        titles[link.get_text()] = page.find("h1").get_text().rstrip("#¶ ")
    # Each paper with a page has its own; the one without is listed, its title unlinked.
    assert titles == {"Paper 0": "Paper 0", "Paper 2": "Paper 2", "Paper 3": "Paper 3"}
    assert len(built.papers()) == 4


def test_07_a_key_that_is_a_headings_id_is_listed(site: Callable[..., Site]) -> None:
    bib = "".join(
        f"@article{{{key}, author={{Doe, Jane}}, title={{T}}, journal={{J}}, year=2020}}\n"
        for key in ("publications", "journal-articles")
    )
    page = "# Publications\n\n## Journal articles\n\n:::{publications}\n:kind: journal\n:::\n"
    built = site(bib, page)
    assert located(built) == [
        f"index.md:5: WARNING: publications: the key {key} is also the id of a section on "
        f"this page; the paper takes #{key}, the section becomes #{key}-1 [cv.duplicate]"
        for key in ("publications", "journal-articles")
    ]
    assert sorted(built.papers()) == ["journal-articles", "publications"]
    assert [section["id"] for section in built.soup().select("section")] == [
        "publications-1",
        "journal-articles-1",
    ]


ENTRY = r"""# CV

:::{cv-entry} A talk
:org: Example University

Energy {math}`E = mc^2`, and {math}`\input{SECRET}`.

```{math}
\immediate\write18{touch PWNED}
```
:::
"""


def compile_pdf(latexdir: Path, how: str = "latexmk") -> tuple[Path, str]:
    """The PDF as Read the Docs makes it (latexmk with the latexmkrc in the folder), or as
    ``tox -e pdf`` does (``how="runs"``: cv.pdf.runs), and the LaTeX log; LaTeX's errors are for
    the test to read."""
    require("pdflatex")
    (tex,) = latexdir.glob("*.tex")
    if how == "runs":
        runs.compile_pdf(latexdir, tex.stem, quiet=True)
    else:
        subprocess.run(
            [require("latexmk"), *LATEXMK, f"-jobname={tex.stem}"], cwd=latexdir,
            capture_output=True, check=False,
        )  # fmt: skip
    return tex.with_suffix(".pdf"), tex.with_suffix(".log").read_text(errors="replace")


def test_08_no_latex_of_an_entry_reaches_the_pdf(site: Callable[..., Site], tmp_path: Path) -> None:
    secret, pwned = tmp_path / "secret.tex", tmp_path / "pwned"
    secret.write_text("root:x:0:0 the secret\n")
    page = ENTRY.replace("SECRET", str(secret)).replace("PWNED", str(pwned))
    built = site("", page)
    # Math is shown as text (letters in italics, x^2 as x²), on the page and in the PDF alike.
    math = built.soup().find(class_="cv-math")
    assert math.get_text() == "E = mc2" and math.find("sup").get_text() == "2"
    assert located(built) == [
        "index.md:6: WARNING: cv-entry: math: unknown LaTeX command \\input is left out, any "
        "argument shown as plain text; write the text it stands for [cv.markup]",
        "index.md:8: WARNING: cv-entry: math: unknown LaTeX command \\immediate is left out, "
        "any argument shown as plain text; write the text it stands for [cv.markup]",
        "index.md:8: WARNING: cv-entry: math: unknown LaTeX command \\write is left out, "
        "any argument shown as plain text; write the text it stands for [cv.markup]",
    ]
    latex = site("", page, builder="latex").app.outdir
    tex = (latex / "janedoe.tex").read_text()
    assert not re.search(r"\\(input|immediate|write)", tex[tex.index("\\begin{document}") :])
    pdf, _ = compile_pdf(latex)
    text = pdf_text(pdf)
    assert "E = mc2" in text or "E = mc²" in text
    assert "the secret" not in text
    assert not pwned.exists()


def test_08_an_entry_reads_no_file(site: Callable[..., Site], tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0 the secret\n")
    page = ":::{cv-entry} A job\n\n```{literalinclude} ../secret.txt\n```\n:::\n"  # beside src/
    built = site("", f"# CV\n\n{page}")
    assert located(built) == ["index.md:5: WARNING: File insertion disabled [docutils]"]
    assert "the secret" not in built.soup().get_text()
    tex = (site("", f"# CV\n\n{page}", builder="latex").app.outdir / "janedoe.tex").read_text()
    assert "the secret" not in tex


@pytest.mark.parametrize("how", ["latexmk", "runs"])
def test_08_latex_runs_without_shell_escape_or_files_outside(
    site: Callable[..., Site], tmp_path: Path, how: str
) -> None:
    """Should raw LaTeX ever reach the PDF, the LaTeX run can neither read a file outside its
    folder nor run a command: latexmkrc says so to every engine, and cv.pdf.runs does too."""
    secret, pwned = tmp_path / "secret.tex", tmp_path / "pwned"
    secret.write_text("root:x:0:0 the secret\n")
    page = (
        "# CV\n\nBefore.\n\n```{raw} latex\n\\immediate\\write18{touch " + str(pwned) + "}\n"
        "\\input{" + str(secret) + "}\n```\n\nAfter.\n"
    )
    latex = site("", page, builder="latex").app.outdir
    rc = (latex / "latexmkrc").read_text()
    assert "$ENV{'openin_any'} = 'p';" in rc and "-no-shell-escape" in rc
    pdf, log = compile_pdf(latex, how)
    assert re.search(r"runsystem\(touch .*\)\.\.\.disabled\.", log.replace("\n", ""))
    assert not pwned.exists()
    assert "the secret" not in (pdf_text(pdf) if pdf.exists() else "")
    unwrapped = log.replace("\n", "")  # TeX wraps its log at 79 characters
    assert f"File `{secret}' not found" in unwrapped  # refused, though it is there


def test_09_a_key_of_any_length_has_a_page(site: Callable[..., Site]) -> None:
    key = "doe" + "x" * 300
    built = site(f"@article{{{key}, author={{Doe, Jane}}, title={{Long}}, journal={{J}}, year=1}}")
    assert built.warnings == []
    [link] = built.soup().select("li.cv-pub a.internal")
    assert len(link["href"]) < 120
    assert (built.app.outdir / link["href"]).is_file()
    assert (built.app.outdir / link["href"].replace(".html", ".bib")).is_file()


def test_10_input_is_reported_and_deep_braces_are_told_apart(site: Callable[..., Site]) -> None:
    deep = "{" * 101 + "x" + "}" * 101
    ok = "{" * 99 + "x" + "}" * 99
    bib = (
        "@article{doe2001, author={Doe, Jane}, title={Notes \\input{notes}}, journal={J}, year=1}\n"
        f"@article{{doe2002, author={{Doe, Jane}}, title={{{deep}}}, journal={{J}}, year=2}}\n"
        f"@article{{doe2003, author={{Doe, Jane}}, title={{{ok}}}, journal={{J}}, year=3}}\n"
    )
    built = site(bib)
    assert sorted(located(built)) == [
        "refs.bib:1: WARNING: doe2001: title: unknown LaTeX command \\input is left out, any "
        "argument shown as plain text; write the text it stands for [cv.latex]",
        "refs.bib:2: WARNING: syntax error in entry 'doe2002' (line 2): too many nested braces; "
        "this entry is left out: its braces nest more than 100 deep, more than pybtex reads; "
        "write the field with fewer braces [cv.bibfile]",
    ]
    assert sorted(built.papers()) == ["doe2001", "doe2003"]
    assert built.text("doe2003") == "Jane Doe. x. J, 3."


#: The word for pages that HAL and Mendeley write into the field, and the spaced dashes of HAL
#: and Scopus; Zotero's article number P22, which is no such word, kept.
PAGE_WORDS = r"""
@inproceedings{hal2016, AUTHOR={Doe, Jane}, TITLE={T}, BOOKTITLE={B}, YEAR={2016},
  PAGES={pp.281-288}}
@article{hal2017, AUTHOR={Doe, Jane}, TITLE={U}, JOURNAL={J}, YEAR={2017}, PAGES={pp. 82 - 89 }}
@article{mendeley2018, author={Doe, Jane}, title={V}, journal={J}, year={2018},
  pages={pages 193--202}}
@article{zotero2019, author={Doe, Jane}, title={W}, journal={J}, year={2019}, pages={P22}}
@article{scopus2020, author={Doe, Jane}, title={X}, journal={J}, year={2020},
  pages={1366 – 1387}}
"""


def test_11_a_word_for_pages_is_left_out(site: Callable[..., Site]) -> None:
    built = site(PAGE_WORDS)
    assert built.warnings == []
    assert built.text("hal2016") == "Jane Doe. T. B, pp. 281–288, 2016."
    assert built.text("hal2017") == "Jane Doe. U. J, pp. 82–89, 2017."
    assert built.text("mendeley2018") == "Jane Doe. V. J, pp. 193–202, 2018."
    assert built.text("zotero2019").endswith(" P22, 2019.")
    assert built.text("scopus2020") == "Jane Doe. X. J, pp. 1366–1387, 2020."
    # Each download, read back by readers that are not ours.
    exported = parse_string(download(built, "publications.bib"), "bibtex").entries
    pages = {key: entry.fields["pages"] for key, entry in exported.items()}
    assert pages == {
        "hal2016": "281-288", "hal2017": "82 - 89", "mendeley2018": "193--202", "zotero2019": "P22",
        "scopus2020": "1366 – 1387",
    }  # fmt: skip
    items = {item["id"]: item["page"] for item in json.loads(download(built, "publications.json"))}
    assert items["hal2016"] == "281–288" and items["mendeley2018"] == "193–202"
    ris = download(built, "publications.ris")
    for first, last in (("281", "288"), ("82", "89"), ("1366", "1387")):
        assert f"SP  - {first}\nEP  - {last}" in ris
    page = paper_page(built, "hal2016")
    assert page.find("meta", {"name": "citation_firstpage"})["content"] == "281"
    assert json_ld(page)["pagination"] == "281–288"
    tex = (site(PAGE_WORDS, builder="latex").app.outdir / "janedoe.tex").read_text()
    shown = sorted(re.findall(r"pp\. ([^,]*),", tex))
    assert shown == [
        "1366\\textendash{}1387", "193\\textendash{}202", "281\\textendash{}288",
        "82\\textendash{}89", "P22",
    ]  # fmt: skip


def exports(built: Site) -> tuple[dict, dict, dict]:
    """Each paper's CSL-JSON item, RIS record and BibTeX entry from the whole list's downloads,
    each read back by its own reader (json, rispy, pybtex)."""
    items = {item["id"]: item for item in json.loads(download(built, "publications.json"))}
    bibread.validate_csl(list(items.values()))
    records = {record["id"]: record for record in rispy.loads(download(built, "publications.ris"))}
    entries = bibread.read_bibtex(download(built, "publications.bib"))
    return items, records, {key: dict(entry.fields) for key, entry in entries.items()}


def meta(built: Site, key: str) -> dict[str, str]:
    """The Highwire tags of a paper's page."""
    tags = paper_page(built, key).select('meta[name^="citation_"]')
    return {tag["name"]: tag["content"] for tag in tags}


def latex(bib: str, site: Callable[..., Site]) -> str:
    """The body of the PDF's LaTeX for *bib*."""
    tex = (site(bib, builder="latex").app.outdir / "janedoe.tex").read_text()
    return tex[tex.index("\\begin{document}") :]


#: HAL's page counts: how many pages, written where a range goes.
PAGE_COUNTS = r"""
@article{hal2021, AUTHOR={Doe, Jane}, TITLE={A}, JOURNAL={J}, YEAR={2021}, PAGES={8p.}}
@inproceedings{hal2022, AUTHOR={Doe, Jane}, TITLE={B}, BOOKTITLE={C}, YEAR={2022},
  PAGES={12 p.}}
"""


def test_12_a_page_count_is_no_page_range(site: Callable[..., Site]) -> None:
    built = site(PAGE_COUNTS)
    assert built.warnings == []
    assert built.text("hal2021") == "Jane Doe. A. J, 8 pages, 2021."
    assert built.text("hal2022") == "Jane Doe. B. C, 12 pages, 2022."
    items, records, entries = exports(built)
    for key, count in (("hal2021", "8"), ("hal2022", "12")):
        # CSL's number of pages; no page, first or last page anywhere.
        assert items[key]["number-of-pages"] == count
        assert "page" not in items[key]
        assert not records[key].keys() & {"start_page", "end_page"}
        tags = meta(built, key)
        assert not tags.keys() & {"citation_firstpage", "citation_lastpage"}
        assert "pagination" not in json_ld(paper_page(built, key))
        # The BibTeX download: biblatex's field for a count, the same number back.
        assert entries[key]["pagetotal"] == count
        assert "pages" not in entries[key]
    tex = latex(PAGE_COUNTS, site)
    assert "8 pages" in tex and "12 pages" in tex
    assert not re.search(r"\bpp?\.\s*\d|\dp\.", tex)


#: Article numbers: MathSciNet's in ``pages`` with the count (with a word and without), ACM's
#: ``articleno`` and ``numpages``, biblatex's ``eid`` and ``pagetotal``; and ADS's and ACM's
#: older pages that begin with the article number, which is then not said twice.
ARTICLES = r"""
@article{mr2023, AUTHOR={Doe, Jane}, TITLE={D}, JOURNAL={J}, YEAR={2023}, VOLUME={7},
  PAGES={Paper No. 3, 25}, MRNUMBER={4500001}}
@article{mr2024, AUTHOR={Doe, Jane}, TITLE={E}, JOURNAL={J}, YEAR={2024},
  PAGES={1650101, 33}}
@article{acm2020, author={Doe, Jane}, title={F}, journal={J}, year={2020}, volume={7},
  number={2}, articleno={44}, numpages={9}}
@article{biblatex2019, author={Doe, Jane}, title={G}, journaltitle={J}, date={2019},
  eid={e12}, pagetotal={10}}
@article{ads2015, author={Doe, Jane}, title={M}, journal={J}, year={2015}, eid={44},
  pages={44}}
@inproceedings{acm2016, author={Doe, Jane}, title={N}, booktitle={C}, year={2016},
  articleno={7}, numpages={4}, pages={7:1--7:4}}
"""


def test_13_an_article_number_is_no_page_range(site: Callable[..., Site]) -> None:
    built = site(ARTICLES)
    assert built.warnings == []
    assert built.text("mr2023") == "Jane Doe. D. J, vol. 7, Article 3, 25 pages, 2023."
    assert built.text("mr2024") == "Jane Doe. E. J, Article 1650101, 33 pages, 2024."
    assert built.text("acm2020") == "Jane Doe. F. J, vol. 7, no. 2, Article 44, 9 pages, 2020."
    assert built.text("biblatex2019") == "Jane Doe. G. J, Article e12, 10 pages, 2019."
    assert built.text("ads2015") == "Jane Doe. M. J, p. 44, 2015."
    assert built.text("acm2016") == "Jane Doe. N. C, pp. 7:1–7:4, 2016."
    items, records, entries = exports(built)
    expected = {"mr2023": ("3", "25"), "mr2024": ("1650101", "33"), "acm2020": ("44", "9"),
                "biblatex2019": ("e12", "10")}  # fmt: skip
    for key, (article, count) in expected.items():
        # CSL's number is the article's (an issue is CSL's issue), its count number-of-pages.
        assert (items[key]["number"], items[key]["number-of-pages"]) == (article, count)
        assert "page" not in items[key]
        assert not records[key].keys() & {"start_page", "end_page"}
        assert not meta(built, key).keys() & {"citation_firstpage", "citation_lastpage"}
    assert items["acm2020"]["issue"] == "2"
    assert records["acm2020"]["number"] == "2"
    # The BibTeX download: MathSciNet's pages as biblatex's eid and pagetotal; the others' own
    # fields as the .bib wrote them.
    assert entries["mr2023"]["eid"] == "3" and entries["mr2023"]["pagetotal"] == "25"
    assert entries["mr2024"]["eid"] == "1650101" and entries["mr2024"]["pagetotal"] == "33"
    assert "pages" not in entries["mr2023"] and "pages" not in entries["mr2024"]
    assert entries["acm2020"]["articleno"] == "44" and entries["acm2020"]["numpages"] == "9"
    assert entries["biblatex2019"]["eid"] == "e12"
    assert entries["biblatex2019"]["pagetotal"] == "10"
    tex = latex(ARTICLES, site)
    for shown in ("Article 3, 25 pages", "Article 1650101, 33 pages", "Article 44, 9 pages"):
        assert shown in tex
    assert "Paper No." not in tex and not re.search(r"\bpp?\.\s*(?:Paper|1650101)", tex)
    assert ", p. 44, " in tex
    assert "Article 7" not in tex and "Article 44, p" not in tex


#: Pages that are neither a range, a count nor an article number: free text (a lab manual's
#: unit, bioRxiv's DOI-like id), shown as written; and pages that name no page at all.
FREE_PAGES = r"""
@incollection{free2019, author={Doe, Jane}, title={H}, booktitle={B}, year={2019},
  pages={Unit 3.5}}
@article{biorxiv2021, author={Doe, Jane}, title={K}, journal={J}, year={2021},
  pages={2021.10.11.463942}}
@article{broken2018, author={Doe, Jane}, title={L}, journal={J}, year={2018}, pages={--}}
"""


def test_14_other_pages_are_shown_as_written(site: Callable[..., Site]) -> None:
    built = site(FREE_PAGES)
    assert located(built) == [
        "refs.bib:6: WARNING: broken2018: pages '--' names no page; it is left out: write the "
        "first and last page, as in 53--68 [cv.field]"
    ]
    assert built.text("free2019") == "Jane Doe. H. B, Unit 3.5, 2019."
    assert built.text("biorxiv2021") == "Jane Doe. K. J, 2021.10.11.463942, 2021."
    assert built.text("broken2018") == "Jane Doe. L. J, 2018."
    items, records, entries = exports(built)
    for key, written in (("free2019", "Unit 3.5"), ("biorxiv2021", "2021.10.11.463942")):
        # Where a vocabulary has a place for pages as text, they are there as written; never
        # as a first page.
        assert items[key]["page"] == written
        assert records[key]["start_page"] == written and "end_page" not in records[key]
        assert json_ld(paper_page(built, key))["pagination"] == written
        assert "citation_firstpage" not in meta(built, key)
        assert entries[key]["pages"] == written
    assert "page" not in items["broken2018"] and "start_page" not in records["broken2018"]
    assert entries["broken2018"]["pages"] == "--"  # the download loses nothing
    tex = latex(FREE_PAGES, site)
    assert "Unit 3.5" in tex and not re.search(r"\bpp?\.", tex)


BAD_SETTINGS = [
    "cv_bibtex_macros = {'apj': 1}",
    "cv_bibtex_macros = {'a b': 'x'}",
    "cv_bibtex_macros = ['apj']",
    "cv_name_order = {'Nagy, János': 'backwards'}",
    "cv_name_order = {'': 'family first'}",
]


@pytest.mark.parametrize("setting", BAD_SETTINGS)
def test_bad_settings_stop_the_build(site: Callable[..., Site], setting: str) -> None:
    with pytest.raises(Exception, match=setting.split(" = ")[0]):
        site("", extra=setting)
