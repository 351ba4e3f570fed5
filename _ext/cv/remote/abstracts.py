"""``abstracts``: missing abstracts filled from arXiv, Crossref or OpenAlex (``tox -e abstracts``).

Each entry with a DOI or an arXiv id and no abstract gets the first abstract a source has, as
LaTeX, and an ``abstractsource`` field that says where it came from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import arxiv, crossref, openalex
from .bibedit import BibText
from .entry import ARXIV_DOI_RE, FIELD_ORDER, escape
from .http import NotFoundError, Remote
from .match import Local

if TYPE_CHECKING:
    import argparse

    from .report import Output
    from .settings import Settings


def command_abstracts(args: argparse.Namespace, settings: Settings, output: Output) -> int:
    bib = BibText.read(settings.bib)
    original = BibText(bib.path, bib.text, list(bib.spans), bib.newline)
    todo = [
        local
        for key, entry in bib.entries()
        if not (local := Local.of(key, entry)).fields.get("abstract", "").strip()
        and (local.doi or local.arxiv)
    ]
    filled: dict[str, str] = {}
    with Remote(settings.contact) as remote:
        for done, local in enumerate(todo, 1):
            output.progress(done, len(todo), local.key)
            found = find_abstract(remote, local)
            if found is not None:
                value, source = found
                bib.set_field(local.key, "abstract", value, FIELD_ORDER)
                bib.set_field(local.key, "abstractsource", source, FIELD_ORDER)
                filled[local.key] = source.split(",")[0]
    for key, source in filled.items():
        output.say(f"{key}: abstract from {source}")
    missing = len(todo) - len(filled)
    output.say(
        f"abstracts: {len(filled)} filled of {len(todo)} without one"
        + (f"; {missing} found at no source" if missing else "")
    )
    if filled:
        bib.verify(original, dict.fromkeys(filled))
        if args.dry_run:
            output.say("(dry run: nothing written)")
        else:
            bib.write()
    return 0


def find_abstract(remote: Remote, local: Local) -> tuple[str, str] | None:
    """(the abstract as LaTeX, "<source>, <record address>") from arXiv, Crossref or OpenAlex,
    in that order; None if none has one. A source without the paper is skipped; any other
    failure stops the command."""
    sources: list[tuple[Any, str]] = []
    if local.arxiv:
        sources.append((arxiv.lookup, local.arxiv))
    if local.doi and not ARXIV_DOI_RE.fullmatch(local.doi):
        sources.append((crossref.lookup, local.doi))
    for lookup, ident in sources:
        try:
            candidate = lookup(remote, ident)
        except NotFoundError:
            continue
        if candidate.fields.get("abstract"):
            return candidate.fields["abstract"], f"{candidate.source}, {candidate.url}"
    doi = openalex.doi_for(local.doi, local.arxiv)
    try:
        work = openalex.lookup(remote, doi)
    except NotFoundError:
        return None
    if work.abstract:
        return escape(work.abstract), f"OpenAlex, {work.id}"
    return None
