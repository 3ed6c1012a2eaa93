"""Find place mentions in a parsed text: spaCy's entities plus a gazetteer scan.

The small English model misses many places (it tags "Douma" PERSON and "Ghouta" ORG, and "EU"
ORG), so we also scan runs of capitalised tokens against the gazetteer and accept a match when the
name is significant (a country, admin1 region, curated region or a town of >= 20,000 people) or
when the context says "place" ("in X", "near X", "X, <region>").  Person names that are also towns
("Nelson Mandela") stay out because a match may not cut a PERSON entity.

`find_mentions` runs a sequence of small recognizers (`RECOGNIZERS`), each `(parse, gazetteer,
taken) -> mentions`, in order: capitals, demonyms, gazetteer names, spaCy's places, names placed by
the region after them, names after "in/at/near", names of sites' towns.  Each claims only text the
ones before it left free; then names are read whole across hyphens and articles.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, IS_STOP, LENGTH, LOWER, SPACY

from sitrep.geo.distance import haversine_km
from sitrep.geo.gazetteer import Entry, Gazetteer
from sitrep.geo.names import ADMIN_WORDS, fold, is_facility, skeleton, strip_admin_words
from sitrep.vocab.en import ARABIC_ARTICLES, MONTH_NAMES, WEEKDAY_NAMES

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Tokens allowed inside a multi-word name ("Deir ez-Zor", "Bosnia and Herzegovina", "Rio de Janeiro").
CONNECTORS = {"of", "de", "del", "da", "do", "dos", "das", "los", "las", "wa", "va", "du", "des", "di", "della", "delle", "van", "von", "den", "la", "le", "al", "el", "ez", "ed", "es",
              "as", "ad", "an", "ar", "at", "az", "ash", "ath", "-", "'", "’", "and", "&", "y", "i", "e", "on",
              "upon", "am", "im", "der", "'s", "’s", "bin", "bani", "abu", "umm", "ibn", "ul", "ur"}
DIRECTIONS = {"eastern", "western", "northern", "southern", "central", "east", "west", "north", "south",
              "northeastern", "northwestern", "southeastern", "southwestern", "upper", "lower"}
STRONG_LOCATIVE = {"in", "near", "at", "outside", "around", "across", "toward", "towards", "into", "inside",
                   "within", "throughout", "outskirts", "rural"}  # "in rural Ras al Ain"
LOCATIVE = {"in", "near", "at", "outside", "around", "across", "toward", "towards", "into", "inside",
            "within", "throughout", "from", "to", "via", "between", "outskirts", "of", "and", "through"}
_PAIR_LINK = re.compile(r"\s*(?:,|\()?\s*", re.I)
_PLACEY_BEFORE = STRONG_LOCATIVE | {"of", "village", "town"}
_ARTICLE_AFTER = STRONG_LOCATIVE | {"of"}
# Words that open Arabic, Kurdish and Turkic place names: "Bir Hasan" is no "Hasan"
NAME_PREFIXES = {"Bir", "Ain", "Ayn", "Tal", "Tell", "Tall", "Kafr", "Kfar", "Deir", "Dayr", "Beit", "Bayt",
                 "Khirbet", "Khirbat", "Wadi", "Jabal", "Jebel", "Ras", "Umm", "Bab", "Qasr", "Jisr", "Maarat",
                 "Mazraat", "Hayy", "Hay", "Sheikh", "Shaykh", "Tel", "Marj", "Nahr", "Qalat", "Qalaat"}
# Words inside one name ("Dand Wa Patan", "San Pablo de Huitzo"), unlike "and" between two names
NAME_INNER = {"wa", "de", "da", "do", "dos", "das", "del", "di", "della", "van", "von", "den", "der", "los", "las"}
MEMBERSHIP = {"member", "members", "supporters", "leader", "leaders", "head", "activists", "spokesman",
              "spokesperson", "chairman", "founder", "party", "militants", "fighters"}
ARTICLES = ARABIC_ARTICLES
# an Arabic article written before a name: "al-Shamsani", "as Samwah"
ARTICLE_PREFIX = r"(?:al|el|as|ash|ad|ar|at|az|an)[-\s]"
STRONG_POPULATION = 20_000
CITY_POPULATION = 100_000  # "Lima-La Victoria": a part of a city; only cities are named so
# Kind words after a district's name in "Town (District LGA, Province)"
SLOT_KINDS = {"lga", "district", "tehsil", "taluka", "upazila", "township", "county", "municipality",
              "subdivision", "sub-district", "subdistrict", "department", "province", "region", "state"}
KIND_OF = {"town", "city", "village", "district", "province", "region", "governorate", "suburb", "suburbs",
           "outskirts", "neighbourhood", "neighborhood", "area", "countryside", "municipality", "camp"}
# Capitalised words that are also places but, mid-sentence in English news, almost never mean one.
COMMON = {"police", "justice", "president", "union", "government", "army", "state", "city", "mobile",
          "reading", "bath", "nice", "split", "orange", *MONTH_NAMES, *WEEKDAY_NAMES, "mass", "dr", "mr", "mrs", "ms",
          "christmas", "easter", "god", "lord", "prime", "minister", "man", "ok", "deal", "best", "defence", "defense", "interior", "health", "foreign", "finance",
          "university", "college", "hospital", "church", "centre", "center", "university of", "parliament",
          "republic", "kingdom", "congress", "senate", "white", "black", "red", "green", "blue", "gold",
          "cobalt", "english", "victoria", "victory", "hope", "unity", "liberty", "independence", "concord",
          "friendship", "opportunity", "marathon", "paradise", "eden", "providence", "fortuna", "media",
          "commerce", "industry", "energy", "progress", "enterprise", "goodwill", "mercy", "grace",
          "grad", "forest"}  # "Grad missiles", "Alagarno Forest"
# Words that make up admin names ("Central", "North West", "Federal") but alone are not a name.
GENERIC = DIRECTIONS | {"national", "federal", "capital", "free", "centre", "center", "coast", "coastal",
                        "islands", "island", "lakes", "highlands", "mountain", "valley", "first", "second",
                        "third", "new", "great", "greater", "north west", "north east", "south west",
                        "south east", "far north", "far west", "littoral", "plateau", "plains", "interior",
                        "metropolitan", "special", "autonomous", "i", "ii", "iii", "iv", "v", "vi", "vii",
                        "viii", "ix", "x", "xi", "xii", "market", "mission", "union", "zone", "hills", "town",
                        "village", "township", "hamlet"} | ADMIN_WORDS
SPEECH = {"said", "says", "told", "added", "wrote", "explained", "noted", "argued", "stated", "asked",
          "tweeted", "announced", "insisted", "replied", "spoke", "believes", "thinks", "was", "is", "has"}
_BEFORE_PARENT = re.compile(
    r"\b(?:in|near|at|outside|of|around|shelled|attacked|targeted|bombed|stormed|raided|struck|besieged|"
    r"captured|seized|entered)\s+(?:the\s+)?"
    rf"((?:{ARTICLE_PREFIX})?[A-Z][\w'’.-]*(?:\s(?:(?:de|do|da|dos|das|del|al|el|la|le|ez|ed|es|ad|ar|az|ash|wa|imeni)\s)?"
    r"[A-Z][\w'’-]*){0,3}(?:\s\d+(?:/\d+)?)?)"  # "Shakhta imeni Gagarina", "Mine 6/7"
    r"(?:\s+(village|town|city|area|district|municipality|locality|camp|neighbourhood|neighborhood|"
    r"subdivision|sub-district|subdistrict|tehsil|county|LGA|sector(?:\s+area)?|air\s?base|military\s+base))?"
    r"(?:\s+and\s+its\s+(?:outskirts|surroundings|vicinity|environs))?"
    r"(?:\s*[,(]\s*|\s+in\s+(?:the\s+)?(?:(?:north|south|east|west)[a-z]*\s+)?"
    r"(?:(?:countryside|outskirts|suburbs)\s+of\s+|rural\s+)?(?:(?:[Aa][lrsdtzn]|[Ee]l)[-\s])?)$")  # searched up to the known place
_CAP_BEFORE_OF = re.compile(r"\b[A-Z][\w'’.-]*\s+$")
_NAME = r"[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2}"
_LOCATIVE_NAME = re.compile(r"\b(?:in|at|near|(?:region|area|town|village|city)\s+of)\s+((?:(?:al|el)[-\s])?[A-Z][a-z][\w'’-]*(?:\s[A-Z][a-z][\w'’-]*){0,2})\b")
_FACILITY_NAME = re.compile(r"\b(?:hospital|university|school|square|street|road|mosque|church|ministry|office|"
                            r"court|prison|camp|base|airport|station|bridge|market|hall|center|centre|house)\b", re.I)
# a list of names after "villages of" that ends in a known place: "villages of A, B and <C>"
_LISTED_BEFORE = re.compile(
    r"\b(?:villages|towns|localities|communities|hamlets|settlements)\s+(?:of\s+)?"
    rf"((?:{_NAME},\s+)*{_NAME}),?\s+(?:and|or)\s+$")
# "Zorvadaka (Oshimili North LGA, Delta)": a name before the bracket that holds its district
_BEFORE_BRACKET = re.compile(
    r"\b([A-Z][\w'’.-]*(?:\s(?:(?:de|do|da|dos|das|del|al|el|la|le|ez|ed|es|ad|ar|az|ash)\s)?"
    r"[A-Z][\w'’-]*){0,3})"
    r"(?:\s+(village|town|city|area|locality|camp|neighbourhood|neighborhood|sector(?:\s+area)?|subdivision|"
    r"township|tehsil|taluka|upazila|block|air\s?base|military\s+base))?\s*\(\s*$")
# "(Logobou, Tapoa)": the district slot before a known province, inside the bracket
_DISTRICT_SLOT = re.compile(
    r"\(\s*([A-Z][\w'’.-]*(?:[\s/-][A-Z][\w'’-]*){0,3})"
    r"(?:\s+(LGA|district|tehsil|taluka|upazila|township|county|municipality|subdivision|department))?\s*,\s*$")
_SLOT_AFTER = re.compile(r"\s*(?:(?:LGA|district|tehsil|taluka|upazila|township|county|municipality|"
                         r"subdivision|department|province|region|state)\s*)?[,)]", re.I)
_CAPITAL = re.compile(r"\b([A-Z][a-z]+)\s+capital\b")
_POSS_CAPITAL = re.compile(r"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)['’]s\s+capital\b")


@dataclass
class Toponym:
    start: int
    end: int
    text: str
    kind: str = "place"  # "place", "demonym", "capital"
    label: str = "GAZ"  # spaCy label, or GAZ for a gazetteer match
    demonym_of: Entry | None = None
    preceding: str = ""  # lower-cased word before, for qualifiers ("outskirts of", "near")
    following: str = ""  # lower-cased word after ("province", "city")


# Words naming a part of a town before its name: "Barangay Magdawat", "Colonia Juarez"
SUBLOCALITY = {"barangay", "barrio", "colonia", "sitio", "purok", "kebele", "mahalla", "hay", "hayy", "quartier"}
# Words that make a name one of a place: a settlement, a natural feature, a site
_PLACE_WORD = re.compile(r"\b(?:village|town|city|island|islands|river|mountains?|mount|valley|lake|sea|bay|gulf|"
                         r"coast|desert|canal|strait|peninsula|plain|forest|camp|base|street|avenue|road|way|"
                         r"lane|boulevard|drive|parade|crescent|terrace|harbou?r|cathedral|chapel|shrine|castle|"
                         r"fort|st\.|ave\.|rd\.)(?!\w)|\w+shire\b", re.I)
_SITE_NAME = re.compile(r"\b(?:at|on|near|the)\s+((?:(?:al|el)[-\s])?[A-Z][a-z][\w'’]*(?:\s[A-Z][a-z][\w'’]*){0,2})\s+"
                        r"(air\s?base|airport|airfield|highway|road|bridge|junction|roundabout|crossroads)\b")
_ROUTE_AFTER = re.compile(r"\s*(?:-\s*[A-Z][\w']*\s*)*\s(?:road|highway|motorway|route|railway|border|axis|line|corridor|"
                          r"intersection|junction|crossing|front|frontline|pipeline|flight|bus|train|leg|trip|talks|summit|"
                          r"relations|ties|friendship|match|derby|war|conflict|agreement|deal)\b", re.I)
_PART_AFTER = re.compile(r"-([A-Z][\w']+)\b")
_BETWEEN_BEFORE = re.compile(r"\b(?:between|from)\s+(?:the\s+)?$", re.I)
_ARTICLE_BEFORE = re.compile(rf"\b(?:in|at|near|of|from|to)\s+({ARTICLE_PREFIX})$")
# "Shar-i-Shali", "Pul-e Charkhi", "Logone-et-Chari": a hyphenated particle joins two names into one
_PARTICLE = r"-(?:i|e|et|sur|ye|ul|ol|al|el|ar|as|ash|ad|an|az|ud|ur|u)[-\s]"
_JOINED_AFTER = re.compile(rf"{_PARTICLE}[A-Z][\w']+")
_JOINED_BEFORE = re.compile(rf"\b[A-Z][\w']+{_PARTICLE}$")


def city_readings(gaz: Gazetteer, name: str) -> list[Entry]:
    """The cities (towns of CITY_POPULATION or more) that `name` names exactly."""
    return [e for e, exact in gaz.candidates(name, variants=False)
            if exact and e.feature.startswith("P.") and e.population >= CITY_POPULATION]


def _city_part(gaz: Gazetteer, city: str, part: str) -> bool:
    """Is "City-Part" a part of a city ("Kinshasa-Gombe", "Lima-La Victoria"), not two places
    ("Amsterdam-London", "DPRK-South Korea")?  The first must be a city; the second no country,
    province or other city, unless one inside the first."""
    cities = city_readings(gaz, city)
    if not cities:
        return False
    for e, exact in gaz.candidates(part, variants=False):
        if exact and (e.feature in ("A.PCLI", "A.ADM1", "L.CONT") or e.feature.startswith("P.")
                      and e.population >= CITY_POPULATION) \
                and not any(haversine_km(e.lat, e.lon, c.lat, c.lon) < 30 for c in cities):
            return False
    return True


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


def _same_name(name: str, key: str) -> bool:
    """`key` (a fold key) is `name` itself, without a kind word, or a transliteration of it."""
    return (fold(name) == key or fold(strip_admin_words(name)) == key
            or len(key) >= 5 and skeleton(name) == skeleton(key))


def _reliable(entries: list[Entry], key: str) -> list[Entry]:
    """Entries a bare capitalised word may stand for: GeoNames keeps odd alternate names ("More"
    for Mora), so a town counts only under its own name unless it is big or a region."""
    return [e for e in entries if fold(e.name) == key or fold(strip_admin_words(e.name)) == key
            or e.population >= 100_000 or e.feature[:2] in ("A.", "L.", "H.")]


def _strip_text(s: str) -> str:
    a, b = _strip(s, 0, len(s))
    return s[a:b]


def _strong(entries: list[Entry]) -> bool:
    return any(e.feature in ("A.PCLI", "A.ADM1", "L.CONT") or e.feature[:2] in ("L.", "H.")
               or e.population >= STRONG_POPULATION for e in entries)


def _big(entries: list[Entry]) -> bool:
    return any(e.feature in ("A.PCLI", "A.ADM1", "L.CONT") or e.feature[:2] in ("L.", "H.")
               or e.population >= 100_000 for e in entries)


def _placey(p: Parse, a: int, b: int) -> bool:
    """'in X', 'near X', 'village of X', or 'X, Y' / 'X (Y)' with Y capitalised (tokens [a, b))."""
    j = a - 1
    if j >= 0 and p.lower[j] in _PLACEY_BEFORE:
        return True
    if j >= 1 and p.words[j] in (",", "(") and p.cap[j - 1]:
        return True  # the "Region" of "Town, Region" / "Town (Region)"
    return b + 1 < p.n and p.words[b] in (",", "(") and p.cap[b + 1]


def _admin_slot(doc, a: int, b: int) -> bool:
    """The district or province slot of "Town (District, Province)": opened by the bracket or by a
    comma inside it, closed by a comma, the bracket or a kind word ("Mobbar LGA")."""
    if a < 2 or b >= len(doc):
        return False
    opened = doc[a - 1].text == "(" or doc[a - 1].text == "," and any(
        t.text == "(" for t in doc[max(0, a - 8):a - 1]) and not any(t.text == ")" for t in doc[max(0, a - 8):a - 1])
    if not opened:
        return False
    end = b + 1 if doc[b].lower_ in SLOT_KINDS and b + 1 < len(doc) else b
    return doc[end].text in (",", ")")


def _is_cap(tok) -> bool:
    return _cap(tok.text)


def _cap(t: str) -> bool:
    return t[:1].isupper() and (any(c.isalpha() for c in t))


def _entities(doc) -> list:
    """spaCy's entities, split at commas, brackets and "in": the small model tags "Zacatecas,
    Zacatecas" and "Nis, Serbia" as one GPE and "Saraqab in Idleb" as one ORG; each part is a name."""
    from spacy.tokens import Span

    out = []
    for ent in doc.ents:
        start = ent.start
        for i in range(ent.start, ent.end + 1):
            if i == ent.end or doc[i].text in (",", "(", ")", ";", "in", "near"):
                if i > start:
                    out.append(ent if (start, i) == (ent.start, ent.end) else Span(doc, start, i, label=ent.label_))
                start = i + 1
    return out


