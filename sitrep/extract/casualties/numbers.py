"""Number phrases: tokens, digits and number words, ranges, vague words and their modifiers
("at least", "nearly", "dozens of") read into a `Quantity`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitrep.types import MAX_COUNT
from sitrep.vocab.en import MONTHS

# --------------------------------------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 1,200
    r"|\d+(?:\.\d+)?(?:\s?[-–]\s?\d+(?:\.\d+)?)?(?:[-–]?[A-Za-z]+(?:[-–][A-Za-z]+)*)?"  # 40, 3-4, 82mm, 25-year-old
    r"|[A-Za-z]+(?:['’][A-Za-z]+)*(?:[-–][A-Za-z]+(?:['’][A-Za-z]+)*)*"  # words, twenty-three, pro-Houthi
    r"|\S"
)


@dataclass
class Token:
    text: str
    low: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _TOKEN.finditer(text)]


# ------------------------------------------------------------------------------------------- numbers

_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

# vague word -> (value, consumes a following "of")
_VAGUE = {
    "dozens": 12, "tens": 10, "hundreds": 100, "thousands": 1000, "scores": 20, "several": 10,
    "many": 10, "numerous": 10, "multiple": 10,
}
_VAGUE_MULTI = [
    (("half", "a", "dozen"), 6), (("a", "half", "dozen"), 6),
    (("a", "large", "number", "of"), 10), (("hundreds", "of", "thousands", "of"), 100_000),
    (("hundreds", "of", "thousands"), 100_000), (("tens", "of", "thousands", "of"), 10_000),
    (("tens", "of", "thousands"), 10_000), (("an", "unknown", "number", "of"), 10),
    (("an", "undetermined", "number", "of"), 10), (("an", "unspecified", "number", "of"), 10), (("a", "number", "of"), 10), (("a", "few"), 3),
    (("a", "handful", "of"), 3), (("a", "handful"), 3), (("a", "dozen"), 12), (("several", "dozen"), 24),
    (("a", "score", "of"), 20),
]

_VAGUE_MULTI_KEYS = [w for w, _ in _VAGUE_MULTI]
_VAGUE_MULTI_VAL = dict(_VAGUE_MULTI)

_MIN = [("at", "least"), ("more", "than"), ("over",), ("well", "over"), ("just", "over"), ("well", "above"),
        ("in", "excess", "of"), ("upwards", "of"), ("no", "fewer", "than"),
        ("no", "less", "than"), ("not", "less", "than"), ("in", "excess", "of"), ("a", "minimum", "of")]
_MAX = [("nearly",), ("almost",), ("up", "to"), ("at", "most"), ("fewer", "than"), ("less", "than"),
        ("as", "many", "as"), ("close", "to"), ("just", "under"), ("a", "maximum", "of")]
_APPROX = [("about",), ("around",), ("some",), ("approximately",), ("roughly",), ("an", "estimated"),
           ("estimated",), ("approx",), ("circa",), ("reportedly",)]
_NEUTRAL = [("all",), ("all", "of", "the"), ("a", "total", "of"), ("a", "family", "of"), ("family", "of"), ("a", "further"), ("another",), ("an", "additional"), ("additional",),
            ("further",), ("at", "least", "another"), ("another",)]

_Q_START = ({o[0] for lst in (_MIN, _MAX, _APPROX, _NEUTRAL, _VAGUE_MULTI_KEYS) for o in lst}
            | set(_VAGUE) | set(_ONES) | set(_TENS) | {"between", "a", "half"})

_MONTHS = set(MONTHS)
_UNITS = {"mm", "millimetre", "millimeter", "km", "kilometres", "kilometers", "kilometre", "kilometer",
          "miles", "mile", "meters", "metres", "metre", "meter", "m", "cm", "percent", "per", "%",
          "pc", "years", "year", "yrs", "months", "month", "weeks", "week", "days", "day", "hours", "hour",
          "minutes", "minute", "mins", "seconds", "am", "pm", "a.m", "p.m", "o'clock", "dollars", "usd",
          "euros", "pounds", "lira", "liras", "riyals", "kg", "kilograms", "tons", "tonnes", "times",
          "th", "st", "nd", "rd", ":", "gmt", "utc", "billion", "acres", "hectares", "feet", "ft",
          "kilos", "grams", "litres", "liters", "degrees", "mph", "kph"} | _MONTHS
_PREV_BLOCK = {"$", "€", "£", "resolution", "no", "no.", "number", "route", "highway", "article",
               "page", "brigade", "division", "battalion", "regiment", "unit", "flight", "road", "#",
               "aged", "age", "ages", "room", "building", "sector", "block", "zone", "gate", "checkpoint",
               "chapter", "paragraph", "section", "law", "decree", "corps", "hill", "point", "camp"}
_YEAR_PREV = {"-", "/", ".", "in", "since", "of", "until", "by", "during", "from", "to", "and", "early", "late", "mid",
              "before", "after", "'s", "year", "spring", "summer", "autumn", "winter", "fall"} | _MONTHS


def _word_number(toks: list[Token], i: int) -> tuple[int, int] | None:
    """Parse a number written in words starting at i: 'twenty-three', 'one hundred and twenty'."""
    total, cur, j, seen = 0, 0, i, False
    n = len(toks)
    while j < n:
        w = toks[j].low
        parts = w.split("-") if "-" in w or "–" in w else [w]
        parts = [p for q in parts for p in q.split("–")]
        if len(parts) == 2 and parts[0] in _TENS and parts[1] in _ONES and _ONES[parts[1]] < 10:
            cur += _TENS[parts[0]] + _ONES[parts[1]]
        elif len(parts) == 1 and w in _ONES:
            if seen and cur % 100 != 0 and cur % 10 == 0 and _ONES[w] < 10 and cur % 100 >= 20:
                cur += _ONES[w]  # "twenty three"
            elif seen and cur != 0 and cur % 100 != 0:
                break
            else:
                cur += _ONES[w]
        elif len(parts) == 1 and w in _TENS:
            if seen and cur % 100 != 0:
                break
            cur += _TENS[w]
        elif len(parts) == 1 and w in _SCALES and seen:
            if w == "hundred":
                cur = max(cur, 1) * 100
            else:
                total += max(cur, 1) * _SCALES[w]
                cur = 0
        elif w == "and" and seen and j + 1 < n and (toks[j + 1].low in _ONES or toks[j + 1].low.split("-")[0] in _TENS) and (cur % 100 == 0 and cur >= 100 or total > 0):
            j += 1
            continue
        else:
            break
        seen = True
        j += 1
        total, cur = min(total, _OVER), min(cur, _OVER)  # "hundred hundred hundred ...": no giant ints
    if not seen:
        return None
    return min(total + cur, _OVER), j


_FRACTIONS = [(("a", "quarter", "of", "a"), 0.25), (("a", "quarter", "of"), 0.25), (("half", "a"), 0.5),
              (("a", "half"), 0.5), (("three", "quarters", "of", "a"), 0.75)]
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")
_DIGIT_RANGE = re.compile(r"^(\d+)\s?[-–]\s?(\d+)$")
_DECIMAL = re.compile(r"^\d+\.\d+$")


# Digit runs longer than this are never converted (Python refuses over 4,300 digits, and any run of
# more than 8 digits is beyond MAX_COUNT anyway): they read as _OVER, which the cap then refuses.
_MAX_DIGITS = 15
_OVER = 10**_MAX_DIGITS


def _int(digits: str) -> int:
    return int(digits) if len(digits) <= _MAX_DIGITS else _OVER


def _number(toks: list[Token], i: int, cap: int | None = MAX_COUNT) -> tuple[int, int, int | None] | None:
    """A plain number at i: (value, end, range_high) or None.  A figure beyond `cap` is no count
    ("1000000000000000000000000000000 wounded" is a typo or a joke): None."""
    r = _read_number(toks, i)
    if r is not None and cap is not None and max(r[0], r[2] or 0) > cap:
        return None
    return r


def figures_over_cap(text: str) -> list[str]:
    """The numbers in `text` that _number refuses as beyond MAX_COUNT, as written (shortened), so the
    extractor can say which figures it did not read."""
    toks = tokenize(text)
    out, i = [], 0
    while i < len(toks):
        w = toks[i].low
        r = _read_number(toks, i) if w[:1].isdigit() or w in _ONES or w.split("-")[0] in _TENS else None
        if r is not None and max(r[0], r[2] or 0) > MAX_COUNT:
            words = text[toks[i].start : toks[r[1] - 1].end]
            out.append(words if len(words) <= 40 else words[:39] + "…")
            i = r[1]
        else:
            i += 1
    return out


def _read_number(toks: list[Token], i: int) -> tuple[int, int, int | None] | None:
    n = len(toks)
    if i >= n:
        return None
    t = toks[i].low
    if _DIGITS.match(t):
        v = _int(t.replace(",", ""))
        j = i + 1
        if j < n and toks[j].low in ("million", "thousand", "hundred"):
            v *= _SCALES[toks[j].low]
            j += 1
        return v, j, None
    m = _DIGIT_RANGE.match(t)
    if m:
        a, b = _int(m.group(1)), _int(m.group(2))
        if a < b:
            return a, i + 1, b
        return None
    if _DECIMAL.match(t) and i + 1 < n and toks[i + 1].low in ("million", "thousand"):
        if len(t) > _MAX_DIGITS:
            return _OVER, i + 2, None
        return int(float(t) * _SCALES[toks[i + 1].low]), i + 2, None
    for words, frac in _FRACTIONS:
        if starts_with(toks, i, words) and i + len(words) < n and toks[i + len(words)].low in ("million", "thousand"):
            return int(frac * _SCALES[toks[i + len(words)].low]), i + len(words) + 1, None
    if t == "a" and i + 1 < n and toks[i + 1].low in ("hundred", "thousand", "million"):
        v = _SCALES[toks[i + 1].low]
        j = i + 2
        if j < n and toks[j].low == "and":
            w = _word_number(toks, j + 1)
            if w:
                return v + w[0], w[1], None
        return v, j, None
    r = _word_number(toks, i)
    if r:
        v, j = r
        if j < n and toks[j].low == "dozen":
            return v * 12, j + 1, None
        return v, j, None
    return None


def starts_with(toks: list[Token], i: int, words: tuple[str, ...]) -> bool:
    return i + len(words) <= len(toks) and all(toks[i + k].low == w for k, w in enumerate(words))


_FIRST_INDEX: dict[int, dict[str, list[tuple[str, ...]]]] = {}


def _match_any(toks: list[Token], i: int, options: list[tuple[str, ...]]) -> int:
    """Length of the longest option matching at i (0 if none)."""
    if i >= len(toks):
        return 0
    index = _FIRST_INDEX.get(id(options))
    if index is None:
        index = {}
        for o in options:
            index.setdefault(o[0], []).append(o)
        _FIRST_INDEX[id(options)] = index
    best = 0
    for o in index.get(toks[i].low, ()):
        if len(o) > best and starts_with(toks, i, o):
            best = len(o)
    return best


@dataclass
class Quantity:
    low: int | None
    best: int | None
    high: int | None
    start: int  # token index
    end: int  # token index, exclusive
    estimate: bool = False
    single: bool = False  # "a man", "the victim"
    mods: list[str] = field(default_factory=list)


def _blocked(toks: list[Token], i: int, j: int, value: int, had_mod: bool) -> bool:
    """Is the number between tokens i..j an age, date, unit, money, year, resolution number...?"""
    n = len(toks)
    if j < n:
        nxt = toks[j].low
        if nxt in _UNITS or nxt.startswith("year-old") or nxt.startswith("-year"):
            return True
        if nxt in ("-", "–") and j + 1 < n and toks[j + 1].low.startswith("year"):
            return True
        if nxt == "." and j + 1 < n and re.match(r"^\d", toks[j + 1].low) and toks[j + 1].start == toks[j].end:
            return True
    if i > 0 and toks[i].low[:1].isdigit() and toks[i - 1].text.rstrip(".").capitalize() == toks[i - 1].text.rstrip(".") \
            and toks[i - 1].low.rstrip(".") in _MONTHS:
        return True  # "September 24"
    if i > 0 and not had_mod:
        prev = toks[i - 1].low
        if prev in _PREV_BLOCK:
            return True
        if 1900 <= value <= 2100 and toks[i].low.isdigit() and prev in _YEAR_PREV:
            return True
    if 1900 <= value <= 2100 and toks[i].low.isdigit() and len(toks[i].low) == 4 and j < n and toks[j].low in (",", ")"):
        return True
    return False


def read_quantity(toks: list[Token], i: int) -> Quantity | None:
    """Parse a quantity phrase ('at least forty', 'between 3 and 5', 'dozens of') starting at token i."""
    n = len(toks)
    if i >= n:
        return None
    w0 = toks[i].low
    if w0 not in _Q_START and not w0[:1].isdigit() and w0.split("-")[0] not in _TENS:
        return None
    j = i
    low_mode = None
    mods: list[str] = []
    for _ in range(3):
        k = _match_any(toks, j, _MIN)
        if k:
            low_mode = "min"
        else:
            k = _match_any(toks, j, _MAX)
            if k:
                low_mode = "max"
            else:
                k = _match_any(toks, j, _APPROX)
                if k:
                    low_mode = "approx"
                else:
                    k = _match_any(toks, j, _NEUTRAL)
        if not k:
            break
        mods.append(" ".join(t.low for t in toks[j:j + k]))
        j += k
    had_mod = j > i
    between = False
    if j < n and toks[j].low == "between":
        between = True
        j += 1
    # vague multiword
    k = _match_any(toks, j, _VAGUE_MULTI_KEYS)
    val = _VAGUE_MULTI_VAL[tuple(t.low for t in toks[j:j + k])] if k else 0
    if k and not between:
        end = j + k
        if end < n and toks[end].low == "or" and end + 1 < n and toks[end + 1].low == "so":
            end += 2
        if end < n and toks[end].low == "of" and toks[end - 1].low != "of":
            end += 1
        return Quantity(val, val, None, i, end, estimate=True, mods=mods)
    if j < n and toks[j].low in _VAGUE and not between:
        v = _VAGUE[toks[j].low]
        end = j + 1
        if toks[j].low in ("many", "several", "multiple", "numerous") and had_mod:
            return None  # "as many as" is handled by _MAX; "about many" is not a figure
        if end < n and toks[end].low == "of":
            end += 1
        if toks[j].low in ("hundreds", "thousands", "tens") and end < n and toks[end].low in ("of",):
            end += 1
        return Quantity(v, v, None, i, end, estimate=True, mods=mods)
    num = _number(toks, j)
    if not num:
        return None
    v, e, hi = num
    if _blocked(toks, j, e, v, had_mod):
        return None
    lo_v = v
    # ranges
    if hi is None and e < n:
        conn = toks[e].low
        if (between and conn == "and") or (not between and conn in ("to", "or", "-", "–")):
            other = _number(toks, e + 1)
            if other and other[2] is None and other[0] > v and not _blocked(toks, e + 1, other[1], other[0], True):
                hi, e = other[0], other[1]
    if between and hi is None:
        return None
    if e < n and toks[e].low in ("plus", "odd", "+"):
        e += 1
        low_mode = low_mode or "min"
    estimate = False
    if j < e and any(toks[x].low == "dozen" for x in range(j, e)):
        estimate = True
    if hi is not None:
        return Quantity(lo_v, lo_v, hi, i, e, estimate=estimate, mods=mods)
    if low_mode == "min":
        return Quantity(v, v, None, i, e, estimate=estimate, mods=mods)
    if low_mode == "max":
        return Quantity(None, v, v, i, e, estimate=estimate, mods=mods)
    if low_mode == "approx":
        return Quantity(None, v, None, i, e, estimate=estimate, mods=mods)
    return Quantity(v, v, v, i, e, estimate=estimate, mods=mods)
