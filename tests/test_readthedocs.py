"""Read the Docs: the config validates against Read the Docs' schema and makes our choices.

Read the Docs' own build commands are run on the CV in tests/cv/test_cv_readthedocs.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO

CONFIG = REPO / ".readthedocs.yaml"

# Our own choices, on top of Read the Docs' schema: a pinned Ubuntu LTS image (the schema lists
# the supported ones), Python 3.12 or newer, conf.py, warnings fail, a PDF, pinned requirements.
POLICY = {
    "type": "object",
    "required": ["version", "build", "sphinx", "formats", "python"],
    "properties": {
        "version": {"const": 2},
        "build": {
            "type": "object",
            "required": ["os", "tools"],
            "properties": {
                "os": {"pattern": r"^ubuntu-\d\d\.04$"},
                "tools": {
                    "type": "object",
                    "required": ["python"],
                    "properties": {"python": {"pattern": r"^3\.(1[2-9]|[2-9]\d)$"}},
                },
            },
        },
        "sphinx": {
            "type": "object",
            "required": ["configuration", "fail_on_warning"],
            "properties": {
                "configuration": {"const": "conf.py"},
                "fail_on_warning": {"const": True},
            },
        },
        "formats": {"const": ["pdf"]},
        "python": {"const": {"install": [{"requirements": "requirements.txt"}]}},
    },
}


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_config_validates_against_the_published_schema() -> None:
    result = check_jsonschema("--builtin-schema", "vendor.readthedocs", str(CONFIG))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_an_unsupported_image(tmp_path: Path) -> None:
    config = tmp_path / ".readthedocs.yaml"
    config.write_text(CONFIG.read_text().replace("os: ubuntu-", "os: ubuntu-18.04  # was "))
    result = check_jsonschema("--builtin-schema", "vendor.readthedocs", str(config))
    assert result.returncode == 1
    assert "'ubuntu-18.04' is not one of" in result.stdout


def test_config_makes_our_choices(tmp_path: Path) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps(POLICY))
    result = check_jsonschema("--schemafile", str(policy), str(CONFIG))
    assert result.returncode == 0, result.stdout + result.stderr
    relaxed = tmp_path / ".readthedocs.yaml"
    relaxed.write_text(
        CONFIG.read_text().replace("fail_on_warning: true", "fail_on_warning: false")
    )
    assert check_jsonschema("--schemafile", str(policy), str(relaxed)).returncode == 1
