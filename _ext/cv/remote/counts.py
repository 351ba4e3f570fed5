"""``counts``: each paper's citation count from OpenAlex, into the counts file (``tox -e counts``).

A build shows what this wrote, each count with its date (:mod:`cv.publications.citedby`), and
never asks OpenAlex itself: a build stays offline.
"""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING, Any

from . import openalex
from .bibedit import BibText
from .http import NotFoundError, Remote
from .match import Local
from .settings import UsageError

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from .report import Output
    from .settings import Settings


def today() -> str:
    return datetime.datetime.now(datetime.UTC).date().isoformat()


def command_counts(args: argparse.Namespace, settings: Settings, output: Output) -> int:
    if settings.counts is None:
        raise UsageError("cv_citation_counts is empty in conf.py: set it to a file name")
    bib = BibText.read(settings.bib)
    todo = [
        local
        for key, entry in bib.entries()
        if ((local := Local.of(key, entry)).doi or local.arxiv)
    ]
    papers: dict[str, dict[str, Any]] = {}
    missing = []
    date = today()
    with Remote(settings.contact) as remote:
        for done, local in enumerate(todo, 1):
            output.progress(done, len(todo), local.key)
            try:
                work = openalex.lookup(remote, openalex.doi_for(local.doi, local.arxiv))
            except NotFoundError:
                missing.append(local.key)
                continue
            if work.cited_by is None:
                missing.append(local.key)
                continue
            papers[local.key] = {
                "cited_by": work.cited_by,
                "fetched": date,
                "url": work.citing_url,
                "work": work.id,
            }
    data = {
        "source": "OpenAlex",
        "about": "Citation counts from OpenAlex (https://openalex.org), written by "
        "'tox -e counts'; the site shows each with its date.",
        "papers": dict(sorted(papers.items())),
    }
    write_json(settings.counts, data)
    total = sum(paper["cited_by"] for paper in papers.values())
    output.say(
        f"counts: {len(papers)} of {len(todo)} papers found in OpenAlex, cited {total} times "
        f"in all; written to {settings.counts}"
    )
    if missing:
        output.say(f"not in OpenAlex: {', '.join(missing)}")
    return 0


def write_json(path: Path, data: dict[str, Any]) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, "utf-8")
    temporary.replace(path)
