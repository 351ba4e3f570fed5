"""Issue 11's eighteen defects, one test each, as a new user meets them: a .bib dropped in.

Every test builds a small project of its own (conf.py, a page, the .bib), through Sphinx only,
so that it runs unchanged against any version of the extension: each failed on the code before
the pipeline was rebuilt. All data is made up (Jane Doe, example.org).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from conftest import ALL, CONF, REPO, Site

if TYPE_CHECKING:
    from collections.abc import Callable


def test_01_a_paper_without_kind_is_shown(site: Callable[..., Site]) -> None:
    built = site("@inproceedings{doe2024, author={Doe, Jane}, title={T}, booktitle={B}, year=2024}")
    assert built.warnings == []
    assert list(built.papers()) == ["doe2024"]
    assert [h.get_text().rstrip("¶") for h in built.soup().select(".cv-pubs-heading")] == [
        "Conference papers"
    ]


BOOKS = """
@book{doe2020book, author={Doe, Jane}, title={A Book}, publisher={Example Press}, year=2020}
@phdthesis{doe2019thesis, author={Doe, Jane}, title={A Thesis}, school={Example U}, year=2019}
@incollection{doe2021chapter, author={Doe, Jane}, title={A Chapter}, booktitle={Some Book},
  publisher={Example Press}, year=2021}
@misc{doe2022talk, author={Doe, Jane}, title={A Talk}, howpublished={Invited talk}, year=2022}
@patent{doe2023patent, author={Doe, Jane}, title={A Patent}, number={US 1}, year=2023}
@software{doe2024tool, author={Doe, Jane}, title={A Tool}, year=2024}
@article{doe2018report, author={Doe, Jane}, title={Filed as a book}, journal={J}, year=2018,
  kind={book}}
