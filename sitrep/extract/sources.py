"""Who a claim is attributed to: monitors, agencies, state media, officials, medics, activists.

    r = SourceResolver(doc_text, publisher="Deutsche Welle")
    r.sources_in("..., killing four people, according to the Observatory.", offset=1234)
    -> [SourceMention(name="Syrian Observatory for Human Rights", span=..., kind="monitor")]

Known sources live in sitrep/data/sources.tsv (canonical name, aliases, kind, country, place; see its
header).  Conventions:

* Names are canonical so acronyms and long forms unify: "SOHR", "the Britain-based Syrian Observatory
  for Human Rights", "Rami Abdel Rahman" (its director) -> "Syrian Observatory for Human Rights";
  "Syrian News Agency (SANA)" -> "Syrian Arab News Agency"; "AFP", "Agence France-Press" ->
  "Agence France-Presse".
* Weak aliases ("the Observatory", "the monitor", "state television", "the health ministry") resolve
  to a known source only when that source is named in full elsewhere in the document, or when the
  document is about the source's country (the country named most often).  A weak generic that
  matches no known source is named with the document's demonym: "Iraqi state television".  Among
  several candidates the one named most recently before the sentence wins.
* Monitors, agencies, media and NGOs count as sources wherever they are named in a sentence.
  Governments, militaries, UN bodies, people and roles count only in an attribution frame:
  "according to X", "X said/reported/told/claimed/...", "said X", "told X", "X's spokesman said".
* Roles are normalized to plural labels: "a medic told ..." -> "Medics", "activists said" ->
  "Activists", "local sources" -> "Local sources", "police said" -> "Police", "residents said" ->
  "Residents", "a security source" -> "Security sources", "officials" -> "Officials".
* "A medic told AFP" yields both the speaker (Medics) and the channel (Agence France-Presse).
* Anaphora in an attribution frame ("the agency said", "the ministry said", "the rights group said")
  resolves to the latest known source of a fitting kind named before the sentence.
* Unknown named sources in an attribution frame get a cleaned name: leading articles and descriptors
  ("the Britain-based", "state-run", "Houthi-run") and titles before a person's name ("US President",
  "Homs Governor") are dropped, as are trailing "spokesman", "statement", "'s".
* "a monitor said", "a monitoring group said" is the one monitor the report names in full (before or
  after); "the center said" the centre named before; "a source at Aleppo Police Command" that body.
* A known name misspelt ("the Syrian Obervatory") is that source (90% alike, same first word).
* Not sources: a picture's credit ("AP Photo NAME", "(Photo AFP)", "AFP 2018 NAME", "REUTERS NAME"),
  and an outlet named like a town (sources.tsv "place": Al-Mayadin) outside an attribution frame.
* The report's country (for weak names) is the one its places give when the caller passes it.
* `carry_attribution`: a sentence naming no source continues the attribution before it.
* The publisher (if given) is never returned (schema: "the publisher itself is not repeated").
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from sitrep.types import Span
from sitrep.vocab.en import MONTH_ABBREVIATIONS, MONTH_NAMES, WEEKDAY_ABBREVIATIONS, WEEKDAY_NAMES

__all__ = ["SourceMention", "SourceResolver", "carry_attribution", "known_sources", "normalize_source", "outlet_name"]

DATA = Path(__file__).resolve().parents[1] / "data" / "sources.tsv"


@dataclass
class SourceMention:
    name: str  # canonical
    span: Span
    kind: str | None  # monitor | agency | state media | media | government | military | ngo | un | other


@dataclass(frozen=True)
class KnownSource:
    canonical: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]
    weak: tuple[str, ...]
    also_place: bool = False  # its names are also a place's: a source only in an attribution frame


def _key(s: str) -> str:
    s = s.replace("’", "'").replace("–", "-")
    return " ".join(re.sub(r"[^\w'&-]+", " ", s.lower()).split())


@lru_cache(maxsize=1)
def known_sources() -> tuple[KnownSource, ...]:
    out: list[KnownSource] = []
    with open(DATA, encoding="utf-8") as f:
        header_seen = False
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if not header_seen:
                header_seen = True
                if cols[0] == "canonical":
                    continue
            canonical, aliases, kind, country, flags = (cols + ["", "", "", "", ""])[:5]
            strong, weak = [canonical], []
            for a in aliases.split("|"):
                a = a.strip()
                if not a:
                    continue
                (weak if a.startswith("~") else strong).append(a.lstrip("~"))
            out.append(KnownSource(canonical, kind or None, country or None, tuple(strong), tuple(weak),
                                   also_place=flags.strip() == "place"))
    return tuple(out)


def _is_acronym(a: str) -> bool:
    letters = [c for c in a if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and " " not in a and len(a) <= 8


@lru_cache(maxsize=1)
def _tables() -> tuple[re.Pattern[str], re.Pattern[str] | None, dict[str, list[tuple[KnownSource, bool]]],
                       dict[str, list[tuple[KnownSource, bool]]]]:
    """(case-insensitive alias regex, case-sensitive acronym regex, key->[(source, weak)], acro->...)."""
    by_key: dict[str, list[tuple[KnownSource, bool]]] = {}
    by_acro: dict[str, list[tuple[KnownSource, bool]]] = {}
    words: set[str] = set()
    acros: set[str] = set()
    for src in known_sources():
        for weak, names in ((False, src.aliases), (True, src.weak)):
            for a in names:
                if _is_acronym(a):
                    by_acro.setdefault(a, []).append((src, weak))
                    acros.add(a)
                else:
                    k = _key(a)
                    by_key.setdefault(k, []).append((src, weak))
                    words.add(a)

    def alt(names: set[str]) -> str:
        parts = []
        for a in sorted(names, key=len, reverse=True):
            p = re.escape(a.replace("’", "'"))
            p = p.replace("'", "['’]").replace(r"\ ", r"\s+").replace(r"\-", "[-–]")
            parts.append(p)
        return "|".join(parts)

    rx_words = re.compile(r"(?<![\w-])(?:" + alt(words) + r")(?![\w-])", re.IGNORECASE)
    rx_acro = re.compile(r"(?<![\w-])(?:" + alt(acros) + r")(?![\w-])") if acros else None
    return rx_words, rx_acro, by_key, by_acro


_WORD = re.compile(r"(?<![\w-])[\w'’.]+")


@lru_cache(maxsize=1)
def _first_words() -> tuple[frozenset[str], frozenset[str]]:
    """First words of the aliases (lowercased) and of the acronyms (as written)."""
    firsts: set[str] = set()
    acros: set[str] = set()
    for src in known_sources():
        for a in src.aliases + src.weak:
            first = re.split(r"[\s-]", a.replace("’", "'"))[0]
            if _is_acronym(a):
                acros.add(first)
            else:
                firsts.add(first.lower())
                firsts.add(first.lower().replace("'", "’"))
    return frozenset(firsts), frozenset(acros)


# ------------------------------------------------------------------------------------------ countries

_COUNTRIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "SY": ("Syrian", ("Syria", "Syrian", "Syrians", "Damascus", "Aleppo", "Idlib", "Homs", "Ghouta")),
    "IQ": ("Iraqi", ("Iraq", "Iraqi", "Iraqis", "Baghdad", "Mosul")),
    "YE": ("Yemeni", ("Yemen", "Yemeni", "Houthi", "Houthis", "Sanaa", "Aden", "Hodeidah")),
    "AF": ("Afghan", ("Afghanistan", "Afghan", "Kabul", "Taliban")),
    "LB": ("Lebanese", ("Lebanon", "Lebanese", "Beirut")),
    "LY": ("Libyan", ("Libya", "Libyan", "Tripoli", "Benghazi")),
    "IL": ("Israeli", ("Israel", "Israeli", "Gaza")),
    "PS": ("Palestinian", ("Palestinian", "Palestinians", "West Bank")),
    "TR": ("Turkish", ("Turkey", "Turkish", "Ankara")),
    "RU": ("Russian", ("Russia", "Russian", "Moscow")),
    "UA": ("Ukrainian", ("Ukraine", "Ukrainian", "Kyiv", "Kiev", "Donetsk", "Luhansk")),
    "IR": ("Iranian", ("Iran", "Iranian", "Tehran")),
    "NG": ("Nigerian", ("Nigeria", "Nigerian", "Borno", "Abuja")),
    "SO": ("Somali", ("Somalia", "Somali", "Mogadishu")),
    "PK": ("Pakistani", ("Pakistan", "Pakistani")),
    "IN": ("Indian", ("India", "Indian")),
    "ML": ("Malian", ("Mali", "Malian", "Bamako")),
    "BF": ("Burkinabe", ("Burkina Faso", "Burkinabe")),
    "CD": ("Congolese", ("Congo", "Congolese", "Kinshasa")),
    "SD": ("Sudanese", ("Sudan", "Sudanese", "Khartoum")),
    "SS": ("South Sudanese", ("South Sudan", "South Sudanese", "Juba")),
    "EG": ("Egyptian", ("Egypt", "Egyptian", "Cairo", "Sinai")),
    "MX": ("Mexican", ("Mexico", "Mexican")),
    "CO": ("Colombian", ("Colombia", "Colombian")),
    "BR": ("Brazilian", ("Brazil", "Brazilian")),
    "PH": ("Philippine", ("Philippines", "Philippine", "Filipino")),
    "MM": ("Myanmar", ("Myanmar", "Burma", "Burmese")),
    "ET": ("Ethiopian", ("Ethiopia", "Ethiopian")),
    "CM": ("Cameroonian", ("Cameroon", "Cameroonian")),
    "MZ": ("Mozambican", ("Mozambique", "Mozambican")),
}
_COUNTRY_RX = re.compile(
    r"\b(" + "|".join(sorted({re.escape(w) for _, ws in _COUNTRIES.values() for w in ws}, key=len, reverse=True))
    + r")\b")
_WORD_TO_CC = {w: cc for cc, (_, ws) in _COUNTRIES.items() for w in ws}

# --------------------------------------------------------------------------------------------- roles

_ROLES: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"\b(?:para)?medics?\b|\bmedical\s+(?:workers?|staff|teams?)\b|\bambulance\s+(?:workers?|crews?)\b", re.I), "Medics", "other"),
    (re.compile(r"\bmedical\s+sources?\b|\bhospital\s+(?:sources?|officials?|staff|director|doctors?)\b|\bhealth\s+officials?\b", re.I), "Medical sources", "other"),
    (re.compile(r"\bdoctors?\b|\bphysicians?\b|\bsurgeons?\b|\bnurses?\b", re.I), "Doctors", "other"),
    (re.compile(r"\bactivists?\b|\bopposition\s+activists?\b", re.I), "Activists", "other"),
    (re.compile(r"\bresidents?\b|\blocals\b|\bvillagers?\b|\binhabitants\b|\bfamily\s+members?\b|\brelatives\b", re.I), "Residents", "other"),
    (re.compile(r"\b(?:eye)?witness(?:es)?\b", re.I), "Witnesses", "other"),
    (re.compile(r"\blocal\s+(?:sources?|media|journalists?|reports?)\b", re.I), "Local sources", "other"),
    (re.compile(r"\bsecurity\s+(?:sources?|officials?|officers?|forces\s+sources?)\b", re.I), "Security sources", "military"),
    (re.compile(r"\bmilitary\s+(?:sources?|officials?|spokes(?:man|woman|person))\b|\barmy\s+(?:sources?|officers?|officials?|spokes(?:man|woman|person))\b", re.I), "Military sources", "military"),
    (re.compile(r"\bpolice(?:\s+(?:officers?|officials?|sources?|spokes(?:man|woman|person)|chief|commander))?\b|\bpolicem[ae]n\b", re.I), "Police", "government"),
    (re.compile(r"\brescuers?\b|\brescue\s+workers?\b|\bfirst\s+responders\b", re.I), "Rescuers", "other"),
    (re.compile(r"\b(?:government\s+|local\s+|provincial\s+|district\s+|town\s+|city\s+|village\s+)?officials?\b|\bauthorities\b", re.I), "Officials", "government"),
    (re.compile(r"\bjournalists?\b|\bcorrespondents?\b|\breporters?\b", re.I), "Journalists", "other"),
    (re.compile(r"\b(?:human\s+)?rights\s+(?:groups?|organi[sz]ations?|activists?|monitors?)\b", re.I), "Rights groups", "ngo"),
    (re.compile(r"\bsocial\s+media\b|\bonline\s+(?:posts?|videos?|reports?)\b", re.I), "Social media", "other"),
    (re.compile(r"\bsources\b|\ba\s+source\b", re.I), "Unnamed sources", "other"),
]

_VERBS = (r"said|says|say|told|tells|tell|reported|reports|report|claimed|claims|claim|confirmed|confirms|"
          r"announced|announces|stated|states|added|noted|quoted|cited|warned|estimated|estimates|documented|"
          r"counted|recorded|put|gave|described|tweeted|posted|wrote|alleged|denied|explained|mentioned|"
          r"indicated|showed|shows|published|broadcast|aired|identified|blamed|accused|insisted|acknowledged")
_ATTR_AFTER = re.compile(r"^(?:\s*\([^)]{1,40}\))?(?:\s*,\s*(?:which|who)\s[^,.;]{0,80},)?"
                         r"(?:\s*,?\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}spokes(?:man|woman|person)\s*,?)?\s*(?:has\s+|had\s+|have\s+|also\s+|later\s+|earlier\s+|separately\s+)?"
                         r"(?:" + _VERBS + r")\b", re.I)
_ATTR_POSSESSIVE = re.compile(r"^['’]s\s+(?:\w+\s+){0,2}?(?:spokes(?:man|woman|person)|director|head|chief|official|statement|report|figures|tally|count|correspondent|reporter|journalist)\b", re.I)
_ATTR_BEFORE = re.compile(
    r"(?:according\s+to|told|cited\s+by|quoted\s+by|reported\s+by|quoting|citing|said|says|reported|"
    r"(?:statement|report|figures|data|tally|toll|count|announcement)\s+(?:by|from|of|issued\s+by)|"
    r"spokes(?:man|woman|person)\s+for|(?:told|telling)\s+(?:the\s+)?)(?:\s+(?:the|a|an))?(?:\s+[\w'’-]+){0,4}\s*$", re.I)
_ATTR_BEFORE_NEAR = re.compile(r"(?:according\s+to|told|cited\s+by|quoted\s+by|reported\s+by|quoting|citing|,\s*said|,\s*says|,\s*reported|\"\s*said|\"\s*says|spokes(?:man|woman|person)\s+for|by|from)\s+(?:(?:the|a|an)\s+)?(?:[\w'’-]+\s+){0,4}$", re.I)

_DESCRIPTORS = re.compile(
    r"^(?:(?:the|a|an)\s+)?(?:(?:[\w.]+-(?:based|run|owned|controlled|affiliated|backed|aligned|led|funded|linked))\s+|"
    r"(?:state|official|government|opposition|pro-government|pro-regime|independent|local|semi-official|"
    r"Britain|British|UK|London|US|U\.S\.|French|German|Turkish|Russian|Iranian|Qatari|Saudi)\s+(?=[A-Z]))*", re.I)
_TITLES = re.compile(
    r"^(?:(?:US|U\.S\.|UN|U\.N\.|French|British|Russian|Syrian|Turkish|Iranian|Iraqi|Israeli|German|Foreign|Defence|"
    r"Defense|Interior|Health|Deputy|Prime|Vice|Former|Acting|Chief|Senior|\w+)\s+)*?"
    r"(?:President|Minister|Secretary|Governor|Colonel|Col\.|General|Gen\.|Major|Maj\.|Brigadier|Lieutenant|"
    r"Lt\.|Captain|Capt\.|Commander|Spokesman|Spokeswoman|Spokesperson|Ambassador|Envoy|Director|Mayor|"
    r"Sheikh|Dr\.|Mr\.|Mrs\.|Ms\.|Chief|Head|Chairman|Leader|Official|Representative|Coordinator|"
    r"Commissioner|Emir|King|Prince|Senator|Professor|Prof\.|Sir|Dame|Cllr|Councillor|Councilor|Cardinal|"
    r"Bishop|Archbishop|Rev\.|Reverend|Judge|Justice|Chief\s+of\s+\w+|Sheikh)\s+(?=[A-Z][\w'’-]+\s+[A-Za-z])")
_TRAILING = re.compile(r"(?:['’]s)?(?:\s+(?:spokes(?:man|woman|person)|statement|official|officials|director|head|"
                       r"chief|sources?|report|office|website|account|channel|correspondent))+$", re.I)
_NAME = re.compile(r"(?:[A-Z][\w'’.-]*|al-[A-Z][\w'’-]*|al|el|de|du|bin|ibn|abu|(?:of|for|the|and|on|in)(?=\s+[A-Z]))"
                   r"(?:\s+(?:[A-Z][\w'’.-]*|al-[A-Z][\w'’-]*|al|el|de|du|bin|ibn|abu|(?:of|for|the|and|on|in)(?=\s+[A-Z])))*")
_JUNK = {"tweet", "tweets", "views", "video", "videos", "image", "images", "photo", "photos", "url", "gmt",
         "published", "updated", "copyright", "click", "share", "comments", "read", "more", "apr", "aug",
         "according", "speaking", "if", "still", "initial", "another", "other", "local", "western", "after",
         "although", "though", "while", "when", "since", "because", "before", "despite", "following", "as",
         "once", "until", "unless", "whereas", "during"}
_NOT_SOURCE = {"he", "she", "it", "they", "we", "i", "you", "this", "that", "there", "who", "which", "what",
               "the", "a", "an", *WEEKDAY_NAMES, *MONTH_NAMES, "but", "and", "however", "meanwhile", "also", "later",
               "earlier", "on", "in", "read", "as", "his", "her", "their", "its", "one", "some", "others",
               "many", "both", "all", "reports", "report", "statement", "media", "news"}


def _clean(name: str) -> str:
    s = " ".join(name.replace("’", "'").split()).strip(" ,.;:\"'()")
    s = _DESCRIPTORS.sub("", s)
    s = _TITLES.sub("", s)
    s = _TRAILING.sub("", s).strip(" ,.;:\"'()")
    s = re.sub(r"['’]s$", "", s)
    s = re.sub(r"\s*\([^)]*\)\s*", " ", s).strip()
    if s.lower().startswith("the "):
        s = s[4:]
    return s


def _lookup(name: str) -> list[tuple[KnownSource, bool]]:
    _, _, by_key, by_acro = _tables()
    if name in by_acro:
        return by_acro[name]
    return by_key.get(_key(name), [])


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@lru_cache(maxsize=1)
def _squashed_names() -> dict[str, KnownSource]:
    out: dict[str, KnownSource] = {}
    for src in known_sources():
        for a in (src.canonical, *src.aliases, *src.weak):
            k = _squash(a)
            if len(k) >= 3:
                out.setdefault(k, src)
                if k.startswith("the"):
                    out.setdefault(k[3:], src)
    return out


def normalize_source(name: str) -> str:
    """Canonical name of a source: 'SOHR' -> 'Syrian Observatory for Human Rights'; unknown names cleaned."""
    for cand in (name, _clean(name), "the " + _clean(name)):
        hits = _lookup(cand.strip())
        strong = [s for s, weak in hits if not weak]
        if strong:
            return strong[0].canonical
        if hits:  # a weak alias ("state television", "the Observatory") names no one without its document
            generic = _generic_name(cand, None)
            if generic:
                return generic
            c = cand.strip()
            if c.lower().startswith("the ") or (c[:1].islower() and " " in c):
                return _clean(cand)[:1].upper() + _clean(cand)[1:]
            return hits[0][0].canonical  # a weak but proper name ("Alaraby", "MENA")
    # a short identifier, as feeds give publishers: "sana", "alarabiya", "asharqalawsat", "trt"
    squashed = _squash(name)
    if squashed:
        if name.upper() in _tables()[3]:
            return _tables()[3][name.upper()][0][0].canonical
        hit = _squashed_names().get(squashed)
        if hit:
            return hit.canonical
    # "the state-run Syrian News Agency (SANA)": the acronym in brackets names it
    m = re.search(r"\(([A-Z][A-Za-z-]{1,7})\)", name)
    if m and _lookup(m.group(1)):
        return _lookup(m.group(1))[0][0].canonical
    for pat, label, _ in _ROLES:
        if pat.fullmatch(name.strip()) or pat.fullmatch(_clean(name)):
            return label
    return _clean(name)


def outlet_name(publisher: str | None) -> str | None:
    """A publisher as people name it: a feed's short identifier ("manar", "sana") becomes the known
    source's name ("Al-Manar", "Syrian Arab News Agency"); other names are kept as given."""
    if not publisher or not publisher.strip():
        return None
    known = normalize_source(publisher)
    return known if known in {s.canonical for s in known_sources()} else publisher.strip()


