"""The commands: ``python -m cv.remote add|sync|abstracts|counts`` (tox -e add, sync, ...).

Each reads the project's settings from ``conf.py`` (the .bib, the owner, the contact address for
the polite pools, the researcher's ids, the counts file), talks to the services through one
:class:`~cv.remote.http.Remote`, and either writes what it found, checked (:mod:`bibedit`), or
fails with one line on standard error and leaves every file as it was. Exit status: 0 done,
1 a failure (no network, not found, malformed answer, an edit refused), 2 a usage error.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import json
import os
import runpy
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pybtex.database import Person

from ..bib.bibfile import BibSource, parse_text
from ..bib.checks import check_entry
from ..bib.decode import plain
from ..bib.fields import DEFAULT_KINDS
from ..bib.links import normalise_doi
from ..bib.record import make_paper
from . import arxiv, crossref, dblp, openalex, orcid
from .bibedit import BibText
from .bibspans import EditError
from .entry import ARXIV_DOI_RE, FIELD_ORDER, Candidate, detect_style, escape, make_key, ordered
from .http import SERVICES, NotFoundError, Remote, RemoteError
from .match import Change, Local, diff, find, upgrade

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pybtex.database import Entry

#: Where the citation counts are kept unless ``cv_citation_counts`` says otherwise.
COUNTS_FILE = "citations.json"


class UsageError(Exception):
    """A mistake in the command line or the settings (exit status 2)."""


def today() -> str:
    return datetime.datetime.now(datetime.UTC).date().isoformat()


# -- Settings ----------------------------------------------------------------------------------


@dataclass
class Settings:
    """What the commands need from ``conf.py``."""

    root: Path
    bib: Path
    owners: tuple[str, ...] = ()
    contact: str = ""
    ids: dict[str, str] = field(default_factory=dict)
    counts: Path | None = None


def read_settings(root: Path, bib: str | None) -> Settings:
    """The settings of the project in *root* (its ``conf.py``, as Sphinx would read it)."""
    conf = root / "conf.py"
    values: dict[str, Any] = {}
    if conf.is_file():
        cwd = Path.cwd()
        try:
            os.chdir(root)
            values = runpy.run_path(str(conf), run_name="conf")
        except BaseException as error:  # conf.py is the user's code: any error is theirs
            raise UsageError(f"cannot read {conf}: {type(error).__name__}: {error}") from None
        finally:
            os.chdir(cwd)
    files = values.get("bibtex_bibfiles") or ["publications.bib"]
    owners = values.get("cv_owner") or ()
    counts = values.get("cv_citation_counts", COUNTS_FILE)
    ids = values.get("cv_researcher_ids") or {}
    return Settings(
        root=root,
        bib=(Path(bib) if bib else root / files[0]),
        owners=(owners,) if isinstance(owners, str) else tuple(owners),
        contact=os.environ.get("CV_CONTACT_EMAIL") or str(values.get("cv_contact_email") or ""),
        ids={str(k): str(v) for k, v in ids.items()} if isinstance(ids, dict) else {},
        counts=(root / counts) if isinstance(counts, str) and counts else None,
    )


# -- Output ------------------------------------------------------------------------------------


@dataclass
class Output:
    out: TextIO
    err: TextIO

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def progress(self, done: int, total: int, what: str) -> None:
        print(f"[{done}/{total}] {what}", file=self.err, flush=True)

    def note(self, text: str) -> None:
        print(f"note: {text}", file=self.err)


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


def show_changes(output: Output, changes: Sequence[Change], indent: str = "    ") -> None:
    for change in changes:
        new = plain(change.new)
        if change.adds:
            output.say(f"{indent}+ {change.name} = {short(new)}")
        elif not change.new.strip():
            output.say(f"{indent}- {change.name} = {short(plain(change.old))}")
        else:
            output.say(f"{indent}~ {change.name}: {short(plain(change.old))} -> {short(new)}")


def short(text: str, size: int = 100) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= size else text[: size - 3] + "...")


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


# -- sync --------------------------------------------------------------------------------------


def command_sync(args: argparse.Namespace, settings: Settings, output: Output) -> int:
    pid = args.dblp or settings.ids.get("dblp", "")
    oid = args.orcid or settings.ids.get("orcid", "")
    if not pid and not oid:
        raise UsageError(
            "give --dblp PID and/or --orcid ID, or set cv_researcher_ids in conf.py, e.g. "
            "{'dblp': '66/1234', 'orcid': '0000-0002-1825-0097'}"
        )
    if pid and dblp.parse_pid(pid) is None:
        raise UsageError(f"--dblp {pid!r} is not a DBLP person id (e.g. 66/1234)")
    if oid and orcid.parse_orcid(oid) is None:
        raise UsageError(f"--orcid {oid!r} is not an ORCID iD (0000-0002-1825-0097)")
    bib = BibText.read(settings.bib)
    original = BibText(bib.path, bib.text, list(bib.spans), bib.newline)
    candidates: list[Candidate] = []
    with Remote(settings.contact) as remote:
        if pid:
            output.progress(1, 2 if oid else 1, f"DBLP: the papers of {pid}")
            candidates += dblp.person(remote, dblp.parse_pid(pid) or pid)
        if oid:
            output.progress(2 if pid else 1, 2 if pid else 1, f"ORCID: the works of {oid}")
            candidates += orcid.works(remote, orcid.parse_orcid(oid) or oid)
        # Published versions first, newest first: a preprint then finds its paper in the .bib.
        candidates.sort(key=lambda c: (c.kind == "preprint", -(c.year or 0)))
        plan = plan_sync(candidates, bib, remote, output, args.overwrite)
    expected: dict[str, Entry | None] = {}
    for key, text in plan.added:
        expected[key] = read_entry(text)
    for key in plan.updated:
        expected[key] = None
    output.say(
        f"sync: {len(plan.added)} new, {len(plan.updated)} with changes to write, "
        f"{len(plan.kept)} differing fields kept, {plan.versions} preprint versions of papers "
        f"already in the .bib, {len(plan.unwritable)} new works not written"
    )
    if bib.text != original.text:
        bib.verify(original, expected)
        name = bib.path.name
        lines = difflib.unified_diff(
            original.text.splitlines(keepends=True),
            bib.text.splitlines(keepends=True),
            f"{name} (now)",
            f"{name} (after sync --write{' --overwrite' if args.overwrite else ''})",
        )
        output.say("".join(lines).rstrip("\n"))
    if plan.kept:
        output.say("Differing values kept (write them with --overwrite):")
        for key, change, source in plan.kept:
            output.say(f"  {key} ({source}):")
            show_changes(output, [change])
    for label, reason in plan.unwritable:
        output.say(f"  not written: {label}: {reason}")
    if bib.text == original.text:
        output.say("Nothing to write: the .bib already holds all of it.")
    elif args.write or args.overwrite:
        bib.write()
        output.say(f"Written to {bib.path}.")
    else:
        output.say("Nothing written: run again with --write to apply.")
    return 0


@dataclass
class Plan:
    added: list[tuple[str, str]] = field(default_factory=list)
    updated: set[str] = field(default_factory=set)
    kept: list[tuple[str, Change, str]] = field(default_factory=list)
    unwritable: list[tuple[str, str]] = field(default_factory=list)
    versions: int = 0


def plan_sync(
    candidates: list[Candidate], bib: BibText, remote: Remote, output: Output, overwrite: bool
) -> Plan:
    """Apply to *bib* (in memory) what the sync writes; what it keeps is in the plan."""
    plan = Plan()
    for done, candidate in enumerate(candidates, 1):
        output.progress(done, len(candidates), candidate.label[:70])
        locals_ = [Local.of(key, entry) for key, entry in bib.entries()]
        match = find(candidate, locals_)
        if match.relation == "new":
            if not candidate.fields.get("author"):
                if not candidate.doi:
                    reason = f"{candidate.source} lists no authors and no DOI; add it by hand"
                    plan.unwritable.append((candidate.label, reason))
                    continue
                try:
                    candidate = crossref.lookup(remote, candidate.doi)
                except NotFoundError as error:
                    plan.unwritable.append((candidate.label, str(error)))
                    continue
                if find(candidate, locals_).relation != "new":
                    continue
            key, _ = add_candidate(bib, finished(candidate, bib))
            plan.added.append((key, bib.text[bib.span(key).start : bib.span(key).end]))
            continue
        local = match.local
        assert local is not None
        if match.relation == "version":
            plan.versions += 1
            continue
        if match.relation == "published":
            new_type, changes = upgrade(candidate, local, uses_kind(bib))
            if overwrite:
                apply_changes(bib, local.key, new_type, changes)
                plan.updated.add(local.key)
            else:
                if new_type:
                    plan.kept.append((local.key, Change("type", local.entry.type, new_type),
                                      candidate.url))  # fmt: skip
                plan.kept.extend((local.key, change, candidate.url) for change in changes)
            continue
        changes = diff(candidate, local)
        writes = [change for change in changes if change.adds or overwrite]
        plan.kept.extend((local.key, c, candidate.url) for c in changes if c not in writes)
        if writes:
            apply_changes(bib, local.key, "", writes)
            plan.updated.add(local.key)
    return plan


# -- abstracts ---------------------------------------------------------------------------------


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


# -- counts ------------------------------------------------------------------------------------


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


# -- main --------------------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m cv.remote",
        description="Keep the CV current from public records (docs/keeping-current.md).",
    )
    top.add_argument("--conf", default=".", help="the folder of conf.py (default: here)")
    top.add_argument("--bib", help="the .bib file to edit (default: conf.py's first)")
    commands = top.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="add papers by DOI, arXiv id or DBLP key")
    add.add_argument("ids", nargs="+", metavar="ID", help="a DOI, an arXiv id, a DBLP key")
    add.add_argument("--update", action="store_true", help="apply the changes it reports")
    add.add_argument("--dry-run", action="store_true", help="show, write nothing")
    sync = commands.add_parser("sync", help="compare with a DBLP person or an ORCID record")
    sync.add_argument("--dblp", default="", metavar="PID", help="a DBLP person id (66/1234)")
    sync.add_argument("--orcid", default="", metavar="ID", help="an ORCID iD")
    sync.add_argument("--write", action="store_true", help="add new papers and missing fields")
    sync.add_argument("--overwrite", action="store_true", help="also replace differing values")
    abstracts = commands.add_parser("abstracts", help="fill missing abstracts")
    abstracts.add_argument("--dry-run", action="store_true", help="show, write nothing")
    commands.add_parser("counts", help="fetch citation counts from OpenAlex")
    return top


COMMANDS = {
    "add": command_add,
    "sync": command_sync,
    "abstracts": command_abstracts,
    "counts": command_counts,
}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None,
         err: TextIO | None = None) -> int:  # fmt: skip
    output = Output(out or sys.stdout, err or sys.stderr)
    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        settings = read_settings(Path(args.conf).resolve(), args.bib)
        return COMMANDS[args.command](args, settings, output)
    except UsageError as error:
        print(f"error: {error}", file=output.err)
        return 2
    except (RemoteError, EditError) as error:
        print(f"error: {error}; nothing was written", file=output.err)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; nothing was written", file=output.err)
        return 1


__all__ = ["SERVICES", "main"]
