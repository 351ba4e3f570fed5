"""The date rules, on their own: parsed strictly, shown in one style."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import require

from cv.bib.dates import CvDate, parse_date, parse_dates, parse_end


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
