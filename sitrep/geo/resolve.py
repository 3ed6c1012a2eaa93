"""Choose one gazetteer entry per mention, using the whole document as context.

Two passes (the phases of `Resolver`; every weight in `Weights`).  The first ranks each mention's
candidates on their own (feature, population, how well the name matched).  From those picks we read the document's country focus and a set of anchor
points.  The second pass re-ranks with context: the country focus, an admin region named elsewhere
in the text that contains the candidate, the "Town, Region" pattern, nearness to the other places,
and a kind word after the name ("Idlib province").  A mention with no candidate stays unresolved
without touching the others.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
from pathlib import Path

from sitrep.geo.distance import haversine_km
from sitrep.geo.gazetteer import Entry, Gazetteer
from sitrep.geo.names import fold, is_facility, skeleton, strip_admin_words
from sitrep.geo.recognize import (
    ARTICLE_PREFIX,
    ARTICLES,
    CITY_POPULATION,
    DIRECTIONS,
    Toponym,
    _same_name,
    city_readings,
)
from sitrep.types import Place

MAX_CANDIDATES = 40
AMBIGUOUS_POPULATION = 20_000  # below this, one of several same-named towns is not picked without context
HAMLET_POPULATION = 5_000  # below this a lone name with no context may well be a village we lack
FAR_ALIAS_POPULATION = 500_000
FAR_VARIANT_KM = 200
HELD_NEAR_KM = 30  # a town this near a region's (or its seat's) point counts as held by it  # a spelling-variant reading farther than this from every sure place is refused
CURRENCY_WORDS = {"dollar", "dollars", "$", "pound", "pounds", "euro", "euros", "yuan", "rupees", "lira"}
ADMIN1_WORDS = {"province", "governorate", "state", "region", "oblast", "prefecture", "department",
                "wilayat", "emirate"}
ADMIN2_WORDS = {"district", "municipality", "county", "municipio", "lga", "raion", "rayon", "tehsil",
                "subdistrict", "sub-district", "nahiya", "division"}
TOWN_WORDS = {"city", "town", "village", "camp", "neighbourhood", "neighborhood"}
# "on the outskirts of X", "near X", "10 km north of X": the event is near the town, not in it
_NEAR = re.compile(
    r"(?:\b(?:outskirts|suburbs?|vicinity|countryside|periphery|edges?|environs)|"
    r"\b(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?(?:\s+(?:part|side))?|"
    r"\b\d+\s*(?:km|kms|kilomet(?:er|re)s?|miles?))\s+(?:of|from)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$"
    r"|\b(?:near|outside|around|close\s+to|nearby)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$", re.I)
# "Town, Region", "Town (Region)", "Town municipality, Region", "Town in Region"
_LINK = re.compile(r"^\s*(?:(?:city|town|village|municipality|district|province|governorate|county|state|"
                   r"region|area|camp|lga|tehsil|sector(?:\s+area)?|subdivision|township|upazila|taluka|"
                   r"air\s?base|military\s+base)\s*)?(?:\s+and\s+its\s+(?:outskirts|surroundings|vicinity|environs))?"
                   r"(?:,\s*(?:in\s+)?|\(\s*|\s+in\s+(?:the\s+)?"
                   r"(?:(?:north|south|east|west)[a-z]*\s+)?(?:(?:countryside|outskirts|suburbs)\s+of\s+|rural\s+)?)"
                   r"(?:(?:al|ar|as|ad|at|az|an|el)[-\s])?$", re.I)  # "in Ar-Raqqa" as read "Raqqa"


# Which features the ranker reads, by what they say of a reading (the ablation in BENCHMARKS.md
# drops one group at a time).  Each feature is a number (mostly 0/1); a reading's score is the sum of
# the features times their weights.
FEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    "kind of place": ("country", "continent", "curated", "admin1", "admin2", "town"),
    "population": ("population", "population_gap", "national_capital"),
    "name match": ("own_name", "spelling_distance", "seat", "region_named_city"),
    "region or its seat": ("seat_region", "seat_region_word"),
    "country focus": ("focus", "no_country", "off_focus_alias", "country_named"),
    "regions named": ("named_region", "named_region_region_reading", "admin1_named"),
    "Town, Region links": ("in_parent", "holds_child"),
    "kind words": ("admin1_word", "admin2_word", "town_word"),
    "distance to other places": ("near_50km", "near_150km", "near_400km"),
}
FITTED: tuple[str, ...] = tuple(f for group in FEATURE_GROUPS.values() for f in group)
RANKER_PATH = Path(__file__).with_name("ranker.json")


@dataclass(frozen=True)
class Weights:
    """What each feature of a reading adds to its score.  The defaults are the hand-set weights;
    `WEIGHTS` is the fitted set of ranker.json (benchmarks/fit_ranker.py) when that file is present.
    Prior features (a reading on its own) rank a mention's candidates before the context is known;
    the context features re-rank them."""

    # prior: the kind of place, its size, how well the name matched
    country: float = 3.0
    continent: float = 2.5
    curated: float = 2.0  # curated regions and landmarks: added because news names them
    admin1: float = 1.0
    admin2: float = 0.3
    town: float = 0.0
    population: float = 1.0  # times log10(population + 1) / 6, for towns
    population_gap: float = 0.0  # the same, minus the largest town reading's (0 for the largest)
    national_capital: float = 0.5
    seat: float = 0.4  # the seat of a same-named region: "Idlib", "Chihuahua", "Vinnytsya" in Vinnytsia
    region_named_city: float = 0.9  # ... also when spelled otherwise: "Mogilev" is Mahilyow, in Mogilev
    own_name: float = 0.5  # its own name ("New York" for "New York City"), not an alternate name
    spelling_distance: float = 0.0  # 1 - similarity of its own name to the text's, if not the same name
    # a region reading whose seat town bears its name and is a reading too ("Idlib": the province or
    # its seat); ACLED notes and news mostly mean the town, unless the text calls the name a region
    # ("Idlib province", "Sarmin, Idlib"), which is the second feature
    seat_region: float = 0.0
    seat_region_word: float = 0.0
    # context
    focus: float = 2.0  # times the share of the text's places in the reading's country
    no_country: float = 1.0  # seas, continents: never off-focus
    off_focus_alias: float = -1.5  # an alternate name of a town of a country the text is not about
    country_named: float = 0.0  # its country is named in the text (a country, a demonym)
    named_region: float = 1.2  # a region picked for another name of the text holds the reading
    named_region_region_reading: float = 0.5  # ... weaker when the name is also a region's
    admin1_named: float = 0.0  # its admin1 region's name is written in the text
    in_parent: float = 3.0  # inside the "Region" of "Town, Region"
    holds_child: float = 3.0  # as that "Region": holds a reading of the town
    admin1_word: float = 1.5  # "Idlib province" and an admin1 reading
    admin2_word: float = 0.8
    town_word: float = 0.8
    near_50km: float = 1.0  # distance to the nearest other place of the first pass
    near_150km: float = 0.6
    near_400km: float = 0.3
    # not fitted: the same for every reading of a name, so no example tells them apart; they order
    # the readings of names looked up several ways, and what is shown
    variant: float = -1.2  # reached through a transliteration skeleton, not the name as written
    reduced_name: float = -0.3  # per step of stripping ("northern X", "X province", "al-X" -> "X")
    given: float = 5.0  # a demonym's or a capital's country, which the recognizer already knows
    within_region: float = -2.0  # a place known only by the region named after it
    within_own: float = -3.0  # ... its own readings, kept as alternatives

    @classmethod
    def hand(cls) -> Weights:
        return cls()

    @classmethod
    def fitted(cls, coefficients: dict[str, float]) -> Weights:
        return cls(**{k: float(v) for k, v in coefficients.items() if k in FITTED})

    @classmethod
    def load(cls, path: Path = RANKER_PATH) -> Weights:
        return cls.fitted(json.loads(path.read_text(encoding="utf-8"))["weights"])

    @cached_property
    def _table(self) -> dict[str, float]:
        return {k: getattr(self, k) for k in (*FITTED, "variant", "reduced_name")}

    def score(self, features: dict[str, float]) -> float:
        w = self._table
        return sum(w[k] * v for k, v in features.items())


HAND = Weights.hand()
WEIGHTS = Weights.load() if RANKER_PATH.exists() else HAND


def _prior_features(e: Entry, exact: bool, key: str, reduced: int = 0) -> dict[str, float]:
    """Features of a reading on its own: its kind, its size, how well the name matched."""
    f = e.feature
    out: dict[str, float] = {}
    if f == "A.PCLI":
        out["country"] = 1.0
    elif f == "L.CONT":
        out["continent"] = 1.0
    elif f[:2] in ("L.", "H.", "S.") or e.id < 0:
        out["curated"] = 1.0
    elif f == "A.ADM1":
        out["admin1"] = 1.0
    elif f == "A.ADM2":
        out["admin2"] = 1.0
    else:
        out["town"] = 1.0
        out["population"] = math.log10(e.population + 1) / 6
        if f == "P.PPLC":
            out["national_capital"] = 1.0
        if _seat(e):
            out["seat"] = 1.0
        elif e.admin1 and fold(e.admin1) == key and e.population >= CITY_POPULATION:
            out["region_named_city"] = 1.0
    if _same_name(e.name, key):
        out["own_name"] = 1.0
    else:
        out["spelling_distance"] = _distance(e.name, key)
    if not exact:
        out["variant"] = 1.0
    if reduced:
        out["reduced_name"] = float(reduced)
    return out


@lru_cache(maxsize=100_000)
def _distance(name: str, key: str) -> float:
    return 1.0 - SequenceMatcher(None, fold(name), key).ratio()


def _prior(e: Entry, exact: bool, key: str, w: Weights = WEIGHTS) -> float:
    """A reading's score on its own."""
    return w.score(_prior_features(e, exact, key))


