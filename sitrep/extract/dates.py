"""Date expressions in a sentence, resolved against the publication date.

    date_mentions("Shells fell on Friday, a day after talks collapsed.", date(2018, 4, 6))
    -> [DateMention(span="Friday", date="2018-04-06", precision="day", relative=True, background=False)]

API: date_mentions(text, published, offset=0) -> [DateMention(span, date, precision, relative,
background, anchored, future)]; resolve_date(expr, published) -> (ISO date, precision);
parse_published(value) -> date | None.  Hand-written regex resolver (no dateparser: slow, and it
guesses).  Conventions:

* Explicit dates resolve with or without a publication date: "On 9 May 2020", "Around 9 May 2020 (as
  reported)", "May 3, 2020", "2020-05-09", "05/04/2017" -> day.  Numeric dates are read day first,
  month first only when the second number cannot be a month ("04/25/2017").  A date without a year
  ("3 May", "on May 3") takes the publication year (the previous year if that would put it more than
  7 days after publication); with no publication date it yields date None.  A date that names
  something ("the March 14 alliance", "26 July Street") is not a date.
* An explicit date opening a report with the publication's day and month but the year before ("On 28
  April 2019," atop a report of 28 April 2020) is the publication day: the year is a slip.
* Ranges give their FIRST day: "between 3 and 7 May 2020" -> 2020-05-03, "3-4 May", "the night of 8-9
  May" -> the 8th.  Precision is "day" for a span of up to two days (a night), "week" up to 7 days,
  "month" beyond.  (ACLED codes the earliest date it can support; the scorer tolerates +-1 day.)
* Periods are dated by their first day: "last week" -> Monday of the previous week, precision week;
  "this week"/"earlier this week" -> Monday of the publication week; "the weekend" -> the Saturday of
  the latest weekend on or before publication, precision week; "last month"/"in April" -> the 1st,
  precision month (a bare month is the latest such month on or before publication); "in 2019" ->
  2019-01-01, precision year.
* Weekdays: "on Friday", "Friday's", "on Thursday night" -> the latest such day on or before the
  publication date (the same day when published on a Friday); "last Friday" -> strictly before.
  "next Friday", "tomorrow", "by Saturday" are future: resolved forward, `future=True`,
  `background=True`.  An explicit full date after the publication date is `future=True` too, but
  background only when it is more than 45 days ahead: a date a little ahead usually means the given
  publication date is wrong (feeds often carry a crawl date).
* "today", "this morning/afternoon/evening", "tonight", "earlier today", "earlier in the day", "in the
  past 24 hours" -> the publication day ("the past 48 hours" -> the day before, its first day);
  "yesterday", "last night", "overnight" -> the day before publication.
* Anchored expressions ("a day earlier", "the previous day", "the next day", "two days later") are
  relative to the story's own timeline.  Here they are resolved against the publication date and
  flagged `anchored=True`; to anchor them on an event date instead, call
  `resolve_date(mention_text, event_date)` (the anchor is passed as `published`).
* Relative expressions with no publication date yield date None and precision None (never a guess).
* `reported=True` marks a date told with a speech verb ("a monitor said Saturday", "SANA reported on
  Monday"): it dates the telling, which is the event's day only when nothing else dates the event.
* `background=True` marks references that are not the date of a reported event: "in recent weeks",
  "three years ago", "since 2012", "last year", "earlier this year", "in the past", "for years", future
  dates, and any date whose period ended more than 30 days before publication ("in 2013", "in August
  2013", "since March 2011").  "since Monday" is not background by itself (a recent start).  The
  integrator should drop events dated only by a background mention.

`parse_published` reads ISO dates/datetimes and common formats ("Wed 05 Apr 2017",
"2017-04-05T10:00:00Z", "April 5, 2017"; "05/04/2017" is read day first); a datetime is accepted as
`published` anywhere.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sitrep.types import Span
from sitrep.vocab.en import MONTH_ABBREVIATION_PATTERN, MONTH_PATTERN, MONTHS, WEEKDAY_PATTERN, WEEKDAYS

__all__ = ["DateMention", "date_mentions", "parse_published", "resolve_date"]


@dataclass
class DateMention:
    span: Span
    date: str | None  # ISO date, first day of the period
    precision: str | None  # "day" | "week" | "month" | "year"
    relative: bool  # needs the publication date to resolve
    background: bool  # not the date of a reported event (see module doc)
    anchored: bool = False  # relative to the story's timeline ("a day earlier"), see module doc
    future: bool = False
    reported: bool = False  # dates the telling, not the event: "a monitor said on Sunday" (see module doc)


_MONTHS = MONTHS
_WEEKDAYS = WEEKDAYS
_NUMWORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "few": 3,
             "a few": 3, "fifteen": 15, "twenty": 20, "thirty": 30}

# Month names must be capitalised ("may" is a verb); the rest is case-insensitive.
_M = r"(?P<{g}>" + MONTH_PATTERN + "|" + MONTH_ABBREVIATION_PATTERN + r")(?![a-z])"
_D = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?P<{g}>(?:19|20)\d\d)(?!\d)"
_WD = r"(?P<wd>(?i:" + WEEKDAY_PATTERN + "))"
_NUM = r"(?P<n>\d+|(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|several|a\s+few|few))"


def _m(g: str) -> str:
    return _M.format(g=g)


def _d(g: str) -> str:
    return _D.format(g=g)


def _y(g: str) -> str:
    return _Y.format(g=g)


# "the March 14 alliance", "26 July Street": a date that names something is no event date
_NAMED = r"(?!\s+(?i:alliance|movement|coalition|bloc|brigade|brigades|street|square|avenue|stadium|bridge|road)\b)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # ranges: "between 3 and 7 May 2020", "3-4 May", "the night of 8-9 May", "30 April - 2 May 2020"
    ("range_dm", re.compile(
        r"(?i:(?:between|from)\s+)?(?i:the\s+night\s+of\s+)?" + _d("d1") + r"(?:\s+" + _m("m1") + r")?"
        r"\s*(?:-|–|(?i:and|to|until))\s*" + _d("d2") + r"\s+(?i:of\s+)?" + _m("m2")
        + r"(?:,?\s+" + _y("y") + r")?")),
    ("range_md", re.compile(
        r"(?i:(?:between|from)\s+)?" + _m("m1") + r"\s+" + _d("d1") + r"\s*(?:-|–|(?i:and|to|until))\s*"
        + r"(?:" + _m("m2") + r"\s+)?" + _d("d2") + r"(?:,?\s+" + _y("y") + r")?(?![\d,])")),
    ("iso", re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)")),
    ("numeric", re.compile(r"(?<![\d/.-])(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)(?![\d/-])")),
    ("dmy", re.compile(_d("d") + r"\s+(?i:of\s+)?" + _m("m") + r",?\s+" + _y("y"))),
    ("mdy", re.compile(_m("m") + r"\s+" + _d("d") + r"(?!\d),?\s+" + _y("y"))),
    ("dm", re.compile(r"(?<![\d,])" + _d("d") + r"\s+(?i:of\s+)?" + _m("m") + _NAMED)),
    ("md", re.compile(_m("m") + r"\s+" + _d("d") + r"(?![\d:])(?!\s*(?i:people|persons|civilians|soldiers|children|percent|%))"
                      + _NAMED)),
    ("my", re.compile(r"(?:(?i:mid)-)?" + _m("m") + r",?\s+" + _y("y"))),
    ("last_month_name", re.compile(r"(?i:last|this|next)\s+" + _m("m") + r"(?!\s*\d)")),
    ("month", re.compile(r"(?i:(?:in|since|during|until|by|from|early|late|mid-?|end\s+of|beginning\s+of|"
                         r"throughout|earlier\s+in|later\s+in)\s+)(?i:early\s+|late\s+|mid-)?" + _m("m")
                         + r"(?!\s*\d)")),
    ("year", re.compile(r"(?i:(?P<prep>in|since|during|until|by|from|early|late|mid-?|throughout|before|after)\s+)"
                        r"(?i:early\s+|late\s+|mid-)?" + _y("y") + r"(?![-\d]|\s*(?i:people|persons|civilians))")),
    ("day_before_yesterday", re.compile(r"(?i:the\s+day\s+before\s+yesterday)")),
    ("yesterday", re.compile(r"(?i:\byesterday(?:'s)?\b(?:\s+(?:morning|afternoon|evening|night))?)")),
    ("last_night", re.compile(r"(?i:\blast\s+night\b|\bovernight\b|\bthe\s+previous\s+night\b)")),
    ("today", re.compile(r"(?i:\b(?:earlier|later)\s+(?:today|in\s+the\s+day|on\s+the\s+same\s+day)\b|"
                         r"\btoday(?:'s)?\b|\btonight\b|\bthis\s+(?:morning|afternoon|evening)\b)")),
    ("tomorrow", re.compile(r"(?i:\btomorrow(?:'s)?\b)")),
    ("hours", re.compile(r"(?i:\b(?:in|within|over|during|for)\s+the\s+(?:past|last|previous)\s+(?P<h>24|48|72|twenty-four|12)\s+hours\b)")),
    ("anchored", re.compile(r"(?i:\b(?:(?P<n1>a|one|two|three|four|five|six|seven|several|a\s+few|\d+)\s+"
                            r"(?P<unit>days?|weeks?)\s+(?P<dir>earlier|before|later|after|previously)\b|"
                            r"\bthe\s+(?P<fix>previous|preceding|following|next|same)\s+(?:day|morning|evening|night)\b|"
                            r"\bthe\s+day\s+(?P<fix2>before|after)\b))")),
    ("ago", re.compile(r"(?i:\b" + _NUM + r"\s+(?P<unit>days?|weeks?|months?|years?|decades?)\s+ago\b)")),
    # "Saturdays blast": the possessive of text that lost its apostrophes (not "on Saturdays", a habit)
    ("weekday", re.compile(r"(?i:\b(?P<mod>last|this|next|past|previous|on|by|until|since)\s+)?" + _WD
                           + r"(?:'s|’s|(?P<pl>s)(?=\s+(?!(?:and|or|in|at|on|when|to|the|a)\b)[a-z]))?"
                           r"(?:\s+(?i:morning|afternoon|evening|night))?\b")),
    ("weekend", re.compile(r"(?i:\b(?:(?P<mod>last|this|past|previous|over\s+the|during\s+the|at\s+the|on\s+the|the)\s+)weekend\b)")),
    ("week", re.compile(r"(?i:\b(?P<mod>last|this|earlier\s+this|later\s+this|past|previous|next|the\s+previous|the\s+past)\s+week\b)")),
    ("month_rel", re.compile(r"(?i:\b(?P<mod>last|this|earlier\s+this|later\s+this|previous|next|the\s+previous)\s+month\b)")),
    ("year_rel", re.compile(r"(?i:\b(?P<mod>last|this|earlier\s+this|later\s+this|previous|next|the\s+previous|the\s+past)\s+year\b)")),
    ("background", re.compile(
        r"(?i:\b(?:in|over|during|for)\s+(?:the\s+)?(?:recent|past|last|previous|coming)\s+(?:few\s+|several\s+|two\s+|three\s+|\d+\s+)?"
        r"(?:days|weeks|months|years|decades)\b|\bin\s+recent\s+(?:days|weeks|months|years|times)\b|"
        r"\bfor\s+(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|many|several)\s+)?(?:years|decades|months)\b|"
        r"\bin\s+the\s+past\b|\bpreviously\b|\brecently\b|\bsince\s+the\s+(?:start|beginning|outbreak)\s+of\b)")),
]

_PRIORITY = {name: k for k, (name, _) in enumerate(_PATTERNS)}
_MONTH_WORD = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
_YEAR_WORD = re.compile(r"(?:19|20)\d\d")
_WD = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# what a sentence must contain for a pattern to be worth running
_NEEDS: dict[str, str | tuple[str, ...]] = {
    "range_dm": "month", "range_md": "month", "dmy": "month", "mdy": "month", "dm": "month", "md": "month",
    "my": "month", "last_month_name": "month", "month": "month", "iso": "year", "numeric": "year",
    "year": "year", "day_before_yesterday": ("yesterday",), "yesterday": ("yesterday",),
    "last_night": ("night",), "today": ("today", "tonight", "this ", " day"), "tomorrow": ("tomorrow",),
    "hours": ("hours",), "anchored": ("earlier", "before", "later", "after", "previous", "preceding",
                                      "following", "next", "same"),
    "ago": ("ago",), "weekday": _WD, "weekend": ("weekend",), "week": ("week",), "month_rel": ("month",),
    "year_rel": ("year",),
}


def _month(s: str) -> int:
    return _MONTHS[s.lower().rstrip(".")]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_for(m: int, d: int, published: date | None) -> int | None:
    if published is None:
        return None
    y = published.year
    cand = _safe_date(y, m, min(d, calendar.monthrange(y, m)[1]))
    if cand and (cand - published).days > 7:
        return y - 1
    return y


def _month_start_before(m: int, published: date, strictly: bool = False) -> date:
    y = published.year
    if m > published.month or (strictly and m == published.month):
        y -= 1
    return date(y, m, 1)


def _num(s: str | None) -> int:
    if not s:
        return 1
    s = " ".join(s.lower().split())
    if s.isdigit() and len(s) > 6:  # never int() of a 5,000-digit run; no date is that many days off
        raise ValueError(f"{len(s)}-digit count")
    return int(s) if s.isdigit() else _NUMWORDS.get(s, 1)


@dataclass
class _R:
    date: date | None
    precision: str | None
    relative: bool
    background: bool = False
    anchored: bool = False
    future: bool = False
    end: date | None = None  # last day of the period, for the background rule


def _period_end(d: date, precision: str) -> date:
    if precision == "day":
        return d
    if precision == "week":
        return d + timedelta(days=6)
    if precision == "month":
        return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
    return date(d.year, 12, 31)


# ---- resolution: one handler per pattern name (`_PATTERNS`) ---------------------------------------
# Absolute handlers read the expression alone (some use the publication date when they have one);
# relative handlers need the publication date and are not called without it (`_unanchored` then says
# only whether the expression is background or future).


def _iso(g: dict, m: re.Match[str], pub: date | None) -> _R | None:
    d = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
    return _R(d, "day", False) if d else None


def _numeric(g: dict, m: re.Match[str], pub: date | None) -> _R | None:
    a, b = int(g["a"]), int(g["b"])
    day, mon = (b, a) if b > 12 and a <= 12 else (a, b)  # day first, unless impossible
    d = _safe_date(int(g["y"]), mon, day)
    return _R(d, "day", False) if d else None


def _day_month_year(g: dict, m: re.Match[str], pub: date | None) -> _R | None:
    d = _safe_date(int(g["y"]), _month(g["m"]), int(g["d"]))
    return _R(d, "day", False) if d else None


def _day_month(g: dict, m: re.Match[str], pub: date | None) -> _R | None:
    mo, dd = _month(g["m"]), int(g["d"])
    if not 1 <= dd <= 31:
        return None
    y = _year_for(mo, dd, pub)
    if y is None:
        return _R(None, None, True)
    d = _safe_date(y, mo, dd)
    return _R(d, "day", True) if d else None


def _range(g: dict, m: re.Match[str], pub: date | None) -> _R | None:
    d1, d2 = int(g["d1"]), int(g["d2"])
    m2 = _month(g["m2"]) if g.get("m2") else (_month(g["m1"]) if g.get("m1") else None)
    m1 = _month(g["m1"]) if g.get("m1") else m2
    if m1 is None or m2 is None or not (1 <= d1 <= 31 and 1 <= d2 <= 31):
        return None
    if g.get("y"):
        y2, rel = int(g["y"]), False
    else:
        y2, rel = _year_for(m2, d2, pub), True
        if y2 is None:
            return _R(None, None, True)
    y1 = y2 - 1 if m1 > m2 else y2
    a, b = _safe_date(y1, m1, d1), _safe_date(y2, m2, d2)
    if not a or not b or b < a:
        return None
    span = (b - a).days
    prec = "day" if span <= 1 else "week" if span <= 7 else "month"
    return _R(a, prec, rel, end=b)


def _month_year(g: dict, m: re.Match[str], pub: date | None) -> _R | None:
    return _R(date(int(g["y"]), _month(g["m"]), 1), "month", False)


def _year(g: dict, m: re.Match[str], pub: date | None) -> _R | None:
    bg = (g.get("prep") or "").lower() in ("since", "until", "before")
    return _R(date(int(g["y"]), 1, 1), "year", False, background=bg)


def _month_name(g: dict, m: re.Match[str], pub: date | None) -> _R | None:
    if pub is None:
        return _R(None, None, True)
    prep = m.group(0).split()[0].lower()
    return _R(_month_start_before(_month(g["m"]), pub), "month", True, background=prep == "since")


def _last_month_name(g: dict, m: re.Match[str], pub: date | None) -> _R | None:
    if pub is None:
        return _R(None, None, True)
    mod = m.group(0).split()[0].lower()
    mo = _month(g["m"])
    if mod == "next":
        y = pub.year + (1 if mo <= pub.month else 0)
        return _R(date(y, mo, 1), "month", True, background=True, future=True)
    return _R(_month_start_before(mo, pub, strictly=mod == "last"), "month", True)


def _background(g: dict, m: re.Match[str], pub: date | None) -> _R | None:
    return _R(None, None, True, background=True)


_ABSOLUTE = {
    "iso": _iso, "numeric": _numeric, "dmy": _day_month_year, "mdy": _day_month_year, "dm": _day_month,
    "md": _day_month, "range_dm": _range, "range_md": _range, "my": _month_year, "year": _year,
    "month": _month_name, "last_month_name": _last_month_name, "background": _background,
}  # fmt: skip


def _mod(g: dict) -> str:
    return " ".join((g.get("mod") or "").lower().split())


def _unanchored(name: str, g: dict) -> _R:
    """A relative expression with no publication date: no date, only whether it is background/future."""
    bg = name == "ago" and (g.get("unit") or "").lower().startswith(("year", "decade", "month"))
    if name == "year_rel" and _mod(g) in ("last", "previous", "the previous", "earlier this", "the past"):
        bg = True
    return _R(None, None, True, background=bg, anchored=name == "anchored",
              future=name == "tomorrow" or _mod(g) == "next")


def _hours(g: dict, pub: date) -> _R:
    h = {"twenty-four": 24}.get(g["h"].lower(), None) or int(g["h"])
    return _R(pub - timedelta(days=max(0, h // 24 - 1)), "day", True)


def _anchored(g: dict, pub: date) -> _R:
    if g.get("fix") or g.get("fix2"):
        fix = (g.get("fix") or g.get("fix2") or "").lower()
        delta = {"previous": -1, "preceding": -1, "before": -1, "following": 1, "next": 1, "after": 1,
                 "same": 0}[fix]
        return _R(pub + timedelta(days=delta), "day", True, anchored=True, future=delta > 0)
    k = _num(g.get("n1"))
    unit = g["unit"].lower()
    days = k * (7 if unit.startswith("week") else 1)
    sign = -1 if g["dir"].lower() in ("earlier", "before", "previously") else 1
    prec = "week" if unit.startswith("week") else "day"
    return _R(pub + timedelta(days=sign * days), prec, True, anchored=True, future=sign > 0)


def _ago(g: dict, pub: date) -> _R:
    k = _num(g.get("n"))
    unit = g["unit"].lower()
    if unit.startswith("day"):
        return _R(pub - timedelta(days=k), "day", True, background=k > 30)
    if unit.startswith("week"):
        d = pub - timedelta(days=7 * k)
        return _R(d - timedelta(days=d.weekday()), "week", True, background=k > 4)
    if unit.startswith("month"):
        y, mo = divmod(pub.year * 12 + pub.month - 1 - k, 12)  # arithmetic, not a loop per month
        return _R(date(y, mo + 1, 1), "month", True, background=k > 1)
    yrs = k * (10 if unit.startswith("decade") else 1)
    return _R(date(pub.year - yrs, 1, 1), "year", True, background=True)


def _weekday(g: dict, pub: date) -> _R | None:
    wd = _WEEKDAYS[g["wd"].lower()]
    mod = _mod(g)
    if g.get("pl") and mod:
        return None  # "on Saturdays", "since Fridays": a habit, no day
    delta = (pub.weekday() - wd) % 7
    if mod in ("next", "by", "until"):
        ahead = (wd - pub.weekday()) % 7 or 7
        return _R(pub + timedelta(days=ahead), "day", True, background=True, future=True)
    if mod in ("last", "past", "previous") and delta == 0:
        delta = 7
    return _R(pub - timedelta(days=delta), "day", True)


def _weekend(g: dict, pub: date) -> _R:
    delta = (pub.weekday() - 5) % 7
    if _mod(g) in ("last", "past", "previous") and delta < 2:
        delta += 7
    return _R(pub - timedelta(days=delta), "week", True)


def _week(g: dict, pub: date) -> _R:
    mod = _mod(g)
    monday = pub - timedelta(days=pub.weekday())
    if mod in ("last", "previous", "the previous"):
        return _R(monday - timedelta(days=7), "week", True)
    if mod in ("past", "the past"):
        return _R(pub - timedelta(days=7), "week", True, background=True)
    if mod == "next":
        return _R(monday + timedelta(days=7), "week", True, background=True, future=True)
    return _R(monday, "week", True)


def _month_rel(g: dict, pub: date) -> _R:
    mod = _mod(g)
    first = pub.replace(day=1)
    if mod in ("last", "previous", "the previous"):
        return _R((first - timedelta(days=1)).replace(day=1), "month", True)
    if mod == "next":
        nxt = (first + timedelta(days=32)).replace(day=1)
        return _R(nxt, "month", True, background=True, future=True)
    return _R(first, "month", True)


def _year_rel(g: dict, pub: date) -> _R:
    mod = _mod(g)
    if mod in ("last", "previous", "the previous", "the past"):
        return _R(date(pub.year - 1, 1, 1), "year", True, background=True)
    if mod == "next":
        return _R(date(pub.year + 1, 1, 1), "year", True, background=True, future=True)
    return _R(date(pub.year, 1, 1), "year", True, background=mod == "earlier this")


_RELATIVE = {
    "yesterday": lambda g, pub: _R(pub - timedelta(days=1), "day", True),
    "last_night": lambda g, pub: _R(pub - timedelta(days=1), "day", True),
    "day_before_yesterday": lambda g, pub: _R(pub - timedelta(days=2), "day", True),
    "today": lambda g, pub: _R(pub, "day", True),
    "tomorrow": lambda g, pub: _R(pub + timedelta(days=1), "day", True, background=True, future=True),
    "hours": _hours, "anchored": _anchored, "ago": _ago, "weekday": _weekday, "weekend": _weekend,
    "week": _week, "month_rel": _month_rel, "year_rel": _year_rel,
}  # fmt: skip


def _resolve(name: str, m: re.Match[str], pub: date | None) -> _R | None:
    g = m.groupdict()
    try:
        if name in _ABSOLUTE:
            return _ABSOLUTE[name](g, m, pub)
        if name not in _RELATIVE:
            return None
        if pub is None:
            return _unanchored(name, g)
        return _RELATIVE[name](g, pub)
    except (ValueError, OverflowError):  # "99999 weeks ago", a year 0: no calendar date, not a failed report
        return _R(None, None, True, background=True)


# words that may precede a date but are not part of it
_LEAD = re.compile(r"^(?i:(?:on|in|at|by|around|about|from|since|during|until|between|of|the|as\s+reported\s+on|reported\s+on)\s+)+")


# a date right after a speech verb dates the telling: "a monitor said Saturday", "SANA reported on Monday",
# "the ministry announced late on Friday"
_REPORTED_BEFORE = re.compile(
    r"\b(?:said|says|reported|reports|announced|stated|added|confirmed|told\s+(?:[\w'’-]+\s+){1,3}?)"
    r"\s*,?\s*(?:(?:on|late|early|in\s+a\s+statement|in\s+a\s+statement\s+on)\s+)*$", re.I)


def date_mentions(text: str, published: date | None, offset: int = 0) -> list[DateMention]:
    """All date expressions in `text`, resolved against `published`; spans are offset + local."""
    if isinstance(published, datetime):
        published = published.date()
    found: list[tuple[int, int, int, str, re.Match[str]]] = []
    low = text.lower()
    has_month = _MONTH_WORD.search(text) is not None
    has_year = _YEAR_WORD.search(text) is not None
    for name, rx in _PATTERNS:
        # cheap gates: most sentences have no date words at all
        need = _NEEDS.get(name)
        if need == "month" and not has_month:
            continue
        if need == "year" and not has_year:
            continue
        if isinstance(need, tuple) and not any(w in low for w in need):
            continue
        for m in rx.finditer(text):
            if m.end() > m.start():
                found.append((m.start(), -(m.end() - m.start()), _PRIORITY[name], name, m))
    found.sort()
    taken_end = -1  # candidates come sorted by start: one overlaps a taken one iff it starts before this
    out: list[DateMention] = []
    for s, neg_len, _, name, m in found:
        e = s - neg_len
        if s < taken_end:
            continue
        r = _resolve(name, m, published)
        if r is None:
            continue
        taken_end = e
        # "since ..." marks a background start point
        before = text[max(0, s - 7):s].lower()
        lead_text = m.group(0)
        since = bool(re.match(r"(?i)since\b", lead_text) or before.rstrip().endswith("since"))
        if since and r.precision in ("year", None):
            r.background = True  # "since 2012": a long period; "since Monday" is judged by its age below
        if r.date is not None and published is not None and offset + s < OPENING_CHARS and _year_slip(r, published):
            r.date, r.end = published, None
        if r.date is not None and published is not None and r.precision and not r.background:
            end = r.end or _period_end(r.date, r.precision)
            if (published - end).days > 30:
                r.background = True
            if r.date > published and name not in ("anchored",):
                r.future = True
                # an explicit date shortly after the given publication date more likely means that date is
                # wrong (feeds often carry a first-seen or crawl date) than that the report is about the future
                r.background = r.relative or (r.date - published).days > 45
        # trim leading prepositions from the span
        lead = _LEAD.match(lead_text)
        if lead and name not in ("background", "anchored", "weekend", "week", "month_rel", "year_rel",
                                 "day_before_yesterday", "last_month_name"):
            s2 = s + lead.end()
        else:
            s2 = s
        span = Span.of(text, s2, e, offset)
        out.append(DateMention(span=span, date=r.date.isoformat() if r.date else None,
                               precision=r.precision if r.date else None, relative=r.relative,
                               background=r.background, anchored=r.anchored, future=r.future,
                               reported=bool(_REPORTED_BEFORE.search(text, max(0, s - 40), s))))
    out.sort(key=lambda d: d.span.start)
    # "On Wednesday, 5 April 2017": the weekday names the explicit date that follows it
    keep: list[DateMention] = []
    for k, d in enumerate(out):
        nxt = out[k + 1] if k + 1 < len(out) else None
        if (nxt is not None and d.span.text.split("'")[0].lower().split()[-1] in _WEEKDAYS
                and 0 <= nxt.span.start - d.span.end <= 3 and nxt.precision == "day" and nxt.date):
            continue
        keep.append(d)
    return keep


# How far into a report its opening date stands ("Property destruction: As reported on 2 May 2020,")
OPENING_CHARS = 40


def _year_slip(r: _R, published: date) -> bool:
    """Is an explicit date the publication's day and month a year early ("On 28 April 2019" opening a
    report of 28 April 2020)?  At a report's opening that is a slip of the year, not an anniversary."""
    d = r.date
    return (d is not None and not r.relative and r.precision == "day" and d.year == published.year - 1
            and (d.month, d.day) == (published.month, published.day))