class _Attributed(Protocol):
    sources: list[SourceMention]
    headline: bool


def carry_attribution(mentions: Sequence[_Attributed], closing: Sequence[SourceMention] = ()) -> None:
    """A sentence that names no source continues the attribution before it, as reports are written:
    "The Observatory said eight people were killed in Rastan. Another three died in shelling." -- the
    three are the Observatory's too.  `mentions` in text order; the headline neither gives nor takes.
    `closing`: the outlet a report credits in its last words ("... Sana reported."), whose report the
    whole story retells: sentences before any attribution of their own are its."""
    last: list[SourceMention] = list(closing)
    for m in mentions:
        if m.headline:
            continue
        if m.sources:
            last = m.sources
        elif last:
            m.sources = list(last)


class SourceResolver:
    """Scans one document once; then names the sources of any of its sentences."""

    def __init__(self, doc_text: str, publisher: str | None = None, country: str | None = None):
        self.text = doc_text
        rx_words, rx_acro, _, _ = _tables()
        self._named: list[tuple[int, KnownSource]] = []  # strong mentions, document order
        for m in self._alias_matches(doc_text):
            cands = self._cands(m.group(0))
            strong = [s for s, weak in cands if not weak]
            if strong:
                self._named.append((m.start(), strong[0]))
        # the report's country: as its places give it (`country`), else the country it names most
        counts = Counter(_WORD_TO_CC[w] for w in _COUNTRY_RX.findall(doc_text))
        self.country: str | None = country or (counts.most_common(1)[0][0] if counts else None)
        self.publisher = normalize_source(publisher) if publisher else None
        self._publisher_key = _key(self.publisher) if self.publisher else None
        self._publisher_raw = _key(publisher) if publisher else None

    @staticmethod
    def _alias_matches(text: str) -> list[re.Match[str]]:
        rx_words, rx_acro, _, _ = _tables()
        firsts, acro_firsts = _first_words()
        ms: list[re.Match[str]] = []
        # try the big alternations only where a word could start an alias
        for w in _WORD.finditer(text):
            word = w.group(0)
            bare = word.rstrip(".")
            if word.lower() in firsts or bare.lower() in firsts:
                m = rx_words.match(text, w.start())
                if m:
                    ms.append(m)
            if rx_acro and (word in acro_firsts or bare in acro_firsts):
                m = rx_acro.match(text, w.start())
                if m:
                    ms.append(m)
        ms.sort(key=lambda m: (m.start(), -(m.end() - m.start())))
        out: list[re.Match[str]] = []
        last_end = -1
        for m in ms:
            if m.start() >= last_end:
                out.append(m)
                last_end = m.end()
        return out

    @staticmethod
    def _cands(surface: str) -> list[tuple[KnownSource, bool]]:
        hits = _lookup(surface)
        if not hits and not _is_acronym(surface):
            hits = _lookup(surface.lower())
        return hits

    def _resolve_weak(self, cands: list[KnownSource], pos: int) -> KnownSource | None:
        names = {s.canonical for _, s in self._named}
        named = [s for s in cands if s.canonical in names]
        if named:
            # the most recent one named before pos, else the first named after
            before = [(p, s) for p, s in self._named if p <= pos and s in named]
            if before:
                return before[-1][1]
            return next(s for p, s in self._named if s in named)
        same = [s for s in cands if s.country and s.country == self.country]
        return same[0] if same else None

    def _anaphora(self, text: str, offset: int, covered: list[tuple[int, int]],
                  add: Callable[[str, int, int, str | None], None]) -> None:
        """"the agency", "the ministry" -> the latest such source named before this sentence; "a monitor
        said", "a monitoring group said" -> the one monitor the report names, before or after."""
        for am in _ANAPHORA_RX.finditer(text):
            s, e = am.start(), am.end()
            if any(a < e and s < b for a, b in covered) or not _attributed(text, s, e):
                continue
            kinds = _ANAPHORA[" ".join(am.group(1).lower().split())]
            before = [src for p, src in self._named if p < offset + s and src.kind in kinds]
            if am.group(1).lower() in ("ministry", "center", "centre"):
                word = "ministry" if am.group(1).lower() == "ministry" else "cent"
                before = [src for src in before if word in src.canonical.lower()]
            if before:
                add(before[-1].canonical, s, e, before[-1].kind)
            else:
                covered.append((s, e))
        monitor = self._only_monitor()
        for gm in _GENERIC_MONITOR.finditer(text):
            s, e = gm.start(), gm.end()
            if monitor is None or any(a < e and s < b for a, b in covered) or not _attributed(text, s, e):
                continue
            add(monitor.canonical, s, e, monitor.kind)

    def closing_credit(self) -> list[SourceMention]:
        """The outlets a report credits in its closing words ("... in al-Baghouz area, Sana reported.")."""
        m = _CLOSING.search(self.text[-300:])
        if m is None:
            return []
        off = len(self.text) - len(self.text[-300:]) + m.start(1)
        said = self.sources_in(m.group(1), off)
        return [x for x in said if x.kind in ("agency", "state media", "media", "monitor")]

    def _only_monitor(self) -> KnownSource | None:
        """The monitor the report names (in full), when it names exactly one."""
        monitors = {src.canonical: src for _, src in self._named if src.kind == "monitor"}
        return next(iter(monitors.values())) if len(monitors) == 1 else None

    def _is_publisher(self, name: str) -> bool:
        k = _key(name)
        return bool(self._publisher_key) and (k == self._publisher_key or k == self._publisher_raw)

    def sources_in(self, text: str, offset: int = 0) -> list[SourceMention]:
        """Sources named or implied in `text` (a sentence of the document starting at `offset`)."""
        out: list[SourceMention] = []
        covered: list[tuple[int, int]] = []

        def add(name: str, s: int, e: int, kind: str | None) -> None:
            if not name or self._is_publisher(name):
                covered.append((s, e))
                return
            covered.append((s, e))
            if any(o.name == name for o in out):
                return
            out.append(SourceMention(name=name, span=Span.of(text, s, e, offset), kind=kind))

        # 1. known sources by alias
        for m in self._alias_matches(text):
            cands = self._cands(m.group(0))
            if not cands:
                continue
            strong = [s for s, weak in cands if not weak]
            local = [s for s, _ in cands if s.country and s.country == self.country]
            if strong and local and local[0] not in strong and _is_acronym(m.group(0)):
                src: KnownSource | None = local[0]  # "AFP" in a Philippine report: its armed forces
            else:
                src = strong[0] if strong else self._resolve_weak([s for s, _ in cands], offset + m.start())
            s, e = m.start(), m.end()
            if _in_credit(text, s, e) or (src is not None and src.also_place and not _attributed(text, s, e)):
                # "AP Photo Jane Roe", "(Photo AFP)", "AFP 2018 NAME": who took a picture; "in al-Mayadin": a town
                covered.append((s, e))
                continue
            if src is None:
                generic = _generic_name(m.group(0), self.country)
                if generic and _attributed(text, s, e):
                    add(generic, s, e, "state media" if "tele" in generic.lower() or "media" in generic.lower()
                        or "agency" in generic.lower() or "TV" in generic else "government")
                covered.append((s, e))
                continue
            if src.kind in ("government", "military", "un") and not _attributed(text, s, e):
                covered.append((s, e))
                continue
            add(src.canonical, s, e, src.kind)

        # 2. anaphora ("the agency said") and unnamed monitors ("a monitoring group said")
        self._anaphora(text, offset, covered, add)

        # 3. attribution frames with unknown names or roles
        for s, e in _frames(text):
            if any(a < e and s < b for a, b in covered):
                continue
            phrase = text[s:e]
            body = _SOURCE_AT.search(phrase)
            if body:
                # "a source at Aleppo Police Command told ...": the named body speaks through its source
                name = normalize_source(body.group(1))
                add(name, s + body.start(1), s + body.end(1), "government")
                continue
            for pat, label, kind in _ROLES:
                rm = pat.search(phrase)
                head = re.sub(r"^(?:the|a|an|one|two|several|some|other)\s+", "", phrase[:rm.start()], flags=re.I) if rm else ""
                if head and not text[:s].strip() and len(head.split()) >= 2:
                    # "Reports on social media said": the sentence's first word is capitalised anyway
                    head = head[:1].lower() + head[1:]
                if rm and not re.search(r"[A-Z]", head):
                    add(label, s, e, kind)
                    break
            else:
                nm = _NAME.search(phrase)
                if not nm:
                    continue
                name = _trim_name(_clean(nm.group(0)))
                if not _plausible_name(name):
                    continue
                known = self._cands(name)
                if known:
                    continue
                pos = phrase.find(name)
                typo = _misspelled(name)
                if typo is not None:  # "the Syrian Obervatory": a known source's name with a slip of the keys
                    add(typo.canonical, s + max(pos, 0), s + max(pos, 0) + len(name), typo.kind)
                    continue
                if pos >= 0:
                    add(name, s + pos, s + pos + len(name), None)
                else:
                    add(name, s + nm.start(), s + nm.end(), None)
        out.sort(key=lambda m: m.span.start)
        return out


