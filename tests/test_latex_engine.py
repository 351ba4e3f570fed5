"""The LaTeX engine follows the text: pdfLaTeX for Latin, XeLaTeX for any other script."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import (
    LATEXMK,
    info,
    latex_log_problems,
    letters,
    pdf_text,
    pdftotext,
    require,
    tox_pdf,
)
from sphinx.testing.util import SphinxTestApp

from cv.pdf.latex import LATIN

CONF = """\
project = "Jane Doe"
extensions = ["myst_parser", "cv"]
myst_enable_extensions = ["colon_fence"]
latex_documents = [("index", "janedoe.tex", "", "Jane Doe", "howto")]
"""


def every_latin_character() -> list[str]:
    """Every character the LATIN class lets pdfLaTeX set, in lines of 40 (no control ones)."""
    chars = [chr(c) for c in range(0x20, 0x2200) if LATIN.fullmatch(chr(c))]
    text = "".join(c for c in chars if c not in "\\`*_{}[]<>()#+-.!|:$%&~^@'\"\xad")
    return [text[i : i + 40] for i in range(0, len(text), 40)]


def project(tmp_path: Path, text: str, conf: str = "") -> Path:
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(CONF + conf, encoding="utf-8")
    (srcdir / "index.md").write_text(f"# Jane Doe\n\n{text}\n", encoding="utf-8")
    return srcdir


def build(make_app: Callable[..., SphinxTestApp], srcdir: Path) -> tuple[str, str]:
    """The .tex file and latexmkrc that a warning-free LaTeX build writes."""
    app = make_app("latex", srcdir=srcdir)
    app.build()
    assert app.warning.getvalue() == ""
    return (app.outdir / "janedoe.tex").read_text(), (app.outdir / "latexmkrc").read_text()


def test_latin_text_is_set_with_pdflatex_and_every_latin_character_compiles(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    lines = ["Zoë Żółć, 1 – 2 “quoted” ™ …", *every_latin_character()]
    srcdir = project(tmp_path, "\n\n".join(lines))
    tex, latexmkrc = build(make_app, srcdir)
    assert "$pdflatex = 'pdflatex " in latexmkrc
    assert "\\usepackage[utf8]{inputenc}" in tex
    assert "\\usepackage{mathptmx}" in tex
    # conftest's latexmk() reads the terminal as UTF-8; pdfTeX prints Latin-1 there.
    latexdir = srcdir / "_build" / "latex"
    result = subprocess.run(
        [require("latexmk"), *LATEXMK, "-jobname=janedoe"], cwd=latexdir, capture_output=True
    )
    log = (latexdir / "janedoe.log").read_text(errors="replace")
    assert result.returncode == 0, log[-3000:]
    assert [line for line in log.splitlines() if line.startswith("!")] == []
    assert "Missing character" not in log
    assert "not set up for use with LaTeX" not in log
    # And each reads back from the PDF's text, as a reader copying it or a program reading the
    # CV gets it: its letters, in order, none another.
    read = letters(pdftotext(latexdir / "janedoe.pdf"))
    assert [line for line in lines if letters(line) not in read] == []


@pytest.mark.parametrize(
    ("text", "cjk"),
    [
        ("Ελληνικά, Русский, Nguyễn Văn A", False),
        ("이력서, 履歴書, 简历", True),
        # What pdfLaTeX's fonts would draw from other glyphs, which its text then gives back.
        ("€2M, Đorđević, Līga", False),
    ],
)
def test_any_other_script_takes_xelatex_and_cjk_fonts_only_for_cjk(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, text: str, cjk: bool
) -> None:
    tex, latexmkrc = build(make_app, project(tmp_path, text))
    assert "$pdflatex = 'xelatex " in latexmkrc
    assert "\\setmainfont{FreeSerif}" in tex
    assert ("\\usepackage{xeCJK}" in tex) is cjk


def test_a_character_a_face_lacks_is_set_in_another_face_of_its_family(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    # FreeSerif Bold and Bold Italic have no ℚ, FreeSerif and FreeSerif Italic have (MathSciNet:
    # "Picard curves over {$\\Bbb Q$}" in a bold title); FreeSans Bold, a heading's, neither.
    text = "## Fields over ℚ\n\n**Curves over ℚ**, *over ℚ*, ***over ℚ***, ℚ; Ελληνικά."
    srcdir = project(tmp_path, text)
    _, latexmkrc = build(make_app, srcdir)
    assert "$pdflatex = 'xelatex " in latexmkrc
    pdf = tox_pdf(srcdir / "_build" / "latex")  # tox -e pdf's runs find XeLaTeX there too
    assert "xdvipdfmx" in info(pdf)["Producer"]  # XeTeX's PDF writer
    assert latex_log_problems(pdf) == []
    assert "Fields over ℚ Curves over ℚ, over ℚ, over ℚ, ℚ; Ελληνικά." in pdf_text(pdf)


def test_cjk_in_the_author_alone_takes_the_cjk_fonts(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    conf = 'latex_documents = [("index", "janedoe.tex", "", "Jane Doe & 홍길동", "howto")]\n'
    tex, latexmkrc = build(make_app, project(tmp_path, "Latin only.", conf))
    assert "$pdflatex = 'xelatex " in latexmkrc
    assert "\\usepackage{xeCJK}" in tex


def test_the_projects_own_engine_and_fonts_win(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    conf = (
        'cv_latex_engine = ""\nlatex_engine = "xelatex"\n'
        'latex_elements = {"fontpkg": "\\\\setmainfont{DejaVu Serif}"}\n'
    )
    tex, latexmkrc = build(make_app, project(tmp_path, "Latin only.", conf))
    assert "$pdflatex = 'xelatex " in latexmkrc
    assert "\\setmainfont{DejaVu Serif}" in tex
    assert "FreeSerif" not in tex


def test_a_variant_subject_in_another_script_takes_xelatex(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    conf = 'cv_variants = {"cv": {"filename": "x", "sections": ["work"], "subject": "履歴書"}}\n'
    srcdir = project(tmp_path, "Latin only.\n\n```{toctree}\nwork\n```", conf)
    (srcdir / "work.md").write_text("# Work\n\nLatin only.\n", encoding="utf-8")
    app = make_app("latex", srcdir=srcdir, tags=["cv"])
    app.build()
    assert app.warning.getvalue() == ""
    assert "$pdflatex = 'xelatex " in (app.outdir / "latexmkrc").read_text()
    assert "\\usepackage{xeCJK}" in (app.outdir / "x.tex").read_text()


def test_an_engine_other_than_the_two_is_the_projects_choice(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    _, latexmkrc = build(make_app, project(tmp_path, "Latin only.", 'latex_engine = "lualatex"\n'))
    assert "$pdflatex = 'lualatex " in latexmkrc
