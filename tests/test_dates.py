"""The date rules, on their own: parsed strictly, shown in one style; months as .bib files
write them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import read_entries, require
from hypothesis import example, given
from hypothesis import strategies as st

from cv.bib.dates import MONTH_NAMES, CvDate, entry_date, parse_date, parse_dates, parse_end
from cv.formats import bibtex


@pytest.mark.parametrize(
    ("text", "shown", "iso"),
    [
        ("2023", "2023", "2023"),
        ("2023-12", "Dec 2023", "2023-12"),
        ("2020-05-21", "May 21, 2020", "2020-05-21"),
        ("Fall 2017", "Fall 2017", "2017"),
        (" spring 2014 ", "Spring 2014", "2014"),
    ],
)
def test_formats(text: str, shown: str, iso: str) -> None:
    date = parse_date(text)
    assert str(date) == shown
    assert date.iso() == iso


ENGLISH = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def test_month_names() -> None:
    assert [str(parse_date(f"2023-{month:02d}"))[:3] for month in range(1, 13)] == ENGLISH


def test_month_names_do_not_follow_the_locale(tmp_path: Path) -> None:
    """sphinx-build sets the locale from the environment (LANG, LC_ALL): under a German one,
    names from :mod:`calendar` or ``strftime`` would read "Dez 2023". Built in a German locale
    made for the test with glibc's localedef (Debian's ``locales`` package has its source)."""
    if not Path("/usr/share/i18n/locales/de_DE").is_file():
        require("the de_DE locale source (Debian package locales)")
    locales = tmp_path / "locales"
    locales.mkdir()
    subprocess.run(
        [require("localedef"), "-i", "de_DE", "-f", "UTF-8", str(locales / "de_DE.UTF-8")],
        check=True,
        capture_output=True,
    )
    ext = str(Path(__file__).resolve().parent.parent / "_ext")  # the test root loads cv from it
    env = {
        **os.environ,
        "PYTHONPATH": ext,
        "LOCPATH": str(locales),
        "LC_ALL": "de_DE.UTF-8",
        "LANG": "de_DE.UTF-8",
    }
    german = subprocess.run(
        [sys.executable, "-c", GERMAN_MONTH], env=env, capture_output=True, text=True, check=True
    )
    assert german.stdout == "Dez\n"  # the locale works: calendar's names are German
    root = Path(__file__).resolve().parent / "roots" / "test-entries"
    out = tmp_path / "out"
    build = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "text", str(root), str(out)]
    subprocess.run(build, env=env, check=True, capture_output=True)
    text = (out / "index.txt").read_text()
    assert "Jan 2020 – present" in text
    assert "Apr 2018, Oct 5, 2019" in text


GERMAN_MONTH = (
    "import calendar, locale; locale.setlocale(locale.LC_ALL, ''); print(calendar.month_abbr[12])"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023-13", "'2023-13' is not a real date (month must be in 1..12)"),
        ("2023-02-30", "'2023-02-30' is not a real date (day is out of range for month)"),
        ("Dec. 2023", "'Dec. 2023' is not a date; use YYYY, YYYY-MM, YYYY-MM-DD or a term"),
        ("Autumn 2017", "'Autumn 2017' is not a date"),
        ("23", "'23' is not a date"),
    ],
)
def test_bad_dates(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_date(text)


def test_terms_sort_among_months() -> None:
    assert parse_date("2017-08").sort_key < parse_date("Fall 2017").sort_key
    assert parse_date("Fall 2017").sort_key < parse_date("2017-10").sort_key


def test_lists_and_present() -> None:
    assert parse_dates("2012-04, 2012-10") == [CvDate(2012, 4), CvDate(2012, 10)]
    assert parse_end("Present") is None
    assert parse_end("2019") == CvDate(2019)
    with pytest.raises(ValueError, match="no date given"):
        parse_dates(" , ")


# -- Months as .bib files write them -------------------------------------------------------------

#: Exporters' months (made-up entries): Web of Science's with a day or a range, single- and
#: double-braced; xampl.bib's concatenations, which BibTeX (and pybtex) join into one text.
WRITTEN_MONTHS = """
@article{wos2024, Author = {Doe, Jane}, Title = {A}, Journal = {J}, Year = {2024},
  Month = {OCT 28}}