# a report's closing credit: "... Sana reported. 219-11" (an agency's reference may follow)
_CLOSING = re.compile(r"((?:[\w'’-]+\s+){0,4}(?:reported|reports|said|says))\s*\.[^A-Za-z]{0,30}$")

_ANAPHORA = {
    "agency": ("agency", "state media"), "news agency": ("agency", "state media"),
    "broadcaster": ("state media", "media"), "channel": ("state media", "media"),
    "network": ("state media", "media"), "ministry": ("government", "military"),
    "rights group": ("monitor", "ngo"), "monitoring group": ("monitor",), "charity": ("ngo",),
    "center": ("military", "government", "monitor", "ngo"), "centre": ("military", "government", "monitor", "ngo"),
}
_ANAPHORA_RX = re.compile(r"\b[Tt]he\s+(news\s+agency|agency|broadcaster|channel|network|ministry|rights\s+group|"
                          r"monitoring\s+group|charity|center|centre)\b")

# an unnamed monitor: "a monitor", "a monitoring group", "a Britain-based war monitor", "a human rights monitor"
_GENERIC_MONITOR = re.compile(
    r"\b(?:a|the)\s+(?:[\w.]+-based\s+)?(?:(?:human\s+)?rights\s+|war\s+)?(?:monitor|monitoring\s+(?:group|organi[sz]ation))\b",
    re.I)