def _seat(e: Entry) -> bool:
    """The town of a region's name ("Dar'a" in Dar'a, "Idlib" in Idlib): a region's seat, as far as
    cities500 tells (it has no PPLA codes)."""
    return bool(e.admin1) and skeleton(e.admin1) == skeleton(e.name)


def _own_name(e: Entry, m: Toponym) -> bool:
    """Did the mention use the place's own name (not one of GeoNames' alternate names)?"""
    return any(_same_name(e.name, fold(n)) for n in _names_for(m))


def _names_for(m: Toponym) -> list[str]:
    """Lookup strings for a mention: as written, then without kind words or a direction."""
    out = [m.text]
    words = m.text.split()
    if len(words) > 1 and words[0].lower() in DIRECTIONS:
        out.append(" ".join(words[1:]))
    stripped = strip_admin_words(m.text)
    if stripped != m.text:
        out.append(stripped)
    bare = re.sub(rf"^{ARTICLE_PREFIX}", "", m.text)
    if bare != m.text and bare[:1].isupper():
        out.append(bare)  # "el Mina" -> "Mina"
    return out


def _spelled_apart(name: str, written: str) -> bool:
    """Is a gazetteer name more than a near-identical spelling of what the text wrote?  How both
    assimilate their article does not count ("Al-Rutba" is "Ar Rutba"; "Dabat" is no "al-Dabaat")."""
    a, b = fold(name).split(" ", 1), fold(written).split(" ", 1)
    if len(a) == len(b) == 2 and a[0] in ARTICLES and b[0] in ARTICLES:
        a, b = a[1:], b[1:]
    return SequenceMatcher(None, " ".join(a), " ".join(b)).ratio() < 0.9


def _precision(e: Entry, m: Toponym, text: str = "") -> int:
    f = e.feature
    if f.startswith("P.") and f != "P.PPLX":
        p = 1
    elif f in ("A.ADM2", "L.AREA", "P.PPLX", "S.BLDG"):
        p = 2
    else:
        p = 3
    if p == 1 and (m.text.split()[0].lower() in DIRECTIONS or _NEAR.search(text, max(0, m.start - 50), m.start)
                   or m.label == "PATTERN" and "-" in m.text and not _own_name(e, m)):  # "Kinshasa-Gombe"
        p = 2
    return p