class Parse:
    """The spaCy doc and what the recognizers read of it: its entities (split at commas), the entity
    over each token, and the words of person names."""

    def __init__(self, doc, text: str | None = None):
        self.doc = doc
        # Doc.text joins every token's text anew (a Token made for each): callers that hold the
        # text pass it
        self.text = doc.text if text is None else text
        self.n = len(doc)
        self.ents = _entities(doc)
        self.ent_of: list = [None] * self.n
        for ent in self.ents:
            for i in range(ent.start, ent.end):
                self.ent_of[i] = ent
        # words of person names anywhere in the text: "Nelson" after "Nelson Mandela" is the man
        self.person_words = {t.text for ent in self.ents if ent.label_ == "PERSON" for t in ent if len(ent) > 1}
        # surnames of the people the text names in full: "Nelson" after "councillor Dewly Nelson"
        # is the man, however big a town bears the name (one sense per discourse)
        self.surnames = {ent[-1].text for ent in self.ents if ent.label_ == "PERSON" and len(ent) > 1
                         and ent[-1].is_title}
        # Each token's text, lower case, offset, trailing space and flags, read once as columns: the
        # gazetteer scan asks them of every token several times (a spaCy Token is made on each access)
        cols = doc.to_array([IDX, LENGTH, LOWER, IS_PUNCT, IS_SPACE, IS_STOP, SPACY]).tolist()
        strings = doc.vocab.strings
        text = self.text
        self.idx: list[int] = [c[0] for c in cols]
        self.words: list[str] = [text[c[0]:c[0] + c[1]] for c in cols]
        self.lower: list[str] = [strings[c[2]] for c in cols]
        self.punct: list[int] = [c[3] for c in cols]
        self.space: list[int] = [c[4] for c in cols]
        self.stop: list[int] = [c[5] for c in cols]
        self.ws: list[str] = [" " if c[6] else "" for c in cols]
        self.cap: list[bool] = [_cap(w) for w in self.words]

    def span_text(self, i: int, k: int) -> str:
        """The text of tokens [i, k) (what doc[i:k].text gives)."""
        return self.text[self.idx[i]:self.idx[k - 1] + len(self.words[k - 1])] if k > i else ""

    @staticmethod
    def tagged(span) -> bool:
        """Has the tagger seen this span?  The extractor tags only the sentences it parses."""
        return span[0].tag != 0

    def prev_word(self, i: int) -> str:
        """The lower-cased word before token i, skipping punctuation other than a comma."""
        j = i - 1
        while j >= 0 and self.punct[j] and self.words[j] != ",":
            j -= 1
        return self.lower[j] if j >= 0 else ""


