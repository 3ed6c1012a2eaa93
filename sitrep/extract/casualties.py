"""Casualty figures: who was killed or injured, and how many, in one sentence.

    casualty_mentions("Shells fell on Damascus, killing at least four people and wounding 20 others.")
    -> [killed Count(low=4, best=4, high=None, text="at least four", victims="people"),
        injured Count(low=20, best=20, high=20, text="20", victims="others")]

Pure regex/token grammar over the sentence text (no spaCy): fast enough to run on every sentence.

API:
  casualty_mentions(text, offset=0) -> [CasualtyMention(kind, count, victims, negated, combined,
      evidence, aggregate, group)]; Count.span and evidence are absolute (offset + local position).
  sentence_toll(mentions, kind) -> Count | None: one figure per sentence and kind for an event
      (coordinated figures summed, aggregates ignored, split figures before combined ones).
  parse_quantity(text) -> Count | None: a standalone number phrase ("at least forty", "dozens").

How a figure is tied to a death or injury word (only such figures are tolls):
  A. quantity [adjectives] [person noun] [aux/adverbs] CUE   "At least 40 civilians were killed",
     "two policemen killed", "1 killed, three injured", "leaving 5 people dead", "N bodies were found",
     "3 deaths", "two people lost their lives", "a man was shot dead", "the victim died"
  B. CUE quantity [person noun]                               "killing at least four people",
     "killed 2 soldiers and wounded 3", "assassinated a pastor", "the bodies of two men",
     "claimed the lives of 12 people"
  C. toll phrases                                             "the death toll rose to 112" (cumulative)
  D. "<singular subject> was killed" with no figure           "Ali was shot dead" -> 1
  E. explicit negatives -> 0, negated=True                    "no casualties", "no one was killed",
                                                              "killed nobody", "without injuries"
A transitive cue with an object after it is active voice, so the figure before it is the attacker,
not a victim ("two gunmen killed a policeman" -> 1 killed, not 2).  Numbers that are ages
("a 25-year-old man"), calibres ("82mm"), dates, times, money, percentages, years, resolution or unit
numbers ("Resolution 2254", "the 4th Division") are never read as quantities, and a figure whose
head noun is not a person ("hundreds of air raids", "dozens of rockets") is never a toll.

Count conventions (schema `count`):
  exact "40"                         low=40 best=40 high=40
  "at least / more than / over 40"   low=40 best=40 high=None   (the stated figure, as ACLED codes it)
  "nearly / almost / up to 40"       low=None best=40 high=40
  "about / around / some 40"         low=None best=40 high=None
  ranges "3-5", "between 3 and 5", "three to five", "3 or 4"   low=3 best=3 high=5 (lowest, as ACLED)
Vague words follow ACLED's coding rules and are marked Count.estimate=True, so that a merge stage can
prefer any precise figure: "several", "many", "numerous", "multiple", "a number of" -> 10 (ACLED's
rule for "several/many/plural"); "dozens" -> 12; "hundreds" -> 100; "thousands" -> 1000 (ACLED);
"tens" -> 10, "scores" -> 20, "a dozen" -> 12, "two dozen" -> 24, "a few"/"a handful" -> 3,
"tens/hundreds of thousands" -> 10000/100000 (ours); "an unknown number of" -> 10 (as ACLED's notes
code it).  They are coded low=best=<value>, high=None.  We do give a best value: ACLED itself codes these words
with these numbers; only a toll it cannot read at all ("others were wounded", "the soldiers were
killed") is coded 0 by ACLED, and for those we return no mention (no figure), never a guess.

"casualties" (and "killed or wounded", "killing and injuring ...", "killed/injured") counts killed and
injured together, so it says only that at most N were killed.  ACLED's coders halve such a figure,
rounded down ("Dozens of fatalities and injuries coded as 6"; "7 ... killed and wounded ... reported
as half, rounded down to 3"), except that a vague "a number of / several" keeps its plural value 10.
So these mentions are kind="killed", combined=True, Count(low=None, best=N // 2, high=N,
estimate=True); a merge stage should let any split figure win over them.
A running total has Count.cumulative=True.  Two kinds are told apart by CasualtyMention.aggregate:
  - an updated toll of one event ("the death toll rose to 112", "bringing the toll to 57"):
    cumulative=True, aggregate=False -- usually the best figure for that event;
  - a total over many events or a long period ("... have been killed since 2012", "so far", "to date",
    "in total", "since then", "the war has killed 280000"): cumulative=True, aggregate=True -- never
    an event's figure.

Subsets are not separate tolls: "20 civilians, including seven children, were killed" -> 20;
"six children were among 19 civilians killed" -> 19.  Coordinated figures each get a mention:
"5 soldiers and 1 officer were killed" -> 5 and 1, "killing five women and a child" -> 5 and 1.
Bare plurals after ACLED's phrasing ("incurring fatalities", "inflicting heavy casualties") are the
vague plural value 10.  Count.victims is the kind of victim when stated, normalised to a plural:
civilians, people, children, women, men, soldiers, police, fighters, militants, others, or the stated
plural noun ("students", "journalists", ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitrep.types import Count, Span

__all__ = ["CasualtyMention", "casualty_mentions", "parse_quantity", "sentence_toll"]


@dataclass
class CasualtyMention:
    kind: str  # "killed" | "injured"
    count: Count
    victims: str | None = None
    negated: bool = False
    combined: bool = False  # a "casualties" figure: killed and injured together (see module doc)
    evidence: Span | None = None  # the whole phrase: figure, victims and cue
    aggregate: bool = False  # a total over many events or a long period (see module doc); implies cumulative
    group: int = -1  # mentions with the same group are coordinated parts of one toll (see sentence_toll)


# --------------------------------------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 1,200
    r"|\d+(?:\.\d+)?(?:\s?[-–]\s?\d+(?:\.\d+)?)?(?:[-–]?[A-Za-z]+(?:[-–][A-Za-z]+)*)?"  # 40, 3-4, 82mm, 25-year-old
    r"|[A-Za-z]+(?:['’][A-Za-z]+)*(?:[-–][A-Za-z]+(?:['’][A-Za-z]+)*)*"  # words, twenty-three, pro-Houthi
    r"|\S"
)


@dataclass
class _Tok:
    text: str
    low: str
    start: int
    end: int


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group(), m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _TOKEN.finditer(text)]


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

_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
           "sept", "oct", "nov", "dec"}
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


def _word_number(toks: list[_Tok], i: int) -> tuple[int, int] | None:
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
    if not seen:
        return None
    return total + cur, j


_FRACTIONS = [(("a", "quarter", "of", "a"), 0.25), (("a", "quarter", "of"), 0.25), (("half", "a"), 0.5),
              (("a", "half"), 0.5), (("three", "quarters", "of", "a"), 0.75)]
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")
_DIGIT_RANGE = re.compile(r"^(\d+)\s?[-–]\s?(\d+)$")
_DECIMAL = re.compile(r"^\d+\.\d+$")


def _number(toks: list[_Tok], i: int) -> tuple[int, int, int | None] | None:
    """A plain number at i: (value, end, range_high) or None."""
    n = len(toks)
    if i >= n:
        return None
    t = toks[i].low
    if _DIGITS.match(t):
        v = int(t.replace(",", ""))
        j = i + 1
        if j < n and toks[j].low in ("million", "thousand", "hundred"):
            v *= _SCALES[toks[j].low]
            j += 1
        return v, j, None
    m = _DIGIT_RANGE.match(t)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if a < b:
            return a, i + 1, b
        return None
    if _DECIMAL.match(t) and i + 1 < n and toks[i + 1].low in ("million", "thousand"):
        return int(float(t) * _SCALES[toks[i + 1].low]), i + 2, None
    for words, frac in _FRACTIONS:
        if _starts(toks, i, words) and i + len(words) < n and toks[i + len(words)].low in ("million", "thousand"):
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


def _starts(toks: list[_Tok], i: int, words: tuple[str, ...]) -> bool:
    return i + len(words) <= len(toks) and all(toks[i + k].low == w for k, w in enumerate(words))


_FIRST_INDEX: dict[int, dict[str, list[tuple[str, ...]]]] = {}


def _match_any(toks: list[_Tok], i: int, options: list[tuple[str, ...]]) -> int:
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
        if len(o) > best and _starts(toks, i, o):
            best = len(o)
    return best


@dataclass
class _Q:
    low: int | None
    best: int | None
    high: int | None
    start: int  # token index
    end: int  # token index, exclusive
    estimate: bool = False
    single: bool = False  # "a man", "the victim"
    mods: list[str] = field(default_factory=list)


def _blocked(toks: list[_Tok], i: int, j: int, value: int, had_mod: bool) -> bool:
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


def _quantity(toks: list[_Tok], i: int) -> _Q | None:
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
        return _Q(val, val, None, i, end, estimate=True, mods=mods)
    if j < n and toks[j].low in _VAGUE and not between:
        v = _VAGUE[toks[j].low]
        end = j + 1
        if toks[j].low in ("many", "several", "multiple", "numerous") and had_mod:
            return None  # "as many as" is handled by _MAX; "about many" is not a figure
        if end < n and toks[end].low == "of":
            end += 1
        if toks[j].low in ("hundreds", "thousands", "tens") and end < n and toks[end].low in ("of",):
            end += 1
        return _Q(v, v, None, i, end, estimate=True, mods=mods)
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
        return _Q(lo_v, lo_v, hi, i, e, estimate=estimate, mods=mods)
    if low_mode == "min":
        return _Q(v, v, None, i, e, estimate=estimate, mods=mods)
    if low_mode == "max":
        return _Q(None, v, v, i, e, estimate=estimate, mods=mods)
    if low_mode == "approx":
        return _Q(None, v, None, i, e, estimate=estimate, mods=mods)
    return _Q(v, v, v, i, e, estimate=estimate, mods=mods)


# ------------------------------------------------------------------------------------------- victims

_PERSON_PLURAL = {
    "people": "people", "persons": "people", "individuals": "people", "others": "others",
    "civilians": "civilians", "children": "children", "kids": "children", "boys": "children",
    "girls": "children", "minors": "children", "infants": "children", "babies": "children",
    "toddlers": "children", "schoolchildren": "children", "teenagers": "teenagers", "youths": "youths",
    "women": "women", "men": "men", "soldiers": "soldiers", "troops": "soldiers", "servicemen": "soldiers",
    "conscripts": "soldiers", "marines": "soldiers", "paratroopers": "soldiers", "personnel": "personnel",
    "policemen": "police", "police": "police", "policewomen": "police", "cops": "police",
    "gendarmes": "police", "officers": "officers", "constables": "police",
    "fighters": "fighters", "rebels": "fighters", "combatants": "fighters", "militiamen": "fighters",
    "militia": "fighters", "militias": "fighters", "gunmen": "fighters", "insurgents": "militants",
    "militants": "militants", "jihadists": "militants", "jihadis": "militants", "terrorists": "militants",
    "extremists": "militants", "members": "members", "protesters": "protesters", "protestors": "protesters",
    "demonstrators": "protesters", "students": "students", "farmers": "farmers", "herders": "herders",
    "villagers": "villagers", "residents": "residents", "workers": "workers", "journalists": "journalists",
    "guards": "guards", "suspects": "suspects", "victims": "victims", "passengers": "passengers",
    "worshippers": "worshippers", "pilgrims": "pilgrims", "teachers": "teachers", "doctors": "doctors",
    "nurses": "nurses", "medics": "medics", "patients": "patients", "migrants": "migrants",
    "refugees": "refugees", "traders": "traders", "merchants": "traders", "miners": "miners",
    "fishermen": "fishermen", "hunters": "hunters", "commanders": "commanders", "leaders": "leaders",
    "agents": "agents", "officials": "officials", "inmates": "prisoners", "prisoners": "prisoners",
    "detainees": "prisoners", "attackers": "attackers", "assailants": "attackers", "bandits": "bandits",
    "robbers": "bandits", "kidnappers": "kidnappers", "drivers": "drivers", "shepherds": "shepherds",
    "relatives": "relatives", "brothers": "relatives", "sisters": "relatives", "sons": "relatives",
    "daughters": "relatives", "volunteers": "volunteers", "rescuers": "rescuers", "firefighters": "rescuers",
    "paramedics": "medics", "staff": "staff", "employees": "workers", "labourers": "workers",
    "laborers": "workers", "activists": "activists", "clerics": "clerics", "priests": "clerics",
    "imams": "clerics", "pastors": "clerics", "chiefs": "leaders", "councillors": "officials",
    "councilors": "officials", "politicians": "officials", "candidates": "candidates", "lawyers": "lawyers",
    "judges": "judges", "recruits": "soldiers", "cadets": "soldiers", "guardsmen": "soldiers",
    "pedestrians": "people", "forces": "forces", "elements": "fighters", "mercenaries": "fighters",
    "pilots": "soldiers", "airmen": "soldiers", "sailors": "soldiers", "rangers": "soldiers", "crew": "people",
    "operatives": "militants", "loyalists": "fighters", "defenders": "fighters", "adolescents": "children", "newborns": "children", "bystanders": "people", "motorists": "people", "shopkeepers": "traders",
    "vendors": "traders", "smugglers": "smugglers", "dissidents": "activists", "hostages": "hostages",
    "captives": "hostages", "abductees": "hostages", "teens": "teenagers", "adults": "people",
    "elderly": "people", "settlers": "settlers", "tribesmen": "tribesmen", "gangsters": "gang members",
    "security": None,
}
_PERSON_SINGULAR = {
    "person": "people", "individual": "people", "civilian": "civilians", "child": "children",
    "kid": "children", "boy": "children", "girl": "children", "minor": "children", "infant": "children",
    "baby": "children", "toddler": "children", "schoolboy": "children", "schoolgirl": "children",
    "teenager": "teenagers", "youth": "youths", "woman": "women", "man": "men", "soldier": "soldiers",
    "serviceman": "soldiers", "conscript": "soldiers", "marine": "soldiers", "policeman": "police",
    "policewoman": "police", "cop": "police", "gendarme": "police", "officer": "officers",
    "constable": "police", "fighter": "fighters", "rebel": "fighters", "combatant": "fighters",
    "militiaman": "fighters", "gunman": "fighters", "insurgent": "militants", "militant": "militants",
    "jihadist": "militants", "terrorist": "militants", "member": "members", "protester": "protesters",
    "protestor": "protesters", "demonstrator": "protesters", "student": "students", "farmer": "farmers",
    "herder": "herders", "villager": "villagers", "resident": "residents", "worker": "workers",
    "journalist": "journalists", "reporter": "journalists", "guard": "guards", "suspect": "suspects",
    "victim": "victims", "passenger": "passengers", "worshipper": "worshippers", "pilgrim": "pilgrims",
    "teacher": "teachers", "doctor": "doctors", "nurse": "nurses", "medic": "medics", "patient": "patients",
    "migrant": "migrants", "refugee": "refugees", "trader": "traders", "merchant": "traders",
    "miner": "miners", "fisherman": "fishermen", "hunter": "hunters", "commander": "commanders",
    "leader": "leaders", "agent": "agents", "official": "officials", "inmate": "prisoners",
    "prisoner": "prisoners", "detainee": "prisoners", "attacker": "attackers", "assailant": "attackers",
    "bandit": "bandits", "robber": "bandits", "kidnapper": "kidnappers", "driver": "drivers",
    "shepherd": "shepherds", "relative": "relatives", "brother": "relatives", "sister": "relatives",
    "son": "relatives", "daughter": "relatives", "wife": "relatives", "husband": "relatives",
    "father": "relatives", "mother": "relatives", "cousin": "relatives", "nephew": "relatives",
    "uncle": "relatives", "volunteer": "volunteers", "rescuer": "rescuers", "firefighter": "rescuers",
    "paramedic": "medics", "employee": "workers", "labourer": "workers", "laborer": "workers",
    "activist": "activists", "cleric": "clerics", "priest": "clerics", "imam": "clerics",
    "pastor": "clerics", "chief": "leaders", "councillor": "officials", "councilor": "officials",
    "politician": "officials", "candidate": "candidates", "lawyer": "lawyers", "judge": "judges",
    "recruit": "soldiers", "cadet": "soldiers", "pedestrian": "people", "pilot": "soldiers", "airman": "soldiers", "sailor": "soldiers",
    "ranger": "soldiers", "mercenary": "fighters", "operative": "militants", "adolescent": "children", "newborn": "children", "bystander": "people",
    "motorist": "people", "shopkeeper": "traders", "vendor": "traders", "smuggler": "smugglers",
    "dissident": "activists", "hostage": "hostages", "captive": "hostages", "teen": "teenagers",
    "adult": "people", "settler": "settlers", "tribesman": "tribesmen", "mayor": "officials",
    "governor": "officials", "delegate": "officials", "lieutenant": "officers", "colonel": "officers",
    "general": "officers", "captain": "officers", "sergeant": "soldiers", "major": "officers",
    "commissioner": "officials", "chairman": "officials", "businessman": "people", "engineer": "workers",
    "sheikh": "leaders", "elder": "leaders", "girlfriend": "relatives", "boyfriend": "relatives",
    "neighbour": "people", "neighbor": "people", "owner": "people", "gangster": "gang members",
}
_PRONOUN_SINGLE = {"he": "people", "she": "people", "him": "people", "her": "people"}
# nouns that make a figure not a toll: weapons, strikes, things, time
_OBJECTS = {
    "raids", "airstrikes", "strikes", "air-strikes", "rockets", "shells", "missiles", "mortars", "rounds",
    "bombs", "barrels", "explosions", "attacks", "sorties", "drones", "vehicles", "cars", "houses",
    "homes", "buildings", "villages", "towns", "positions", "tanks", "times", "families", "shots",
    "projectiles", "grenades", "mines", "devices", "ieds", "kilometres", "kilometers", "miles", "meters",
    "metres", "hours", "days", "weeks", "months", "years", "minutes", "dollars", "percent", "trucks",
    "aircraft", "planes", "jets", "helicopters", "weapons", "guns", "rifles", "boats", "schools",
    "hospitals", "mosques", "churches", "shops", "incidents", "cases", "fronts", "checkpoints",
    "bases", "operations", "clashes", "battles", "offensives", "people's", "livestock", "cattle", "cows",
    "goats", "sheep", "camels", "animals", "donkeys", "horses", "dogs", "chickens", "pigs", "head",
}

_KILL_VERBS = {"killed", "kiled", "killled", "killing", "kills", "kill", "murdered", "murdering", "murders", "assassinated",
               "assassinating", "executed", "executing", "beheaded", "beheading", "slaughtered",
               "slaughtering", "massacred", "massacring", "lynched", "lynching", "slain", "slew", "slay",
               "decapitated", "martyred"}
_INJURE_VERBS = {"wounded", "wounding", "wounds", "wound", "injured", "injuring", "injures", "injure",
                 "hurt", "hurting", "maimed", "maiming"}
_KILL_INTRANS = {"dead", "died", "die", "dies", "dying", "perished", "perish", "deaths", "death", "martyrs",
                 "fatalities", "fatality", "bodies", "corpses", "succumbed", "lifeless", "deceased"}
_INJURE_INTRANS = {"injuries", "injury", "wounds"}
_COMBINED_WORDS = {"casualties", "casualty"}
# multiword cues: words -> kind ("killed" | "injured" | "combined")
_MULTI_CUES: list[tuple[tuple[str, ...], str]] = [
    (("shot", "dead"), "killed"), (("shoot", "dead"), "killed"), (("shoots", "dead"), "killed"),
    (("shooting", "dead"), "killed"), (("shot", "and", "killed"), "killed"), (("shot", "and", "died"), "killed"),
    (("found", "dead"), "killed"), (("confirmed", "dead"), "killed"), (("pronounced", "dead"), "killed"),
    (("lost", "their", "lives"), "killed"), (("lost", "his", "life"), "killed"),
    (("lost", "her", "life"), "killed"), (("gunned", "down"), "killed"), (("shot", "to", "death"), "killed"),
    (("stabbed", "to", "death"), "killed"), (("beaten", "to", "death"), "killed"),
    (("hacked", "to", "death"), "killed"), (("burned", "to", "death"), "killed"),
    (("burnt", "to", "death"), "killed"), (("stoned", "to", "death"), "killed"),
    (("tortured", "to", "death"), "killed"), (("crushed", "to", "death"), "killed"),
    (("bludgeoned", "to", "death"), "killed"), (("clubbed", "to", "death"), "killed"),
    (("put", "to", "death"), "killed"), (("shot", "and", "wounded"), "injured"),
    (("shot", "and", "injured"), "injured"),
]
for _a in ("killed", "dead", "killing", "kill"):
    for _c in ("or", "and"):
        for _b in ("wounded", "injured", "wounding", "injuring", "hurt"):
            _MULTI_CUES.append(((_a, _c, _b), "combined"))
for _a in ("killed", "killing"):
    for _b in ("wounded", "injured", "wounding", "injuring"):
        _MULTI_CUES.append(((_a, "/", _b), "combined"))
        _MULTI_CUES.append(((_a, ",", _b, "or", "captured"), "combined"))
        _MULTI_CUES.append(((_a, ",", _b, "or", "arrested"), "combined"))
_MULTI_CUES.sort(key=lambda x: -len(x[0]))
_MULTI_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _words, _kind in _MULTI_CUES:
    _MULTI_BY_FIRST.setdefault(_words[0], []).append((_words, _kind))

# a sentence without any of these stems has no casualty figure: skip it cheaply
_PREFILTER = ("kill", "dead", "die", "death", "body", "bodies", "fatal", "casualt", "wound", "injur", "hurt", "harm",
              "lives", "life", "murder", "assassin", "execut", "behead", "slain", "slaughter", "massacr", "lynch",
              "martyr", "perish", "succumb", "toll", "maim", "corpse", "shot", "shoot", "slew", "slay", "decapitat",
              "lifeless", "deceased", "gunned", "tally", "remains", "to death")

_FOUND = {"found", "discovered", "recovered", "dumped", "located", "retrieved", "left", "abandoned", "pulled",
          "exhumed", "identified"}
_AFTER_DEAD = {"and", "or", "in", "on", "at", "after", "when", "while", "as", "during", "near", "from", "by",
               "including", "among", "with", "but", "since", "following", "so", "yet", "across", "inside",
               "outside", "today", "yesterday", "overnight", "there", "here", "this", "that", "last", "the",
               "a", "an", "according", "said", "says", "reported", "to", "of", "for", "were", "was", "are",
               "is", "have", "has", "had"}
_TO_DEATH_VERBS = {"shot", "stabbed", "beat", "beaten", "hacked", "burned", "burnt", "stoned", "tortured",
                   "bludgeoned", "clubbed", "strangled", "shooting", "stabbing", "beating", "hacking", "burning"}
_INCUR = {"incurring", "incurred", "inflicting", "inflicted", "causing", "caused", "resulting", "resulted",
          "suffering", "suffered", "sustaining", "sustained"}
_OF_CUES = {"body", "remains", "corpse", "murder", "murders", "assassination", "assassinations", "execution",
            "executions", "killings", "beheading", "beheadings", "lives", "massacre", "slaughter"}
_TRANSITIVE = _KILL_VERBS | {"wounded", "wounding", "injured", "injuring", "injures", "injure", "hurt",
                             "hurting", "maimed", "maiming", "wound", "wounds"}
_AUX = {"were", "was", "are", "is", "have", "has", "had", "been", "being", "be", "got", "get", "gets",
        "reportedly", "allegedly", "also", "all", "both", "later", "subsequently", "reported", "feared",
        "believed", "said", "confirmed", "to", "already", "each", "initially", "immediately", "instantly",
        "eventually", "ultimately", "apparently", "now", "since", "then", "who", "that", "which", "among",
        "them", "seriously", "critically", "severely", "slightly", "lightly", "badly", "fatally",
        "mortally", "gravely", "not", "n't", "likely", "presumed", "presumably", "thought",
        "left", "lay", "lie", "lying", "found", "in", "total", "so", "far", "overall", "altogether",
        "mostly", "including", "either", "respectively", "would"}
_CUMULATIVE_WORDS = {"rose", "risen", "rises", "rising", "climbed", "climbs", "climbing", "increased",
                     "increases", "jumped", "bringing", "brought", "brings", "raising", "raised", "mounted",
                     "soared", "reached", "reaches", "total", "since", "overall", "tally", "cumulative"}


def _cue_at(toks: list[_Tok], i: int) -> tuple[str, int] | None:
    """A death/injury cue at token i: (kind, end)."""
    if i >= len(toks):
        return None
    for words, kind in _MULTI_BY_FIRST.get(toks[i].low, ()):
        if _starts(toks, i, words):
            return kind, i + len(words)
    w = toks[i].low
    if w in _OF_CUES and i + 1 < len(toks) and toks[i + 1].low == "of":
        return "killed", i + 1
    if w in ("body", "corpse", "remains") and i > 0 and toks[i - 1].low.endswith("'s"):
        return "killed", i + 1
    if w in ("to",) and i + 1 < len(toks) and toks[i + 1].low == "death" and i > 0 and toks[i - 1].low.endswith("ed"):
        return "killed", i + 2
    if w in _KILL_VERBS or w in _KILL_INTRANS:
        return "killed", i + 1
    if w in _INJURE_VERBS or w in _INJURE_INTRANS:
        return "injured", i + 1
    if w in _COMBINED_WORDS:
        return "combined", i + 1
    return None


def _person(tok: _Tok) -> tuple[str | None, bool] | None:
    """(victim kind, is_plural) if tok is a person noun."""
    w = tok.low
    if w.endswith("'s"):
        w = w[:-2]
    if w in _PERSON_PLURAL:
        return _PERSON_PLURAL[w], True
    if w in _PERSON_SINGULAR:
        return _PERSON_SINGULAR[w], False
    return None


def _is_object_start(toks: list[_Tok], i: int) -> bool:
    """Does an object noun phrase start at i (so the verb before it is active)?"""
    n = len(toks)
    if i >= n:
        return False
    w = toks[i].low
    q = _quantity(toks, i)
    if q is not None:
        # "3 Civilians Killed 38 Injured": a figure followed by its own cue is a new toll, not an object
        k = q.end
        while (k < n and k < q.end + 2 and not _cue_at(toks, k) and toks[k].low not in _AUX
               and toks[k].low.isalpha() and toks[k].low not in ("and", "or", "in", "on", "at", "by")):
            k += 1
        if k < n and _cue_at(toks, k) and toks[k].low not in _TRANSITIVE - {"killed", "injured", "wounded", "hurt"}:
            return False
        return True
    if w in ("a", "an", "the", "his", "her", "their", "him", "them", "its", "one", "two", "dozens",
             "hundreds", "scores", "several", "many", "at", "more", "some", "about", "around", "nearly",
             "up", "over", "another", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "least", "tens", "numerous", "no", "nobody", "those"):
        if w == "at" and not _starts(toks, i, ("at", "least")):
            return False
        return True
    if _person(toks[i]):
        return True
    # a capitalised name, but not a preposition, nor a source followed by its verb ("... killed SANA reported")
    if not toks[i].text[:1].isupper() or w in ("in", "on", "at", "near", "by"):
        return False
    k = i
    while k < n and toks[k].text[:1].isupper():
        k += 1
    return not (k < n and toks[k].low in ("said", "says", "reported", "reports", "told", "added", "claimed"))


# ----------------------------------------------------------------------------------------- matching


def _mk(toks: list[_Tok], text: str, offset: int, q: _Q, kind: str, victims: str | None, ev_start: int,
        ev_end: int, cumulative: bool) -> CasualtyMention:
    s, e = toks[q.start].start, toks[q.end - 1].end
    qtext = text[s:e]
    combined = kind == "combined"
    aggregate = _cumulative_context(toks, min(q.start, ev_start), max(q.end, ev_end))
    cumulative = cumulative or aggregate
    if combined:
        top = q.best if q.high is None else q.high
        # ACLED halves an unsplit killed-and-injured figure (rounded down); its vague "plural" value stays
        best = q.best if q.estimate and q.best == 10 else (q.low if q.low is not None else q.best or 0) // 2
        count = Count(low=None, best=best, high=top, text=qtext,
                      span=Span(offset + s, offset + e, qtext), estimate=True, cumulative=cumulative,
                      victims=victims)
    else:
        count = Count(low=q.low, best=q.best, high=q.high, text=qtext, span=Span(offset + s, offset + e, qtext),
                      estimate=q.estimate, cumulative=cumulative, victims=victims)
    es, ee = toks[ev_start].start, toks[ev_end - 1].end
    return CasualtyMention(kind="killed" if combined else kind, count=count, victims=victims,
                           combined=combined, evidence=Span(offset + es, offset + ee, text[es:ee]),
                           aggregate=aggregate)


def _single(toks: list[_Tok], i: int, any_noun: bool) -> tuple[_Q, str | None, int] | None:
    """'a man', 'an elderly civilian', 'the victim', 'one of the attackers', 'him': one victim."""
    n = len(toks)
    if i >= n:
        return None
    w = toks[i].low
    possessive_her = w == "her" and i + 1 < n and toks[i + 1].text[:1].isalpha() and toks[i + 1].low not in (
        "and", "in", "on", "at", "near", "with", "while", "after", "before", "when", "as")  # "her husband"
    if w in _PRONOUN_SINGLE and not possessive_her:
        return _Q(1, 1, 1, i, i + 1, single=True), "people", i + 1
    if w in ("another", "one") and i + 1 < n and _cue_at(toks, i + 1) and toks[i + 1].low not in _KILL_VERBS:
        return _Q(1, 1, 1, i, i + 1, single=True), None, i + 1
    if w in ("a", "an", "the", "his", "her", "their", "one") or (w == "another" and i + 1 < n and not toks[i + 1].low[:1].isdigit()):
        if w == "one" and i + 1 < n and toks[i + 1].low == "of":
            return None  # "one of the X" is a quantity (1) handled by the caller
        if i + 1 < n and toks[i + 1].low in ("number", "few", "dozen", "handful", "total", "hundred",
                                                 "thousand", "score", "further", "large", "minimum"):
            return None
        for j in range(i + 1, min(n, i + 6)):
            p = _person(toks[j])
            if p and not p[1]:
                if j + 1 < n and _person(toks[j + 1]) and not _person(toks[j + 1])[1]:
                    continue  # "a police officer": take the last noun
                return _Q(1, 1, 1, i, j + 1, single=True), p[0], j + 1
            if p and p[1]:
                if j + 1 < n and _person(toks[j + 1]):
                    continue  # "a militia leader"
                return None
            if _cue_at(toks, j) or toks[j].low in _AUX or toks[j].low in (",", ".", ";", "and", "or", "of", "in", "on", "at", "by", "with"):
                if any_noun and j > i + 1 and w in ("a", "an"):
                    return _Q(1, 1, 1, i, j, single=True), None, j
                return None
        return None
    return None


def _victim_after(toks: list[_Tok], j: int, limit: int = 5) -> tuple[str | None, int, bool]:
    """Look for a person noun within `limit` tokens of j: (kind, end index, is_object)."""
    n = len(toks)
    for k in range(j, min(n, j + limit)):
        w = toks[k].low
        p = _person(toks[k])
        if p:
            # take the last of consecutive person nouns ("police officers")
            while k + 1 < n and _person(toks[k + 1]):
                k += 1
                p = _person(toks[k])
            return p[0], k + 1, False
        if w in _OBJECTS:
            return None, k + 1, True
        if _cue_at(toks, k) or w in _AUX or w in (",", ".", ";", ":", "and", "or", "in", "on", "at",
                                                  "by", "with", "after", "when", "while", "as", "during",
                                                  "near", "from", "(", ")", '"', "including"):
            return None, j, False
    return None, j, False


def _negatives(text: str, offset: int) -> list[CasualtyMention]:
    out: list[CasualtyMention] = []
    low = text.lower()
    for rx, kind_group in _NEG_RX:
        for m in rx.finditer(low):
            word = m.group(kind_group)
            kinds = _neg_kinds(word)
            s, e = m.start(), m.end()
            more = _NEG_MORE.match(low, e)  # "no deaths or injuries", "no one was killed or hurt"
            if more:
                kinds = sorted(set(kinds) | set(_neg_kinds(more.group(1))), key=("killed", "injured").index)
                e = more.end()
            for kind in kinds:
                c = Count(low=0, best=0, high=0, text=text[s:e], span=Span(offset + s, offset + e, text[s:e]))
                out.append(CasualtyMention(kind=kind, count=c, negated=True,
                                           evidence=Span(offset + s, offset + e, text[s:e])))
    return out


def _neg_kinds(word: str) -> list[str]:
    word = word.split()[-1]
    if word.startswith(("kill", "dead", "death", "fatal", "die", "murder", "lives", "life")):
        return ["killed"]
    if word.startswith(("injur", "wound", "hurt", "harm")):
        return ["injured"]
    return ["killed", "injured"]  # casualties, victims


_V = r"(killed|hurt|injured|wounded|harmed|died|dead|killed or (?:injured|wounded|hurt)|injured or killed)"
_NEG_MORE = re.compile(r"\s+(?:or|nor|and)\s+(?:any\s+)?(injuries|injured|wounded|hurt|deaths|dead|killed|fatalities)\b")
_NEG_RX = [
    (re.compile(r"\b(?:no\s+one|no-one|nobody|none(?:\s+of\s+(?:them|the\s+\w+))?|not\s+a\s+single\s+(?:person|one|civilian|soldier))"
                r"\s+(?:\w+\s+){0,2}?(?:was|were|has\s+been|had\s+been|have\s+been|is|got)\s+(?:\w+\s+)?" + _V + r"\b"), 1),
    (re.compile(r"\b(?:no\s+one|nobody|none)\s+(died|was\s+hurt)\b"), 1),
    (re.compile(r"\b(?:no|zero|nil)\s+(?:immediate\s+|other\s+|further\s+|human\s+|civilian\s+|reported\s+|known\s+)?"
                r"(?:reports?\s+of\s+(?:any\s+)?(?:\w+\s+)?)?(casualties|deaths|fatalities|injuries|victims|dead|loss\s+of\s+life|one\s+(?:was\s+)?(?:killed|injured|hurt|wounded))\b"), 1),
    (re.compile(r"\b(killed|killing|kills|injuring|injured|wounded|wounding|hurt|hurting|harming)\s+(?:nobody|no\s+one|none|no-one)\b"), 1),
    (re.compile(r"\bwithout\s+(?:causing\s+|leaving\s+|any\s+|resulting\s+in\s+)*(?:any\s+)?(?:human\s+|civilian\s+)?(casualties|injuries|deaths|fatalities|loss\s+of\s+life)\b"), 1),
    (re.compile(r"\b(?:not|n't|never)\s+(?:\w+\s+){0,3}?any\s+(?:human\s+|civilian\s+)?(casualties|deaths|fatalities|injuries|victims)\b"), 1),
    (re.compile(r"\b(?:no|zero)\s+(?:people|persons|civilians|soldiers|one)\s+(?:were|was|had\s+been|have\s+been)\s+" + _V + r"\b"), 1),
]


def _cumulative_context(toks: list[_Tok], start: int, end: int) -> bool:
    """Does the clause around tokens start..end speak of a total over many events or a long period?"""
    lo = max(0, start - 6)
    hi = min(len(toks), end + 10)
    # stay inside the clause
    for k in range(start - 1, lo - 1, -1):
        if toks[k].low in (";", ":", ".", "!", "?"):
            lo = k + 1
            break
    for k in range(end, hi):
        if toks[k].low in (";", ":", ".", "!", "?"):
            hi = k
            break
    start = max(start, lo)
    window = [t.low for t in toks[lo:hi]]
    if _window_has(window, ("since", "then")) or _window_has(window, ("so", "far")):
        return True
    if any(w in ("since", "so") for w in window[start - lo:]):
        if "since" in window[start - lo:] or _window_has(window, ("so", "far")):
            return True
    if _window_has(window, ("to", "date")) or _window_has(window, ("in", "total")) or "overall" in window:
        return True
    # "the conflict has killed more than 280000 people", "killed in Syria's war" (not "a war monitor said")
    war = any(w in _WAR_WORDS and (k + 1 >= len(window) or window[k + 1] not in _WAR_MODIFIED)
              for k, w in enumerate(window))
    return war and any(w in ("has", "have") for w in window)


_WAR_MODIFIED = {"monitor", "monitoring", "planes", "warplanes", "jets", "crimes", "crime", "zone", "zones",
                 "criminal", "criminals", "correspondent", "reporter", "torn", "ravaged", "weary", "games",
                 "room", "lord", "lords", "front", "footage", "ship", "ships", "cabinet", "council"}


_WAR_WORDS = {"war", "war's", "conflict", "conflict's", "uprising", "revolt", "revolution", "insurgency", "crisis",
              "civil-war"}


def _window_has(window: list[str], words: tuple[str, ...]) -> bool:
    n = len(words)
    return any(tuple(window[k:k + n]) == words for k in range(len(window) - n + 1))


class _Sentence:
    """One sentence being read: its tokens, the mentions found so far and the tokens they used."""

    def __init__(self, text: str, offset: int):
        self.text, self.offset = text, offset
        self.toks = _tokens(text)
        self.n = len(self.toks)
        self.out: list[CasualtyMention] = []
        self.used: set[int] = set()  # token indexes already part of a figure
        self.negs = _negatives(text, offset)
        self.neg_ranges = [(m.count.span.start - offset, m.count.span.end - offset) for m in self.negs if m.count.span]

    def in_neg(self, i: int) -> bool:
        return bool(self.neg_ranges) and any(a <= self.toks[i].start < b for a, b in self.neg_ranges)

    def free(self, a: int, b: int) -> bool:
        return not any(k in self.used for k in range(a, b))

    def read(self) -> list[CasualtyMention]:
        # Order matters: a figure is used once, by the first pass that claims it (letters as in the
        # module docstring; B* are cue-first variants).
        self._tolls()
        self._cue_first()
        self._claimed_lives()
        self._to_death()
        self._single_bodies()
        self._bare_plurals()
        self._figure_first()
        self._was_killed()
        self._finish()
        return self.out

    def _tolls(self) -> None:
        """C. toll phrases"""
        toks, n, text, offset, out, used = self.toks, self.n, self.text, self.offset, self.out, self.used
        free = self.free
        for i, t in enumerate(toks):
            if t.low not in ("toll", "tally") and not (_starts(toks, i, ("number", "of"))):
                continue
            kind = "killed"
            if t.low in ("toll", "tally"):
                prev = toks[i - 1].low if i else ""
                if prev in ("injury", "injuries", "wounded"):
                    kind = "injured"
                elif prev in ("casualty", "casualties"):
                    kind = "combined"
                elif prev not in ("death", "death's", "fatality", "dead"):
                    # "the toll" alone: a death toll in conflict reporting
                    if prev not in ("the", "this", "a", "its", "overall", "final", "official", "total", "new"):
                        continue
                j0 = i + 1
            else:
                k = i + 2
                if k < n and toks[k].low == "the":
                    k += 1
                if k >= n:
                    continue
                w = toks[k].low
                if w in ("dead", "deaths", "fatalities", "victims", "martyrs"):
                    j0 = k + 1
                elif w in ("casualties",):
                    kind, j0 = "combined", k + 1
                elif w in ("injured", "wounded", "injuries"):
                    kind, j0 = "injured", k + 1
                elif w in ("people", "civilians", "those", "persons") and k + 1 < n and toks[k + 1].low in ("killed", "dead", "wounded", "injured"):
                    kind = "injured" if toks[k + 1].low in ("wounded", "injured") else "killed"
                    j0 = k + 2
                else:
                    continue
            cum = any(t.low in _CUMULATIVE_WORDS for t in toks[max(0, i - 4):i])
            for j in range(j0, min(n, j0 + 30)):
                w = toks[j].low
                if w in _CUMULATIVE_WORDS:
                    cum = True
                q = None
                if w in ("at", "more", "over", "nearly", "almost", "about", "around", "some", "up"):
                    q = _quantity(toks, j)  # headline style: "Death toll at least 112"
                    if q is not None and q.low is None and q.best is None:
                        q = None
                if q is None and w in ("to", "at", "of", "reached", "hit", "is", "was", "stands", "stood", "now",
                                       "topped", "exceeded", "passed", "surpassed", ":", "reaching") and j + 1 < n:
                    q = _quantity(toks, j + 1)
                if q is not None:
                    if free(q.start, q.end):
                        vk, vend, obj = _victim_after(toks, q.end)
                        if obj:
                            break
                        cum = cum or w in ("reached", "topped", "exceeded", "passed", "surpassed", "reaching")
                        cum = cum or _cumulative_context(toks, i, q.end)
                        out.append(_mk(toks, text, offset, q, kind, vk, i, max(q.end, vend), cum))
                        used.update(range(q.start, max(q.end, vend)))
                        break
                if w in (".", ";") or (w == "," and j > j0 + 1):
                    break

    def _cue_first(self) -> None:
        """B. cue then quantity: "killing at least four people", "the bodies of two men" """
        toks, n, text, offset, out, used = self.toks, self.n, self.text, self.offset, self.out, self.used
        free, in_neg = self.free, self.in_neg
        for i in range(n):
            w = toks[i].low
            cue = _cue_at(toks, i)
            if not cue or in_neg(i):
                continue
            kind, cend = cue
            is_verb = w in _TRANSITIVE or kind == "combined" or (cend - i > 1 and toks[cend - 1].low in ("dead", "down", "death") and w not in ("found", "confirmed", "pronounced"))
            j = cend
            if not is_verb:
                if w in ("deaths", "death", "bodies", "injuries") and j < n and toks[j].low == "of":
                    j += 1
                elif w in _OF_CUES and j < n and toks[j].low == "of":
                    j += 1
                elif w == "lives" or (cend - i == 1 and w in ("casualties",)):
                    continue
                else:
                    continue
            elif i > 0 and toks[i - 1].low in ("were", "was", "been", "being", "be", "are", "is") and w in _KILL_VERBS | _INJURE_VERBS:
                continue  # passive: the figure, if any, is before
            if w in _OF_CUES | {"killing"} and j < n and toks[j].low == "of":
                j += 1
            if j + 1 < n and toks[j].low == "and" and toks[j + 1].low.endswith("ed") and not _cue_at(toks, j + 1):
                j += 2  # "executed and crucified nine men"
            if j < n and toks[j].low in ("by", "in", "on", "at", "during", "after", "when", "while", "as", "near"):
                if not (_starts(toks, j, ("at", "least")) or _starts(toks, j, ("as", "many", "as"))):
                    continue
            q = _quantity(toks, j)
            if q and free(q.start, q.end):
                vk, vend, obj = _victim_after(toks, q.end)
                if obj or not _is_object_start(toks, j):
                    continue  # an object, or "Killed 38 Injured": the next figure has its own cue
                cum = _cumulative_context(toks, i, q.end)
                out.append(_mk(toks, text, offset, q, kind, vk, i, max(q.end, vend), cum))
                used.update(range(q.start, max(q.end, vend)))
                _coordinated_objects(toks, text, offset, kind, max(q.end, vend), out, used, out[-1])
                continue
            if j < n and toks[j].low == "one" and j + 1 < n and toks[j + 1].low == "of":
                q = _Q(1, 1, 1, j, j + 1)
                vk, vend, _ = _victim_after(toks, j + 2, 6)
                out.append(_mk(toks, text, offset, q, kind, vk, i, max(j + 1, vend), False))
                used.update(range(j, max(j + 1, vend)))
                continue
            s = _single(toks, j, any_noun=w in _KILL_VERBS and is_verb)
            if s and free(s[0].start, s[0].end):
                q, vk, vend = s
                out.append(_mk(toks, text, offset, q, kind, vk, i, vend, False))
                used.update(range(q.start, vend))
                _coordinated_objects(toks, text, offset, kind, vend, out, used, out[-1])

    def _claimed_lives(self) -> None:
        """B1. "claimed 17 lives", "bringing to 45 the number killed" """
        toks, n, text, offset, out, used = self.toks, self.n, self.text, self.offset, self.out, self.used
        free = self.free
        for i in range(n - 2):
            w = toks[i].low
            if w in ("claimed", "claiming", "claim", "claims", "took", "taking", "cost", "costing", "costs"):
                q = _quantity(toks, i + 1)
                if q is None or not free(q.start, q.end):
                    continue
                k = q.end
                if k < n and toks[k].low in ("civilian", "more", "innocent", "human", "other"):
                    k += 1
                if k < n and toks[k].low in ("lives", "life"):
                    out.append(_mk(toks, text, offset, q, "killed", None, i, k + 1, _cumulative_context(toks, i, k)))
                    used.update(range(q.start, k + 1))
            elif w in ("bringing", "brought", "raising", "raised", "brings", "raises") and toks[i + 1].low == "to":
                q = _quantity(toks, i + 2)
                if q is None or not free(q.start, q.end):
                    continue
                k = q.end
                if k < n and toks[k].low == "the":
                    k += 1
                if k < n and toks[k].low in ("number", "toll", "death", "total", "tally"):
                    rest = [t.low for t in toks[k:k + 5]]
                    kind = "injured" if any(x in ("wounded", "injured") for x in rest) else "killed"
                    out.append(_mk(toks, text, offset, q, kind, None, i, min(n, k + 3), True))
                    used.update(range(q.start, k + 1))

    def _to_death(self) -> None:
        """B2. "shot two men to death" """
        toks, n, text, offset, out, used = self.toks, self.n, self.text, self.offset, self.out, self.used
        free, in_neg = self.free, self.in_neg
        for i in range(n - 3):
            if toks[i].low not in _TO_DEATH_VERBS or in_neg(i):
                continue
            q = _quantity(toks, i + 1)
            vk = None
            if q is not None:
                vk, end, obj = _victim_after(toks, q.end)
                if obj:
                    continue
                end = max(end, q.end)
            else:
                s1 = _single(toks, i + 1, any_noun=False)
                if s1 is None:
                    continue
                q, vk, end = s1
            if _starts(toks, end, ("to", "death")) and free(q.start, end):
                out.append(_mk(toks, text, offset, q, "killed", vk, i, end + 2, False))
                used.update(range(q.start, end + 2))

    def _single_bodies(self) -> None:
        """B4. "a dead man was thrown ...", "a body was found": one victim without a cue verb"""
        toks, n, text, offset, out, used = self.toks, self.n, self.text, self.offset, self.out, self.used
        free, in_neg = self.free, self.in_neg
        for i in range(n - 2):
            w = toks[i].low
            if w not in ("a", "an", "one", "another") or in_neg(i) or not free(i, i + 2):
                continue
            j = i + 1
            if toks[j].low == "dead" and _person(toks[j + 1]) and not _person(toks[j + 1])[1]:
                q = _Q(1, 1, 1, i, j + 2, single=True)
                out.append(_mk(toks, text, offset, q, "killed", _person(toks[j + 1])[0], i, j + 2, False))
                used.update(range(i, j + 2))
                continue
            while j < n and j < i + 3 and toks[j].low not in ("body", "corpse") and toks[j].low.isalpha() \
                    and toks[j].low not in _AUX:
                j += 1
            if j + 2 < n and toks[j].low in ("body", "corpse"):
                k = j + 1
                if toks[k].low in ("was", "has", "had", "is"):
                    k += 1
                    if k < n and toks[k].low == "been":
                        k += 1
                    if k < n and toks[k].low in ("later", "also", "reportedly", "then"):
                        k += 1
                    if k < n and toks[k].low in _FOUND and free(i, k + 1):
                        q = _Q(1, 1, 1, i, j + 1, single=True)
                        out.append(_mk(toks, text, offset, q, "killed", None, i, k + 1, False))
                        used.update(range(i, k + 1))

    def _bare_plurals(self) -> None:
        """B3. bare plurals: "incurring fatalities", "inflicting heavy casualties" (ACLED's plural rule: 10)"""
        toks, n, text, offset, out, used = self.toks, self.n, self.text, self.offset, self.out, self.used
        free, in_neg = self.free, self.in_neg
        for i in range(n - 1):
            if toks[i].low not in _INCUR or in_neg(i):
                continue
            j = i + 1
            if toks[i].low in ("resulting", "resulted") and j < n and toks[j].low == "in":
                j += 1
            if j < n and toks[j].low in ("heavy", "several", "many", "multiple", "some", "numerous"):
                j += 1
            if j < n and toks[j].low in ("fatalities", "casualties", "deaths") and free(j, j + 1):
                q = _Q(10, 10, None, j, j + 1, estimate=True)
                kind = "combined" if toks[j].low == "casualties" else "killed"
                out.append(_mk(toks, text, offset, q, kind, None, i, j + 1, False))
                used.add(j)

    def _figure_first(self) -> None:
        """A. quantity ... cue"""
        toks, n, text, offset, out, used = self.toks, self.n, self.text, self.offset, self.out, self.used
        free, in_neg = self.free, self.in_neg
        pending: list[tuple[_Q, str | None, int]] = []  # figures with a person head but no cue yet
        i = 0
        while i < n:
            if i in used or in_neg(i):
                i += 1
                continue
            q = _quantity(toks, i)
            single = False
            vk: str | None = None
            if q is None:
                s = _single(toks, i, any_noun=False)
                if s is None:
                    i += 1
                    continue
                q, vk, after = s
                single = True
            else:
                after = q.end
                if not free(q.start, q.end):
                    i += 1
                    continue
            hit = _link_forward(toks, q, after, vk, single)
            if hit:
                kind, vk2, cend = hit
                cum = _cumulative_context(toks, q.start, cend)
                out.append(_mk(toks, text, offset, q, kind, vk2, q.start, cend, cum))
                used.update(range(q.start, cend))
                lead = out[-1]
                # "5 soldiers and 1 officer were killed": figures coordinated before this one share its cue
                first = q.start
                for pq, pvk, pend in reversed(pending):
                    gap = [t.low for t in toks[pend:first]]
                    if gap not in (["and"], [","], [",", "and"]) or not free(pq.start, pend):
                        break
                    out.append(_mk(toks, text, offset, pq, kind, pvk or vk2, pq.start, pend, cum))
                    out[-1].group = lead.group = id(lead)
                    used.update(range(pq.start, pend))
                    first = pq.start
                pending.clear()
                i = cend
                continue
            head = _head(toks, q, after, vk, single)
            if head is not None:
                pending.append(head)
            i = q.end if not single else i + 1

    def _was_killed(self) -> None:
        """D. "<singular subject> was killed" with no figure"""
        toks, n, text, offset, out, used = self.toks, self.n, self.text, self.offset, self.out, self.used
        in_neg = self.in_neg
        for i in range(n):
            if toks[i].low not in ("was", "been") or in_neg(i):
                continue
            if toks[i].low == "been" and not (i > 0 and toks[i - 1].low in ("has", "had")):
                continue
            j = i + 1
            while j < n and toks[j].low in ("reportedly", "allegedly", "also", "later", "subsequently", "then",
                                             "fatally", "seriously", "critically", "badly", "severely", "slightly",
                                             "mortally", "gravely", "lightly", "apparently", "eventually"):
                j += 1
            cue = _cue_at(toks, j)
            if not cue or j in used or (cue[0] == "killed" and toks[j].low in _KILL_INTRANS - {"dead"}):
                continue
            kind, cend = cue
            if kind == "combined" or toks[j].low in ("dying", "death", "deaths", "injuries", "wounds"):
                continue
            # the subject: the nearest person noun or name before "was", inside the clause
            k = i - 1
            if k >= 0 and toks[k].low in ("has", "had"):
                k -= 1
            if k >= 2 and toks[k].low == "and" and toks[k - 1].low.endswith("ed"):
                # "the pilot was arrested and was subsequently killed": the subject of the first verb
                back = next((m for m in range(k - 2, max(-1, k - 5), -1) if toks[m].low in ("was", "had", "has")), None)
                if back is not None:
                    k = back - 1
            if k < 0 or k in used:
                continue
            if toks[k].low == "who" and not (k >= 1 and toks[k - 1].low == ","):
                continue
            subj = _singular_subject(toks, k)
            if subj is None:
                continue
            k, p = subj
            if k in used:
                continue
            sent_has_fig = any(m.kind == kind and not m.negated for m in out)
            if sent_has_fig:
                continue
            q = _Q(1, 1, 1, k, k + 1, single=True)
            out.append(_mk(toks, text, offset, q, kind, p[0] if p else None, k, cend, False))
            used.update(range(k, cend))

    def _finish(self) -> None:
        """E. negatives last, one per kind and place"""
        out = self.out
        negs = self.negs
        seen: list[tuple[str, int, int]] = []
        for m in negs:
            sp = m.count.span
            assert sp is not None
            if any(k == m.kind and a < sp.end and sp.start < b for k, a, b in seen):
                continue
            seen.append((m.kind, sp.start, sp.end))
            out.append(m)
        out.sort(key=lambda m: m.count.span.start if m.count.span else 0)
        # number the groups in text order: coordinated figures share one
        ids: dict[int, int] = {}
        for m in out:
            key = m.group if m.group != -1 else id(m)
            m.group = ids.setdefault(key, len(ids))


def casualty_mentions(text: str, offset: int = 0) -> list[CasualtyMention]:
    """Killed/injured figures stated in one sentence.  Spans are absolute: offset + local position."""
    low = text.lower()
    if not any(stem in low for stem in _PREFILTER):
        return []
    return _Sentence(text, offset).read()


def sentence_toll(mentions: list[CasualtyMention], kind: str = "killed") -> Count | None:
    """One sentence's figure of a kind, for an event: coordinated figures summed ("5 soldiers and 1
    officer" -> 6), aggregates over many events ignored, a split figure preferred to a combined
    "casualties" one, the first such toll of the sentence otherwise; an explicit zero ("no one was
    killed") when that is all the sentence says; None when it says nothing."""
    own = [m for m in mentions if m.kind == kind and not m.aggregate]
    positive = [m for m in own if not m.negated]
    if not positive:
        zero = next((m for m in own if m.negated), None)
        return zero.count if zero else None
    split = [m for m in positive if not m.combined] or positive
    first = split[0].group
    part = [m for m in split if m.group == first]
    if len(part) == 1:
        return part[0].count

    def total(vals: list[int | None]) -> int | None:
        return None if any(v is None for v in vals) else sum(v for v in vals if v is not None)

    spans = [m.count.span for m in part if m.count.span]
    span = Span(spans[0].start, spans[-1].end, "") if spans else None
    texts = [m.count.text or "" for m in part]
    victims = {m.victims for m in part}
    return Count(low=total([m.count.low for m in part]), best=total([m.count.best for m in part]),
                 high=total([m.count.high for m in part]), text=" + ".join(texts), span=span,
                 estimate=any(m.count.estimate for m in part), cumulative=any(m.count.cumulative for m in part),
                 victims=victims.pop() if len(victims) == 1 else None)


_AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "man", "woman")
_SUBJ_STOP = {",", ";", ":", '"', "“", "”", "and", "but", "that", "which", "while", "when", "after", "before",
              "said", "says", "where", "whether", "if", "(", ")", "."}