_EDGE_KIND = re.compile(r"^(?:(?:municipio|municipality|district|province|governorate|county|village|town|city)"
                        r"\s+(?:of|de|del)?\s*)|\s+(?:village|town|city|camp|area|sector|district|province|governorate|county|"
                        r"municipality|township|upazila|upazilla|tehsil|taluka|taluk|lga|subdivision|partido|woreda)$", re.I)


def _own_name_of(text: str) -> str:
    """"Rupganj Upazila" -> "Rupganj", "Wuji village" -> "Wuji"; "Diego de Almagro" stays whole."""
    return _EDGE_KIND.sub("", text).strip() or text


_NO_NAME = re.compile(r"(?:nameless|unnamed|unknown|unidentified)\b", re.I)  # "Nameless Hills" names nothing
_ADMIN_END = re.compile(r"\b(?:township|district|county|province|state|region|governorate|lga|tehsil|"
                        r"upazila|subdivision|municipality|department)$", re.I)
_VILLAGE_OF = re.compile(r"\s+(?:village|hamlet|town)\s+of\s+(?:the\s+)?", re.I)  # "Vostok village of Alamudun"
_OF_THE = re.compile(r"\s+of\s+the\s+", re.I)
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)")


def coordinated_runs(text: str, spans: list[tuple[int, int]], join: re.Pattern) -> list[list[int]]:
    """Lists in `text`: runs of spans (start, end; in text order) that `join` links one to the next,
    with an "and"/"or" among the links ("A, B and C").  Returns the runs as positions in `spans`."""
    runs: list[list[int]] = []
    for k, (start, _) in enumerate(spans):
        if runs and join.fullmatch(text, spans[runs[-1][-1]][1], start):
            runs[-1].append(k)
        else:
            runs.append([k])
    return [r for r in runs if len(r) > 1 and any(
        re.search(r"\b(?:and|or)\b", text[spans[a][1]:spans[b][0]]) for a, b in zip(r, r[1:], strict=False))]


# "X in rural Y", "X in the western countryside of Y", "X on the outskirts of Y": a village of the
# town's countryside, which ACLED codes at the town when it cannot place the village
_RURAL = re.compile(r"\s+(?:village\s+)?(?:in|on)\s+(?:the\s+)?(?:rural\s+|(?:(?:north|south|east|west)[a-z]*\s+)?"
                    r"(?:countryside|outskirts|suburbs|vicinity)\s+of\s+(?:the\s+)?)"
                    r"(?:(?:al|ar|as|ad|at|az|an|el)[-\s])?", re.I)
_IN_CITY = re.compile(r"\s+(?:area\s+|neighbou?rhood\s+|locality\s+)?in\s+(?:the\s+)?", re.I)
_NEAR_LINK = re.compile(r"\b(?:countryside|outskirts|suburbs|vicinity)\s+of\b|\bnear\b", re.I)
_LIST_NEXT = re.compile(r"\s*(?:,|and\b|or\b)\s*(?:the\s+)?[A-Z]")


def seat_regions(readings: list[Entry]) -> set[int]:
    """The region readings (admin1, admin2) among a name's readings whose seat town is one of them
    too: a town of the region with the region's name ("Idlib" the province and the city in it)."""
    towns = [e for e in readings if e.feature.startswith("P.")]
    out = set()
    for e in readings:
        if e.feature in ("A.ADM1", "A.ADM2"):
            own = skeleton(strip_admin_words(e.name))
            if own and any(e.id in (t.a1, t.a2) and skeleton(t.name) == own for t in towns):
                out.add(e.id)
    return out


def _far_fetched(r: _Reading, i: int, e: Entry) -> bool:
    """In a text about somewhere else (a strong focus), a reading of mention i that is a
    spelling-variant match, or a small place reached through one of GeoNames' alternate names
    ("Ramadan" is an alias of Turabah, Saudi Arabia; "Raqa" a variant of Riga)."""
    return bool(e.cc) and r.focus.get(e.cc, 0.0) < 0.15 and (
        e.id in r.inexact[i] or (not _own_name(e, r.mentions[i]) and e.feature[0] == "P"
                                 and e.population < FAR_ALIAS_POPULATION))


def called_region(r: _Reading, i: int) -> bool:
    """Does the text call mention i a region: a kind word ("Idlib province", "Hajjah Governorate"),
    or as the "Region" of "Town, Region" ("Sarmin, Idlib")?"""
    m = r.mentions[i]
    return m.following in ADMIN1_WORDS | ADMIN2_WORDS or bool(_ADMIN_END.search(m.text)) \
        or i in r.parent_of.values()


@dataclass
class _Reading:
    """What the phases of `Resolver.resolve` learn about one text, each from the ones before."""

    text: str
    mentions: list[Toponym]
    cands: list[list[tuple[Entry, float]]]  # per mention: (reading, prior score), best first
    inexact: list[set[int]]  # per mention: readings reached through a spelling variant
    first: list[Entry | None]  # per mention: the first-pass pick
    parent_of: dict[int, int] = field(default_factory=dict)  # "Town, Region": town -> region mention
    paired: set[int] = field(default_factory=set)  # mentions read together with their region
    held: set[int] = field(default_factory=set)  # "Town, Region" towns with a reading the region holds
    focus: dict[str, float] = field(default_factory=dict)  # country code -> share of the text's places
    weighed: set[int] = field(default_factory=set)  # mentions that gave the focus a country
    named_admins: dict[int, set[int]] = field(default_factory=dict)  # admin id -> mentions naming it
    anchors: list[tuple[int, tuple[float, float]]] = field(default_factory=list)  # first-pass points
    named_ccs: dict[str, set[int]] = field(default_factory=dict)  # country -> mentions naming it
    named_keys: dict[str, set[int]] = field(default_factory=dict)  # a name's fold key -> mentions of it
    prior: list[dict[int, dict[str, float]]] = field(default_factory=list)  # per mention: reading -> features
    features: dict[int, list[tuple[Entry, dict[str, float]]]] = field(default_factory=dict)  # as ranked

    @property
    def strong_focus(self) -> bool:
        return max(self.focus.values(), default=0.0) >= 0.5


