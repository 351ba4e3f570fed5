"""The CSL processor of the paper pages against citeproc-py: speed, and where their output differs.

Speed: the three default styles on N papers of ``bibgen`` (through the site's own records and
CSL items), or the 12 of ``publications.bib`` (``real``), each measurement a fresh process, in
three cases of what is kept of earlier builds (each paper's citations, kept by the digest of its
record in ``cv-formatted.pickle``): ``cold`` (nothing: a first build, and every Read the Docs
build), ``warm`` (every citation kept: a later build, even ``-E``) and ``one`` (one paper
edited). Prints wall and CPU seconds (the process and its children, pandoc's
runs included) and the load average, since wall time on a shared machine says little.

Output (``--corpus FILE``): every paper of the test roots, of the fixture .bib files and of
``publications.bib`` in the three styles by each processor, written to FILE as JSON, with a count
of the citations that differ, and of those that still differ once citeproc-py's two known gaps
are mended (it leaves the comma after a quoted title outside the quotes, though the en-US locale
says inside; it ends the ACM style with a space).

pandoc is the site's (``cv.formats.cslprocessor``, pypandoc-binary); citeproc-py is run here
only, as cv ran it before it moved to pandoc: one bibliography per style, each item formatted as
if cited alone.
``python3 .ci/tox.py -e bench-csl`` installs both (``-- --help`` for the options).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import bibgen
import sites

sys.path.insert(0, str(sites.REPO / "_ext"))

from pybtex.database import Person

from cv.bib.bibfile import read_bib
from cv.bib.fields import DEFAULT_KINDS, NOT_PAPERS, inherit
from cv.bib.record import make_paper
from cv.formats import csl, cslprocessor

PROCESSORS = ("pandoc", "citeproc-py")
SCENARIOS = ("cold", "warm", "one")


def items_of(path: Path, encoding: str = "utf-8", owner: str = "") -> list[dict[str, Any]]:
    """The CSL items the site makes of a .bib file's papers (as cv.publications.load and
    cv.web.paperstore)."""
    resolved, parents, _ = inherit(read_bib(path, encoding).entries)
    owners = (Person(owner),) if owner else ()
    return [
        csl.csl_item(
            make_paper(
                entry, owners=owners, kinds=tuple(DEFAULT_KINDS), digest="", location="", position=i
            )
        )
        for i, (key, entry) in enumerate(resolved.items())
        if key not in parents and entry.type.lower() not in NOT_PAPERS
    ]


def papers(size: str) -> list[dict[str, Any]]:
    """``real``: publications.bib's papers; a number: that many of bibgen's."""
    if size == "real":
        return items_of(sites.REPO / "publications.bib", owner="Heo, Taekyung")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "papers.bib")
        path.write_text(bibgen.generate(int(size)).text, "utf-8")
        return items_of(path, owner=bibgen.OWNER)


# -- citeproc-py, as cv.formats.csl ran it before pandoc (commit f1162d6's parent) -------------


def citeproc_py(items: list[dict[str, Any]], style: str) -> dict[str, str]:
    """*items* in *style* by citeproc-py: one bibliography of the single-item style (no
    disambiguation, no sort; one bibliography per item takes as long), marked as
    cv.formats.cslprocessor marks."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
    from citeproc.source.json import CiteProcJSON

    def mark(name: str) -> Any:
        opener, closer = cslprocessor.MARKS[name]
        return staticmethod(lambda text: f"{opener}{text}{closer}")

    class Marked:  # a citeproc-py formatter: the interface is a module's names
        preformat = staticmethod(str)
        Italic = Oblique = mark("emphasis")
        Bold = mark("strong")
        Light = Underline = staticmethod(str)
        Superscript, Subscript = mark("superscript"), mark("subscript")
        SmallCaps = mark("smallcaps")

    source = csl.load_style(style).csl
    parsed = CitationStylesStyle(io.BytesIO(source), validate=False)
    data = [
        {**{k: v for k, v in item.items() if k != "citation-key"}, "id": f"item{number}"}
        for number, item in enumerate(items)
    ]
    bibliography = CitationStylesBibliography(parsed, CiteProcJSON(data), Marked)
    for number in range(len(items)):
        bibliography.register(Citation([CitationItem(f"item{number}")]))
    # As cv did: no "[n]" label, and no period doubled by an empty group ("2023. .").
    texts = [
        re.sub(r"\.(?:\s+\.)+(?=\s|$)", ".", re.sub(r"^\[\d+\]\s*", "", str(text)))
        for text in bibliography.bibliography()
    ]
    return {item["id"]: text for item, text in zip(items, texts, strict=True)}


def kept(item: dict[str, Any], style: str) -> str:
    """Where *item*'s citation in *style* is kept: by its content, as cv.web.paperstore keeps
    a paper's citations by the digest of its record."""
    return json.dumps([item, style], sort_keys=True, ensure_ascii=False)