_GENERIC = [
    (re.compile(r"state(?:-run)?\s+(?:television|tv|broadcaster)|official\s+television|government\s+television", re.I), "state television"),
    (re.compile(r"state(?:-run)?\s+media", re.I), "state media"),
    (re.compile(r"(?:state|official)\s+news\s+agency", re.I), "state news agency"),
    (re.compile(r"(?:ministry\s+of\s+health|health\s+ministry)", re.I), "Ministry of Health"),
    (re.compile(r"interior\s+ministry", re.I), "Ministry of Interior"),
    (re.compile(r"foreign\s+ministry", re.I), "Ministry of Foreign Affairs"),
]


_LEADING_DROP = {"after", "although", "though", "while", "when", "since", "because", "before", "despite",
                 "following", "as", "once", "until", "unless", "whereas", "during", "meanwhile", "however",
                 "but", "and", "the", "also", "later", "earlier", "separately", "moreover",
                 # adjectives before a role ("Leading Syrian opposition figure X"): no name
                 "leading", "prominent", "top", "senior", "veteran", "influential", "key", "high-ranking"}
_TIME_WORDS = {*WEEKDAY_NAMES, *WEEKDAY_ABBREVIATIONS, *MONTH_NAMES, *(set(MONTH_ABBREVIATIONS) - {"apr", "aug"}),
               "today", "yesterday"}