class Resolver:
    """Resolves a text's mentions in named phases: `_read` (candidates and "Town, Region" links),
    `_weigh_focus` (country focus, named regions, anchor points), `_rank` (each mention's readings in
    context), `_choose` (one sense per repeated name, refusals of guesses), then the whole-text checks
    (`_refuse_far_guesses`, `_share_list_region`, `_repeat_unlisted`)."""

    def __init__(self, gaz: Gazetteer, weights: Weights = WEIGHTS):
        self.gaz = gaz
        self.w = weights

    def _candidates(self, m: Toponym, inexact: set[int] | None = None,
                    feats: dict[int, dict[str, float]] | None = None) -> list[tuple[Entry, float]]:
        """A mention's readings with their prior scores, best first; `inexact` collects the readings
        reached through a spelling variant, `feats` the features of each reading."""
        if m.kind in ("demonym", "capital"):
            e = m.demonym_of
            if m.kind == "capital" and e is not None:
                e = self.gaz.capital(e.cc)
            return [(e, self.w.given)] if e is not None else []
        if m.label == "SITE":
            return []  # "the Sa'a roundabout": a name the gazetteer scan passed over, kept as written
        seen: dict[int, tuple[Entry, dict[str, float]]] = {}
        for i, name in enumerate(_names_for(m)):
            key = fold(name)
            found = self.gaz.candidates(name)
            if any(exact for _, exact in found):  # a spelling variant only when nothing matches as written
                found = [(e, exact) for e, exact in found if exact]
            for e, exact in found:
                if not exact and inexact is not None:
                    inexact.add(e.id)
                f = _prior_features(e, exact, key, i)
                if e.id not in seen or self.w.score(seen[e.id][1]) < self.w.score(f):
                    seen[e.id] = (e, f)
            # a shorter name ("X" of "X province") only when the name as written finds no reading
            # worth having (by the hand-set prior: a variant of a small town is not)
            # (a town counts by its own name: "Hays city" is an alternate name of Hays, Kansas; Hays,
            # Yemen, is found as "Hays")
            if seen and i == 0 and any(HAND.score(f) > 0 and ("own_name" in f or "town" not in f)
                                       for _, f in seen.values()):
                break
        if not seen and m.label == "PATTERN" and re.search(r"\w-[A-Z]", m.text):
            # "Kinshasa-Gombe", "Lima-La Victoria": a part of the city named first ("Mayo-Sava" is no
            # part of a Mayo: cities are named so, small towns not)
            head = m.text.split("-")[0]
            for e in city_readings(self.gaz, head):
                seen[e.id] = (e, _prior_features(e, True, fold(head), 1))
        towns = [f["population"] for _, f in seen.values() if "population" in f]
        for _, f in seen.values():
            if "population" in f:
                f["population_gap"] = f["population"] - max(towns)
        ranked = sorted(((e, self.w.score(f)) for e, f in seen.values()), key=lambda c: -c[1])[:MAX_CANDIDATES]
        if feats is not None:
            feats.update((e.id, seen[e.id][1]) for e, _ in ranked)
        return ranked

    def resolve(self, text: str, mentions: list[Toponym]) -> list[Place]:
        return self.resolve_reading(text, mentions)[0]

    def resolve_reading(self, text: str, mentions: list[Toponym]) -> tuple[list[Place], _Reading]:
        """The places, and what the phases learned (the ranker's features, for fitting it)."""
        r = self._read(text, mentions)
        self._weigh_focus(r)
        if r.strong_focus:
            # far-fetched readings are dropped everywhere, also as the "Region" of "Town, Region":
            # "Douala city (Wouri, Littoral)" is not held by Wairoa, New Zealand
            r.cands = [[x for x in c if m.kind != "place" or not _far_fetched(r, i, x[0])]
                       for i, (m, c) in enumerate(zip(mentions, r.cands, strict=True))]
        places: list[Place | None] = []
        ranked: dict[int, list[tuple[float, Entry]]] = {}
        for i in range(len(mentions)):
            got = self._rank(r, i)
            if isinstance(got, Place):
                places.append(got)
            else:
                ranked[i] = got
                places.append(None)  # filled by _choose, once repeated names have been pooled
        chosen = self._choose(r, ranked, places)
        self._refuse_far_guesses(places, chosen, mentions, r.inexact, r.paired)
        self._share_list_region(text, mentions, places)
        self._repeat_unlisted(places, r.parent_of)
        return [p for p in places if p is not None], r

    def _read(self, text: str, mentions: list[Toponym]) -> _Reading:
        """Phase 1: each mention's candidates with their prior scores; "Town, Region" links; a linked
        pair read together."""
        inexact: list[set[int]] = [set() for _ in mentions]
        prior: list[dict[int, dict[str, float]]] = [{} for _ in mentions]
        cands = [self._candidates(m, inexact[i], prior[i]) for i, m in enumerate(mentions)]
        r = _Reading(text, mentions, cands, inexact, [c[0][0] if c else None for c in cands], prior=prior)
        # "Town, Region" links: mention i is qualified by mention i+1
        for i in range(len(mentions) - 1):
            between = text[mentions[i].end:mentions[i + 1].start]
            if _LINK.match(between) or _VILLAGE_OF.fullmatch(between) or _OF_THE.fullmatch(between) \
                    and mentions[i + 1].following in ADMIN1_WORDS | ADMIN2_WORDS:  # "Luhei of the Maramures county"
                r.parent_of[i] = i + 1
        # a linked pair is read together: the best town reading inside a region reading
        # ("Atlanta, Georgia" -> Georgia the state), which then counts as a confident pick
        # ... in a country the text names, if one has such a pair ("San Juan (San Juan)" in a note
        # that names Argentina is not Puerto Rico's)
        named = {c[0][0].cc for m, c in zip(mentions, cands, strict=True)
                 if c and (m.kind != "place" or c[0][0].feature == "A.PCLI")}
        for i, p in r.parent_of.items():
            best_pair = max(((cs + ps, ce, pe) for ce, cs in cands[i] for pe, ps in cands[p]
                             if pe.id in (ce.a1, ce.a2) or (pe.feature == "A.PCLI" and pe.cc == ce.cc)),
                            key=lambda x: (x[1].cc in named, x[0]), default=None)
            if best_pair is not None:
                r.first[i], r.first[p] = best_pair[1], best_pair[2]
                r.paired.update((i, p))
        return r

    def _weigh_focus(self, r: _Reading) -> None:
        """Phase 2: the country focus from the first-pass picks (countries, demonyms and linked pairs
        count fully, other picks by their margin), the admin regions named, the anchor points."""
        weight: dict[str, float] = defaultdict(float)
        for i, (m, c) in enumerate(zip(r.mentions, r.cands, strict=True)):
            e = r.first[i]
            if e is None or not e.cc or e.id in r.inexact[i] or m.following in CURRENCY_WORDS:
                continue  # a spelling-variant guess, or "US dollars", says nothing of where things are
            margin = c[0][1] - c[1][1] if len(c) > 1 else 2.0
            w = 1.0 if e.feature == "A.PCLI" or m.kind != "place" or i in r.paired \
                else min(1.0, max(0.1, margin / 2))
            weight[e.cc] += w
            r.weighed.add(i)
        total = sum(weight.values()) or 1.0
        r.focus = {cc: w / total for cc, w in weight.items()}
        r.named_admins = defaultdict(set)
        for i, e in enumerate(r.first):
            if e is not None and e.feature in ("A.ADM1", "A.ADM2"):
                r.named_admins[e.id].add(i)
        r.anchors = [(i, (e.lat, e.lon)) for i, e in enumerate(r.first)
                     if e is not None and e.feature[:2] in ("P.", "A.", "L.") and e.feature not in ("A.PCLI",)
                     and r.mentions[i].kind == "place"]
        r.named_ccs = defaultdict(set)
        r.named_keys = defaultdict(set)
        for i, (m, e) in enumerate(zip(r.mentions, r.first, strict=True)):
            if e is not None and e.cc and (e.feature == "A.PCLI" or m.kind != "place"):
                r.named_ccs[e.cc].add(i)
            for name in _names_for(m):
                r.named_keys[fold(name)].add(i)

    def _in_parent(self, r: _Reading, i: int, c: list[tuple[Entry, float]]
                   ) -> Place | tuple[list[tuple[Entry, float]], set[int], set[str]]:
        """Mention i of a "Town, Region" link: its readings inside the region (with the region's ids
        and countries), or a Place at the region when none is and the region is what we know."""
        m, text, cands = r.mentions[i], r.text, r.cands
        parent_ids: set[int] = set()
        parent_ccs: set[str] = set()
        par = r.parent_of[i]
        first_par = par
        rural = bool(_RURAL.fullmatch(text, m.end, r.mentions[par].start))
        # "Makepe in Douala city", "Kypseli in Athens town": a part of the town the text calls one
        in_city = bool(_IN_CITY.fullmatch(text, m.end, r.mentions[par].start)) \
            and r.mentions[par].following in ("city", "town")
        while par in r.parent_of and not any(e.id not in r.inexact[par] for e, _ in cands[par]):
            par = r.parent_of[par]  # "Morideni (Logobou, Tapoa)": Logobou unknown, Tapoa holds both
        region = self._region_reading(cands[par], text, r.mentions, i, par, r.focus)
        for pe, _ in cands[par][:MAX_CANDIDATES] + ([region] if region else []):
            parent_ids.add(pe.id)
            if pe.feature == "A.PCLI":
                parent_ccs.add(pe.cc)
        inside = [x for x in c if x[0].a1 in parent_ids or x[0].a2 in parent_ids
                  or x[0].cc in parent_ccs or x[0].id in parent_ids]
        if not inside:
            inside = self._held_by_chain(r, i, c, first_par, region)
        exact = [x for x in c if x[0].id not in r.inexact[i]]
        # "Aleppo, Syria"-like pairs keep a big town; "Pati village (Barwani, Madhya Pradesh)"
        # says where the town is, whatever namesake is bigger
        child_big = bool(exact) and exact[0][0].cc in {e.cc for e, _ in cands[par]} and (
            exact[0][0].feature in ("A.PCLI", "A.ADM1", "L.CONT")
            or exact[0][0].population >= 100_000
            and "(" not in text[m.end:r.mentions[par].start] and m.following not in TOWN_WORDS)
        # "in Daoudiyet Mala in rural Tal Tamer": ACLED codes a village the gazetteer lacks at the
        # town whose countryside holds it (5 of 5 such notes in acled-train and acled-dev); the town
        # reading inside the region named after it, else in the text's country
        towns = sorted((x for x in cands[first_par] if x[0].feature.startswith("P.")), key=lambda x: (
            not (x[0].a1 in parent_ids or x[0].a2 in parent_ids), -r.focus.get(x[0].cc, 0.0), -x[1]))
        if not inside and towns and (rural and not _seat(towns[0][0]) or in_city):
            # (the countryside of a province's seat, "southern countryside of Idleb", is the province's)
            town = towns[0]
            p = self._place(m, town[0], town[1], [(town[1], town[0])], text)
            p.geo_precision = 2
            return p
        if not inside and region is not None and not child_big:
            # "Kamianka, Donetsk" with no Kamianka in Donetsk: the region is what we know
            return self._within(m, region, c)
        if inside:
            r.held.add(i)
        return inside or c, parent_ids, parent_ccs

    def _held_by_chain(self, r: _Reading, i: int, c: list[tuple[Entry, float]], par: int,
                       region: tuple[Entry, float] | None) -> list[tuple[Entry, float]]:
        """Town readings of mention i that the regions named after it hold less strictly than by
        the gazetteer's ids: inside any region of the chain ("Lome city (Golfe, Maritime)": no Golfe
        holds Lome, Maritime does), in the admin1 its name spells ("Razih district (Sadah)": Sadah
        read as the town, Razih's admin1 is Sa'dah), or near the region's point in its country
        ("Janzur (Tripoli)": Janzur lies in Jafara, 20 km from Tripoli; "Tirupati city (Chittoor,
        AP)": a district carved out of the one named)."""
        chain = [par]
        # a curated area or a province that does not hold the town says no; a district may not
        # (GeoNames lacks the district of many towns, and districts are redrawn: "Bahawalpur city
        # (Multan, Punjab)")
        if region is None or region[0].feature[:1] != "L" and region[0].feature != "A.ADM1":
            while chain[-1] in r.parent_of and len(chain) < 4:
                chain.append(r.parent_of[chain[-1]])
        ids: set[int] = set()
        names = {skeleton(strip_admin_words(r.mentions[par].text))}
        points: list[Entry] = [region[0]] if region else []
        for j in chain:
            for e, _ in r.cands[j][:MAX_CANDIDATES]:
                if e.id not in r.inexact[j]:
                    ids.add(e.id)
                    if j == par and e.feature[:1] in ("A", "P") and e.feature != "A.PCLI":
                        points.append(e)
        names.discard("")
        out = []
        for x in c:
            e = x[0]
            if e.id in r.inexact[i] or not e.feature.startswith("P."):
                continue
            if (len(chain) > 1 and (e.a1 in ids or e.a2 in ids)) \
                    or (e.admin1 and skeleton(strip_admin_words(e.admin1)) in names) \
                    or any(p.cc == e.cc and haversine_km(e.lat, e.lon, p.lat, p.lon) <= HELD_NEAR_KM
                           for p in points):
                out.append(x)
        return out

    def _rank(self, r: _Reading, i: int) -> Place | list[tuple[float, Entry]]:
        """Phase 3: mention i's readings scored in context, best first; or its Place when the context
        already settles it (a region reading, no reading, or only far-fetched ones)."""
        m, c = r.mentions[i], r.cands[i]
        parent_ids: set[int] = set()
        parent_ccs: set[str] = set()
        if i in r.parent_of:
            got = self._in_parent(r, i, c)
            if isinstance(got, Place):
                return got
            c, parent_ids, parent_ccs = got
        if not c:
            return Place(m.start, m.end, m.text, demonym=m.kind == "demonym")
        # as the "Region" of "Town, Region": the readings that contain a reading of the town
        contains: set[int] = set()
        child_ccs: set[str] = set()
        for j, p in r.parent_of.items():
            if p == i:
                for ce, _ in r.cands[j]:
                    contains.update(x for x in (ce.a1, ce.a2) if x is not None)
                    child_ccs.add(ce.cc)
        region_reading = any(x.feature in ("A.PCLI", "A.ADM1", "L.CONT") for x, _ in c)
        if m.kind != "place":
            return sorted(((s, e) for e, s in c), key=lambda x: -x[0])
        seats = seat_regions([e for e, _ in r.cands[i]])
        scored = []
        r.features[i] = []
        for e, s in c:
            ctx = self._context(r, i, e, parent_ids, parent_ccs, contains, child_ccs, region_reading)
            if e.id in seats:
                ctx["seat_region_word" if called_region(r, i) else "seat_region"] = 1.0
            scored.append((s + self.w.score(ctx), e))
            r.features[i].append((e, {**r.prior[i].get(e.id, {}), **ctx}))
        scored.sort(key=lambda x: -x[0])
        return scored

    def _context(self, r: _Reading, i: int, e: Entry, parent_ids: set[int], parent_ccs: set[str],
                 contains: set[int], child_ccs: set[str], region_reading: bool) -> dict[str, float]:
        """Features of reading `e` of mention i that the rest of the text gives."""
        m = r.mentions[i]
        out: dict[str, float] = {}
        if e.cc:
            out["focus"] = r.focus.get(e.cc, 0.0)
            if r.named_ccs.get(e.cc, set()) - {i}:
                out["country_named"] = 1.0
        else:
            out["no_country"] = 1.0  # places of no single country (seas, continents) are never off-focus
        if r.named_admins.get(e.a1, set()) - {i} or r.named_admins.get(e.a2, set()) - {i}:
            # weaker when the name is also a region's: "California" near "Maryland"
            out["named_region_region_reading" if region_reading else "named_region"] = 1.0
        if e.admin1 and e.feature != "A.ADM1" and r.named_keys.get(fold(e.admin1), set()) - {i}:
            out["admin1_named"] = 1.0  # "Nihm (Sanaa)": the province's name, whatever its first reading
        if r.strong_focus and e.cc and r.focus.get(e.cc, 0.0) < 0.15 and e.feature[0] == "P" \
                and not _own_name(e, m):
            out["off_focus_alias"] = 1.0  # "Falwaya" is an alias of Philadelphia; not in a Nigerian note
        if parent_ids and (e.a1 in parent_ids or e.a2 in parent_ids or e.cc in parent_ccs):
            out["in_parent"] = 1.0
        if e.id in contains or (e.feature == "A.PCLI" and e.cc in child_ccs):
            out["holds_child"] = 1.0
        if m.following in ADMIN1_WORDS and e.feature == "A.ADM1":
            out["admin1_word"] = 1.0
        elif m.following in ADMIN2_WORDS and e.feature == "A.ADM2":
            out["admin2_word"] = 1.0
        elif m.following in TOWN_WORDS and e.feature.startswith("P."):
            out["town_word"] = 1.0
        d = min((haversine_km(e.lat, e.lon, *p) for j, p in r.anchors if j != i), default=None)
        if d is not None and d < 400:
            out["near_50km" if d < 50 else "near_150km" if d < 150 else "near_400km"] = 1.0
        return out

    def _choose(self, r: _Reading, ranked: dict[int, list[tuple[float, Entry]]],
                places: list[Place | None]) -> dict[int, Entry]:
        """Phase 4: one sense per document: a name repeated ("Tripoli ... Tripoli") is one place, its
        mentions' evidence pooled (scores summed per reading).  Fills `places`; returns the entry each
        placed mention was placed at."""
        chosen: dict[int, Entry] = {}
        groups: dict[str, list[int]] = defaultdict(list)
        for i in ranked:
            groups[fold(r.mentions[i].text)].append(i)
        linked = {frozenset(x) for x in r.parent_of.items()}
        for idx in groups.values():
            same_linked = [(a, b) for a in idx for b in idx if r.parent_of.get(a) == b]
            for a, b in same_linked:
                # "Sikasso (Sikasso)", "Mal (Mal)": the town, then the region that holds it
                pair = next(((t, g) for _, t in ranked[a] if t.feature.startswith("P.")
                             for _, g in ranked[b] if g.feature.startswith("A.") and g.id in (t.a1, t.a2)), None)
                if pair is not None:
                    ranked[a] = sorted(ranked[a], key=lambda x: x[1].id != pair[0].id)
                    ranked[b] = sorted(ranked[b], key=lambda x: x[1].id != pair[1].id)
            if same_linked or any(frozenset((a, b)) in linked
                                  and ranked[a][0][1].feature[0] != ranked[b][0][1].feature[0]
                                  for a in idx for b in idx if a < b):
                idx_pool = []  # "Zacatecas, Zacatecas": town and state, not one place
            else:
                idx_pool = idx
            total: dict[int, float] = defaultdict(float)
            for i in idx:
                for sc, e in ranked[i]:
                    total[e.id] += sc
            for i in idx:
                scored = ranked[i]
                if len(idx_pool) > 1:
                    scored = sorted(scored, key=lambda x: -total[x[1].id])
                best_s, best = scored[0]
                unsure = self._unsure(r, i, idx, best, scored)
                if unsure is not None:
                    places[i] = unsure
                    continue
                places[i] = self._place(r.mentions[i], best, best_s, scored, r.text)
                chosen[i] = best
        return chosen

    def _unsure(self, r: _Reading, i: int, idx: list[int], best: Entry,
                scored: list[tuple[float, Entry]]) -> Place | None:
        """The name alone, unplaced, when the best reading of mention i is a guess: a spelling
        variant of a small town of a country the text says nothing of, or one of many same-named
        small towns in a text that names no other place."""
        m = r.mentions[i]
        if best.id in r.inexact[i] and r.focus.get(best.cc, 0.0) < 0.15 \
                and (best.population < 1_000_000 or _distance(best.name, fold(m.text)) >= 0.4) \
                and i not in r.paired and i not in r.held and _spelled_apart(best.name, m.text):
            # "near Muratove" read as Moratuwa, Sri Lanka; "Buaji in Mundri county" as Bejaia, Algeria
            # (a "Region" after the name vouches only for the readings it holds)
            return Place(m.start, m.end, m.text)
        # "observed explosions near Komsomolets": which one is a guess; keep the name only
        context = any(j != i and j not in idx for j in r.weighed)
        namesakes = sum(1 for _, e in scored if e.feature.startswith("P.") and _own_name(e, m))
        if not context and best.feature.startswith("P.") and i not in r.paired and i not in r.parent_of \
                and (namesakes >= 2 and best.population < AMBIGUOUS_POPULATION
                     or namesakes >= 3 and best.population < CITY_POPULATION and not _seat(best)
                     or best.population < HAMLET_POPULATION):
            return Place(m.start, m.end, m.text, candidates=[self.candidate_dict(x, sc) for sc, x in scored[:5]])
        return None

    def _share_list_region(self, text: str, mentions: list[Toponym], places: list[Place | None]) -> None:
        """"the villages of A, B and C (District, Region)": the list shares its last member's region."""
        for group in coordinated_runs(text, [(m.start, m.end) for m in mentions], _LIST_SEP):
            last = places[group[-1]]
            if last is None or not last.unlisted:
                continue
            for i in group[:-1]:
                p = places[i]
                if p is None or p.unlisted or mentions[i].kind != "place":
                    continue
                if not p.resolved or p.country_code != last.country_code:
                    m = mentions[i]
                    places[i] = replace(last, start=m.start, end=m.end, text=m.text,
                                        unlisted_name=_own_name_of(m.text))

    @staticmethod
    def _repeat_unlisted(places: list[Place | None], parent_of: dict[int, int]) -> None:
        """The same name again, with no region of its own: the town already placed by its region
        ("near Pisky, Donetsk ... in Pisky")."""
        unlisted = {fold(p.text): p for p in places if p is not None and p.unlisted}
        for i, p in enumerate(places):
            if p is not None and not p.unlisted and i not in parent_of and fold(p.text) in unlisted:
                first_p = unlisted[fold(p.text)]
                places[i] = replace(first_p, start=p.start, end=p.end, text=p.text)

    def _refuse_far_guesses(self, places: list[Place | None], chosen: dict[int, Entry],
                            mentions: list[Toponym], inexact: list[set[int]], paired: set[int]) -> None:
        """Guesses the rest of the text speaks against become the name alone, unplaced.

        Two kinds, both a small town far (> FAR_VARIANT_KM) from every place the text names with
        certainty: a reading reached through a spelling variant or one of GeoNames' alternate names
        ("Chhewari village (Kaimur, Bihar)" read as Cherra, 250 km away), and a town of a country
        the text never names ("clashed with the Mauritanian police in Mal", where the only Mal we
        know is Belgian)."""
        def certain(j: int) -> bool:
            e = chosen[j]
            return e.id not in inexact[j] and (e.feature[0] != "P" or _own_name(e, mentions[j]))

        sure = [j for j in chosen if certain(j)]
        demonym_ccs = {p.country_code for p in places if p is not None and p.demonym and p.country_code}
        for i, best in chosen.items():
            m = mentions[i]
            if not best.feature.startswith("P.") or i in paired or m.kind != "place":
                continue
            others = [j for j in sure if fold(mentions[j].text) != fold(m.text)]
            points = [chosen[j] for j in others if mentions[j].kind == "place" and chosen[j].feature != "A.PCLI"]
            if any(haversine_km(best.lat, best.lon, e.lat, e.lon) <= FAR_VARIANT_KM for e in points):
                continue
            named = {chosen[j].cc for j in others} | demonym_ccs
            if best.id in inexact[i] or not _own_name(best, m):
                # of a small town only: a city's variant or other name ("Raqa", "Mogilev" for Mahilyow)
                # is named far from the other places of a text often enough
                refuse = best.population < AMBIGUOUS_POPULATION and bool(points) and _spelled_apart(best.name, m.text)
            else:
                refuse = bool(named) and best.cc not in named and best.population < AMBIGUOUS_POPULATION
            if refuse:
                places[i] = self._unplaced(m, i, chosen, others, named)

    def _unplaced(self, m: Toponym, i: int, chosen: dict[int, Entry], others: list[int], named: set[str]) -> Place:
        """The mention's name alone, held by the next place named after it ("Poncosari subdistrict,
        ..., Yogyakarta province", "Chhewari village under Ramgarh police station") or, in a text
        that places nothing else, by the one country it names ("the Mauritanian police in Mal")."""
        after = [j for j in sorted(others) if j > i and chosen[j].feature != "A.PCLI"]
        if after:
            e = chosen[after[0]]
            if e.feature in ("A.ADM1", "A.ADM2") or e.feature.startswith("P."):
                return self._within(m, (e, 0.0), [])
        elif len(named) == 1 and all(chosen[j].feature == "A.PCLI" for j in others):
            country = self.gaz.countries.get(next(iter(named)))
            if country is not None:
                return self._within(m, (country, 0.0), [])
        return Place(m.start, m.end, m.text)

    def _region_reading(self, parent: list[tuple[Entry, float]], text: str, mentions: list[Toponym],
                        i: int, j: int, focus: dict[str, float]) -> tuple[Entry, float] | None:
        """The reading of the "Region" in "Town, Region" / "Town (District, Region)" that can hold a
        town the gazetteer lacks: an admin reading of the name ("Donetsk" the oblast, not the city).
        A town reading holds it only in the parenthesis form, ACLED's "Al Hishah (Misrata)"; in a
        comma list ("Douma, Aleppo and Homs") the next name is no container."""
        if not parent:
            return None
        admin = [x for x in parent if x[0].feature in ("A.ADM1", "A.ADM2", "A.ADM3", "L.AREA", "L.RGN")]
        paren = "(" in text[mentions[i].end:mentions[j].start]
        if not paren and _LIST_NEXT.match(text, mentions[j].end) and not _ADMIN_END.search(mentions[j].text):
            return None  # a list; but "X village, Y Township, Z District" is a hierarchy
        if not admin and " in " in text[mentions[i].end:mentions[j].start]:
            # "Kinda in Idleb": the province of that name, though "Idleb" spells only the city exactly
            top = parent[0][0]
            admin = [(e, parent[0][1]) for e, _ in self.gaz.candidates(mentions[j].text)
                     if e.cc == top.cc and e.feature in ("A.ADM1", "A.ADM2")
                     and skeleton(strip_admin_words(e.name)) == skeleton(top.name)]
        if admin:
            # "Donga" is an LGA of Nigeria and a department of Benin: the one in the text's country
            return max(admin, key=lambda x: focus.get(x[0].cc, 0.0))
        # "Zunnar in the countryside of Tell Abiad": a village near the town, placed by it
        near = _NEAR_LINK.search(text[mentions[i].end:mentions[j].start])
        return parent[0] if paren or near else None

    def _within(self, m: Toponym, region: tuple[Entry, float], own: list[tuple[Entry, float]]) -> Place:
        """A place known only by the region named after it: the region's point, region precision."""
        e, s = region
        p = self._place(m, e, s + self.w.within_region,
                        [(s + self.w.within_region, e)] + [(x[1] + self.w.within_own, x[0]) for x in own])
        p.geo_precision = 2 if e.feature in ("A.ADM2", "L.AREA") or e.feature.startswith("P.") else 3
        bare = re.sub(rf"^{ARTICLE_PREFIX}", "", m.text)  # "al-Shamsani"
        if not is_facility(m.text) and bare[:1].isupper() and not _NO_NAME.match(m.text):
            # a town the gazetteer lacks keeps its own name; a site ("X beach") is placed by its town
            p.unlisted_name = _own_name_of(m.text)
        return p

    def _place(self, m: Toponym, e: Entry, score: float, scored: list[tuple[float, Entry]],
               text: str = "") -> Place:
        return Place(
            start=m.start, end=m.end, text=m.text, name=e.name, lat=e.lat, lon=e.lon,
            geonameid=e.id if e.id > 0 else None, country_code=e.cc or None,
            country=self.gaz.country_name(e.cc), admin1=self._admin1(e), feature=e.feature,
            population=e.population or None, geo_precision=3 if m.kind == "demonym" else _precision(e, m, text),
            score=round(score, 3), demonym=m.kind == "demonym",
            candidates=[self.candidate_dict(x, s) for s, x in scored[:5]],
        )

    @staticmethod
    def _admin1(e: Entry) -> str | None:
        if e.feature == "A.ADM1":
            return e.name
        return e.admin1

    def candidate_dict(self, e: Entry, score: float) -> dict:
        return {"name": e.name, "lat": e.lat, "lon": e.lon, "geonameid": e.id if e.id > 0 else None,
                "country_code": e.cc or None, "admin1": self._admin1(e), "admin2": e.admin2,
                "feature": e.feature, "population": e.population, "score": round(score, 3)}
