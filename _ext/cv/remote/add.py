"""``add``: papers added by DOI, arXiv id or DBLP key (``tox -e add -- 10.1145/...``).

Each identifier is recognised (:func:`identify`) and fetched from the service that has it, then
matched against the .bib (:mod:`cv.remote.match`): a new paper is added in the file's layout and
key style, read back, and checked as a build checks it; for one already there, or the published
version of a preprint there, what differs is shown, and written with ``--update``. The helpers
that write a candidate into the .bib serve ``sync`` (:mod:`cv.remote.sync`) too.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from pybtex.database import Person

from ..bib.bibfile import BibSource, parse_text
from ..bib.checks import check_entry
from ..bib.fields import DEFAULT_KINDS
from ..bib.links import normalise_doi
from ..bib.record import make_paper
from . import arxiv, crossref, dblp
from .bibedit import BibText
from .bibspans import EditError
from .entry import ARXIV_DOI_RE, FIELD_ORDER, Candidate, detect_style, make_key, ordered
from .http import Remote
from .match import Change, Local, diff, find, upgrade
from .report import show_changes
from .settings import UsageError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from pybtex.database import Entry

    from .report import Output
    from .settings import Settings


# -- Identifiers -------------------------------------------------------------------------------


def identify(text: str) -> tuple[str, str]:
    """("doi" | "arxiv" | "dblp", the id) of what the user typed: a DOI, an arXiv id, a DBLP
    key, or the address of any of them."""
    text = text.strip()
    addresses = ("arxiv:", "http://arxiv", "https://arxiv", "https://export.arxiv")
    if text.lower().startswith(addresses) and (found := arxiv.parse_id(text)):
        return "arxiv", found
    if doi := normalise_doi(text):
        match = ARXIV_DOI_RE.fullmatch(doi)
        if match and (found := arxiv.parse_id(match.group(1))):
            return "arxiv", found
        return "doi", doi.lower()  # DOIs are case-insensitive; services answer either
    if found := dblp.parse_key(text):
        return "dblp", found
    if found := arxiv.parse_id(text):
        return "arxiv", found
    msg = (
        f"cannot tell what {text!r} is: give a DOI (10.1145/...), an arXiv id (2303.14006) or "
        "a DBLP key (conf/isca/Doe24), or the address of one"
    )
    raise UsageError(msg)


def fetch(remote: Remote, kind: str, ident: str) -> Candidate:
    if kind == "doi":
        return crossref.lookup(remote, ident)
    if kind == "arxiv":
        return arxiv.lookup(remote, ident)
    return dblp.lookup(remote, ident)


# -- Writing candidates ------------------------------------------------------------------------


def uses_kind(bib: BibText) -> bool:
    """Whether most entries of the file carry our ``kind`` field (then new ones do too)."""
    entries = bib.entries()
    return bool(entries) and sum("kind" in e.fields for _, e in entries) * 2 > len(entries)


def finished(candidate: Candidate, bib: BibText) -> Candidate:
    """*candidate* as it is written: with ``kind`` where the file uses it, and the source of
    its abstract."""
    fields = dict(candidate.fields)
    if uses_kind(bib):
        fields["kind"] = candidate.kind
    if fields.get("abstract"):
        fields["abstractsource"] = f"{candidate.source}, {candidate.url}"
    return replace(candidate, fields=ordered(fields))


def read_entry(text: str) -> Entry:
    source = BibSource("<new>")
    parse_text(text, source)
    if len(source.entries) != 1 or source.problems:
        problem = source.problems[0].message if source.problems else "no entry"
        raise EditError(f"the new entry does not read back: {problem}")
    return next(iter(source.entries.values()))


def add_candidate(bib: BibText, candidate: Candidate) -> tuple[str, str]:
    """Add *candidate* (finished) to *bib*: (its key, its text)."""
    taken = [key for key, _ in bib.entries()]
    key = make_key(candidate, detect_style(bib.entries()), taken)
    text = bib.layout().entry(candidate.type, key, candidate.fields)
    read_entry(text)
    bib.add_entry(text, candidate.year)
    return key, text


def apply_changes(bib: BibText, key: str, new_type: str, changes: Sequence[Change]) -> None:
    if new_type:
        bib.set_type(key, new_type)
    for change in changes:
        if change.new.strip():
            bib.set_field(key, change.name, change.new, FIELD_ORDER)
        else:
            bib.remove_field(key, change.name)


def notes_for(text: str, settings: Settings) -> list[str]:
    """What a build would warn about the new entry *text* (:func:`cv.bib.checks.check_entry`)."""
    entry = read_entry(text)
    owners = tuple(Person(name) for name in settings.owners)
    paper = make_paper(
        entry, owners=owners, kinds=tuple(DEFAULT_KINDS), digest="", location="", position=0
    )
    return [message for _, message in check_entry(entry, paper, tuple(DEFAULT_KINDS), bool(owners))]


# -- add ---------------------------------------------------------------------------------------


def command_add(args: argparse.Namespace, settings: Settings, output: Output) -> int:
    wanted = [identify(text) for text in args.ids]
    bib = BibText.read(settings.bib)
    original = BibText(bib.path, bib.text, list(bib.spans), bib.newline)
    with Remote(settings.contact) as remote:
        found = []
        for done, (kind, ident) in enumerate(wanted, 1):
            output.progress(done, len(wanted), f"{kind} {ident}: asking {source_of(kind)}")
            found.append(fetch(remote, kind, ident))
    expected: dict[str, Entry | None] = {}
    added: list[tuple[str, str, Candidate]] = []
    for (_kind, ident), candidate in zip(wanted, found, strict=True):
        locals_ = [Local.of(key, entry) for key, entry in bib.entries()]
        match = find(candidate, locals_)
        local = match.local
        if match.relation == "new":
            candidate = finished(candidate, bib)
            key, text = add_candidate(bib, candidate)
            expected[key] = read_entry(text)
            added.append((key, text, candidate))
            continue
        assert local is not None
        if match.relation == "version":
            output.say(f"{ident}: a preprint of {local.key}, which is in the .bib; nothing added")
            continue
        if match.relation == "published":
            new_type, changes = upgrade(candidate, local, uses_kind(bib))
            output.say(
                f"{ident}: the published version of the preprint {local.key} "
                f"({candidate.source}); fields that would change:"
            )
            if new_type:
                output.say(f"    ~ type: {local.entry.type.lower()} -> {new_type}")
            show_changes(output, changes)
            if args.update:
                apply_changes(bib, local.key, new_type, changes)
                expected[local.key] = None
            else:
                output.say("    (run again with --update to apply)")
            continue
        output.say(f"{ident}: already in {bib.path.name} as {local.key}; nothing added")
        changes = diff(candidate, local)
        published = [
            Change(name, local.fields.get(name, ""), value)
            for name, value in candidate.published.items()
            if name == "doi" and not local.doi
        ]
        if published:
            ref = candidate.published.get("journal_ref")
            output.say(
                "    arXiv says it was published"
                + (f" ({ref})" if ref else "")
                + "; fields that would change:"
            )
            show_changes(output, published)
        if changes:
            output.say(f"    {candidate.source} differs in:")
            show_changes(output, changes)
        if published or changes:
            if args.update:
                apply_changes(bib, local.key, "", [*published, *changes])
                expected[local.key] = None
            else:
                output.say("    (run again with --update to apply)")
    if not expected:
        return 0
    bib.verify(original, expected)
    for key, text, candidate in added:
        output.say(f"added {key} to {bib.path.name} (from {candidate.source}, {candidate.url}):")
        output.say(text)
        for message in notes_for(text, settings):
            output.note(f"{key}: {message}")
        if "shortvenue" not in candidate.fields and candidate.kind != "preprint":
            output.note(f"{key}: add shortvenue = {{...}} for the venue's short name, if wanted")
    if args.dry_run:
        output.say("(dry run: nothing written)")
    else:
        bib.write()
        for key in expected:
            if key not in {k for k, _, _ in added}:
                output.say(f"updated {key} in {bib.path.name}")
    return 0


def source_of(kind: str) -> str:
    return {"doi": "Crossref", "arxiv": "arXiv", "dblp": "DBLP"}[kind]