class Taken:
    """The mentions found so far and the characters they cover: a recognizer only claims free text."""

    def __init__(self, text: str):
        self.found: list[Toponym] = []
        self.mask = [False] * len(text)

    def __getitem__(self, k: int) -> bool:
        return self.mask[k]

    def free(self, s: int, e: int) -> bool:
        return not any(self.mask[s:e])

    def add(self, m: Toponym) -> None:
        for k in range(m.start, m.end):
            self.mask[k] = True
        self.found.append(m)

    def release(self, s0: int, e0: int, known: bool = False) -> bool:
        """Free [s0, e0) of shorter cuts of the name ("Tho Kho" of "War Tho Kho"); of gazetteer
        matches too when `known` ("Gankoi" of "Gankoi Yeba" in a list of villages)."""
        inner = [x for x in self.found if s0 <= x.start and x.end <= e0 and (x.start, x.end) != (s0, e0)]
        if any(x.label == "GAZ" and not known or x.kind != "place" for x in inner):
            return False  # a known place or a demonym ("the Spanish Consulate") is no cut name
        if not inner or not all(self.mask[k] == any(x.start <= k < x.end for x in inner) for k in range(s0, e0)):
            return False
        for x in inner:
            self.found.remove(x)
            for k in range(x.start, x.end):
                self.mask[k] = False
        return True