_NOT_NAME = {"the", "a", "an", "this", "that", "it", "in", "on", "at", "but", "and", "however", "meanwhile",
             "later", "earlier", "moreover", "also", "there", "then", "today", "yesterday", "his", "her", "their",
             "its", "one", "some", "another", "no", "none", "nobody", "anyone", "someone", "everyone"}


def _singular_subject(toks: list[_Tok], k: int) -> tuple[int, tuple[str | None, bool] | None] | None:
    """Walk back from token k over the subject of "was killed": (index, person info) when the subject
    is one person (a person noun, a name, he/she, "the 25-year-old", ", who"), else None."""
    for m in range(k, max(-1, k - 9), -1):
        t = toks[m]
        w = t.low
        if w in ("he", "she", "other", "another") or (w == "who" and m == k) or "year-old" in w:
            return m, _person(t)
        if w in ("they", "we", "them", "you", "i", "it", "there", "this", "what", "which", "toll", "number",
                 "figure", "none", "nobody", "anyone", "anybody", "someone", "somebody", "everyone",
                 "everybody", "no-one"):
            return None
        p = _person(t)
        if p:
            return None if p[1] else (m, p)
        if m == k and w.isalpha() and w.endswith(_AGENT_SUFFIXES) and not w.endswith("ment"):
            return m, None  # an agent noun: "a drug trafficker was killed"
        if w in _SUBJ_STOP:
            return None
        if t.text[:1].isupper() and w not in _NOT_NAME:
            return m, None
    return None