def resolve_date(expr: str, published: date | None) -> tuple[str | None, str | None]:
    """(ISO date, precision) of the first date expression in `expr`; (None, None) if none resolves."""
    for d in date_mentions(expr, published):
        if d.date:
            return d.date, d.precision
    return None, None


_FORMATS = ["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ",
            "%Y-%m-%d %H:%M:%S", "%a %d %b %Y", "%a, %d %b %Y", "%d %b %Y", "%d %B %Y", "%B %d, %Y",
            "%b %d, %Y", "%A, %B %d, %Y", "%a, %d %b %Y %H:%M:%S %z", "%a, %d %b %Y %H:%M:%S %Z",
            "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%Y%m%d", "%a %d %B %Y", "%A %d %B %Y"]


def parse_published(value: str | None) -> date | None:
    """A publication date from an ISO date/datetime or a common format; None if unreadable."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = " ".join(str(value).strip().split())
    if not s:
        return None
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for fmt in _FORMATS:
        try:
            return datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    m = re.search(r"(?<!\d)((?:19|20)\d\d)-([01]\d)-([0-3]\d)", s)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    try:
        from dateutil import parser as du

        return du.parse(s, dayfirst=True, fuzzy=False).date()
    except (ValueError, OverflowError, ImportError):
        return None
