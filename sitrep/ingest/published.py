"""Publication dates for ingested reports: normalising given dates and finding a dateline in the text.

The order of fallbacks (see docs/ingest.md): a date given by the caller or the feed item, then the
page's HTML metadata, then a dateline near the top of the text ("Fri 07 Apr 2017"), else none.  Each
`Document` records where its date came from in `published_source`; a document without one is flagged
by `published_source = None` and counted in the ingest summary.
"""

from __future__ import annotations

import re
from datetime import date, datetime

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


def normalize_published(value: object) -> str | None:
    """A date given in metadata (ISO, RFC 822, a date/datetime) -> YYYY-MM-DD in the writer's own
    time zone, or None when it cannot be read."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    s = str(value).strip()
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
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    if not re.search(r"\b(?:19|20)\d\d\b", s):
        return None
    try:
        from dateutil import parser as du

        return du.parse(s).date().isoformat()
    except (ValueError, OverflowError, TypeError):
        return None