# A recognizer reads the parse and yields mentions; the loop in find_mentions takes each one as it
# is yielded, so the recognizer's later checks (and every later recognizer) see it taken.
Recognizer = Callable[[Parse, Gazetteer, Taken], Iterator[Toponym]]


def capitals(p: Parse, gaz: Gazetteer, taken: Taken) -> Iterator[Toponym]:
    """"the Syrian capital", "Syria's capital": the capital of the country named."""
    for m in _CAPITAL.finditer(p.text):
        dem = gaz.demonym(m.group(1))
        if dem is not None and dem.feature == "A.PCLI":
            yield Toponym(m.start(1), m.end(), m.group(0), "capital", "GAZ", dem)
    for m in _POSS_CAPITAL.finditer(p.text):
        country = next((e for e, _ in gaz.candidates(m.group(1), variants=False) if e.feature == "A.PCLI"), None)
        if country is not None and taken.free(m.start(), m.end()):
            yield Toponym(m.start(), m.end(), m.group(0), "capital", "GAZ", country)


def demonyms(p: Parse, gaz: Gazetteer, taken: Taken) -> Iterator[Toponym]:
    """Demonyms and country adjectives ("Syrian", "Germans"), in or out of NORP entities."""
    n, words, idx, cap = p.n, p.words, p.idx, p.cap  # token columns: no Token made per token
    for i, word in enumerate(words):
        if not word[:1].isupper():
            continue
        dem = gaz.demonym(word)
        if dem is None:
            continue
        if i + 1 < n and cap[i + 1] and gaz.has(fold(word + " " + words[i + 1])):
            continue  # "Indian Ocean", "Dominican Republic": a name, not an adjective
        s, e = idx[i], idx[i] + len(word)
        # two-word adjectives: "South Sudanese", "North Korean"
        if i > 0 and words[i - 1][:1].isupper():
            two = gaz.demonym(words[i - 1] + " " + word)
            if two is not None:
                dem, s = two, idx[i - 1]
        if taken.free(s, e):
            yield Toponym(s, e, p.text[s:e], "demonym", "NORP", dem)