@article{wos2013, Author = {Doe, Jane}, Title = {{B}}, Journal = {{J}}, Year = {{2012}},
  Month = {{JUL-AUG}}}
@article{day, author = {Doe, Jane}, title = {C}, journal = {J}, year = 2012, month = {{JAN 6}}}
@book{tilde, author = "Doe, Jane", title = "D", publisher = "P", year = 1973, month = "10~" # jan}
@manual{range, author = "Doe, Jane", title = "E", year = 1986, month = apr # "-" # may}
@unpublished{list, author = "Doe, Jane", title = "F", note = "n", year = 1988,
  month = nov # ", " # dec}
@article{own, author = {Doe, Jane}, title = {G}, journal = {J}, year = 2020, month = {OCT 28},
  day = {3}}
@article{bad, author = {Doe, Jane}, title = {H}, journal = {J}, year = 2020, month = {FEB 30}}
"""


def test_a_month_with_a_day_or_a_range_is_that_month_and_day() -> None:
    """Web of Science writes a day or a range in the month (``OCT 28``, ``JUL-AUG``), and
    BibTeX's concatenations give ``10~January``, ``April-May``: each is the first month and its
    day, without a warning; the BibTeX export keeps the month as written."""
    read = read_entries(WRITTEN_MONTHS)
    dates = {key: (paper.year, paper.month, paper.day) for key, (paper, _) in read.items()}
    assert dates == {
        "wos2024": (2024, 10, 28),
        "wos2013": (2012, 7, None),
        "day": (2012, 1, 6),
        "tilde": (1973, 1, 10),
        "range": (1986, 4, None),
        "list": (1988, 11, None),
        "own": (2020, 10, 3),  # the day field wins
        "bad": (2020, None, None),
    }
    assert {key: problems for key, (_, problems) in read.items() if problems} == {
        "bad": [("field", "month 'FEB 30' is not a month; write it as jan, feb, ...")]
    }
    paper = read["wos2024"][0]
    assert "  month = {OCT 28},\n" in bibtex.entry_text(paper)
    assert "  month = apr,\n" not in bibtex.entry_text(read["range"][0])


SPELLINGS = st.sampled_from([str.lower, str.upper, str.title, lambda name: name[:3]])


@given(st.integers(1, 12), st.integers(1, 31), SPELLINGS, st.booleans())
def test_any_month_with_a_day_reads_as_both(month: int, day: int, spell, before: bool) -> None:
    name = spell(MONTH_NAMES[month - 1])
    written = f"{day}~{name}" if before else f"{name} {day}"
    exists = day <= (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    expected = (2020, month, day) if exists else (2020, None, None)
    assert entry_date({"year": "2020", "month": written}) == expected


@given(st.integers(1, 12), st.integers(1, 12), SPELLINGS, st.sampled_from(["-", "--", "/", ", "]))
def test_any_range_of_months_reads_as_its_first(first: int, last: int, spell, between: str) -> None:
    written = spell(MONTH_NAMES[first - 1]) + between + spell(MONTH_NAMES[last - 1])
    assert entry_date({"year": "2020", "month": f"{{{written}}}"}) == (2020, first, None)


@given(st.text(max_size=20))
@example("²")  # a digit to str.isdigit, not to int(): found by Hypothesis
@example("{٦}")
def test_any_month_text_reads_as_a_month_or_none(text: str) -> None:
    _, month, day = entry_date({"year": "2020", "month": text})
    assert month is None or 1 <= month <= 12
    assert day is None or (month is not None and 1 <= day <= 31)
