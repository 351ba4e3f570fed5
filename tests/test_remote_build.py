"""What the commands of cv.remote write, built: papers added by DOI, arXiv id and DBLP key
build clean (-W -n) with their data on their pages, and the citation counts show with their
date. Builds read only files: the network is never touched by a build (the replay server is
stopped before each build here)."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from replay import Replay
from sphinx.testing.util import SphinxTestApp

from cv.remote import cli, http

ROOT = Path(__file__).parent / "roots" / "test-remote"
COUNTS = {
    "source": "OpenAlex",
    "papers": {
        "doe2024alpha": {
            "cited_by": 1234,
            "fetched": "2026-12-02",
            "url": "https://openalex.org/works?filter=cites:W1",
            "work": "https://openalex.org/W1",
        },
        "doe2019beta": {
            "cited_by": 7,
            "fetched": "2020-01-01",
            "url": "https://openalex.org/works?filter=cites:W2",
            "work": "https://openalex.org/W2",
        },
    },
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test root after ``add`` by DOI, arXiv id and DBLP key and ``counts``."""
    path = shutil.copytree(ROOT, tmp_path_factory.mktemp("remote") / "src")
    saved = (http.WAIT, http.TIMEOUT)
    http.WAIT = lambda seconds: None
    try:
        with Replay() as replay, pytest.MonkeyPatch.context() as patch:
            for name, value in replay.environ().items():
                patch.setenv(name, value)
            bib = path / "publications.bib"
            bib.write_text(
                bib.read_text("utf-8") + "\n@article{piwowar2018state,\n  author = {Piwowar, "
                "Heather},\n  title = {The state of {OA}},\n  journal = {PeerJ},\n"
                "  year = {2018},\n  doi = {10.7717/peerj.4375},\n}\n",
                "utf-8",
            )
            for args in (
                ["add", "10.1038/srep16696", "1605.08386", "DBLP:conf/coco/FournierLM0T23"],
                ["counts"],
            ):
                out, err = io.StringIO(), io.StringIO()
                assert cli.main(["--conf", str(path), *args], out, err) == 0, err.getvalue()
    finally:
        http.WAIT, http.TIMEOUT = saved
    return path


def build(src: Path, builder: str = "html", **overrides: object) -> SphinxTestApp:
    app = SphinxTestApp(
        builder, srcdir=src, builddir=src.parent / f"build-{builder}", freshenv=True,
        confoverrides=overrides,
    )  # fmt: skip
    app.build()
    return app


def page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / name).read_text("utf-8"), "html.parser")


def test_added_papers_build_clean_with_their_data_on_their_pages(project: Path) -> None:
    app = build(project)
    try:
        assert app.warning.getvalue() == ""
        doi = page(app, "papers/tosatto2015singlemolecule.html")
        text = doi.get_text(" ")
        assert "Single-molecule FRET studies on alpha-synuclein" in text
        assert "Laura Tosatto" in text and "David Klenerman" in text
        assert "Scientific Reports" in text and "2015" in text
        assert doi.find("a", href="https://doi.org/10.1038/srep16696")
        assert "Oligomers of alpha-synuclein are toxic to cells" in doi.find(id="abstract").text
        arxiv = page(app, "papers/stanley2016heatbath.html")
        assert arxiv.find("a", href="https://arxiv.org/abs/1605.08386")
        assert "Graphs on lattice points" in arxiv.find(id="abstract").text
        assert "Caprice Stanley" in arxiv.get_text(" ")
        dblp = page(app, "papers/fournier2023optimal.html").get_text(" ")
        assert "Towards Optimal Depth-Reductions for Algebraic Formulas" in dblp
        assert "Sébastien Tavenas" in dblp and "Computational Complexity Conference" in dblp
        assert "https://doi.org/10.4230/LIPICS.CCC.2023.28" in str(
            page(app, "papers/fournier2023optimal.html")
        )
    finally:
        app.cleanup()


