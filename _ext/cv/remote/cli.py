"""The commands: ``python -m cv.remote add|sync|abstracts|counts`` (tox -e add, sync, ...).

Each reads the project's settings from ``conf.py`` (the .bib, the owner, the contact address for
the polite pools, the researcher's ids, the counts file: :mod:`~cv.remote.settings`), talks to
the services through one :class:`~cv.remote.http.Remote`, and either writes what it found,
checked (:mod:`~cv.remote.bibedit`), or fails with one line on standard error and leaves every
file as it was. Each command is a module of its own (:mod:`~cv.remote.add`,
:mod:`~cv.remote.sync`, :mod:`~cv.remote.abstracts`, :mod:`~cv.remote.counts`); here are the
command line and the exit status: 0 done, 1 a failure (no network, not found, malformed answer,
an edit refused), 2 a usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .abstracts import command_abstracts
from .add import command_add
from .bibspans import EditError
from .counts import command_counts
from .http import RemoteError
from .report import Output
from .settings import UsageError, read_settings
from .sync import command_sync

if TYPE_CHECKING:
    from collections.abc import Sequence


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


__all__ = ["main"]