def _trim_name(name: str) -> str:
    """Cut a pattern-found name before a time word or a trailing lowercase connective."""
    words = name.split()
    while words and words[0].lower() in _LEADING_DROP:
        words = words[1:]  # "After the United States said ..." -> "United States"
    for k, w in enumerate(words):
        if w.lower().strip(".,") in _TIME_WORDS:
            words = words[:k]
            break
    while words and words[-1].lower() in ("on", "in", "of", "for", "the", "and", "de"):
        words.pop()
    return " ".join(words)


@lru_cache(maxsize=1)
def _long_names() -> dict[str, KnownSource]:
    """Known sources by their long strong names (lowercased), for telling a misspelling of one."""
    return {a.lower(): src for src in known_sources() for a in (src.canonical, *src.aliases)
            if len(a) >= 12 and not _is_acronym(a)}


def _misspelled(name: str) -> KnownSource | None:
    """The known source `name` misspells ("Syrian Obervatorty" for "Syrian Observatory"), if one is
    within a slip or two of it: same first word, and at least 90% alike."""
    low = name.lower()
    if len(low) < 12:
        return None
    close = difflib.get_close_matches(low, list(_long_names()), n=1, cutoff=0.9)
    if not close or close[0].split()[0] != low.split()[0]:
        return None
    return _long_names()[close[0]]


