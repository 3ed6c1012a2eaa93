"""Find place mentions in a parsed text: spaCy's entities plus a gazetteer scan.

The small English model misses many places (it tags "Douma" PERSON and "Ghouta" ORG, and "EU"
ORG), so we also scan runs of capitalised tokens against the gazetteer and accept a match when the
name is significant (a country, admin1 region, curated region or a town of >= 20,000 people) or
when the context says "place" ("in X", "near X", "X, <region>").  Person names that are also towns
("Nelson Mandela") stay out because a match may not cut a PERSON entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.geo.names import fold
from sitrep.geo.store import Entry, Gazetteer

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Tokens allowed inside a multi-word name ("Deir ez-Zor", "Bosnia and Herzegovina", "Rio de Janeiro").
CONNECTORS = {"of", "de", "del", "da", "do", "dos", "du", "des", "la", "le", "al", "el", "ez", "ed", "es",
              "as", "ad", "an", "ar", "at", "az", "ash", "ath", "-", "'", "’", "and", "&", "y", "i", "e", "on",
              "upon", "am", "im", "der", "bin", "bani", "abu", "umm", "ibn", "ul", "ur"}
DIRECTIONS = {"eastern", "western", "northern", "southern", "central", "east", "west", "north", "south",
              "northeastern", "northwestern", "southeastern", "southwestern", "upper", "lower"}
LOCATIVE = {"in", "near", "at", "outside", "around", "across", "toward", "towards", "into", "inside",
            "within", "throughout", "from", "to", "via", "between", "outskirts", "of", "and", "through"}
STRONG_POPULATION = 20_000
# Capitalised words that are also places but, mid-sentence in English news, almost never mean one.
COMMON = {"police", "justice", "president", "union", "government", "army", "state", "city", "mobile",
          "reading", "bath", "nice", "split", "orange", "march", "may", "june", "july", "april", "sunday",
          "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "january", "february",
          "august", "september", "october", "november", "december", "mass", "dr", "mr", "mrs", "ms",
          "christmas", "easter", "god", "lord", "prime", "minister", "man", "ok", "us", "deal", "best",
          "university", "college", "hospital", "church", "centre", "center", "university of", "parliament",
          "republic", "kingdom", "congress", "senate", "white", "black", "red", "green", "blue", "gold",
          "cobalt", "victoria", "victory", "hope", "unity", "liberty", "independence", "concord",
          "friendship", "opportunity", "marathon", "paradise", "eden", "providence", "fortuna", "media",
          "commerce", "industry", "energy", "progress", "enterprise", "goodwill", "mercy", "grace"}
_CAPITAL = re.compile(r"\b([A-Z][a-z]+)\s+capital\b")


@dataclass
class Mention:
    start: int
    end: int
    text: str
    kind: str = "place"  # "place", "demonym", "capital"
    label: str = "GAZ"  # spaCy label, or GAZ for a gazetteer match
    demonym_of: Entry | None = None
    preceding: str = ""  # lower-cased word before, for qualifiers ("outskirts of", "near")
    following: str = ""  # lower-cased word after ("province", "city")


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim "the " and possessive "'s" and stray punctuation from an entity span."""
    s = text[start:end]
    if s.lower().startswith("the "):
        start += 4
    for suf in ("'s", "’s", "'", "’"):
        if text[start:end].endswith(suf):
            end -= len(suf)
            break
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in ".)":
        end -= 1
    while start < end and not text[start].isalnum():
        start += 1
    return start, end


def _strong(entries: list[Entry]) -> bool:
    return any(e.feature in ("A.PCLI", "A.ADM1", "L.CONT") or e.feature[:2] in ("L.", "H.")
               or e.population >= STRONG_POPULATION for e in entries)


def _big(entries: list[Entry]) -> bool:
    return any(e.feature in ("A.PCLI", "A.ADM1", "L.CONT") or e.feature[:2] in ("L.", "H.")
               or e.population >= 100_000 for e in entries)


def _is_cap(tok) -> bool:
    t = tok.text
    return t[:1].isupper() and (any(c.isalpha() for c in t))


