"""Synthetic ``publications.bib`` files for the benchmark: fake people, fake venues, every kind.

The entries follow the schema at the top of the real ``publications.bib`` (kind, shortvenue,
equal, materials, award, selected and the material links), with LaTeX accents in names and
titles and the CV owner among the authors of some, so that every code path of ours is exercised.
Only example.org addresses and the 10.5555 DOI prefix (reserved for examples) are used.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

#: The CV owner as this project's conf.py names them (author): some of the papers are theirs.
OWNER = eval_config_file(Path(__file__).resolve().parent.parent / "conf.py", Tags())["author"]

# Fake given and family names; a few carry the LaTeX accents real .bib files are full of.
GIVEN = [
    "Jane", "John", "Alex", "Maria", "Wei", "Priya", r"J{\"o}rg", r"Ren{\'e}e", r"Fran{\c{c}}ois",
    r"Zo{\"e}", "Ana", "Kenji", "Sofia", "Omar", "Hannah", "Mateo", "Ingrid", "Chen", "Lucas",
    r"{\AA}sa", r"Tom{\'a}{\v{s}}", "Nora", "Ravi", "Elif", "Yuki", "Dmitri", "Ama", "Sean",
]  # fmt: skip
FAMILY = [
    "Doe", "Roe", "Example", "Sample", r"M{\"u}ller", r"Garc{\'\i}a", r"Nu{\~n}ez",
    r"Dvo{\v{r}}ak", r"S{\o}rensen", r"Lef{\`e}vre", "Tanaka", "Okafor", "Novak", "Schmidt",
    "Rossi", "Kowalski", "Fischer", "Silva", "Yilmaz", "Ivanova", "Patel", "Nguyen", "Larsen",
    r"{\O}stergaard", r"B{\'e}langer", r"Kr{\'o}l", "Haddad", "Moreau",
]  # fmt: skip
WORDS = [
    "Scalable", "Memory", "Systems", "Efficient", "Virtualization", "Accelerating", "Training",
    "Distributed", "Caching", "Translation", "Hardware", "Software", "Co-design", "Benchmarking",
    "Simulation", "Tiered", "Disaggregated", "Networks", "Workloads", "Scheduling", "Secure",
    "Sparse", "Coherence", "Kernels", "Compilers", "Storage", "Energy", "Latency", "Throughput",
    "Pages", "Migration", "Traces", "Models", "Inference", "Clusters", "Near-data", "Processing",
]  # fmt: skip
# Braced acronyms and escaped specials, as found in real titles.
SPECIAL = [
    "{DNN}", "{GPU}", "{TLB}", "{FPGA}", "{LLM}", r"{\&}", r"R{\'e}sum{\'e}", r"{na\"\i}ve",
]  # fmt: skip
VENUES = {
    "conference": [
        ("Symposium on Example Systems", "SES"),
        ("Conference on Sample Architectures", "CSA"),
    ],
    "journal": [
        ("Transactions on Imaginary Hardware", "TIH"),
        ("Journal of Fictional Memory Research", "JFMR"),
    ],
    "workshop": [
        ("International Workshop on Placeholder Computing", "IWPC"),
        (r"Workshop on Test Data {\&} Fixtures", "TDF"),
    ],
    "preprint": [("arXiv", "arXiv")],
}
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MATERIALS = ["slides", "video", "code", "poster"]
LINKS = ["slides", "video", "code", "poster", "pdf", "url"]
KINDS = [("conference", 45), ("journal", 25), ("workshop", 15), ("preprint", 15)]


@dataclass(frozen=True)
class Bib:
    """A generated .bib file and the entry the benchmark edits (an owner's selected paper)."""

    text: str
    edit_token: str


def token(index: int) -> str:
    """The word that only entry ``index`` has in its title (any letter case survives styles)."""
    return f"Zq{index:05d}"


def _people(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct fake people."""
    people: dict[str, None] = {}
    while len(people) < count:
        people[f"{rng.choice(FAMILY)}, {rng.choice(GIVEN)}"] = None
    return list(people)


def _title(rng: random.Random, index: int) -> str:
    words = rng.sample(WORDS, rng.randint(4, 9))
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(SPECIAL))
    # A unique token per title, so the benchmark can look for exactly one of them in the output.
    return " ".join(words) + f" {token(index)}"


def _entry(rng: random.Random, index: int, owner: bool, selected: bool) -> str:
    authors = _people(rng, rng.randint(1, 8))
    if owner:
        authors.insert(rng.randrange(len(authors) + 1), OWNER)
    kind = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
    venue, short = rng.choice(VENUES[kind])
    year = rng.randint(2000, 2025)
    key = f"paper{index:05d}"
    title = _title(rng, index)
    fields = [("author", " and ".join(authors)), ("title", title)]
    if kind == "journal":
        entry_type = "article"
        fields += [("journal", venue), ("volume", str(rng.randint(1, 60)))]
        fields += [("number", str(rng.randint(1, 12)))]
        first = rng.randint(1, 900)
        fields += [("pages", f"{first}--{first + rng.randint(5, 20)}")]
        fields += [("doi", f"10.5555/example.{index}")]
    elif kind == "preprint":
        entry_type = "misc"
        fields += [("howpublished", venue)]
    else:
        entry_type = "inproceedings"
        fields += [("booktitle", venue)]
    fields += [("year", str(year)), ("kind", kind), ("shortvenue", short)]
    if len(authors) > 1 and rng.random() < 0.1:
        fields.append(("equal", "1, 2"))
    links = [link for link in LINKS if rng.random() < 0.08]
    fields += [(link, f"https://example.org/{link}/{key}") for link in links]
    # ``materials`` names only material without an address, as the schema says.
    offline = [material for material in MATERIALS if material not in links]
    if rng.random() < 0.2:
        fields.append(("materials", ", ".join(rng.sample(offline, rng.randint(1, 2)))))
    if rng.random() < 0.03:
        fields.append(("award", "Best Paper Award"))
    if selected:
        fields.append(("selected", "true"))
    body = "".join(f"  {name:<10} = {{{value}}},\n" for name, value in fields)
    # ``month`` is a bare macro, as in the real file.
    body = body.replace("  year ", f"  month      = {rng.choice(MONTHS)},\n  year ", 1)
    return f"@{entry_type}{{{key},\n{body}}}\n"


def generate(count: int, seed: int = 6) -> Bib:
    """``count`` entries; one in five is the owner's, a few of those are selected."""
    rng = random.Random(seed)
    entries = []
    edit_token = ""
    for index in range(count):
        owner = index % 5 == 0
        selected = owner and index % 50 == 0
        entries.append(_entry(rng, index, owner, selected))
        if selected and not edit_token:
            edit_token = token(index)
    header = "% Synthetic publications for the benchmark (bench/bibgen.py): all data is fake.\n\n"
    return Bib(header + "\n".join(entries), edit_token)
