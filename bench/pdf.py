"""Benchmark our PDFs, one per variant, against RenderCV rendering the same CV with Typst.

Each run, alternating ours and RenderCV, from scratch in a fresh folder and fresh processes:

- ours, per variant (the full CV, then each of ``cv_variants``): ``sphinx -b latex`` (with the
  variant's tag) then LaTeX's runs (``cv.pdf.runs``), as ``tox -e pdf`` builds them; and the
  full CV with latexmk instead (``--latexmk``, as Read the Docs), to show what the runs save;
- RenderCV 2.3: ``rendercv render`` of a YAML file written here from our own sources (the
  doctrees of the first build, and ``publications.bib``), PDF only.

It prints median CPU seconds (user + system of the process tree) and peak RSS (the largest
process, ``wait4``'s ``ru_maxrss``), the ratio to RenderCV, the page count, and issue 13's targets
for the full CV: at most 2x RenderCV's time and 1.5x its peak memory.

RenderCV's themes all import the Typst package ``@preview/fontawesome:0.5.0``, which no registry
reachable here (PyPI, Debian, npm) carries; the benchmark writes a stand-in of that package (an
empty box for each icon) into a private Typst package cache. Our CV has no contact line, so the
only icons it would show are the small external-link marks after links.

Run it with ``python -m tox -e bench-pdf`` (``-- --runs 5``).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import pickle
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import sites
import yaml
from docutils import nodes
from pybtex.database import parse_file
from run import Build, run

sys.path.insert(0, str(sites.REPO / "_ext"))
from cv.entries.directive import cv_date, cv_entry, cv_entry_people, cv_entry_what

TARGETS = {"time": 2.0, "rss": 1.5}
RUNS = sites.REPO / "_ext" / "cv" / "pdf" / "runs.py"
#: The sample of the full CV made with latexmk.
LATEXMK = "latexmk"
FONTAWESOME_STAND_IN = {
    "typst.toml": '[package]\nname = "fontawesome"\nversion = "0.5.0"\nentrypoint = "lib.typ"\n'
    'authors = ["cv benchmark"]\nlicense = "MIT"\ndescription = "Stand-in: no icons"\n',
    "lib.typ": "#let fa-icon(name, ..args) = box(width: 0.8em)\n",
}


def variants() -> dict[str, str]:
    """Our PDFs: variant name ("" for the full CV) -> file name, read from conf.py."""
    spec = importlib.util.spec_from_file_location("conf", sites.REPO / "conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    full = Path(conf.latex_documents[0][1]).stem
    return {"": full} | {name: v["filename"] for name, v in conf.cv_variants.items()}


def build_ours(src: Path, out: Path, variant: str, jobname: str, latexmk: bool = False) -> Build:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    tag = ["-t", variant] if variant else []
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "latex", *tag]
    latex = run([*command, "-d", str(out / "doctrees"), str(src), str(out / "latex")], out / "log")
    runs = [sys.executable, "-I", str(RUNS), *(["--latexmk"] if latexmk else [])]
    pdf = run([*runs, str(out / "latex"), jobname], out / "latex.log")
    return Build(latex.seconds + pdf.seconds, latex.wall + pdf.wall, max(latex.rss_mb, pdf.rss_mb))


# -- The same CV for RenderCV -------------------------------------------------------------------


def words(node: object) -> str:
    return " ".join(node.astext().split())


def entry_for_rendercv(entry: cv_entry) -> dict:
    """A cv-entry as RenderCV's NormalEntry: title, organisation, dates, people and body."""
    what = next(entry.findall(cv_entry_what))
    org = words(what).removeprefix(entry["title"]).removeprefix(", ")
    result: dict = {"name": entry["title"]}
    if org:
        result["location"] = org
    dates = list(entry.findall(cv_date))
    if len(dates) == 2 and " – " in words(entry.children[0]):
        result["start_date"] = dates[0]["datetime"]
        result["end_date"] = dates[1]["datetime"]
    elif dates:
        result["date"] = ", ".join(words(date) for date in dates)
    elif "present" in words(entry.children[0]):
        result["start_date"], result["end_date"] = dates[0]["datetime"], "present"
    highlights = [words(people) for people in entry.findall(cv_entry_people)]
    for child in entry.children[1:]:
        if isinstance(child, cv_entry_people):
            continue
        items = list(child.findall(lambda n: n.tagname == "list_item"))
        highlights += [words(item) for item in items] if items else [words(child)]
    if highlights:
        result["highlights"] = highlights
    return result


def rendercv_input(doctrees: Path) -> dict:
    """RenderCV's YAML for our CV, from the doctrees of a build and from publications.bib."""

    def doctree(name: str) -> nodes.document:
        return pickle.loads((doctrees / f"{name}.doctree").read_bytes())

    index = doctree("index")
    toctree = next(index.findall(lambda n: n.tagname == "toctree"))
    paragraphs = [words(p) for p in index.findall(lambda n: n.tagname == "paragraph")]
    sections: dict[str, list] = {"summary": paragraphs[:3]}
    for _, page in toctree["entries"]:
        tree = doctree(page)
        title = words(next(tree.findall(lambda n: n.tagname == "title")))
        entries = [entry_for_rendercv(entry) for entry in tree.findall(cv_entry)]
        if page == "sections/publications":
            sections[title] = papers()
        elif entries:
            sections[title] = entries
        else:  # the skills page: "**Label:** details" items
            items = [words(item) for item in tree.findall(lambda n: n.tagname == "list_item")]
            sections[title] = [
                {"label": label, "details": details.strip()}
                for label, _, details in (item.partition(":") for item in items)
            ]
    name = words(next(index.findall(lambda n: n.tagname == "title")))
    return {"cv": {"name": name, "sections": sections}, "design": {"theme": "classic"}}


