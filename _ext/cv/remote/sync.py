"""``sync``: the .bib compared with a researcher's DBLP or ORCID record (``tox -e sync``).

Every paper of the record is matched against the .bib (:mod:`cv.remote.match`): a new one is
added as ``add`` adds it (:mod:`cv.remote.add`), missing fields are filled, and differing values
are kept unless ``--overwrite`` says otherwise. What would change is shown as a diff of the file,
and written only with ``--write``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import crossref, dblp, orcid
from .add import add_candidate, apply_changes, finished, read_entry, uses_kind
from .bibedit import BibText
from .http import NotFoundError, Remote
from .match import Change, Local, diff, find, upgrade
from .report import show_changes
from .settings import UsageError

if TYPE_CHECKING:
    import argparse

    from pybtex.database import Entry

    from .entry import Candidate
    from .report import Output
    from .settings import Settings


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
