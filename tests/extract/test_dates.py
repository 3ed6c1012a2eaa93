"""Date expressions resolved against the publication date: table-driven, on sentences written here."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.extract.dates import date_mentions, parse_published, resolve_date

FRI = date(2018, 4, 6)  # a Friday
SAT = date(2020, 5, 9)  # a Saturday


def first(text: str, published: date | None) -> tuple:
    ms = date_mentions(text, published)
    assert ms, f"no date found in {text!r}"
    m = ms[0]
    return m.date, m.precision, m.background


CASES = [
    # explicit dates
    ("On 9 May 2020, protesters gathered in the square.", SAT, ("2020-05-09", "day", False)),
    ("Around 9 May 2020 (as reported), a body was found.", SAT, ("2020-05-09", "day", False)),
    ("On May 3, 2020, gunmen attacked a bus.", SAT, ("2020-05-03", "day", False)),
    ("The raid took place on 2020-05-07 at dawn.", SAT, ("2020-05-07", "day", False)),
    ("On 1st May 2020 clashes erupted.", SAT, ("2020-05-01", "day", False)),
    ("On 30 April, the militia attacked the village.", SAT, ("2020-04-30", "day", False)),
    ("Gunmen attacked the post on May 3 before dawn.", SAT, ("2020-05-03", "day", False)),
    ("A date late in the year: on 28 December the town fell.", date(2021, 1, 4), ("2020-12-28", "day", False)),
    # ranges give the first day
    ("Between 3 and 7 May 2020, clashes continued.", SAT, ("2020-05-03", "week", False)),
    ("On the night of 8-9 May, shelling hit the town.", SAT, ("2020-05-08", "day", False)),
    ("From 30 April to 2 May 2020 the siege tightened.", SAT, ("2020-04-30", "week", False)),
    # weekdays: latest such day on or before publication
    ("Airstrikes hit the town on Friday.", FRI, ("2018-04-06", "day", False)),
    ("Airstrikes hit the town on Thursday night.", FRI, ("2018-04-05", "day", False)),
    ("The convoy was attacked on Monday.", FRI, ("2018-04-02", "day", False)),
    ("Saturday's attack killed five.", FRI, ("2018-03-31", "day", False)),
    ("The talks failed last Friday.", FRI, ("2018-03-30", "day", False)),
    # relative days
    ("Yesterday a drone struck the base.", FRI, ("2018-04-05", "day", False)),
    ("Fighting continued today around the airport.", FRI, ("2018-04-06", "day", False)),
    ("This morning a bomb exploded in the market.", FRI, ("2018-04-06", "day", False)),
    ("Earlier in the day, a bomb went off near a mosque.", FRI, ("2018-04-06", "day", False)),
    ("Overnight, rockets fell on the suburbs.", FRI, ("2018-04-05", "day", False)),
    ("Last night the militants withdrew.", FRI, ("2018-04-05", "day", False)),
    ("The evacuation had been halted a day earlier.", FRI, ("2018-04-05", "day", False)),
    ("Two days ago the bridge was destroyed.", FRI, ("2018-04-04", "day", False)),
    # weeks, months, years
    ("Last week the army shelled the valley.", FRI, ("2018-03-26", "week", False)),
    ("Earlier this week the rebels retreated.", FRI, ("2018-04-02", "week", False)),
    ("Last month the rebels took the hill.", FRI, ("2018-03-01", "month", False)),
    ("In March, the rebels took the hill.", FRI, ("2018-03-01", "month", False)),
    ("In April 2017 the rebels took the hill.", date(2017, 5, 2), ("2017-04-01", "month", False)),
    ("In 2018 the rebels took the hill.", FRI, ("2018-01-01", "year", False)),
    # background references
    ("In recent weeks, government forces recaptured most of the area.", FRI, (None, None, True)),
    ("He was nearly toppled barely three years ago.", FRI, ("2015-01-01", "year", True)),
    ("The town had been out of the government's grip since 2012.", FRI, ("2012-01-01", "year", True)),
    ("Last year the group lost its leader.", FRI, ("2017-01-01", "year", True)),
    ("In August 2013 hundreds died in a gas attack.", FRI, ("2013-08-01", "month", True)),
    ("The army has retaken the area in the past few months.", FRI, (None, None, True)),
    # future references are not event dates
    ("Talks must succeed by Saturday, the envoy said.", FRI, ("2018-04-07", "day", True)),
    ("Elections will be held next week.", FRI, ("2018-04-09", "week", True)),
]


@pytest.mark.parametrize("text,published,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_resolution(text: str, published: date, expected: tuple) -> None:
    assert first(text, published) == expected


@pytest.mark.parametrize("text", [
    "Airstrikes hit the town on Friday.", "Yesterday a drone struck the base.", "Last week the army left.",
    "Gunmen attacked the post on May 3.", "The evacuation had been halted a day earlier.",
])
def test_relative_without_publication_date_is_none(text: str) -> None:
    ms = date_mentions(text, None)
    assert ms and all(m.date is None and m.precision is None and m.relative for m in ms)


def test_absolute_without_publication_date_resolves() -> None:
    (m,) = date_mentions("On 9 May 2020, protesters gathered.", None)
    assert (m.date, m.precision, m.relative) == ("2020-05-09", "day", False)


def test_relative_flag() -> None:
    (m,) = date_mentions("Airstrikes hit the town on Friday.", FRI)
    assert m.relative
    (m,) = date_mentions("On 9 May 2020, protesters gathered.", SAT)
    assert not m.relative


def test_anchored_expression_can_be_reanchored() -> None:
    (m,) = date_mentions("The ceasefire had collapsed two days earlier.", FRI)
    assert m.anchored
    # the integrator re-resolves against an event date by passing it as `published`
    assert resolve_date(m.span.text, date(2018, 4, 3)) == ("2018-04-01", "day")


def test_span_offsets_are_absolute() -> None:
    text = "Shells fell on Damascus on Friday, killing four."
    (m,) = date_mentions(text, FRI, offset=500)
    assert m.span.text == "Friday"
    assert m.span.start == 500 + text.index("Friday")


def test_weekday_before_explicit_date_is_one_mention() -> None:
    ms = date_mentions("On Wednesday, 5 April 2017, the town was hit.", date(2017, 4, 6))
    assert [(m.date, m.precision) for m in ms] == [("2017-04-05", "day")]


@pytest.mark.parametrize("text", [
    "Douma may see a large operation.", "The march went peacefully.", "He is 25 years old.",
    "The convoy of 12 trucks arrived.", "Resolution 2254 was adopted.",
])
def test_not_dates(text: str) -> None:
    assert date_mentions(text, FRI) == []


@pytest.mark.parametrize("expr,published,expected", [
    ("on Friday", FRI, ("2018-04-06", "day")),
    ("9 May 2020", None, ("2020-05-09", "day")),
    ("last month", SAT, ("2020-04-01", "month")),
    ("yesterday", None, (None, None)),
    ("nothing here", FRI, (None, None)),
])
def test_resolve_date(expr: str, published, expected) -> None:
    assert resolve_date(expr, published) == expected


@pytest.mark.parametrize("value,expected", [
    ("2017-04-05", date(2017, 4, 5)),
    ("2017-04-05T10:00:00Z", date(2017, 4, 5)),
    ("2017-04-05T10:00:00+02:00", date(2017, 4, 5)),
    ("Wed 05 Apr 2017", date(2017, 4, 5)),
    ("5 April 2017", date(2017, 4, 5)),
    ("April 5, 2017", date(2017, 4, 5)),
    ("Wed, 05 Apr 2017 10:00:00 +0000", date(2017, 4, 5)),
    (None, None),
    ("", None),
    ("not a date", None),
])
def test_parse_published(value, expected) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize("text,published,expected", [
    ("16-11-2014 title: a report from the north", date(2014, 11, 16), ("2014-11-16", "day", False)),
    ("Posted 05/04/2017 by the desk", date(2017, 4, 5), ("2017-04-05", "day", False)),
    ("Posted 04/25/2017 by the desk", date(2017, 4, 25), ("2017-04-25", "day", False)),
    ("01.10.2014 A double bombing hit the city.", date(2014, 10, 1), ("2014-10-01", "day", False)),
    ("Fighting since Monday has killed 40 people.", FRI, ("2018-04-02", "day", False)),
    ("The war since March 2011 has killed thousands.", FRI, ("2011-03-01", "month", True)),
])
def test_numeric_and_since(text: str, published: date, expected: tuple) -> None:
    assert first(text, published) == expected


def test_explicit_date_shortly_after_publication_is_kept() -> None:
    (m,) = date_mentions("Published October 31 2014 activists reported the raid.", date(2014, 10, 15))
    assert (m.date, m.future, m.background) == ("2014-10-31", True, False)
    (m,) = date_mentions("Elections are set for 20 June 2015.", date(2014, 10, 15))
    assert (m.future, m.background) == (True, True)


def test_datetime_publication_is_accepted() -> None:
    from datetime import datetime

    (m,) = date_mentions("Airstrikes hit the town on Friday.", datetime(2018, 4, 6, 17, 30))
    assert m.date == "2018-04-06"


def test_month_day_before_a_verb() -> None:
    assert first("The attack near Damascus on August 21 killed hundreds.", date(2013, 8, 25)) == (
        "2013-08-21", "day", False)


@pytest.mark.parametrize("text,expected", [
    ("Within the past 24 hours, five people were killed.", ("2020-05-09", "day", False)),
    ("In the last 48 hours the army advanced.", ("2020-05-08", "day", False)),
    ("Late on Thursday, gunmen stormed the checkpoint.", ("2020-05-07", "day", False)),
    ("Clashes erupted on the evening of 7 May.", ("2020-05-07", "day", False)),
    ("On May 8th, a car bomb exploded.", ("2020-05-08", "day", False)),
    ("Earlier this month, the group kidnapped 20 students.", ("2020-05-01", "month", False)),
    ("Since the beginning of the year, 300 people have died.", (None, None, True)),
])
def test_more_expressions(text: str, expected: tuple) -> None:
    assert first(text, SAT) == expected


@pytest.mark.parametrize("text", [
    "Leaders of the March 14 alliance met in Beirut.", "Protesters gathered on 26 July Street.",
])
def test_dates_that_name_things(text: str) -> None:
    assert date_mentions(text, FRI) == []


def test_a_date_told_with_a_speech_verb_dates_the_telling() -> None:
    told = date_mentions("Nine soldiers were killed near the base, a monitor said on Saturday.", SAT)
    assert [(m.span.text, m.reported) for m in told] == [("Saturday", True)]
    (own,) = date_mentions("Shells fell on the base on Friday, a monitor said.", SAT)
    assert not own.reported


def test_a_weekday_possessive_without_its_apostrophe() -> None:
    (m,) = date_mentions("Rescuers searched the site of Fridays blast for survivors.", SAT)
    assert m.date == "2020-05-08"
    assert date_mentions("The market is shelled on Fridays and Sundays.", SAT) == []


# -- a report opening with its own day a year early has slipped its year ------------------------------------

def test_opening_date_a_year_early_on_the_publication_day_is_that_day() -> None:
    (m,) = date_mentions("On 9 May 2019, dockers marched through the port.", SAT)
    assert (m.date, m.background) == ("2020-05-09", False)


@pytest.mark.parametrize("text", [
    "On 8 May 2019, dockers marched through the port.",  # another day of the year before
    "The union that speaks for the dockers of the port recalled that on 9 May 2019 troops fired on a march.",  # not the opening
])
def test_other_dates_a_year_early_stay_old(text: str) -> None:
    (m,) = date_mentions(text, SAT)
    assert m.date.startswith("2019") and m.background
