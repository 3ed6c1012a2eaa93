"""Publication dates for ingested reports: normalising given dates and finding a dateline in the text.

The order of fallbacks (see docs/ingest.md): a date given by the caller or the feed item, then the
page's HTML metadata, then a dateline near the top of the text ("Fri 07 Apr 2017"), else none.  Each
`Document` records where its date came from in `published_source`; a document without one is flagged
by `published_source = None` and counted in the ingest summary.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime

from sitrep.vocab.en import MONTHS

_MONTHS = MONTHS
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

DATELINE_PATTERNS = [
    # Fri 07 Apr 2017 / Friday, 7 April 2017 / 7 April, 2017
    re.compile(rf"\b{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),
    # Friday, April 7, 2017 / Apr. 7 2017
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    # 2017-04-07
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
]

DATELINE_WINDOW = 400  # characters from the top of the text where a dateline is looked for
LEAD_CHARS = 60  # a date this close to the start of a line is a dateline ("BEIRUT, April 7, 2017 -")
BYLINE_CHARS = 200  # a date with its weekday this close to the top is a byline date
DATE_LINE_MAX = 100  # ... or a date on a short line of its own ("Fri 07 Apr 2017 10:32 GMT")
_STARTS_WITH_WEEKDAY = re.compile(r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s", re.I)
_PUBLISHED_CUE = re.compile(
    r"\b(?:posted|published|updated|dated|last modified|date of publication)(?:\s+on)?\W*$", re.I
)
_EVENT_PREP = re.compile(r"\b(?:on|since|until|till|by|before|after|from|in|of|to|between|and)\W*$", re.I)


def _is_dateline(head: str, start: int, end: int) -> bool:
    """A date in the text is taken as the publication date only where datelines stand: at the start of
    a line (of the text or a paragraph), or on a short line of its own; never after a preposition
    ("on 4 April 2017 ...")."""
    before = head[max(0, start - 24) : start]
    if _PUBLISHED_CUE.search(before):
        return True
    if _EVENT_PREP.search(before):
        return False
    # "AFP Wednesday 13 Jul 2016": a date with its weekday near the top is a byline date
    if start < BYLINE_CHARS and _STARTS_WITH_WEEKDAY.match(head, start):
        return True
    line_start = head.rfind("\n", 0, start) + 1
    line_end = head.find("\n", end)
    line_end = len(head) if line_end < 0 else line_end
    return start - line_start < LEAD_CHARS or (line_end - line_start) <= DATE_LINE_MAX


def find_dateline(text: str, window: int = DATELINE_WINDOW) -> str | None:
    """The first full date (day, month, year) standing as a dateline near the top of `text`, as
    YYYY-MM-DD, or None."""
    head = text[:window]
    best: tuple[int, str] | None = None
    for pat in DATELINE_PATTERNS:
        for m in pat.finditer(head):
            if not _is_dateline(head, m.start(), m.end()):
                continue
            g = m.groupdict()
            month = int(g["mnum"]) if g.get("mnum") else _MONTHS.get(g["mon"].lower().rstrip("."))
            try:
                d = date(int(g["year"]), month or 0, int(g["day"]))
            except ValueError:
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), d.isoformat())
            break
    return best[1] if best else None


EARLIEST_PUBLISHED = date(1900, 1, 1)  # no report sitrep reads was published before this
MAX_PUBLISHED_CHARS = 40  # the longest ISO datetime with microseconds and offset is 32


def check_published(value: str, today: date | None = None) -> str:
    """A publication date given by the user (`--published`, a JSONL record's `published`), checked at
    the edge so that a wrong one is refused in one line rather than turning every event date null.

    Accepted: YYYY-MM-DD and ISO 8601 datetimes, kept as given; and three unambiguous forms, normalised
    to YYYY-MM-DD: compact `20180406`, RFC 2822 (`Fri, 06 Apr 2018 10:00:00 GMT`) and a date written
    with its month's name (`6 April 2018`, `April 6, 2018`).  The date must exist and lie between
    EARLIEST_PUBLISHED and tomorrow (time zones).  Anything else ("yesterday", "2018-13-45",
    "2018-02-30", "06/04/2018", which could be June or April) -> ValueError with the reason.
    """
    s = value.strip()
    shown = s if len(s) <= MAX_PUBLISHED_CHARS else s[:20] + "…"
    if len(s) > MAX_PUBLISHED_CHARS:
        raise ValueError(f"{shown!r} is not a date ({len(s):,} characters): give YYYY-MM-DD")
    try:
        d, kept = _read_given_date(s)
    except ValueError as e:
        raise ValueError(f"{shown!r} is not a date ({e}): give YYYY-MM-DD") from None
    if d is None:
        raise ValueError(f"{shown!r} is not a date: give YYYY-MM-DD")
    today = today or date.today()
    if d < EARLIEST_PUBLISHED:
        raise ValueError(f"{shown} is before {EARLIEST_PUBLISHED.isoformat()}: not a publication date")
    if d > today + timedelta(days=1):
        raise ValueError(f"{shown} is in the future")
    return s if kept else d.isoformat()


def _read_given_date(s: str) -> tuple[date | None, bool]:
    """(the date, whether `s` is ISO and kept as written); ValueError for a date that does not exist."""
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", s) or re.fullmatch(r"(\d{4})(\d\d)(\d\d)", s)
    if m:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "-" in s
    if re.fullmatch(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d\S*", s):
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date(), True
    if re.search(r"\d:\d\d", s):  # RFC 2822 carries a time
        try:
            return parsedate_to_datetime(s).date(), False
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
    for pat in DATELINE_PATTERNS[:2]:
        m = pat.fullmatch(s)
        if m:
            month = _MONTHS[m.group("mon").lower().rstrip(".")]
            return date(int(m.group("year")), month, int(m.group("day"))), False
    return None, False


def normalize_published(value: object, today: date | None = None) -> str | None:
    """A date given in metadata (ISO, RFC 822, a date/datetime) -> YYYY-MM-DD in the writer's own
    time zone, or None when it cannot be read or is implausible (before EARLIEST_PUBLISHED, after
    tomorrow): a page's wrong metadata then leaves the dateline to find the date."""
    iso = _normalize(value)
    if iso is None:
        return None
    d = date.fromisoformat(iso)
    return iso if EARLIEST_PUBLISHED <= d <= (today or date.today()) + timedelta(days=1) else None


def _normalize(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    s = str(value).strip()
    if len(s) > 200:  # no date is written this long
        return None
    if re.fullmatch(r"\d{4}-\d\d-\d\d", s):
        try:
            return date.fromisoformat(s).isoformat()
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    if not re.search(r"\b(?:19|20)\d\d\b", s):
        return None
    try:
        from dateutil import parser as du

        return du.parse(s).date().isoformat()
    except (ValueError, OverflowError, TypeError):
        return None