Hit = tuple[int, int, list[Entry]]  # a gazetteer match: token start, token end, its readings


def _longest_match(p: Parse, gaz: Gazetteer, i: int, j: int) -> Hit | None:
    """The longest name in tokens [i, j) that starts at i and that the gazetteer knows."""
    cap, lower = p.cap, p.lower
    for k in range(j, i, -1):
        if not cap[k - 1]:
            continue
        name = p.span_text(i, k)
        if name.lower() in COMMON:
            continue
        key = fold(name)
        if not key or key in GENERIC or len(key) < 2 or (k - i == 1 and p.stop[i] and not name.isupper()):
            continue
        if not gaz.has(key):
            # a spelling variant ("Ras al Ain" for Ra's al 'Ayn, "Saraqab" for Saraqib): for
            # several words, or where the text says place, the skeleton key is specific enough
            words = sum(1 for m in range(i, k) if lower[m] not in CONNECTORS)
            if (words >= 2 or _placey(p, i, k)) and len(skeleton(name)) >= 5:
                every = [e for e, _ in gaz.candidates(name)
                         if _strong([e]) or e.population >= 1000 or _placey(p, i, k)]
                if every:
                    return (i, k, every)
            continue
        every = [e for e, _ in gaz.candidates(name, variants=False)]
        entries = _reliable(every, key)
        if not entries and _placey(p, i, k):
            entries = every  # an odd alternate name, but "in X" / "X, Region" says place
        if name.replace(".", "").isupper() and len(key.replace(" ", "")) <= 4:
            # acronyms: "US", "UAE", "EU", "DRC" are countries or curated; "CEO" is no town
            entries = [e for e in entries if e.feature in ("A.PCLI", "L.CONT", "A.ADM1")
                       or e.feature[:2] in ("L.", "H.")]
        elif len(key.replace(" ", "")) <= 2 or len(key) == 3 and not (
                _placey(p, i, k) or (p.ent_of[i] is not None and p.ent_of[i].label_ in PLACE_LABELS)):
            continue  # "Nis" and "Goa" only where the text says place
        if not entries:
            continue
        if k < j and cap[k] and not _big(entries) and p.ws[k - 1] == " " \
                and lower[k] not in SLOT_KINDS \
                or k < j and p.words[k] in ("-", "'", "’") and not _big(entries) \
                or k == i + 1 < j and name in NAME_PREFIXES and cap[k]:
            return None  # "Ayn" of "Ayn Zarah", "Bar" of "Bar Elias": part of a name we do not know
        return (i, k, entries)
    return None


def _gazetteer_hits(p: Parse, gaz: Gazetteer, taken: Taken) -> list[Hit]:
    """Gazetteer matches, longest first, in runs of capitalised tokens and connectors."""
    n, cap, lower, words, ws, idx = p.n, p.cap, p.lower, p.words, p.ws, p.idx
    hits: list[Hit] = []
    i = 0
    while i < n:
        starts_dir = lower[i] in DIRECTIONS and i + 1 < n and cap[i + 1]
        # "in al Tabqa", "in el Hermel": a lower-case Arabic article opens the name
        starts_art = words[i] in ARTICLES and i > 0 and lower[i - 1] in _ARTICLE_AFTER and (
            i + 1 < n and cap[i + 1] and ws[i] == " "
            or i + 2 < n and words[i + 1] == "-" and cap[i + 2])
        if not (cap[i] or starts_dir or starts_art) or p.punct[i] or taken[idx[i]]:
            i += 1
            continue
        j = i + 1
        while j < n and j - i < 7 and (cap[j] or lower[j] in CONNECTORS) \
                and not p.space[j] and words[j] not in (",", "."):
            j += 1
        hit = _longest_match(p, gaz, i, j)
        if hit is not None and i > 0 and words[i - 1] in NAME_PREFIXES and ws[i - 1] \
                and not any(e.feature == "A.PCLI" for e in hit[2]):
            hit = None  # "Hasan" of "Bir Hasan", "Zawiya" of "Jabal Zawiya": the end of a name we lack
        elif hit is not None and i > 0 and cap[i - 1] and ws[i - 1] == " " and not p.punct[i - 1] \
                and not p.stop[i - 1] and not taken[idx[i - 1]] and not (hits and hits[-1][1] == i) \
                and not words[i].isupper() and lower[i - 1] not in COMMON \
                and lower[i - 1] not in GENERIC and not _big([e for e in hit[2] if _same_name(e.name, fold(
                    p.span_text(hit[0], hit[1])))]) and not any(e.feature[:2] in ("A.", "L.") for e in hit[2]):
            # "Bak" of "Sulayman Bak": the end of a longer name we lack, unless big by its own name or
            # a region ("Sahm El Golan", "San Carlos Nuevo Guaymas": a place in the region it ends with)
            hit = None
        elif hit is not None and i > 1 and lower[i - 1] in NAME_INNER \
                and cap[i - 2] and not taken[idx[i - 2]] \
                and not any(e.feature == "A.PCLI" for e in hit[2]):
            hit = None  # "Patan" of "Dand Wa Patan"
        if hit is None:
            i += 1
            continue
        hits.append(hit)
        i = hit[1]
    return hits