def _plausible_name(name: str) -> bool:
    """An unknown name found by pattern: two or more capitalised words, or an acronym ("PKK")."""
    words = name.split()
    if not words or not words[0][:1].isupper() or words[0].lower() in _NOT_SOURCE:
        return False
    if any(w.lower().strip(".") in _JUNK for w in words):
        return False
    if len(words) == 1:
        return _is_acronym(words[0]) and words[0] not in ("TV", "US", "UK", "UN", "EU", "GMT", "URL", "AM", "PM",
                                                          "CEO", "VAT", "GDP", "CFO", "COO", "PR", "OK")
    caps = [w for w in words if w[:1].isupper()]
    return len(caps) >= 2 and not all(w in _WORD_TO_CC for w in caps)


def _generic_name(surface: str, country: str | None) -> str | None:
    for pat, label in _GENERIC:
        if pat.search(surface):
            demonym = _COUNTRIES[country][0] if country in _COUNTRIES else None
            return f"{demonym} {label}" if demonym else label[:1].upper() + label[1:]
    return None


# a picture's credit around an agency's name: "AP Photo Jane Roe", "(Photo AFP)", "Photo: Reuters",
# "AFP/File", "Reuters/Jane Roe", "© AFP", "AFP 2018 Jane Roe" (agency, year, photographer)
_CREDIT_AFTER = re.compile(r"^(?:\s*(?:Photos?|PHOTOS?|Pictures?|Images?|File|FILE)\b|\s*/\s*[A-Z]|\s+(?:19|20)\d\d\s+[A-Z])")
_CREDIT_BEFORE = re.compile(r"(?:\b(?:Photos?|Photograph|Pictures?|Images?|Credits?|Courtesy)\s*(?:[:|/-]\s*)?(?:by\s+)?|©\s*|\(c\)\s*)$", re.I)
# a name in capitals followed by a person's name: "REUTERS Jane Roe" (the photographer's credit line)
_SHOUTED_CREDIT = re.compile(r"^\s+[A-Z][a-z]+(?:\s+(?:al-|el-)?[A-Z][a-z]+)+")


