"""Choose one gazetteer entry per mention, using the whole document as context.

Two passes.  The first ranks each mention's candidates on their own (feature, population, how
well the name matched).  From those picks we read the document's country focus and a set of anchor
points.  The second pass re-ranks with context: the country focus, an admin region named elsewhere
in the text that contains the candidate, the "Town, Region" pattern, nearness to the other places,
and a kind word after the name ("Idlib province").  A mention with no candidate stays unresolved
without touching the others.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import replace
from difflib import SequenceMatcher

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
OFF_FOCUS_ALIAS = 1.5
FAR_ALIAS_POPULATION = 500_000
FAR_VARIANT_KM = 200  # a spelling-variant reading farther than this from every sure place is refused
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


def _prior(e: Entry, exact: bool, key: str) -> float:
    f = e.feature
    pop = math.log10(e.population + 1) / 6
    if f == "A.PCLI":
        s = 3.0
    elif f == "L.CONT":
        s = 2.5
    elif f[:2] in ("L.", "H.", "S.") or e.id < 0:
        s = 2.0  # curated regions and landmarks: added because news names them
    elif f == "A.ADM1":
        s = 1.0
    elif f == "A.ADM2":
        s = 0.3
    else:
        s = pop + (0.5 if f == "P.PPLC" else 0.0)
        if _seat(e):
            s += 0.4  # the seat of a same-named region: "Idlib", "Chihuahua", "Vinnytsya" in Vinnytsia
        elif e.admin1 and fold(e.admin1) == key and e.population >= CITY_POPULATION:
            s += 0.9  # ... also when its own name is spelled otherwise: "Mogilev" is Mahilyow, in Mogilev
    if _same_name(e.name, key):
        s += 0.5  # its own name ("New York" for "New York City"), not one of GeoNames' alternate names
    if not exact:
        s -= 1.2
    return s


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


_NEAR_LINK = re.compile(r"\b(?:countryside|outskirts|suburbs|vicinity)\s+of\b|\bnear\b", re.I)
_LIST_NEXT = re.compile(r"\s*(?:,|and\b|or\b)\s*(?:the\s+)?[A-Z]")


class Resolver:
    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz

    def _candidates(self, m: Toponym, inexact: set[int] | None = None) -> list[tuple[Entry, float]]:
        if m.kind in ("demonym", "capital"):
            e = m.demonym_of
            if m.kind == "capital" and e is not None:
                e = self.gaz.capital(e.cc)
            return [(e, 5.0)] if e is not None else []
        if m.label == "SITE":
            return []  # "the Sa'a roundabout": a name the gazetteer scan passed over, kept as written
        seen: dict[int, tuple[Entry, float]] = {}
        for i, name in enumerate(_names_for(m)):
            key = fold(name)
            found = self.gaz.candidates(name)
            if any(exact for _, exact in found):  # a spelling variant only when nothing matches as written
                found = [(e, exact) for e, exact in found if exact]
            for e, exact in found:
                if not exact and inexact is not None:
                    inexact.add(e.id)
                s = _prior(e, exact, key) - 0.3 * i
                if e.id not in seen or seen[e.id][1] < s:
                    seen[e.id] = (e, s)
            if seen and i == 0 and any(c[1] > 0 for c in seen.values()):
                break
        if not seen and m.label == "PATTERN" and re.search(r"\w-[A-Z]", m.text):
            # "Kinshasa-Gombe", "Lima-La Victoria": a part of the city named first ("Mayo-Sava" is no
            # part of a Mayo: cities are named so, small towns not)
            head = m.text.split("-")[0]
            for e in city_readings(self.gaz, head):
                seen[e.id] = (e, _prior(e, True, fold(head)) - 0.3)
        ranked = sorted(seen.values(), key=lambda c: -c[1])
        return ranked[:MAX_CANDIDATES]

    def resolve(self, text: str, mentions: list[Toponym]) -> list[Place]:
        inexact: list[set[int]] = [set() for _ in mentions]
        cands = [self._candidates(m, inexact[i]) for i, m in enumerate(mentions)]
        first = [c[0][0] if c else None for c in cands]
        # "Town, Region" links: mention i is qualified by mention i+1
        parent_of: dict[int, int] = {}
        for i in range(len(mentions) - 1):
            between = text[mentions[i].end:mentions[i + 1].start]
            if _LINK.match(between) or _VILLAGE_OF.fullmatch(between) or _OF_THE.fullmatch(between) \
                    and mentions[i + 1].following in ADMIN1_WORDS | ADMIN2_WORDS:  # "Luhei of the Maramures county"
                parent_of[i] = i + 1
        # a linked pair is read together: the best town reading inside a region reading
        # ("Atlanta, Georgia" -> Georgia the state), which then counts as a confident pick
        paired: set[int] = set()
        for i, p in parent_of.items():
            best_pair = max(((cs + ps, ce, pe) for ce, cs in cands[i] for pe, ps in cands[p]
                             if pe.id in (ce.a1, ce.a2) or (pe.feature == "A.PCLI" and pe.cc == ce.cc)),
                            key=lambda x: x[0], default=None)
            if best_pair is not None:
                first[i], first[p] = best_pair[1], best_pair[2]
                paired.update((i, p))

        # country focus from first-pass picks; countries, demonyms and linked pairs count fully
        weight: dict[str, float] = defaultdict(float)
        weighed: set[int] = set()  # mentions that gave the focus a country
        for i, (m, c) in enumerate(zip(mentions, cands, strict=True)):
            e = first[i]
            if e is None or not e.cc or e.id in inexact[i] or m.following in CURRENCY_WORDS:
                continue  # a spelling-variant guess, or "US dollars", says nothing of where things are
            margin = c[0][1] - c[1][1] if len(c) > 1 else 2.0
            w = 1.0 if e.feature == "A.PCLI" or m.kind != "place" or i in paired \
                else min(1.0, max(0.1, margin / 2))
            weight[e.cc] += w
            weighed.add(i)
        total = sum(weight.values()) or 1.0
        focus = {cc: w / total for cc, w in weight.items()}
        named_admins: dict[int, set[int]] = defaultdict(set)  # admin id -> mentions that name it
        for i, e in enumerate(first):
            if e is not None and e.feature in ("A.ADM1", "A.ADM2"):
                named_admins[e.id].add(i)
        strong_focus = max(focus.values(), default=0.0) >= 0.5
        anchors = [(i, (e.lat, e.lon)) for i, e in enumerate(first)
                   if e is not None and e.feature[:2] in ("P.", "A.", "L.") and e.feature not in ("A.PCLI",)
                   and mentions[i].kind == "place"]


        places: list[Place | None] = []
        chosen: dict[int, Entry] = {}  # mention -> the entry it was placed at
        ranked: dict[int, list[tuple[float, Entry]]] = {}
        for i, (m, c) in enumerate(zip(mentions, cands, strict=True)):
            parent_ids: set[int] = set()
            parent_ccs: set[str] = set()
            if i in parent_of:
                par = parent_of[i]
                while par in parent_of and not any(e.id not in inexact[par] for e, _ in cands[par]):
                    par = parent_of[par]  # "Morideni (Logobou, Tapoa)": Logobou unknown, Tapoa holds both
                region = self._region_reading(cands[par], text, mentions, i, par, focus)
                for pe, _ in cands[par][:MAX_CANDIDATES] + ([region] if region else []):
                    parent_ids.add(pe.id)
                    if pe.feature == "A.PCLI":
                        parent_ccs.add(pe.cc)
                inside = [x for x in c if x[0].a1 in parent_ids or x[0].a2 in parent_ids
                          or x[0].cc in parent_ccs or x[0].id in parent_ids]
                exact = [x for x in c if x[0].id not in inexact[i]]
                # "Aleppo, Syria"-like pairs keep a big town; "Pati village (Barwani, Madhya Pradesh)"
                # says where the town is, whatever namesake is bigger
                child_big = bool(exact) and exact[0][0].cc in {e.cc for e, _ in cands[par]} and (
                    exact[0][0].feature in ("A.PCLI", "A.ADM1", "L.CONT")
                    or exact[0][0].population >= 100_000
                    and "(" not in text[m.end:mentions[par].start] and m.following not in TOWN_WORDS)
                if not inside and region is not None and not child_big:
                    # "Kamianka, Donetsk" with no Kamianka in Donetsk: the region is what we know
                    places.append(self._within(m, region, c))
                    continue
                c = inside or c
            if not c:
                places.append(Place(m.start, m.end, m.text, demonym=m.kind == "demonym"))
                continue
            # as the "Region" of "Town, Region": the readings that contain a reading of the town
            contains: set[int] = set()
            child_ccs: set[str] = set()
            for j, p in parent_of.items():
                if p == i:
                    for ce, _ in cands[j]:
                        contains.update(x for x in (ce.a1, ce.a2) if x is not None)
                        child_ccs.add(ce.cc)
            if strong_focus and m.kind == "place":
                # far-fetched readings in a document about somewhere else: a spelling-variant match,
                # or a small place reached through one of GeoNames' alternate names ("Ramadan" is an
                # alias of Turabah, Saudi Arabia; "Raqa" a variant of Riga), are dropped
                c = [(e, s) for e, s in c if not (e.cc and focus.get(e.cc, 0.0) < 0.15 and (
                    e.id in inexact[i] or (not _own_name(e, m) and e.feature[0] == "P"
                                           and e.population < FAR_ALIAS_POPULATION)))]
                if not c:
                    places.append(Place(m.start, m.end, m.text))
                    continue
            region_reading = any(x.feature in ("A.PCLI", "A.ADM1", "L.CONT") for x, _ in c)
            scored: list[tuple[float, Entry]] = []
            for e, s in c:
                if m.kind == "place":
                    # places of no single country (seas, continents) are never off-focus
                    s += 2.0 * focus.get(e.cc, 0.0) if e.cc else 1.0
                    if named_admins.get(e.a1, set()) - {i} or named_admins.get(e.a2, set()) - {i}:
                        # weaker when the name is also a region's: "California" near "Maryland"
                        s += 0.5 if region_reading else 1.2
                    if strong_focus and e.cc and focus.get(e.cc, 0.0) < 0.15 and e.feature[0] == "P" \
                            and not _own_name(e, m):
                        s -= OFF_FOCUS_ALIAS  # "Falwaya" is an alias of Philadelphia; not in a Nigerian note
                    if parent_ids and (e.a1 in parent_ids or e.a2 in parent_ids or e.cc in parent_ccs):
                        s += 3.0
                    if e.id in contains or (e.feature == "A.PCLI" and e.cc in child_ccs):
                        s += 3.0
                    if m.following in ADMIN1_WORDS and e.feature == "A.ADM1":
                        s += 1.5
                    elif m.following in ADMIN2_WORDS and e.feature == "A.ADM2":
                        s += 0.8
                    elif m.following in TOWN_WORDS and e.feature.startswith("P."):
                        s += 0.8
                    d = min((haversine_km(e.lat, e.lon, *p) for j, p in anchors if j != i), default=None)
                    if d is not None:
                        s += 1.0 if d < 50 else 0.6 if d < 150 else 0.3 if d < 400 else 0.0
                scored.append((s, e))
            scored.sort(key=lambda x: -x[0])
            ranked[i] = scored
            places.append(None)  # filled below, once repeated names have been pooled

        # one sense per document: a name repeated ("Tripoli ... Tripoli") is one place; pool the
        # evidence of its mentions (scores summed per reading)
        groups: dict[str, list[int]] = defaultdict(list)
        for i in ranked:
            groups[fold(mentions[i].text)].append(i)
        linked = {frozenset(x) for x in parent_of.items()}
        for idx in groups.values():
            same_linked = [(a, b) for a in idx for b in idx if parent_of.get(a) == b]
            for a, b in same_linked:
                # "Sikasso (Sikasso)", "Mal (Mal)": the town, then the region that holds it
                pair = next(((t, r) for _, t in ranked[a] if t.feature.startswith("P.")
                             for _, r in ranked[b] if r.feature.startswith("A.") and r.id in (t.a1, t.a2)), None)
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
                if best.id in inexact[i] and focus.get(best.cc, 0.0) < 0.15 and best.population < 1_000_000 \
                        and i not in paired and i not in parent_of \
                        and _spelled_apart(best.name, mentions[i].text):
                    # a spelling variant of a small town, in a text that says nothing of its country
                    # ("near Muratove" read as Moratuwa, Sri Lanka): the name is kept, unplaced
                    places[i] = Place(mentions[i].start, mentions[i].end, mentions[i].text)
                    continue
                # a small town whose name many towns share, in a text that names no other place
                # ("observed explosions near Komsomolets"): which one is a guess; keep the name only
                context = any(j != i and j not in idx for j in weighed)
                namesakes = sum(1 for _, e in scored if e.feature.startswith("P.") and _own_name(e, mentions[i]))
                if not context and best.feature.startswith("P.") and i not in paired and i not in parent_of \
                        and (namesakes >= 2 and best.population < AMBIGUOUS_POPULATION
                             or namesakes >= 3 and best.population < CITY_POPULATION and not _seat(best)
                             or best.population < HAMLET_POPULATION):
                    places[i] = Place(mentions[i].start, mentions[i].end, mentions[i].text,
                                      candidates=[self.candidate_dict(x, sc) for sc, x in scored[:5]])
                    continue
                places[i] = self._place(mentions[i], best, best_s, scored, text)
                chosen[i] = best
        self._refuse_far_guesses(places, chosen, mentions, inexact, paired)
        # "the villages of A, B and C (District, Region)": the list shares its last member's region
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
        # the same name again, with no region of its own: the town already placed by its region
        # ("near Pisky, Donetsk ... in Pisky")
        unlisted = {fold(p.text): p for p in places if p is not None and p.unlisted}
        for i, p in enumerate(places):
            if p is not None and not p.unlisted and i not in parent_of and fold(p.text) in unlisted:
                first_p = unlisted[fold(p.text)]
                places[i] = replace(first_p, start=p.start, end=p.end, text=p.text)
        return [p for p in places if p is not None]

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
        p = self._place(m, e, s - 2.0, [(s - 2.0, e)] + [(x[1] - 3.0, x[0]) for x in own])
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