def _coordinated_objects(toks: list[_Tok], text: str, offset: int, kind: str, k: int,
                         out: list[CasualtyMention], used: set[int], lead: CasualtyMention) -> None:
    """'killing five women and a child': further objects of the same verb, each its own figure."""
    n = len(toks)
    while k + 1 < n and toks[k].low in ("and", ","):
        j = k + 1
        if toks[j].low == "and" and toks[k].low == ",":
            j += 1
        q = _quantity(toks, j)
        if q is not None and not q.mods:
            vk, vend, obj = _victim_after(toks, q.end)
            if obj or vk is None:
                return
            end = max(q.end, vend)
        else:
            s1 = _single(toks, j, any_noun=False)
            if s1 is None:
                return
            q, vk, end = s1
        if any(x in used for x in range(q.start, end)):
            return
        if end < n and (toks[end].low in _AUX or _cue_at(toks, end)):
            return  # "... and 2 were wounded": a new clause with its own verb
        out.append(_mk(toks, text, offset, q, kind, vk, q.start, end, False))
        out[-1].group = lead.group = id(lead)
        used.update(range(q.start, end))
        k = end


def _head(toks: list[_Tok], q: _Q, after: int, vk: str | None, single: bool) -> tuple[_Q, str | None, int] | None:
    """(quantity, victims, end of its noun phrase) when a figure is followed by a person noun."""
    if single:
        return q, vk, after
    n = len(toks)
    for k in range(after, min(n, after + 5)):
        p = _person(toks[k])
        if p:
            while k + 1 < n and _person(toks[k + 1]):
                k += 1
                p = _person(toks[k])
            return q, p[0], k + 1
        if toks[k].low in _OBJECTS or _cue_at(toks, k) or (toks[k].low in _AUX and not _acronym(toks[k])):
            return None
        if (toks[k].low in ("and", ",") and k + 1 < n and k - after <= 2 and _quantity(toks, k + 1) is not None
                and all(t.text.isalpha() for t in toks[after:k])):
            return q, None, k  # "30 regime and 39 rebel fighters": the head comes with the next figure
    return None