def format_all(processor: str, items: list[dict[str, Any]], cache: dict[str, str]) -> None:
    """*items* in the three styles into *cache*: those it lacks, in every style, as
    cv.web.paperstore formats a changed paper."""
    missing = [item for item in items if any(kept(item, n) not in cache for n in csl.STYLES)]
    if not missing:
        return
    if processor == "pandoc":
        styles = {name: csl.load_style(name) for name in csl.STYLES}
        texts = {item["id"]: json.dumps(item, ensure_ascii=False) for item in missing}
        made = cslprocessor.format_styles(texts, styles)
    else:
        made = {name: citeproc_py(missing, name) for name in csl.STYLES}
    for name in csl.STYLES:
        for item in missing:
            cache[kept(item, name)] = made[name][item["id"]]


def cpu() -> float:
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(processor: str, size: str, scenario: str) -> dict[str, Any]:
    """One measurement, in this process (see ``--one``)."""
    items = papers(size)
    if processor == "citeproc-py":
        import citeproc  # noqa: F401  (a build imports it once)
    cache: dict[str, str] = {}
    if scenario != "cold":
        format_all(processor, items, cache)
        if scenario == "one":
            item = items[0]
            for style in csl.STYLES:
                del cache[kept(item, style)]
    start, used = time.perf_counter(), cpu()
    format_all(processor, items, cache)
    return {
        "processor": processor,
        "papers": f"{len(items)}{' real' if size == 'real' else ''}",
        "scenario": scenario,
        "wall": time.perf_counter() - start,
        "cpu": cpu() - used,
        "load": os.getloadavg()[0],
    }


def speed(sizes: list[str], runs: int, large_runs: int, processors: list[str]) -> None:
    print(f"{'processor':12} {'papers':>7} {'cache':5} {'wall s':>8} {'CPU s':>8} {'load':>5}")
    for size in sizes:
        for scenario in SCENARIOS:
            for _ in range(runs if size == "real" or int(size) < 1000 else large_runs):
                for processor in processors:
                    command = [sys.executable, __file__, "--one", processor, size, scenario]
                    result = json.loads(
                        subprocess.run(command, capture_output=True, text=True, check=True).stdout
                    )
                    print(
                        f"{processor:12} {result['papers']:>7} {scenario:5} {result['wall']:8.3f}"
                        f" {result['cpu']:8.3f} {result['load']:5.1f}",
                        flush=True,
                    )


# -- Output ------------------------------------------------------------------------------------


def corpus() -> dict[str, list[dict[str, Any]]]:
    """Every paper the tests build or read, by file."""
    found = {
        str(path.relative_to(sites.REPO)): items_of(path)
        for path in sorted((sites.REPO / "tests" / "roots").glob("*/*.bib"))
    }
    fixtures = sites.REPO / "tests" / "fixtures" / "bib"
    for info in json.loads((fixtures / "manifest.json").read_text()):
        path = fixtures / info["file"]
        found[info["file"]] = items_of(path, info.get("encoding", "utf-8"), info.get("owner", ""))
    found["publications.bib"] = papers("real")
    return found


def mended(text: str) -> str:
    """citeproc-py's output with its two known gaps mended (see the module's docstring)."""
    return re.sub("\u201d([,.])", "\\1\u201d", text).strip()


def compare(out: Path, processors: list[str]) -> None:
    made: dict[str, dict[str, dict[str, dict[str, str]]]] = {}
    for name, items in corpus().items():
        for processor in processors:
            cache: dict[str, str] = {}
            format_all(processor, items, cache)
            for style in csl.STYLES:
                texts = made.setdefault(processor, {}).setdefault(name, {}).setdefault(style, {})
                for item in items:
                    texts[item["id"]] = cache[kept(item, style)]
    out.write_text(json.dumps(made, ensure_ascii=False, indent=1), "utf-8")
    if len(processors) < 2:
        return
    first, second = (made[processor] for processor in processors)
    for style in csl.STYLES:
        pairs = [
            (first[name][style][key], text)
            for name in first
            for key, text in second[name][style].items()
        ]
        differ = sum(a != b for a, b in pairs)
        still = sum(a != mended(b) for a, b in pairs)
        print(f"{style}: {len(pairs)} citations, {differ} differ, {still} once mended")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["real", "12", "1000", "5000"])
    parser.add_argument("--runs", type=int, default=3, help="per size and cache case")
    parser.add_argument("--large-runs", type=int, default=1, help="--runs for N >= 1,000")
    parser.add_argument("--processors", nargs="+", choices=PROCESSORS, default=list(PROCESSORS))
    parser.add_argument("--corpus", type=Path, metavar="FILE", help="compare the output instead")
    parser.add_argument(
        "--one", nargs=3, metavar=("PROCESSOR", "SIZE", "CACHE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(*args.one)))
    elif args.corpus:
        compare(args.corpus, args.processors)
    else:
        speed(args.sizes, args.runs, args.large_runs, args.processors)


if __name__ == "__main__":
    main()