def find_mentions(doc, gaz: Gazetteer) -> list[Mention]:
    text = doc.text
    n = len(doc)
    ent_of = [None] * n
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            ent_of[i] = ent
    has_tags = doc.has_annotation("TAG")
    found: list[Mention] = []
    taken = [False] * len(text)

    def free(s: int, e: int) -> bool:
        return not any(taken[s:e])

    def take(m: Mention) -> None:
        for k in range(m.start, m.end):
            taken[k] = True
        found.append(m)

    def prev_word(i: int) -> str:
        j = i - 1
        while j >= 0 and doc[j].is_punct and doc[j].text not in (",",):
            j -= 1
        return doc[j].lower_ if j >= 0 else ""

    # 1. "the Syrian capital" -> the capital of the country named by the adjective
    for m in _CAPITAL.finditer(text):
        dem = gaz.demonym(m.group(1))
        if dem is not None and dem.feature == "A.PCLI":
            take(Mention(m.start(1), m.end(), m.group(0), "capital", "GAZ", dem))

    # 2. gazetteer scan, longest match first; runs of capitalised tokens and connectors
    gaz_hits: list[tuple[int, int, list[Entry]]] = []
    i = 0
    while i < n:
        tok = doc[i]
        starts_dir = tok.lower_ in DIRECTIONS and i + 1 < n and _is_cap(doc[i + 1])
        if not (_is_cap(tok) or starts_dir) or tok.is_punct:
            i += 1
            continue
        j = i + 1
        while j < n and j - i < 7 and (_is_cap(doc[j]) or doc[j].lower_ in CONNECTORS) \
                and not doc[j].is_space and doc[j].text not in (",", "."):
            j += 1
        hit = None
        for k in range(j, i, -1):
            span = doc[i:k]
            if not _is_cap(doc[k - 1]) or span.text.lower() in COMMON:
                continue
            key = fold(span.text)
            if not key or not gaz.has(key):
                continue
            if len(key.replace(" ", "")) <= 3 and not span.text.replace(".", "").isupper():
                continue  # "US"/"UK"/"EU" only in capitals
            hit = (i, k)
            break
        if hit is None:
            i += 1
            continue
        a, b = hit
        entries = [e for e, _ in gaz.candidates(doc[a:b].text, variants=False)]
        gaz_hits.append((a, b, entries))
        i = b

    for a, b, entries in gaz_hits:
        span = doc[a:b]
        ents = {ent_of[k] for k in range(a, b)}
        ent = next(iter(ents)) if len(ents) == 1 else None
        label = ent.label_ if ent is not None else None
        before = prev_word(a)
        after_text = text[span.end_char:span.end_char + 3]
        strong = _strong(entries)
        if label in PLACE_LABELS and ent is not None and (ent.start, ent.end) != (a, b):
            # a longer name than spaCy's ("eastern Ghouta" for "Ghouta") wins; a shorter one loses
            if not (a <= ent.start and b >= ent.end):
                continue
        elif label == "PERSON" or (ent is None and len(ents) > 1 and any(
                e is not None and e.label_ == "PERSON" for e in ents)):
            if ent is None or (ent.start, ent.end) != (a, b):
                continue
            if not (_big(entries) or before in LOCATIVE):
                continue
        elif label in ("ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "FAC", "LAW"):
            if not _big(entries):
                continue
        elif label in ("DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY"):
            continue
        elif label is None:
            if has_tags and not any(t.pos_ == "PROPN" for t in span) and not strong:
                continue
            if not (strong or before in LOCATIVE or after_text.startswith(",")):
                continue
        s, e = _strip(text, span.start_char, span.end_char)
        if s < e and free(s, e):
            take(Mention(s, e, text[s:e], "place", label or "GAZ", None, before,
                         doc[b].lower_ if b < n else ""))

    # 3. spaCy's place entities not already covered
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        s, e = _strip(text, ent.start_char, ent.end_char)
        if s >= e or not free(s, e):
            continue
        if not any(c.isupper() for c in text[s:e]):
            continue
        take(Mention(s, e, text[s:e], "place", ent.label_, None, prev_word(ent.start),
                     doc[ent.end].lower_ if ent.end < n else ""))

    # 4. demonyms and country adjectives ("Syrian", "Germans"), in or out of NORP entities
    for tok in doc:
        if not tok.text[:1].isupper():
            continue
        dem = gaz.demonym(tok.text)
        if dem is None:
            continue
        s, e = tok.idx, tok.idx + len(tok.text)
        # two-word adjectives: "South Sudanese", "North Korean"
        if tok.i > 0 and doc[tok.i - 1].text[:1].isupper():
            two = gaz.demonym(doc[tok.i - 1].text + " " + tok.text)
            if two is not None:
                dem, s = two, doc[tok.i - 1].idx
        if free(s, e):
            take(Mention(s, e, text[s:e], "demonym", "NORP", dem))

    found.sort(key=lambda m: m.start)
    return found