def _acronym(tok: _Tok) -> bool:
    return len(tok.text) > 1 and tok.text.isupper() and tok.text.isalpha()


def _link_forward(toks: list[_Tok], q: _Q, after: int, vk: str | None, single: bool
                  ) -> tuple[str, str | None, int] | None:
    """From the end of a quantity, walk to a cue: (kind, victims, end of cue) or None."""
    n = len(toks)
    j = after
    has_head = single
    if not single:
        # "of them", "of whom", "of the victims"
        if j < n and toks[j].low == "of" and j + 1 < n and toks[j + 1].low in ("them", "whom", "those", "the", "these"):
            j += 2
            if toks[j - 1].low in ("the", "these") and j < n:
                p = _person(toks[j])
                if p:
                    vk, has_head = p[0], True
                    j += 1
                elif toks[j].low not in ("dead", "wounded", "injured", "killed"):
                    return None
            else:
                has_head = True
        else:
            for k in range(j, min(n, j + 6)):
                p = _person(toks[k])
                if p:
                    while True:
                        while k + 1 < n and _person(toks[k + 1]):
                            k += 1
                            p = _person(toks[k])
                        # "rebel and regime fighters": a coordinated modifier before the real head
                        nxt = next((m for m in range(k + 2, min(n, k + 5)) if _person(toks[m])), None)
                        if (nxt is not None and k + 1 < n and toks[k + 1].low in ("and", "or")
                                and all(toks[m].low.isalpha() and not _cue_at(toks, m) and toks[m].low not in _AUX
                                        and _quantity(toks, m) is None and _single(toks, m, False) is None
                                        for m in range(k + 2, nxt))):
                            k = nxt
                            p = _person(toks[k])
                            continue
                        break
                    vk, has_head, j = p[0], True, k + 1
                    break
                w = toks[k].low
                if (_acronym(toks[k]) and w not in ("and", "or")) or toks[k].text == "/":
                    continue
                if w == "and" and k > j and k + 1 < n and not _quantity(toks, k + 1) and toks[k + 1].low.isalpha():
                    continue  # "70 regime and rebel fighters"
                if re.match(r"^\d", w) or _quantity(toks, k) is not None:
                    break  # another figure
                if (w.endswith("s") and w.isalpha() and w not in _OBJECTS and len(w) > 3
                        and not _cue_at(toks, k) and w not in _AUX and k + 1 < n
                        and (toks[k + 1].low in _AUX or _cue_at(toks, k + 1))):
                    vk, has_head, j = w, True, k + 1  # an unlisted plural noun: "two pilots were killed"
                    break
                if w in _OBJECTS or _cue_at(toks, k) or w in _AUX or not re.match(r"^[\w'-]+$", toks[k].text) or w in ("and", "or", "of", "from", "to", "in", "on", "at", "by", "for", "with"):
                    break
                if w in ("bodies", "corpses"):
                    break
            if has_head and j < n and toks[j].low == "of" and not _cue_at(toks, j + 1):
                # "members of the same family", "fighters of the Free Syrian Army"
                for k in range(j + 1, min(n, j + 6)):
                    if _cue_at(toks, k) or toks[k].low in _AUX or toks[k].low in (",", ".", ";"):
                        j = k
                        break
    # between head and cue: auxiliaries, adverbs, lists of further person nouns
    passive = False
    steps = 0
    while j < n and steps < 8:
        cue = _cue_at(toks, j)
        if cue:
            kind, cend = cue
            w = toks[j].low
            if w in ("bodies", "corpses", "body") and not has_head and not single:
                return kind, "people", cend  # "two bodies were found"
            if w == "death" or (w == "body" and not toks[j - 1].low.endswith("'s")):
                return None
            if (w == "dead" and not has_head and not single and j == after and cend < n
                    and toks[cend].text.isalpha() and toks[cend].text.islower() and toks[cend].low not in _AFTER_DEAD
                    and not toks[cend].low.endswith("ly") and _quantity(toks, cend) is None):
                # "dead" before a noun is an adjective: "150 dead fish" is no toll, "five dead soldiers" is
                p = _person(toks[cend])
                if not p:
                    return None
                return kind, p[0], cend + 1
            if ((w in _TRANSITIVE or toks[cend - 1].low in _TRANSITIVE) and not passive and (has_head or single)
                    and _is_object_start(toks, cend)):
                return None  # active voice: the figure is the attacker
            if w in ("killing", "wounding", "injuring", "kill", "kills", "wound", "injure", "injures", "hurting"):
                return None
            if single and w in ("deaths", "fatalities", "injuries", "casualties", "casualty", "death", "fatality",
                                "injury"):
                return None
            if not has_head and w in ("deaths", "fatalities", "injuries", "casualties", "casualty") and steps > 0:
                return None
            return kind, vk, cend
        w = toks[j].low
        if w == "among" and j + 1 < n and toks[j + 1].low not in ("them", "whom", "those", "the"):
            return None  # "six children were among 19 civilians killed": the total follows
        if has_head and (w in ("including", "among", "includ", "mostly", "mainly", "most", "many", "some")
                         or (w in ("-", "–", "—", "(") and j + 1 < n and toks[j + 1].low in ("including", "among"))):
            # "15 civilians, among them 11 children, were killed": skip the subset
            k = j + 1
            while k < n and k < j + 10 and not _cue_at(toks, k) and toks[k].low not in (
                    "were", "was", "have", "has", "had", "are", "-", "–", "—", ")", ",", "."):
                k += 1
            if k < n and toks[k].low in ("-", "–", "—", ")", ","):
                k += 1
            if k < n and k > j + 1:
                j = k
                steps += 1
                continue
            return None
        if single and steps == 0 and w not in _AUX:
            return None
        if w in ("was", "were", "been", "being", "be", "got"):
            passive = True
        if w in _AUX or w == ",":
            pass
        elif w in ("and", "or") and has_head and j + 1 < n and (_person(toks[j + 1]) or "-" in toks[j + 1].low):
            pass
        elif has_head and (_person(toks[j]) or ("-" in w and w[:1].isalpha())):
            pass
        elif w in ("civilian", "confirmed", "reported", "more", "further", "additional", "new", "other") and not single:
            pass
        elif (not single and w.isalpha() and w.islower() and j + 1 < n
              and toks[j + 1].low in ("deaths", "fatalities", "casualties", "injuries")):
            pass  # "6 military fatalities"
        elif w.endswith("ed") and j + 1 < n and toks[j + 1].low == "and" and (
                _cue_at(toks, j + 2) or (j + 3 < n and toks[j + 2].low in _AUX and _cue_at(toks, j + 3))):
            j += 2  # "were kidnapped and killed", "was stabbed and later died"
            steps += 2
            continue
        else:
            return None
        if w == "," and steps == 0 and not has_head:
            return None
        j += 1
        steps += 1
    return None


def parse_quantity(text: str) -> Count | None:
    """Read a standalone number phrase: 'at least forty', 'dozens', 'between 3 and 5', '1,200'."""
    toks = _tokens(text)
    if not toks:
        return None
    q = _quantity(toks, 0)
    if q is None:
        s = _single(toks, 0, any_noun=False)
        if s is None:
            return None
        q = s[0]
    rest = toks[q.end:]
    victims = None
    for t in rest:
        p = _person(t)
        if p:
            victims = p[0]
    if any(t.low in _OBJECTS for t in rest):
        return None
    s, e = toks[q.start].start, toks[q.end - 1].end
    return Count(low=q.low, best=q.best, high=q.high, text=text[s:e], span=Span(s, e, text[s:e]),
                 estimate=q.estimate, victims=victims)