def papers() -> list[dict]:
    """Every paper of publications.bib as RenderCV's PublicationEntry, newest first."""
    months = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec", 1)}
    result = []
    for entry in parse_file(sites.REPO / "publications.bib").entries.values():
        fields = entry.fields
        month = months.get(fields.get("month", "")[:3].lower())
        venue = fields.get("booktitle") or fields.get("journal") or fields.get("howpublished", "")
        result.append(
            {
                "title": re.sub(r"[{}]", "", fields["title"]),
                "authors": [
                    " ".join([*person.first_names, *person.middle_names, *person.last_names])
                    for person in entry.persons["author"]
                ],
                "journal": venue.replace("\\&", "&"),
                "date": f"{fields['year']}-{month:02d}" if month else fields["year"],
            }
        )
    return sorted(result, key=lambda paper: paper["date"], reverse=True)


def build_rendercv(cv_yaml: Path, out: Path, cache: Path) -> Build:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    rendercv = Path(sys.executable).with_name("rendercv")
    command = [str(rendercv), "render", str(cv_yaml), "--output-folder-name", str(out)]
    command += ["--dont-generate-markdown", "--dont-generate-html", "--dont-generate-png"]
    # Typst looks for packages in $XDG_CACHE_HOME/typst/packages: there is the stand-in.
    return run(command, out.with_suffix(".log"), env={**os.environ, "XDG_CACHE_HOME": str(cache)})


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)$", info.stdout, re.MULTILINE)[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each PDF (default 5)")
    parser.add_argument("--yaml", type=Path, help="also write RenderCV's input here")
    args = parser.parse_args()
    ours = variants()
    samples: dict[str, list[Build]] = {name: [] for name in [*ours, LATEXMK, "rendercv"]}
    with tempfile.TemporaryDirectory(prefix="cv-bench-pdf-") as tmp_name:
        tmp = Path(tmp_name)
        src = sites.copy_project(tmp / "src")
        cache = tmp / "typst-cache"
        package = cache / "typst/packages/preview/fontawesome/0.5.0"
        package.mkdir(parents=True)
        for name, text in FONTAWESOME_STAND_IN.items():
            (package / name).write_text(text, encoding="utf-8")
        # The RenderCV input, from a first build of our sources (not measured).
        build_ours(src, tmp / "first", "", ours[""])
        cv_yaml = tmp / "CV.yaml"
        cv_yaml.write_text(
            yaml.safe_dump(
                rendercv_input(tmp / "first/doctrees"), allow_unicode=True, sort_keys=False
            ),
            encoding="utf-8",
        )
        page_counts: dict[str, int] = {}
        for i in range(args.runs):
            for variant, jobname in ours.items():
                build = build_ours(src, tmp / f"ours-{variant or 'cv'}", variant, jobname)
                samples[variant].append(build)
                pdf = tmp / f"ours-{variant or 'cv'}/latex/{jobname}.pdf"
                page_counts[variant] = pages(pdf)
            samples[LATEXMK].append(build_ours(src, tmp / "ours-latexmk", "", ours[""], True))
            page_counts[LATEXMK] = pages(tmp / f"ours-latexmk/latex/{ours['']}.pdf")
            build = build_rendercv(cv_yaml, tmp / "rendercv", cache)
            samples["rendercv"].append(build)
            (pdf,) = (tmp / "rendercv").glob("*.pdf")
            page_counts["rendercv"] = pages(pdf)
            print(f"run {i + 1}/{args.runs} done", flush=True)
        if args.yaml:
            shutil.copy(cv_yaml, args.yaml)
    print(report(samples, ours, page_counts))


def report(samples: dict[str, list[Build]], ours: dict[str, str], counts: dict[str, int]) -> str:
    def median(name: str, field: str) -> float:
        return statistics.median(getattr(build, field) for build in samples[name])

    base_time, base_rss = median("rendercv", "seconds"), median("rendercv", "rss_mb")
    lines = [
        f"PDF builds from scratch, medians of {len(samples['rendercv'])} runs "
        "(CPU = user + system seconds of the process tree; RSS = largest process).",
        "",
        f"{'PDF':<28} {'pages':>5} {'CPU':>7} {'wall':>7} {'x RCV':>6} {'RSS':>8} {'x RCV':>6}",
    ]
    rows = [(f"ours: {ours[v]}", v) for v in ours] + [
        (f"ours: {ours['']}, latexmk", LATEXMK),
        ("RenderCV 2.3 (Typst, classic)", "rendercv"),
    ]
    for label, name in rows:
        cpu, wall, rss = (median(name, f) for f in ("seconds", "wall", "rss_mb"))
        lines.append(
            f"{label:<28} {counts[name]:>5} {cpu:>6.2f}s {wall:>6.2f}s {cpu / base_time:>5.2f}x "
            f"{rss:>5.0f} MB {rss / base_rss:>5.2f}x"
        )
    cpu, rss = median("", "seconds") / base_time, median("", "rss_mb") / base_rss
    saved = median(LATEXMK, "seconds") - median("", "seconds")
    lines += [
        "",
        f"LaTeX's runs without latexmk (cv.pdf.runs) save {saved:.2f} CPU s on the full CV.",
        f"Targets for the full CV (issue 13): time <= {TARGETS['time']}x RenderCV: "
        f"{'met' if cpu <= TARGETS['time'] else 'NOT met'} ({cpu:.2f}x); peak memory <= "
        f"{TARGETS['rss']}x: {'met' if rss <= TARGETS['rss'] else 'NOT met'} ({rss:.2f}x).",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
