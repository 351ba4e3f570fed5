"""Lighthouse scores of the built site: python bench/lighthouse.py [SITE_DIR] (tox -e lighthouse).

Serves SITE_DIR (default _build/html) on 127.0.0.1 the way Read the Docs serves it (text
compressed with gzip), runs the Lighthouse pinned in bench/lighthouse/package-lock.json with
Debian's Chromium on the landing and publications pages, mobile and desktop, and prints the four
category scores per page, with the audits that cost points. A report, not a test: scores vary a
little from run to run. (package.json pins, through "overrides", two packages that Lighthouse's
trace engine asks for as "latest", so that `npm ci` installs exactly the lockfile.)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from gzipserver import serve  # bench/gzipserver.py; this script runs as a file from bench/

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
PAGES = ("index.html", "sections/publications.html")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)


def scores(url: str, preset: str, out: Path) -> dict[str, int]:
    """Run Lighthouse once; the category scores out of 100."""
    report = out / "report.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"}
    subprocess.run(command, check=True, env=env)
    data = json.loads(report.read_text())
    failing = [
        f"    {ref['id']}: {audit.get('displayValue') or audit['title']}"
        for cat in data["categories"].values()
        for ref in cat["auditRefs"]
        if ref["weight"]
        and (audit := data["audits"][ref["id"]])["score"] is not None
        and audit["score"] < 1
    ]
    if failing:
        print("\n".join(failing))
    return {cat: round(data["categories"][cat]["score"] * 100) for cat in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="_build/html", type=Path)
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `npm ci --prefix {LIGHTHOUSE.parent.parent}`")
    print(f"{'page':32} {'preset':8} " + " ".join(f"{c:>14}" for c in CATEGORIES))
    with serve(args.site) as base, tempfile.TemporaryDirectory() as tmp:
        for page in PAGES:
            for preset in ("mobile", "desktop"):
                result = scores(base + page, preset, Path(tmp))
                print(f"{page:32} {preset:8} " + " ".join(f"{result[c]:>14}" for c in CATEGORIES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