def test_counts_show_with_their_date_on_pages_and_entries(project: Path) -> None:
    data = json.loads((project / "citations.json").read_text("utf-8"))
    assert data["papers"]["piwowar2018state"]["cited_by"] == 962
    app = build(project)
    try:
        assert app.warning.getvalue() == ""
        paper = page(app, "papers/piwowar2018state.html").find(class_="cv-pub-citedby")
        assert (
            paper.get_text()
            == "Cited by 962, as of " + data["papers"]["piwowar2018state"]["fetched"] + ", OpenAlex"
        )
        assert paper.a["href"] == "https://openalex.org/works?filter=cites:W2741809807"
        listing = page(app, "publications.html")
        entry = listing.find(id="piwowar2018state").find(class_="cv-pub-citedby")
        assert entry.a.get_text() == "Cited by 962"
        assert listing.find(id="doe2024alpha").find(class_="cv-pub-citedby") is None
        total = listing.find(class_="cv-citations-total").get_text()
        assert total.startswith("Cited 962 times in all (1 paper), as of ")
    finally:
        app.cleanup()


def test_stale_counts_still_show_and_missing_ones_show_nothing(tmp_path: Path) -> None:
    src = shutil.copytree(ROOT, tmp_path / "src")
    (src / "citations.json").write_text(json.dumps(COUNTS), "utf-8")
    app = build(src, cv_citation_counts_max_age=30)
    try:
        assert app.warning.getvalue() == ""
        assert "the oldest is from 2020-01-01" in app.status.getvalue()
        listing = page(app, "publications.html")
        stale = listing.find(id="doe2019beta").find(class_="cv-pub-citedby")
        assert stale.get_text() == "Cited by 7, as of 2020-01-01, OpenAlex"
        assert "Cited 1,241 times in all (2 papers), as of 2020-01-01 to 2026-12-02" in (
            listing.get_text(" ")
        )
    finally:
        app.cleanup()


def test_the_pdf_shows_counts_only_if_asked(tmp_path: Path) -> None:
    src = shutil.copytree(ROOT, tmp_path / "src")
    (src / "citations.json").write_text(json.dumps(COUNTS), "utf-8")
    for asked in (False, True):
        app = build(src, "latex", cv_citation_counts_pdf=asked)
        try:
            assert app.warning.getvalue() == ""
            tex = next(Path(app.outdir).glob("*.tex")).read_text("utf-8")
            assert ("Cited by 1234" in tex) is asked
        finally:
            app.cleanup()


def test_a_malformed_counts_file_is_a_warning_and_shows_nothing(tmp_path: Path) -> None:
    src = shutil.copytree(ROOT, tmp_path / "src")
    (src / "citations.json").write_text(
        json.dumps({"papers": {"doe2024alpha": {"cited_by": "many"}}}), "utf-8"
    )
    app = build(src)
    try:
        assert "the citation count of 'doe2024alpha' is not a record" in app.warning.getvalue()
        assert "[cv.citedby]" in app.warning.getvalue()
        assert page(app, "publications.html").find(class_="cv-pub-citedby") is None
    finally:
        app.cleanup()


def test_the_build_never_imports_the_network_code() -> None:
    """cv.remote is the commands' alone: no module of the build imports it, and it imports no
    Sphinx (it runs in tox -e add without a Sphinx application)."""
    package = Path(__file__).parent.parent / "_ext" / "cv"
    imports = re.compile(r"^\s*(?:from|import)\s+(\S+)(?:\s+import\s+(.+))?", re.M)
    for path in package.rglob("*.py"):
        found = " ".join(" ".join(m.groups("")) for m in imports.finditer(path.read_text("utf-8")))
        if "remote" in path.relative_to(package).parts:
            assert not re.search(r"\b(sphinx|docutils)\b", found), path
        else:
            assert "remote" not in found, path