"""


def test_02_kinds_beyond_the_four_are_configurable(site: Callable[..., Site]) -> None:
    built = site(BOOKS)
    assert built.warnings == []
    headings = [h.get_text().rstrip("¶") for h in built.soup().select(".cv-pubs-heading")]
    assert headings == [
        "Books",
        "Book chapters",
        "Theses",
        "Patents",
        "Software and datasets",
        "Talks and posters",
    ]
    assert len(built.papers()) == 7
    # Kinds, their order and headings from conf.py; a kind named in :kind:.
    extra = 'cv_kinds = {"book": "Monographs", "other": "Everything else"}'
    built = site(BOOKS, extra=extra)
    assert built.warnings == []
    assert [h.get_text().rstrip("¶") for h in built.soup().select(".cv-pubs-heading")] == [
        "Monographs",
        "Everything else",
    ]
    built = site(BOOKS, "# P\n\n:::{publications}\n:kind: book\n:::\n", extra=extra)
    assert [warning.split(": ", 1)[1] for warning in built.warnings] == [
        f"WARNING: {key}: no publications list shows this paper (kind 'other'); add a list "
        "with :kind: other, or a {publications} list without :kind: [cv.unlisted]"
        for key in ("doe2019thesis", "doe2021chapter", "doe2022talk", "doe2023patent",
                    "doe2024tool")
    ]  # fmt: skip
    assert list(built.papers()) == ["doe2020book", "doe2018report"]


def test_03_any_key_works(site: Callable[..., Site]) -> None:
    keys = ["10.1145/3340531.3411863", "2019:doe", "2020:doe", "doe_2021", "doe-2021", "Doe2022"]
    bib = "".join(
        f"@article{{{key}, author={{Doe, Jane}}, title={{Paper {i}}}, journal={{J}}, year=2020}}\n"
        for i, key in enumerate(keys)
    )
    built = site(bib)
    assert built.warnings == []
    # Each its own anchor: the key in lower case.
    assert sorted(built.papers()) == sorted(key.lower() for key in keys)
    assert {li.find(class_="cv-pub-title").get_text() for li in built.papers().values()} == {
        f"Paper {i}" for i in range(len(keys))
    }


def test_04_private_and_bookkeeping_fields_are_never_published(site: Callable[..., Site]) -> None:
    built = site(
        "@article{doe2024, author={Doe, Jane}, title={T}, journal={J}, year=2024,\n"
        "  file={/home/jane/Zotero/storage/ABCD/paper.pdf}, owner={jane}, timestamp={2024.01.01},\n"
        "  groups={to-read}, annote={my notes}, mendeley-groups={Mine}, OPTnote={},\n"
        "  kind={journal}, shortvenue={JJ}}"
    )
    assert built.warnings == []
    bibtex = built.papers()["doe2024"].find("pre").get_text()
    for private in ("Zotero", "owner", "timestamp", "groups", "annote", "mendeley", "OPT", "kind"):
        assert private not in bibtex
    assert "journal = {J}" in bibtex


def test_05_dois_are_unescaped_and_normalised(site: Callable[..., Site]) -> None:
    bib = (
        "@inproceedings{doe2008, author={Doe, Jane}, title={T}, booktitle={B}, year=2008,\n"
        "  doi={10.1007/978-3-540-70545-1\\_8}}\n"
        "@article{doe2009, author={Doe, Jane}, title={U}, journal={J}, year=2009,\n"
        "  doi={https://doi.org/10.5555/example.2009}}\n"
    )
    built = site(bib)
    assert built.warnings == []
    links = {key: li.find("a", string="DOI")["href"] for key, li in built.papers().items()}
    assert links == {
        "doe2008": "https://doi.org/10.1007/978-3-540-70545-1_8",
        "doe2009": "https://doi.org/10.5555/example.2009",
    }
    tex = (site(bib, builder="latex").app.outdir / "janedoe.tex").read_text()
    assert "https://doi.org/10.1007/978-3-540-70545-1\\_8" in tex  # _ escaped once, by Sphinx
    assert "\\textbackslash{}" not in tex


def test_06_biblatex_fields_are_read(site: Callable[..., Site]) -> None:
    built = site(
        "@article{doe2021, author={Doe, Jane}, title={Main}, subtitle={And More},\n"
        "  journaltitle={Journal of Examples}, date={2021-03-04}, location={Springfield}}"
    )
    assert built.warnings == []
    assert built.text("doe2021") == "Jane Doe. Main: And More. Journal of Examples, March 2021."
    # The BibTeX block keeps every field, under the names BibTeX's styles read (issue 20):
    # biblatex reads journal and address as its journaltitle and location.
    block = built.papers()["doe2021"].find("pre").get_text()
    assert "address = {Springfield}" in block
    assert "journal = {Journal of Examples}" in block


def test_07_standard_fields_are_known_and_hints_are_close(site: Callable[..., Site]) -> None:
    built = site(
        "@inproceedings{doe2020, author={Doe, Jane}, title={T}, booktitle={B}, year=2020,\n"
        "  timestamp={x}, biburl={https://dblp.org/x}, bibsource={dblp}, file={x.pdf},\n"
        "  language={english}, langid={english}, shorttitle={T}, issue={2}, numpages={9},\n"
        "  location={Springfield}, date={2020-05}, bibpr={x}}"
    )
    [warning] = built.warnings
    assert warning.endswith(
        "refs.bib:1: WARNING: doe2020: unknown field 'bibpr'; it is not shown: remove it, or "
        "silence this with suppress_warnings = ['cv.unknown-field'] [cv.unknown-field]"
    )


def test_08_latex_markup_is_formatting_not_text(site: Callable[..., Site]) -> None:
    bib = (
        "@article{doe2020, author={Doe, Jane},\n"
        "  title={\\emph{k}-SAT in \\textit{E. coli} with {\\sc Hol} and \\TeX{} for $T$},\n"
        "  journal={J}, year=2020, note={See \\url{https://example.org/x}}}"
    )
    built = site(bib)
    assert built.warnings == []
    paper = built.papers()["doe2020"]
    title = paper.find(class_="cv-pub-title")
    assert title.get_text() == "k-SAT in E. coli with Hol and TeX for T"
    assert [em.get_text() for em in title.find_all("em")] == ["k", "E. coli", "T"]  # math italic
    assert title.find(class_="cv-sc").get_text() == "Hol"
    assert paper.find("a", href="https://example.org/x") is not None
    assert "\\" not in paper.find(class_="cv-pub-cite").get_text()
    tex = (site(bib, builder="latex").app.outdir / "janedoe.tex").read_text()
    assert "\\textbackslash{}" not in tex
    assert "\\sphinxstyleemphasis{k}\\sphinxhyphen{}SAT" in tex
    assert "\\DUrole{cv-sc}{Hol}" in tex


def test_09_the_owner_is_matched_after_decoding(site: Callable[..., Site]) -> None:
    bib = (
        "@article{a, author={S{\\'{e}}bastien Bubeck and Roe, Richard}, title={T}, journal={J},"
        " year=2020}\n"
        "@article{b, author={{de Laat}, Arne}, title={U}, journal={J}, year=2021}\n"
    )
    built = site(bib, owner=["Bubeck, Sébastien", "de Laat, Arne"])
    assert built.warnings == []
    bold = {
        key: [s.get_text() for s in li.find_all("strong")] for key, li in built.papers().items()
    }
    assert bold == {"a": ["Sébastien Bubeck"], "b": ["Arne de Laat"]}


def test_10_eprints_follow_their_type(site: Callable[..., Site]) -> None:
    built = site(
        "@misc{eccc, author={Doe, Jane}, title={T}, year=2017, eprint={TR17-123},"
        " eprinttype={ECCC}}\n"
        "@misc{hal, author={Doe, Jane}, title={U}, year=2018, eprint={hal-01234567},"
        " eprinttype={HAL}}\n"
        "@book{gb, author={Doe, Jane}, title={V}, year=2019, eprint={AbCdEf},"
        " eprinttype={googlebooks}}\n"
    )
    assert built.warnings == []
    # The links row (the title links to the paper's own page, issue 12).
    links = {
        key: [a["href"] for a in li.select(".cv-pub-extra a")] for key, li in built.papers().items()
    }
    assert links == {
        "eccc": [],
        "hal": ["https://hal.science/hal-01234567"],
        "gb": ["https://books.google.com/books?id=AbCdEf"],
    }
    assert "ECCC: TR17-123" in built.papers()["eccc"].get_text()


def test_11_crossref_is_inherited_and_its_parent_not_listed(site: Callable[..., Site]) -> None:
    built = site(
        "@inproceedings{doe2020, author={Doe, Jane}, title={T}, crossref={conf2020}}\n"
        "@proceedings{conf2020, editor={Roe, Richard}, title={Proceedings of Examples},"
        " booktitle={Proceedings of Examples}, publisher={Example Press}, year=2020}\n"
    )
    assert built.warnings == []
    assert list(built.papers()) == ["doe2020"]
    assert built.text("doe2020") == "Jane Doe. T. Proceedings of Examples, 2020."


def test_12_note_addendum_and_pubstate_are_shown(site: Callable[..., Site]) -> None:
    built = site(
        "@article{doe2025, author={Doe, Jane}, title={T}, journal={J}, year=2025,"
        " note={To appear}, addendum={Extended version}, pubstate={forthcoming}}"
    )
    assert built.warnings == []
    assert (
        built.text("doe2025") == "Jane Doe. T. J, 2025. To appear. Extended version. forthcoming."
    )


LATIN1 = "@article{doe2020, author={Doe, Jäne}, title={Ünïcode}, journal={J}, year=2020}"


def test_13_a_file_not_in_utf8_is_one_error_naming_bibtex_encoding(
    site: Callable[..., Site],
) -> None:
    built = site(LATIN1.encode("latin-1"), owner="Doe, Jäne")
    [error] = built.warnings
    assert re.fullmatch(
        r".*refs\.bib:1: ERROR: the file is not UTF-8: byte 0xe4 cannot be read; set "
        r"bibtex_encoding in conf\.py .* \[cv\.bibfile\]",
        error,
    )
    built = site(LATIN1.encode("latin-1"), owner="Doe, Jäne", extra="bibtex_encoding = 'latin-1'")
    assert built.warnings == []
    assert built.text("doe2020") == "Jäne Doe. Ünïcode. J, 2020."


def test_14_names_months_punctuation_links_and_sets(site: Callable[..., Site]) -> None:
    built = site(
        "@article{a, author={Doe, Jane and others}, title={T}, journal={Phys. Rev.,},"
        " volume={7}, year=2020, month={mar}, doi={10.5555/x}, url={https://doi.org/10.5555/x}}\n"
        "@set{s, entryset={a}}\n"
    )
    assert built.warnings == []
    assert list(built.papers()) == ["a"]
    assert built.text("a") == "Jane Doe et al. T. Phys. Rev., vol. 7, March 2020."
    assert [a.get_text() for a in built.papers()["a"].select(".cv-pub-extra a")] == ["DOI"]
    built = site("@misc{empty,}\n@article{b, author={Doe, Jane}, title={T}, journal={J}, year=1}")
    [warning] = built.warnings
    assert "refs.bib:1: WARNING: empty: the entry has no fields; it is left out" in warning
    assert list(built.papers()) == ["b"]


def test_15_empty_lists_render_nothing_and_say_nothing(site: Callable[..., Site]) -> None:
    page = "# P\n\n:::{publications}\n:::\n\n:::{publications}\n:selected:\n:::\n"
    built = site("", page)
    assert built.warnings == []
    assert built.soup().select("ol") == []
    bib = "@article{a, author={Doe, Jane}, title={T}, journal={J}, year=2020}"
    built = site(bib, page)  # nothing selected
    assert built.warnings == []
    assert len(built.soup().select("ol.cv-pubs")) == 1


def test_16_a_line_starting_with_at_does_not_cut_an_entry(site: Callable[..., Site]) -> None:
    built = site(
        "@article{a, author={Doe, Jane}, title={T}, journal={J}, year=2020,\n"
        "  abstract={We write\n@ signs first on a line.}}\n"
        "@article{b, author={Doe, Jane}, title={U}, journal={J}, year=2021}\n"
    )
    assert built.warnings == []
    assert sorted(built.papers()) == ["a", "b"]


def test_17_an_edit_of_the_code_shows_without_a_fresh_environment(tmp_path: Path) -> None:
    ext = shutil.copytree(REPO / "_ext", tmp_path / "ext")
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(CONF.format(owner="Doe, Jane", extra=""))
    (srcdir / "index.md").write_text(ALL)
    (srcdir / "refs.bib").write_text(
        "@article{a, author={Doe, Jane and Roe, Richard}, title={T}, journal={J}, year=2020}"
    )
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(srcdir), str(tmp_path / "o")]
    env = {"PYTHONPATH": str(ext), "PATH": "/usr/bin:/bin"}
    subprocess.run(command, check=True, env=env)
    html = tmp_path / "o" / "index.html"
    assert "Jane Doe</strong> and Richard Roe" in html.read_text()
    style = ext / "cv" / "formats" / "style.py"
    assert style.read_text().count('" and "') == 1
    style.write_text(style.read_text().replace('" and "', '" & "'))
    subprocess.run(command, check=True, env=env)
    assert "Jane Doe</strong> &amp; Richard Roe" in html.read_text()


def test_18_bibliography_with_our_style(site: Callable[..., Site]) -> None:
    page = "# Refs\n\n```{bibliography}\n:all:\n:style: cv-publications\n```\n"
    built = site(
        "@article{a, author={Doe, Jane}, title={A \\& B 100\\% \\$5 \\#1 a\\_b \\{c\\}},"
        " journal={J}, year=2020}",
        page,
    )
    assert built.warnings == []
    [entry] = built.soup().select("div.citation")
    assert "A & B 100% $5 #1 a_b {c}" in entry.get_text()
    assert entry.find("strong").get_text() == "Jane Doe"
    assert not re.search("[\ue000-\uf8ff]", entry.get_text())
