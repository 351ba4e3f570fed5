"""Take the engine's later fixes into this CV: ``python3 .ci/update.py [SOURCE]``.

SOURCE is a checkout of the project the engine came from, or its git address; by default the
one ``.ci/engine.json`` names (written by ``.ci/new.py``). The engine's files (``_ext``,
``.ci``, ``tests``, ``docs``, ``bench``, ``_static``, ``_templates``, ``tox.ini``,
``requirements.txt``, ...: ``ENGINE`` in ``.ci/new.py``) are replaced by SOURCE's, and those
SOURCE no longer has are removed; the CV's own files (``conf.py``, ``index.md``, ``sections/``,
``publications.bib``, ``README.md``) are never read or written, so nothing of anyone else's
CV comes in and no merge is needed. Review the change with ``git diff``, run the tests, commit.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from new import ROOT, copy_engine, engine_files, origin


def update(source: Path, target: Path = ROOT) -> tuple[int, int]:
    """Make *target*'s engine *source*'s: (files written, files removed)."""
    before = set(engine_files(target))
    written = copy_engine(source, target)
    gone = before - set(written)
    for file in gone:
        (target / file).unlink()
    (target / ".ci" / "engine.json").write_text(json.dumps(origin(source), indent=1) + "\n")
    return len(written), len(gone)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", nargs="?", help="a checkout or git address of the engine")
    args = parser.parse_args()
    record = ROOT / ".ci" / "engine.json"
    source = args.source or (json.loads(record.read_text())["source"] if record.exists() else "")
    if not source:
        parser.error("give the engine's checkout or git address (no .ci/engine.json)")
    with tempfile.TemporaryDirectory(prefix="cv-engine-") as tmp:
        folder = Path(source).expanduser()
        if not folder.is_dir():  # a git address: the newest commit of its default branch
            folder = Path(tmp) / "engine"
            subprocess.run(
                ["git", "clone", "--quiet", "--depth=1", source, str(folder)], check=True
            )
        if folder.resolve() == ROOT:
            parser.error("that is this project: give the engine's own checkout")
        written, removed = update(folder.resolve())
    print(f"engine from {source}: {written} files written, {removed} removed")
    print("Review with `git diff`, run `python3 .ci/tox.py`, and commit.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