def _in_credit(text: str, s: int, e: int) -> bool:
    """Is text[s:e] (a known source's name) the credit of a picture rather than a source?"""
    if _CREDIT_AFTER.match(text[e:e + 30]) or _CREDIT_BEFORE.search(text[max(0, s - 20):s]):
        return True
    name = text[s:e]
    shouted = len(name) > 4 and name.isupper() and " " not in name and name not in _tables()[3]  # not an acronym
    return shouted and bool(_SHOUTED_CREDIT.match(text[e:e + 40])) and not _ATTR_AFTER.match(text[e:e + 160])


def _attributed(text: str, s: int, e: int) -> bool:
    """Is text[s:e] the speaker or channel of a claim?"""
    after = text[e:e + 160]
    if _ATTR_AFTER.match(after) or _ATTR_POSSESSIVE.match(after):
        return True
    before = text[max(0, s - 60):s]
    return bool(_ATTR_BEFORE_NEAR.search(before))


_FRAME_BEFORE = re.compile(r"\b(?:according\s+to|told|cited\s+by|quoted\s+by|reported\s+by|quoting|citing|"
                           r"(?:statement|report|figures|data|tally)\s+(?:by|from|issued\s+by)|spokes(?:man|woman|person)\s+for)\s+", re.I)
_FRAME_INVERTED = re.compile(r"(?:,|\"|”)\s*(?:said|says|reported|added|told\s+\w+)\s+", re.I)
_NP_END = re.compile(r"[,.;:()\"“”!?]|\s(?:who|which|that|on|in|at|as|after|when|while|and|but|to|for|inside|near|from|with|said|says|told|reported)\s", re.I)
_SPEAKER_VERB = re.compile(r"\b(?:has\s+|had\s+|have\s+|also\s+|later\s+|earlier\s+)?(?:" + _VERBS + r")\b", re.I)
# the noun phrase just before a verb: up to six words, after any clause break
_NP_TAIL = re.compile(r"((?:[\w'’.&-]+\s+){0,5}[\w'’.&-]+)(?:\s*\([^)]{1,40}\))?\s*,?\s*$")