def _confirmed(p: Parse, hits: list[Hit]) -> set[int]:
    """"Guihulngan, Negros Oriental" with both tagged PERSON/ORG: a town the gazetteer places inside
    the region named right after it confirms both names (returned as their start tokens)."""
    confirmed: set[int] = set()
    for h in range(len(hits) - 1):
        (a1, b1, e1), (a2, _, e2) = hits[h], hits[h + 1]
        if a2 - b1 > 3 or not _PAIR_LINK.fullmatch(p.doc[b1:a2].text if a2 > b1 else ""):
            continue
        ids = {e.id for e in e2 if e.feature[:2] == "A."}
        countries = {e.cc for e in e2 if e.feature == "A.PCLI"}
        if any(e.a1 in ids or e.a2 in ids or e.cc in countries for e in e1):
            confirmed.update((a1, a2))
    return confirmed


def _admit(p: Parse, gaz: Gazetteer, hit: Hit, confirmed: set[int]) -> Toponym | None:
    """A gazetteer match as a mention, unless the context says it is no place here (a person's
    name, a party, inside an organisation's name, a date)."""
    doc, n, text = p.doc, p.n, p.text
    a, b, entries = hit
    span = doc[a:b]
    covering = {p.ent_of[k] for k in range(a, b)}
    ent = next(iter(covering)) if len(covering) == 1 else None
    label = ent.label_ if ent is not None else None
    before = p.prev_word(a)
    if a >= 2 and doc[a - 1].lower_ == "of" and doc[a - 2].lower_ in KIND_OF:
        before = "in"  # "the town of X", "the outskirts of X": the text says place, as "in X" does
    after_text = text[span.end_char:span.end_char + 3]
    strong = _strong(entries)
    if b - a > 1 and doc[b - 1].lower_ in ADMIN_WORDS and any(e.feature[:2] == "A." for e in entries):
        strong = True  # "Orange County", "Hajjah Governorate": the name says what it is
    big = _big(entries)
    nxt = doc[b].lower_ if b < n else ""
    if not big and (span.text in p.person_words or nxt in SPEECH):
        return None
    if b - a == 1 and span.text in p.surnames and before not in STRONG_LOCATIVE and not _admin_slot(doc, a, b):
        return None
    if not big and a >= 2 and doc[a - 1].lower_ == "of" and doc[a - 2].lower_ in MEMBERSHIP:
        return None  # "members of Svoboda": a party, though a village bears its name
    if _admin_slot(doc, a, b) and any(e.feature[:2] == "A." for e in entries) or a in confirmed:
        pass  # "Okpanam (Oshimili North LGA, Delta)": a district's slot, whatever spaCy tagged
    elif label in PLACE_LABELS and ent is not None and (ent.start, ent.end) != (a, b):
        # a longer name than spaCy's ("eastern Ghouta" for "Ghouta") wins; a shorter one loses,
        # unless spaCy's span is no name we know ("Azaz Aleppo", "Eastern Ghouta Douma")
        if not (a <= ent.start and b >= ent.end) and (gaz.has(fold(_strip_text(ent.text))) or not big):
            return None
    elif label == "PERSON" or (ent is None and len(covering) > 1 and any(
            e is not None and e.label_ == "PERSON" for e in covering)):
        if ent is None or (ent.start, ent.end) != (a, b):
            return None
        if not (big or before in STRONG_LOCATIVE):
            return None
    elif label in ("ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "FAC", "LAW"):
        # inside an organisation's name only a place's own name counts: "White House" is an
        # alias of Casablanca, but "the White House" is no reference to it
        key = fold(span.text)
        big = _big([e for e in entries if e.feature[0] != "P" or _same_name(e.name, key)])
        # "in Halba" tagged NORP: the whole entity after "in" is a place
        if not (big or ((before in STRONG_LOCATIVE or before == "of" and strong)
                        and (ent.start, ent.end) == (a, b))):
            return None
    elif label in ("DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY"):
        # "US$ 5" still names the US; "in Manbij" tagged DATE by the small model is a town
        if not (any(e.feature == "A.PCLI" for e in entries)
                or (strong and before in STRONG_LOCATIVE and span[-1].pos_ == "PROPN")):
            return None
    elif label is None:
        if p.tagged(span) and not any(t.pos_ == "PROPN" for t in span) and not big:
            return None
        if span[0].is_sent_start and not (p.tagged(span) and span[-1].pos_ == "PROPN"):
            return None
        if not (strong or before in LOCATIVE or after_text.startswith(",") or _placey(p, a, b)):
            return None
    s, e = _strip(text, span.start_char, span.end_char)
    return Toponym(s, e, text[s:e], "place", label or "GAZ", None, before, nxt) if s < e else None


def gazetteer_names(p: Parse, gaz: Gazetteer, taken: Taken) -> Iterator[Toponym]:
    """Names the gazetteer knows, in runs of capitalised tokens, where the context allows a place."""
    hits = _gazetteer_hits(p, gaz, taken)
    confirmed = _confirmed(p, hits)
    for hit in hits:
        m = _admit(p, gaz, hit, confirmed)
        if m is not None and taken.free(m.start, m.end):
            yield m


def spacy_places(p: Parse, gaz: Gazetteer, taken: Taken) -> Iterator[Toponym]:
    """spaCy's place entities (GPE, LOC, FAC) that nothing took before."""
    doc, n, text = p.doc, p.n, p.text
    for ent in p.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        s, e = _strip(text, ent.start_char, ent.end_char)
        end = ent.end
        if ent.end - ent.start == 1 and ent[0].text in NAME_PREFIXES and end < n and _is_cap(doc[end]):
            end += 1  # "Bir" + "Hasan": one name ("Bir Hasan"), however spaCy cut it
            e = doc[end - 1].idx + len(doc[end - 1].text)
        if s >= e or not taken.free(s, e):
            continue
        if not any(c.isupper() for c in text[s:e]) or fold(text[s:e]) in GENERIC:
            continue
        nxt = doc[end].lower_ if end < n else ""
        if (text[s:e] in p.person_words or nxt in SPEECH) and not _big(
                [x for x, _ in gaz.candidates(text[s:e], variants=False)]):
            continue  # "Modi said": spaCy's GPE is a person here
        prev = p.prev_word(ent.start)
        # "A, B" and "B, A" or "B (A)" with A a place found already: a list or a hierarchy of places
        beside = any(text[m.end:s].strip() == "," or text[e:m.start].strip() in (",", "(") for m in taken.found)
        where = p.prev_word(ent.start - 1) if prev == "the" and ent.start > 0 else prev  # "at the X crossing"
        if not beside and not _says_place(text, s, e, where, nxt) and not gaz.candidates(text[s:e]):
            # A name no gazetteer reading backs and nothing in the text calls a place: the small model
            # tags brands, people and acronyms GPE ("Dropbox", "UConn", "MoD") about as often as it
            # finds a place we lack.
            continue
        yield Toponym(s, e, text[s:e], "place", ent.label_, None, prev, nxt)


def _says_place(text: str, s: int, e: int, prev: str, nxt: str) -> bool:
    """Does the text call the name at [s, e) a place: a locative word before it, or a kind of place
    (a site, a settlement, a region, a natural feature) in it or right after it?"""
    return (prev in LOCATIVE or prev in KIND_OF or prev in SUBLOCALITY or nxt in KIND_OF or nxt in SLOT_KINDS
            or is_facility(text[s:e])
            or bool(_PLACE_WORD.search(text[s:e])) or any(w.lower() in ADMIN_WORDS for w in text[s:e].split()))


def _listed_names(text: str, m: Toponym, taken: Taken) -> Iterator[Toponym]:
    """"the villages of Ananum, Gidan Adamu and Dadin Kowa (Donga, Taraba)": each listed name
    before a known place is a place."""
    listed = _LISTED_BEFORE.search(text, max(0, m.start - 200), m.start)
    if not listed:
        return
    for name in re.finditer(_NAME, listed.group(1)):
        s0, e0 = listed.start(1) + name.start(), listed.start(1) + name.end()
        if (taken.free(s0, e0) or taken.release(s0, e0, known=True)) and fold(name.group()) not in GENERIC:
            yield Toponym(s0, e0, name.group(), "place", "PATTERN", None, "", "")


def _named_before(text: str, m: Toponym, taken: Taken) -> Toponym | None:
    """The name the gazetteer lacks before a known place: "in X, <Region>", "X village, <Region>",
    "X (<District>, <Region>)"."""
    hits = [_BEFORE_PARENT.search(text, max(0, m.start - 80), m.start)]
    if hits[0] and hits[0].group(0)[:3].lower() == "of " and _CAP_BEFORE_OF.search(text, max(0, hits[0].start() - 40),
                                                                                  hits[0].start()):
        hits = [None]  # "the Ministry of Education in Beirut": the end of an organisation's name
    if _SLOT_AFTER.match(text, m.end):
        hits += [_BEFORE_BRACKET.search(text, max(0, m.start - 80), m.start),
                 _DISTRICT_SLOT.search(text, max(0, m.start - 60), m.start)]
    hit = next((h for h in hits if h and h.end() == m.start and (taken.free(h.start(1), h.end(1))
                                                                or taken.release(h.start(1), h.end(1)))), None)
    if hit is None:
        return None
    name = hit.group(1)
    if fold(name) in GENERIC or name.split()[0].lower() in COMMON:
        return None
    before = hit.group(0).split()[0].lower() if hit.re is _BEFORE_PARENT else ""
    return Toponym(hit.start(1), hit.end(1), name, "place", "PATTERN", None, before, (hit.group(2) or "").lower())


def names_by_region(p: Parse, gaz: Gazetteer, taken: Taken) -> Iterator[Toponym]:
    """Names the gazetteer lacks, placed by the known place named after them; repeated, so that
    "X (A, B)" with only B known finds A, then X."""
    todo = [m for m in taken.found if m.kind == "place"]
    while todo:
        added = []
        for m in todo:
            for new in _listed_names(p.text, m, taken):
                yield new
                added.append(new)
            new = _named_before(p.text, m, taken)
            if new is not None:
                yield new
                added.append(new)
        todo = added


def locative_names(p: Parse, gaz: Gazetteer, taken: Taken) -> Iterator[Toponym]:
    """"in Zouq Mosbeh", "at Bir Hasan": a capitalised name after "in/at/near" that nothing else
    took is a place we do not know (kept unresolved, with its name)."""
    text = p.text
    for hit in _LOCATIVE_NAME.finditer(text):
        s0, e0 = hit.start(1), hit.end(1)
        name = hit.group(1)
        words = name.split()
        if not taken.free(s0, e0) or any(w.lower() in COMMON or w.lower() in GENERIC for w in words) \
                or _FACILITY_NAME.search(name) or text[e0:e0 + 2] in ("'s", "’s") or re.search(r"['’]s\b", name):
            continue
        span = p.doc.char_span(s0, s0 + 1, alignment_mode="expand")  # the token the name starts
        tok = span[0] if span is not None and len(span) and span[0].idx == s0 else None
        if tok is None or tok.ent_type_ in ("ORG", "NORP", "DATE", "TIME", "MONEY", "EVENT", "LAW") \
                or tok.ent_type_ == "PERSON" and hit.group(0)[:2] != "in":
            continue  # the small model calls many unknown towns PERSON; after "in" they are places
        yield Toponym(s0, e0, name, "place", "LOCATIVE", None, hit.group(0).split()[0].lower(), "")


def site_names(p: Parse, gaz: Gazetteer, taken: Taken) -> Iterator[Toponym]:
    """"at Al Watiyah airbase", "blocked the Miniyeh highway": the name of a site's town, whatever
    spaCy tagged it (ORG, NORP, PERSON)."""
    for hit in _SITE_NAME.finditer(p.text):
        s0, e0 = hit.start(1), hit.end(1)
        words = hit.group(1).split()
        if taken.free(s0, e0) and not any(w.lower() in COMMON or w.lower() in GENERIC for w in words):
            yield Toponym(s0, e0, hit.group(1), "place", "SITE", None, hit.group(0).split()[0].lower(),
                          hit.group(2).lower())


# In order: each recognizer claims only text that the ones before it left free.
RECOGNIZERS: tuple[Recognizer, ...] = (capitals, demonyms, gazetteer_names, spacy_places, names_by_region,
                                       locative_names, site_names)


def find_mentions(doc, gaz: Gazetteer, recognizers: tuple[Recognizer, ...] = RECOGNIZERS,
                  text: str | None = None) -> list[Toponym]:
    """Place mentions in a parsed text (`text` is `doc.text`, when the caller has it), in text order:
    each recognizer in turn, then every name read whole across hyphens and articles."""
    p = Parse(doc, text)
    taken = Taken(p.text)
    for recognize in recognizers:
        for m in recognize(p, gaz, taken):
            taken.add(m)
    return _read_whole(taken.found, p.text, gaz)


def _read_whole(found: list[Toponym], text: str, gaz: Gazetteer) -> list[Toponym]:
    """The last step of find_mentions: mentions grown to the whole name ("Shar-i-Shali", "Mogadishu-Bondhere",
    "el Mina"), in text order."""
    found = sorted(found, key=lambda m: m.start)
    found = _join_particles(found, text)
    found = _join_city_parts(found, text, gaz)
    return _with_articles(found, text)


def _join_particles(found: list[Toponym], text: str) -> list[Toponym]:
    """"Shar-i-Shali", "Pul-e Charkhi", "Logone-et-Chari": names joined by a hyphenated particle are
    one name, even where the tokenizer or the gazetteer took only a part (or each part apart)."""
    found = list(found)
    gone: set[int] = set()  # ids of mentions joined into another (a set: `m in found` made this quadratic)
    for m in list(found):
        if id(m) in gone or m.kind != "place":
            continue
        after = _JOINED_AFTER.match(text, m.end)
        before = _JOINED_BEFORE.search(text, max(0, m.start - 30), m.start)
        s0 = before.start() if before else m.start
        e0 = after.end() if after else m.end
        if (s0, e0) == (m.start, m.end):
            continue
        parts = [x for x in found if x is not m and x.start < e0 and x.end > s0]
        if any(x.kind != "place" or x.start < s0 for x in parts):
            continue
        e0 = max([e0] + [x.end for x in parts])
        for x in parts:
            found.remove(x)
            gone.add(id(x))
        found[found.index(m)] = replace(m, start=s0, end=e0, text=text[s0:e0], label="PATTERN")
        gone.add(id(m))
    return found


def _join_city_parts(found: list[Toponym], text: str, gaz: Gazetteer) -> list[Toponym]:
    """"Lima-La Victoria", "Mogadishu-Bondhere": a city and a name joined by a bare hyphen are one
    place, a part of the city; not the ends of a road, the parties of a summit or two cities."""
    found = list(found)
    k = 0
    while k + 1 < len(found):
        a, b = found[k], found[k + 1]
        if a.kind == b.kind == "place" and text[a.end:b.start] == "-" and not _ROUTE_AFTER.match(text, b.end) \
                and not _BETWEEN_BEFORE.search(text, max(0, a.start - 12), a.start) and _city_part(gaz, a.text, b.text):
            found[k] = replace(a, end=b.end, text=text[a.start:b.end], label="PATTERN", following=b.following)
            del found[k + 1]
        else:
            k += 1
    for k, a in enumerate(found):  # the part is a name nothing took: "Mogadishu-Wardhiigleey"
        part = _PART_AFTER.match(text, a.end)
        if a.kind == "place" and part and not any(x.start < part.end() and x.end > a.end for x in found) \
                and not _ROUTE_AFTER.match(text, part.end()) and _city_part(gaz, a.text, part.group(1)):
            found[k] = replace(a, end=part.end(), text=text[a.start:part.end()], label="PATTERN")
    return found


def _with_articles(found: list[Toponym], text: str) -> list[Toponym]:
    """"in el Mina": the article written before a name is part of it ("El Mina" is the town's name;
    the resolver also looks the name up without it)."""
    out = list(found)
    for k, m in enumerate(out):
        art = _ARTICLE_BEFORE.search(text, max(0, m.start - 12), m.start)
        if m.kind == "place" and art and m.text[:1].isupper() and all(x.end <= art.start(1) or x is m for x in out):
            out[k] = replace(m, start=art.start(1), text=text[art.start(1):m.end])
    return out

