"""The date rules, on their own: parsed strictly, shown in one style."""

from __future__ import annotations

import calendar

import pytest

from cv.dates import CvDate, parse_date, parse_dates, parse_end


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


def test_month_names_do_not_follow_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    # Sphinx sets the locale from the environment; calendar's names would then be, say, German.
    german = ["", "Jan", "Feb", "Mär", "Apr", "Mai", "Jun"]
    german += ["Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]
    monkeypatch.setattr(calendar, "month_abbr", german)
    assert str(parse_date("2023-12")) == "Dec 2023"
    assert str(parse_date("2020-05-21")) == "May 21, 2020"


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