# "a source at Aleppo Police Command", "sources in the Health Ministry", "an official from the Interior
# Ministry": a named body (a capitalised name ending in a word for one), not an unnamed source
_SOURCE_AT = re.compile(
    r"\b(?:sources?|officials?|spokes(?:man|woman|person))\s+(?:at|in|from|within|of)\s+(?:the\s+)?"
    r"((?:[A-Z][\w'’-]*\s+){0,4}(?:Command|Ministry|Directorate|Department|Council|Centre|Center|Office|"
    r"Authority|Administration|Hospital|Committee|Headquarters|Police))\b")


def _frames(text: str) -> list[tuple[int, int]]:
    """Character ranges of noun phrases in attribution position."""
    spans: list[tuple[int, int]] = []
    for m in itertools.chain(_FRAME_BEFORE.finditer(text), _FRAME_INVERTED.finditer(text)):
        s = m.end()
        rest = text[s:s + 120]
        end = _NP_END.search(" " + rest + " ")
        e = s + (end.start() - 1 if end else len(rest))
        if e > s:
            spans.append((s, e))
    for m in _SPEAKER_VERB.finditer(text):
        lo = max(0, m.start() - 70)
        before = text[lo:m.start()]
        # "X, which/who ..., said": the speaker is before the relative clause
        rel = re.search(r",\s*(?:which|who)\s[^,.;]{0,80},\s*$", before)
        if rel:
            before = before[:rel.start()]
        cut = max(before.rfind(c) for c in ",;:\"“”.!?—")
        if cut >= 0:
            lo2 = lo + cut + 1
            before = before[cut + 1:]
        else:
            lo2 = lo
        tm = _NP_TAIL.search(before)
        if not tm:
            continue
        s, e = lo2 + tm.start(1), lo2 + tm.end(1)
        if e > s:
            spans.append((s, e))
    return spans
