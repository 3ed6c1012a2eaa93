"""Sentence -> event mentions.

A mention is what one sentence says about one event: its sub-event type (from trigger cues that
survive negation, modality and background checks), and the figures, places, date, sources and actors
found in that sentence.  `assemble.py` then joins mentions of the same event across sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Span as SpacySpan

from sitrep.extract.actors import ARMED, ActorLexicon, ActorMention, assign_roles
from sitrep.extract.casualties import casualty_mentions, sentence_toll
from sitrep.extract.dates import DateMention, date_mentions
from sitrep.extract.nlp import clause_verb, token_at_char
from sitrep.extract.sources import SourceMention, SourceResolver
from sitrep.extract.triggers import Cue, TriggerLexicon
from sitrep.geo import coordinated_runs, is_facility
from sitrep.taxonomy import (
    BATTLES,
    EXPLOSIONS,
    PROTESTS,
    RIOTS,
    STRATEGIC,
    SUB_EVENT_TYPES,
    VAC,
)
from sitrep.types import Count, Place, Span

# Words that make a trigger hypothetical, denied or intended rather than reported as done.
_MODAL_AUX = {"would", "could", "might", "may", "will", "should", "shall", "can", "must"}
_FRAME_VERBS = {
    "deny", "threaten", "plan", "vow", "warn", "fear", "intend", "aim", "prepare", "seek", "want",
    "call", "urge", "demand", "propose", "consider", "expect", "hope", "try", "attempt", "prevent",
    "avoid", "pledge", "promise", "refuse", "reject", "rule", "dismiss",
}
_ASPECT = {"begin", "start", "continue", "resume", "go", "keep", "use", "proceed"}
# verbs after which "to protest" is still to come: "decided to protest", "asked them to demonstrate"
_NOT_YET = {"decide", "agree", "ask", "announce", "tell", "say", "order", "invite", "encourage", "need", "have", "wish"}
_GATHER = {"gather", "assemble", "block", "march", "rally", "come", "take", "meet", "stage", "hold", "walk", "converge"}
# Explosions sub-types in order of precedence when several cues tie on weight.
_EXPLOSION_ORDER = [
    "Chemical weapon", "Suicide bomb", "Grenade", "Remote explosive/landmine/IED",
    "Air/drone strike", "Shelling/artillery/missile attack",
]
_VICTIM_ARMED = ("soldier", "troop", "police", "fighter", "militant", "rebel", "insurgent", "gunm",
                 "officer", "guard", "jihadist", "servicem", "combatant", "terrorist")
_VICTIM_CIVIL = ("civilian", "people", "person", "child", "children", "women", "woman", "man", "men",
                 "resident", "villager", "student", "farmer", "boy", "girl", "family", "worker", "journalist")
# "the US dollar rate": a place name used for its currency
_CURRENCY_AFTER = re.compile(r"\s+(?:dollars?|pounds?|euros?|lira|liras|rupees?|dinars?|riyals?|rials?|yuan)\b", re.I)
# "fighters from Deir-ez-Zor clashed in Jarablus": where people come from is not where it happened
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?(?:(?:town|city|village|territory|area|region)\s+of\s+)?$", re.I)
# "11 people with the same family name of Qabs": a family's name, not a place
_A_NAME_BEFORE = re.compile(r"\b(?:(?:family|last|sur)\s*name|nicknamed)\s+(?:of\s+)?(?:the\s+)?$", re.I)
# "the group's de facto Syrian capital": a title given to another city, not the capital itself
_DE_FACTO = re.compile(r"\bde[- ]facto\s+(?:\w+\s+)?$", re.I)
# "US-led", "Iran-backed", "Britain-based": a place name used as an adjective, not where it happened.
_COMPOUND_ADJ = re.compile(r"-(?:led|backed|based|run|born|brokered|sponsored|allied|made|supported|controlled|held)\b", re.I)
# Words marking a named place as a part of a town (events are coded at the town), or as the town itself.
_SUBLOCALITY_BEFORE = re.compile(
    r"\b(?:barangay|brgy\.?|colonia|col\.|barrio|bairro|neighbou?rhood(?: of)?|quarter of|sector|mahalla|mohalla|"
    r"street|road|avenue|suburb of)\s+(?:(?!(?:in|at|near|on)\b)\w+\s+){0,2}$", re.I)  # not "road in X"
_SUBLOCALITY_AFTER = re.compile(
    r"\s+(?:(?:areas?|district)\s+of|(?:neighbou?rhood|quarter|sector|street|road|avenue|colony|camp|market|square|"
    r"community|office|offices|headquarters|building|roundabout|junction|bridge|airport)\s+(?:of|in|on))\b",
    re.I)
_KIND_COMMA = re.compile(r"(?:\s*\([^()]*\))?\s+(?:district|township|county|province|municipality|lga|tehsil|"
                         r"upazila|subdivision)\s*,\s*(?:in\s+)?", re.I)
_COMMA = re.compile(r"\s*,\s*")
_LIST_JOIN = re.compile(r"(?:\s*\([^()]*\))?\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)(?:the\s+)?", re.I)
_DISTRICT_WORD = re.compile(r"\b(?:district|province|governorate|county|municipality|upazila|tehsil|township|lga|"
                            r"subdivision|state|region)$", re.I)
_DISTRICT_AFTER = re.compile(r"\s+(?:district|province|governorate|county|municipality|upazila|tehsil|township)\b", re.I)
_SUBLOCALITY_WORD = re.compile(r"(?:barangay|brgy\.?|colonia|barrio|bairro|mahalla|mohalla|sector|kebele|ward)", re.I)
# "Kagara (Rafi LGA, Niger)", "Mogadishu-Hodan district (Hodan, Banadir)"
_IN_BRACKET = re.compile(r"(?:-[\w' ]{1,30}?)?\s*(?:(?:area|city|town|village|municipality|district|subdivision|"
                         r"township|county|tehsil|taluka|upazila|lga|LGA|department|sector)\s*)?\([^()]{0,60}")
_IN_BETWEEN = re.compile(r"\s+in\s+(?:the\s+)?(?:[a-z]{1,3}[-\s])?", re.I)  # "in Ar-Raqqa", "in al Hasakah"
_LOCALITY_AFTER = re.compile(r"\s*(?:(?:area|city|town|village|municipality|district)\s*)?\(|\s(?:city|town|village|municipality)\b", re.I)
_SEPARATE_FROM_CLASH = {"Air/drone strike", "Chemical weapon", "Suicide bomb"}
LABEL_WEIGHT = 9  # cue weight of a report's own category label ("Looting: ...")
# How long before publication an event may lie and still be this report's news, not background.
BACKGROUND_DAYS = 45


@dataclass
class Mention:
    sub_event_type: str
    weight: int
    sent_start: int
    sent_end: int
    cue: Span
    killed: Count | None = None
    injured: Count | None = None
    victims: str | None = None
    places: list[Place] = field(default_factory=list)
    date: DateMention | None = None
    sources: list[SourceMention] = field(default_factory=list)
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    actor_offset: int = 0  # the sentence start the actor mention offsets are relative to
    generic: bool = False  # only generic violence words ("killed", "attack"): may join a specific event
    modifier: bool = False  # only "@intervention"/"@excessive"/"@violent": changes the protest before it
    # More towns named in one list with the event's place ("attacked A, B and C"): ACLED codes one
    # event per place, so each becomes an event of its own (without the figures, never counted twice)
    also_at: list[Place] = field(default_factory=list)
    # A village the gazetteer lacks, named as a locality in the trigger's clause ("the village of Oweijel"):
    # the event's place by name, when no town the gazetteer knows is named with the event
    village: Place | None = None
    headline: bool = False  # the report's title: a summary of its main event, told again in the story
    # How the sentence's toll relates to a toll told before (assemble.py folds them accordingly):
    additive: bool = False  # "another three were killed", "two more people": adds to the incident's toll
    subset: bool = False  # "six children were among the dead", "five of them died": a part of a toll told
    # The toll is told over several places ("strikes on several towns", "attacks across the country"): a
    # total of several incidents, never the figure of one town's event told elsewhere in the report
    summary: bool = False
    # The cue is a definite noun that names no place of its own ("The attack caused damage", "the protest
    # was called by ..."): the event told before, told again (assemble.py joins it there)
    anaphor: bool = False
    # The cue is what someone saw or counted ("monitors observed a total of 40 explosions near X"): a
    # tally of the fire told before, at its place on its day, not an incident of its own
    observed: bool = False

    @property
    def event_type(self) -> str:
        if self.modifier:
            return PROTESTS
        return BATTLES if self.sub_event_type == "@territory" else SUB_EVENT_TYPES[self.sub_event_type]


@dataclass
class SentenceContext:
    text: str  # the whole document text
    start: int
    end: int
    parsed: SpacySpan | None
    places: list[Place]
    published: date | None
    country_code: str | None = None  # the report's main country, for choosing among places
    headline: bool = False  # the sentence is the report's title


class MentionFinder:
    def __init__(self, triggers: TriggerLexicon, actors: ActorLexicon):
        self.triggers = triggers
        self.actors = actors

    def find(self, ctx: SentenceContext, sources: SourceResolver) -> list[Mention]:
        stext = ctx.text[ctx.start : ctx.end]
        cues = [c for c in self.triggers.cues(stext)
                if _asserted(c, ctx.parsed) and not _reaction_to(c, ctx.parsed) and not _describes_a_group(c, ctx.parsed)
                and not _in_support(c, ctx.parsed)]
        events = [c for c in cues if not c.modifier]
        if not events:
            mods = [c for c in cues if c.modifier]
            if not mods:
                return []
            # "Police dispersed the crowd." after a protest sentence: a modifier of that protest.  Its place
            # and day are kept for a report that tells no protest before it ("residents pelted police
            # with stones"): there the act is the crowd's event itself (assemble.py).
            c = max(mods, key=lambda c: c.weight)
            when = _event_date(date_mentions(stext, ctx.published, offset=ctx.start), ctx.published)
            srcs = sources.sources_in(stext, offset=ctx.start)
            places = self._places(ctx, stext, srcs, self.actors.mentions(stext))
            return [Mention(c.label, c.weight, ctx.start, ctx.end, Span.of(stext, c.start, c.end, ctx.start), modifier=True,
                            places=_rank_places(places, ctx.start + c.start, ctx.country_code, ctx.text,
                                                _outside_clause(ctx.parsed, ctx.start, places, c.start)),
                            date=when or None, sources=srcs)]
        all_dates = date_mentions(stext, ctx.published, offset=ctx.start)
        main_cue = max(events, key=lambda c: c.weight)
        dates = [d for d in all_dates if _governs(ctx.parsed, d.span.start - ctx.start, main_cue.start)]
        when = _event_date(dates, ctx.published)
        if when is False:
            return []  # background: "three years ago", "in recent weeks", a date long before publication
        if when is None and _old_date_nearby(all_dates, ctx.published):
            return []  # "strikes allegedly carried out in August 2013": dated only by an old date
        casualties = casualty_mentions(stext, offset=ctx.start)
        if _total_or_habit(stext, ctx.parsed, main_cue.start, dated=when is not None) or _toll_without_anchor(
                ctx, main_cue.start, when is not None, killed_in_sentence=bool(casualties)) or (not casualties and _perfect_background(
                ctx.parsed, main_cue.start, dated=when is not None)) or _present_background(
                ctx.parsed, main_cue.start, dated=bool(all_dates) or ctx.headline) or _comes_after(ctx.parsed, main_cue.start):
            return []  # "has claimed 280000 lives since 2011", "Idlib is regularly targeted"
        killed = sentence_toll(casualties, "killed", ctx.text)
        injured = sentence_toll(casualties, "injured", ctx.text)
        victims = next((c.victims for c in casualties if c.victims and not c.aggregate and not c.negated), None)

        decided = _decide(events, [c for c in cues if c.modifier], victims)
        if not decided:
            return []
        srcs = sources.sources_in(stext, offset=ctx.start)
        actor_mentions = self.actors.mentions(stext)
        places = self._places(ctx, stext, srcs, actor_mentions)
        if _DAY_SPAN.search(stext) and not any(_town_level(p, ctx.text) and not _DISTRICT_AFTER.match(ctx.text, p.end)
                                               for p in places):
            return []  # "killed 100 militants in Deir Ezzor province during the past 24 hours": a day's total
        out: list[Mention] = []
        for i, (sub, cue, generic) in enumerate(decided):
            m = Mention(
                sub_event_type=sub,
                weight=cue.weight,
                sent_start=ctx.start,
                sent_end=ctx.end,
                cue=Span.of(stext, cue.start, cue.end, ctx.start),
                places=_rank_places(places, ctx.start + cue.start, ctx.country_code, ctx.text,
                                    _outside_clause(ctx.parsed, ctx.start, places, cue.start)),
                date=when or None,
                sources=srcs,
                generic=generic,
                headline=ctx.headline,
            )
            m.also_at = _listed_with(m.places[0], places, ctx.text) if m.places else []
            outside = _outside_clause(ctx.parsed, ctx.start, places, cue.start)
            m.village = _named_village(places, ctx.text, outside)
            if m.village is not None and m.places and id(m.places[0]) in outside:
                # the village named in the trigger's clause beats a town of another clause
                m.places = [m.village] + [p for p in m.places if p is not m.village]
            # Figures belong to the sentence's first (main) event, unless it is a protest with no violence.
            if i == 0 and (killed or injured):
                m.killed, m.injured, m.victims = killed, injured, victims
                m.additive, m.subset = _toll_relation(ctx.text, killed or injured)
                m.summary = _over_several_places(stext, places, ctx.text)
            m.anaphor = _anaphor(ctx.parsed, cue, places, ctx.start)
            m.observed = _observed(ctx.parsed, cue)
            a1, a2 = assign_roles(ctx.parsed, ctx.start, actor_mentions, cue.start)
            m.actor1, m.actor2, m.actor_offset = a1, a2, ctx.start
            out.append(m)
        return out

    @staticmethod
    def _places(ctx: SentenceContext, stext: str, srcs: list, actor_mentions: list) -> list[Place]:
        """The sentence's places that can be where its event happened."""
        return [
            p for p in ctx.places
            if ctx.start <= p.start < ctx.end and not p.demonym
            # "the Britain-based Observatory", "told Al Jazeera in Doha": where a source sits, not the event
            and not _COMPOUND_ADJ.match(ctx.text, p.end)
            and not _A_NAME_BEFORE.search(ctx.text, max(0, p.start - 30), p.start)  # "the family name of Qabs"
            and not _CURRENCY_AFTER.match(ctx.text, p.end)  # "the high US dollar exchange rate"
            and not any(s.span.start <= p.start < s.span.end for s in srcs)
            # "the Luhansk People's Militia", "military forces of Azerbaijan": a name, not the place of action
            and not any(a.start <= p.start - ctx.start < a.end and p.end - ctx.start <= a.end for a in actor_mentions)
            and not _metonym(ctx.parsed, p.start - ctx.start)
            and not _not_where(ctx.parsed, p.start - ctx.start, ctx.text[max(0, p.start - 4):p.start])
            and not _origin(ctx.parsed, p.start - ctx.start)
            and not names_a_government(ctx.text, p)
            and not _SUBLOCALITY_WORD.fullmatch(p.text)  # "Barangay" alone is a kind of place, not a place
        ]


# "several opposition-held towns", "various villages", "across the country", "across Idlib province": a toll
# spread over places (not "several neighbourhoods": parts of one town hit on one day are one event there)
_SEVERAL_PLACES = re.compile(
    r"\b(?:several|various|multiple|separate|different|a\s+number\s+of)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:towns|villages|cities|provinces|regions|localities)\b"
    r"|\bacross\s+(?:the\s+)?(?:country|nation|(?:[\w-]+\s+)?(?:province|governorate))\b", re.I)
_ACROSS = re.compile(r"\bacross\s+(?:the\s+)?$", re.I)


def _over_several_places(stext: str, places: list[Place], text: str) -> bool:
    """Is the sentence's toll told over several places: several towns, or across a country or province?"""
    if _SEVERAL_PLACES.search(stext):
        return True
    return any(_ACROSS.search(text, max(0, p.start - 12), p.start) and (p.feature or "").startswith(("A.PCL", "A.ADM1"))
               for p in places)


# "another three", "a further 19", "were also killed": victims on top of a toll already told
_ADDITIVE_BEFORE = re.compile(r"\b(?:another|a\s+further|further|an\s+additional|additional|also)\s+(?:\S+\s+){0,2}$", re.I)
_ADDITIVE_AFTER = re.compile(r"\s+(?:more\b(?!\s+than)|other\b|others\b)", re.I)
_ALSO_KILLED = re.compile(r"^(?:\s+\S+){0,5}?\s+(?:were|was|have\s+been|had\s+been|has\s+been)\s+also\b", re.I)
# "of those killed six were children", "six children were among the dead", "five of them died", "there
# were also 20 women among the dead"
_SUBSET_BEFORE = re.compile(r"\b(?:of\s+(?:them|those(?:\s+killed)?|the\s+dead|the\s+victims|whom)|among\s+(?:them|the\s+dead|"
                            r"the\s+victims|those\s+killed))\s*,?\s*$", re.I)
_SUBSET_AFTER = re.compile(r"(?:\s+\w+){0,2}?\s+(?:of\s+(?:them|those|whom)\b|(?:were|was)\s+among\b|among\s+(?:the\s+)?"
                           r"(?:dead|victims|killed|fatalities|casualties)\b)", re.I)


def _toll_relation(text: str, count: Count) -> tuple[bool, bool]:
    """(additive, subset): is the sentence's figure added to a toll told before ("another three were
    killed"), or a part of it ("six children were among the dead")?"""
    if count.span is None:
        return False, False
    s, e = count.span.start, count.span.end
    before, after = text[max(0, s - 40):s], text[e:e + 40]
    subset = bool(_SUBSET_BEFORE.search(before) or _SUBSET_AFTER.match(after))
    additive = not subset and bool(
        _ADDITIVE_BEFORE.search(before) or _ADDITIVE_AFTER.match(after) or _ALSO_KILLED.match(after))
    return additive, subset


_DEFINITE = {"the", "this", "that", "these", "those"}
_VICTIM_NOUNS = {"dead", "wounded", "injured", "killed", "victim", "body", "casualty", "death"}


def _anaphor(sent: SpacySpan | None, cue: Cue, places: list[Place], offset: int) -> bool:
    """Is the cue a noun with a definite article ("the attack", "this protest", "the air strikes") whose
    own phrase names no place ("the attack on Harasta" names one)?  Such a noun refers back to an event
    already told.  "Among the dead" speaks of victims, not of an event."""
    if sent is None:
        return False
    tok = _token_at(sent, max(cue.start, cue.end - 1))  # the cue's last word: "strikes" of "air strikes"
    if tok is None or tok.pos_ != "NOUN" or tok.lemma_.lower() in _VICTIM_NOUNS:
        return False
    if not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in tok.children):
        return False
    for p in places:
        pt = _token_at(sent, p.start - offset)
        if pt is not None and (pt.i == tok.i or any(a.i == tok.i for a in pt.ancestors)):
            return False
    return True


# verbs of witnessing: their object is what an observer saw or heard, not an act of its own
_OBSERVE_VERBS = {"observe", "record", "count", "hear", "register", "monitor", "document", "witness", "spot", "detect"}


def _observed(sent: SpacySpan | None, cue: Cue) -> bool:
    """Is the cue what a verb of witnessing saw or heard ("the mission observed a total of 9 explosions",
    "shelling was heard")?  Not when it is that verb's active subject ("the strikes recorded ...")."""
    if sent is None:
        return False
    tok = _token_at(sent, cue.start)
    if tok is None:
        return False
    verb = clause_verb(tok)
    for _ in range(3):
        if verb.dep_ != "acl" or verb.head.i == verb.i:
            break
        verb = clause_verb(verb.head)  # "25 bursts of fire involving small arms": the noun's verb counts
    return verb.i != tok.i and verb.lemma_.lower() in _OBSERVE_VERBS and tok.dep_ not in ("nsubj", "csubj")


def _token_at(sent: SpacySpan, char: int):
    """The token at `char`, an offset within the sentence (see nlp.token_at_char)."""
    return token_at_char(sent, sent[0].idx + char)


def _cue_verb(sent: SpacySpan | None, cue_at: int):
    """The verb heading the clause of the cue at `cue_at` (an offset within the parsed sentence), or None."""
    if sent is None:
        return None
    cue = _token_at(sent, cue_at)
    return None if cue is None else clause_verb(cue)


_SPEAKER_VERBS = {
    "say", "deny", "accuse", "blame", "claim", "announce", "tell", "insist", "warn", "reject", "condemn",
    "urge", "demand", "respond", "vow", "threaten", "confirm", "state", "report", "dismiss", "call",
}


# What a side in a war does, not a place: "Damascus lost 40 troops", "Moscow sent jets"
_SIDE_VERBS = {"lose", "send", "deploy", "dispatch", "supply", "arm", "fund", "sponsor"}


def _metonym(sent: SpacySpan | None, char: int) -> bool:
    """A capital standing for its government: "Damascus denied ...", "Washington accused Moscow",
    "Damascus lost more than 40 troops" (a side loses troops; a town loses people)."""
    if sent is None:
        return False
    tok = _token_at(sent, char)
    if tok is None:
        return False
    while tok.dep_ == "compound" and tok.head.i != tok.i:
        tok = tok.head
    head = tok.head.lemma_.lower()
    if tok.dep_ in ("nsubj", "nsubjpass") and (head in _SPEAKER_VERBS or head in _SIDE_VERBS):
        return True
    return tok.dep_ == "dobj" and head in ("accuse", "blame", "urge", "warn", "condemn", "support", "back")


# Where people speak, meet or negotiate is not where the event happened ("said in Turkey", "talks in
# Astana", "a meeting in Geneva"); a place naming a government or its friends is no place ("Damascus
# ally Hezbollah", "pro-Damascus media").
_NOT_EVENT_HEADS = {
    "say", "tell", "announce", "speak", "meet", "meeting", "talk", "talks", "negotiation", "negotiations",
    "conference", "summit", "visit", "session", "host", "discuss", "convene", "interview",
}
_ROLE_NOUNS = {
    "ally", "allies", "government", "regime", "media", "official", "officials", "authorities", "ambassador",
    "envoy", "minister", "president", "leader", "spokesman", "representative", "delegation", "embassy",
    "backer", "backers", "counterpart", "authority",
}


_ROLE_AFTER = re.compile(r"(?:'s)?\s+(?:" + "|".join(sorted(_ROLE_NOUNS)) + r")\b", re.I)


def names_a_government(text: str, p: Place) -> bool:
    """"Damascus ally Hezbollah", "pro-Damascus media": the name stands for a government, not a place;
    nor is "the group's de facto Syrian capital" the capital."""
    return bool(_ROLE_AFTER.match(text, p.end)) or text[max(0, p.start - 4):p.start].lower() == "pro-" or bool(
        _DE_FACTO.search(text, max(0, p.start - 30), p.start))


def _not_where(sent: SpacySpan | None, char: int, before: str) -> bool:
    """Is the place named where someone spoke or met, or as a name for a government or its allies?"""
    if before.lower().endswith("pro-"):
        return True
    if sent is None:
        return False
    tok = _token_at(sent, char)
    if tok is None:
        return False
    while tok.dep_ in ("compound", "flat") and tok.head.i != tok.i and tok.head.pos_ == "PROPN":
        tok = tok.head
    if tok.dep_ in ("compound", "amod", "nmod", "poss") and tok.head.lower_ in _ROLE_NOUNS:
        return True
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        return tok.head.head.lemma_.lower() in _NOT_EVENT_HEADS
    return False


# "terrorists who arrived in the area from the territory of Iraq": where they came from
_ARRIVE = {"arrive", "come", "cross", "infiltrate", "travel", "return", "move"}
_PEOPLE_OF = {"resident", "native", "inhabitant", "villager", "evacuee", "refugee"}
_PLACE_KINDS = {
    "village", "villages", "town", "towns", "city", "cities", "province", "provinces", "governorate", "district",
    "districts", "area", "areas", "region", "countryside", "suburb", "suburbs", "neighbourhood", "neighborhood",
    "neighbourhoods", "neighborhoods", "camp", "outskirts", "territory", "territories",
}


def _origin(sent: SpacySpan | None, char: int) -> bool:
    """Is the place named as where people come from ("women from the villages of Foua and Kefraya in
    Idlib province", "fighters from Arhab district", "the dead were residents of Foua"), not where the
    event happened?  The place must
    hang from a "from" below a noun through place words only ("the villages of", "in the province of")."""
    if sent is None:
        return False
    tok = _token_at(sent, char)
    for _ in range(12):
        if tok is None or tok.head.i == tok.i:
            return False
        head = tok.head
        if tok.dep_ == "prep":
            if tok.lower_ == "from":
                return head.pos_ in ("NOUN", "PROPN", "PRON", "NUM") or head.lemma_.lower() in _ARRIVE
            if tok.lower_ == "of" and head.dep_ == "attr" and head.lemma_.lower() in _PEOPLE_OF:
                return True  # "those killed were residents of Foua" (but "killed a resident of Ihie": there)
            if tok.lower_ not in ("of", "in") or not (head.lower_ in _PLACE_KINDS or head.pos_ == "PROPN"):
                return False
        elif tok.dep_ not in ("pobj", "compound", "conj", "appos", "amod", "flat", "nmod", "cc", "poss") \
                and not (tok.dep_ == "punct" and tok.pos_ == "PROPN"):
            return False
        tok = head
    return False


# "the village of X", "the town of X", "X village": a name given as a locality (a neighbourhood is coded at its town)
_LOCALITY_BEFORE = re.compile(r"\b(?:village|villages|town|towns|hamlet)\s+of\s+(?:the\s+)?$", re.I)
_LOCALITY_AFTER_NAME = re.compile(r"\s+(?:village|town|hamlet)\b|,?\s+an?\s+(?:small\s+)?(?:village|town)\b", re.I)
# a name that opens with a lower-case Arabic article ("al-Husseiniyeh", "el Bab") is still a name
_ARTICLE_NAME = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|an)[- ][A-Z]")


def _named_village(places: list[Place], text: str, outside: set[int]) -> Place | None:
    """The first name the gazetteer lacks (neither resolved nor placed by a region) that the sentence
    calls a village, town or neighbourhood, in the trigger's own clause."""
    for p in places:
        if p.resolved or p.unlisted or id(p) in outside or len(p.text) < 3 or not (
                p.text[0].isupper() or _ARTICLE_NAME.match(p.text)):
            continue
        if _LOCALITY_BEFORE.search(text, max(0, p.start - 30), p.start) or _LOCALITY_AFTER_NAME.match(text, p.end):
            return p
    return None


def _outside_clause(sent: SpacySpan | None, start: int, places: list[Place], cue_at: int) -> set[int]:
    """ids of the places named outside the trigger's clause (in a clause below it of its own)."""
    if sent is None:
        return set()
    cue = _token_at(sent, cue_at)
    if cue is None:
        return set()
    cv = clause_verb(cue)
    above = {a.i for a in cv.ancestors}
    out = set()
    for p in places:
        tok = _token_at(sent, p.start - start)
        if tok is None:
            continue
        pv = clause_verb(tok)
        # in the trigger's clause, in one above it, or inside a noun trigger's own phrase
        if pv.i == cv.i or pv.i in above or any(a.i == cue.i for a in tok.ancestors):
            continue
        # outside only in a full clause of its own (with its own subject): the small parser's stray
        # verbs ("the Sa'a roundabout" read as a verb) are no clauses
        if pv.dep_ in ("advcl", "relcl", "ccomp", "conj") and any(
                c.dep_ in ("nsubj", "nsubjpass") for c in pv.children):
            out.add(id(p))
    return out


def _governs(sent: SpacySpan | None, date_char: int, cue_char: int) -> bool:
    """Does a date (offset within the sentence) belong to the clause of the cue, or one above it?

    "Troops pushed into the city, after talks were halted a day earlier": "a day earlier" dates the
    halt (a subordinate clause), not the push.
    """
    if sent is None:
        return True
    dt, ct = _token_at(sent, date_char), _token_at(sent, cue_char)
    if dt is None or ct is None:
        return True
    dv, cv = clause_verb(dt), clause_verb(ct)
    if dv == cv or dv in cv.ancestors:
        return True
    if dv.dep_ == "acl" and (dv.head == ct or (dv.head.dep_ in ("nsubj", "nsubjpass", "dobj") and dv.head.head == cv)):
        # "An air strike carried out by the coalition on Saturday killed 20": the participle tells the event
        return True
    if dv.dep_ == "advcl" and dv.head == cv and dv.tag_ == "VBG" and not any(c.dep_ in ("mark", "nsubj") for c in dv.children):
        # "bombs fell on the town, wounding many late on Monday": a participle telling the event's outcome
        return True
    if dv.dep_ == "relcl" and dv.head == ct:
        # "fierce fighting that erupted on Thursday": a relative clause on the cue itself tells the event
        return True
    # the date's clause is subordinate and does not contain the cue
    return dv.dep_ not in ("advcl", "relcl", "acl", "ccomp", "pcomp", "xcomp")


def _event_date(dates: list[DateMention], published: date | None):
    """The sentence's event date mention; False when the sentence is background."""
    fore = [d for d in dates if not d.background]
    if not fore:
        if any(d.background for d in dates):
            return False
        return None
    d = next((d for d in fore if not d.reported), fore[0])  # the event's own date before a telling's
    if published and d.date:
        try:
            age = (published - date.fromisoformat(d.date[:10])).days
        except ValueError:
            age = 0
        if age > BACKGROUND_DAYS and d.precision in ("day", "week", "month"):
            return False
        if age > 366:
            return False
    return d


# Totals over a period or a war, and habits, are no event: "has killed 280000 since 2011", "the toll in
# the past five days", "in two days of attacks", "so far", "this month", "Idlib is regularly targeted",
# "warplanes continue to target".  Each marker counts only in the trigger's clause or one above it.
_PERIOD = re.compile(
    r"\bsince\s+(?:the\s+)?(?:war|conflict|uprising|revolution|crisis|start|beginning|outbreak|then|it\s+began|"
    r"(?:19|20)\d\d|january|february|march|april|may|june|july|august|september|october|november|december|"
    r"last\s+(?:year|month)|the\s+\w+\s+(?:began|started|erupted))\b"
    r"|\b(?:so\s+far|to\s+date|in\s+total|overall)\b"
    r"|\b(?:in|over|during|for)\s+(?:the\s+)?(?:past|last|previous)\s+(?:\w+\s+)?(?:days|weeks|months|years)\b"
    r"|\bin\s+(?:\w+\s+)?(?:days|weeks|months|years)\s+of\b"
    r"|\b(?:in|over|during|within|across)\s+(?:the\s+)?(?:\w+\s+)?(?:months|years)\b"  # "killed in five years"
    r"|\b(?:this|last)\s+(?:month|year)\b"
    r"|\b(?:killed|died|dead|deaths|killing)\b[^.;]{0,40}?\b(?:in|during)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}"
    r"(?:war|conflict|uprising|rebellion|insurgency|revolt|revolution)\b",
    re.I,
)
# A day's span: with a town it dates one incident (the report's day); over a province or a country it
# sums a day's incidents ("182 airstrikes in Syria in the past 24 hours")
_DAY_SPAN = re.compile(r"\b(?:in|over|during|within)\s+(?:the\s+)?(?:past|last|previous)\s+(?:24|twenty-four|48)\s+hours\b"
                       r"|\bin\s+(?:less\s+than\s+)?(?:24|twenty-four|48)\s+hours\s+of\b", re.I)
# a habit is no event, unless the sentence dates what it tells ("clashes continue on Saturday")
_HABIT = re.compile(r"\b(?:regularly|frequently|routinely|repeatedly|often|constantly|usually|continuously|daily)\b"
                    r"|\bcontinues?\b|\bkeeps?\s+(?:on\s+)?\w+ing\b", re.I)
_WAR = {"war", "conflict", "uprising", "revolution", "crisis", "insurgency"}


def _total_or_habit(stext: str, sent: SpacySpan | None, cue_at: int, dated: bool) -> bool:
    """Does the trigger's clause speak of a total over a period or a war, or of a habit?"""
    markers = [*_PERIOD.finditer(stext), *([] if dated else _HABIT.finditer(stext))]
    if sent is None:
        return bool(markers)
    cue = _token_at(sent, cue_at)
    if cue is None:
        return False
    cv = clause_verb(cue)
    for m in markers:
        mt = _token_at(sent, m.start())
        if mt is None:
            continue
        mv = clause_verb(mt)
        # the marker's clause is the trigger's, one above it ("X said the war has killed ..."), or a
        # participle below it that qualifies a noun of it ("brought to 49 the number killed in two days")
        # (a clause with a subject of its own says something else: "to denounce the fact that they have
        # not received support since 2018" is a grievance, not the protest's period)
        if mv.i == cv.i or any(a.i == mv.i for a in cv.ancestors) or (
                mv.dep_ == "acl" and any(a.i == cv.i for a in mv.ancestors)
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in mv.children)):
            return True
    # "the conflict has killed more than 280000 people": a war as the killer
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in _WAR for c in cv.children)


def _toll_without_anchor(ctx: SentenceContext, cue_at: int, dated: bool, killed_in_sentence: bool) -> bool:
    """A toll told with neither time nor place in its sentence, in the present perfect (a running total)."""
    if not killed_in_sentence or ctx.parsed is None:
        return False
    cue = _token_at(ctx.parsed, cue_at)
    if cue is None:
        return False
    placed = any(ctx.start <= p.start < ctx.end and not p.demonym for p in ctx.places)
    return _running_total(clause_verb(cue), dated, placed)


# Verbs that tell a toll: "have been killed", "has risen to 86", "has raised the death toll"
_TOLL_VERBS = {"kill", "die", "claim", "perish", "rise", "raise", "reach", "wound", "injure", "bring", "put", "climb"}


def _perfect_background(sent: SpacySpan | None, cue_at: int, dated: bool) -> bool:
    """"They have faced two offensives there", "the government has regained control of 55 percent of the
    country", "tactics which have included the use of chemical weapons": a clause in the present perfect
    with no day of its own sums up a stretch of time; a report tells its incidents in the past tense (or
    their tolls in the perfect: "30 people have been killed", "the toll has risen to 86").  A sentence
    that carries a toll is never such a summary: a news lead tells a fresh attack in the perfect too
    ("a group has launched a rocket attack ..., leaving at least three killed"); the caller checks that."""
    cv = None if dated else _cue_verb(sent, cue_at)
    if cv is None:
        return False
    if cv.lemma_.lower() in _TOLL_VERBS or cv.tag_ != "VBN":
        return False
    return any(c.dep_ == "aux" and c.lemma_.lower() == "have" and c.tag_ in ("VBP", "VBZ") for c in cv.children)


def _comes_after(sent: SpacySpan | None, cue_at: int) -> bool:
    """"That agreement came after hundreds were killed in chemical strikes", "The assault comes two weeks
    after IS killed 270 guards in Homs": an event told to place another in time is background."""
    cv = _cue_verb(sent, cue_at)
    if cv is None:
        return False
    if cv.dep_ != "advcl" or cv.head.lemma_.lower() not in ("come", "follow"):
        return False
    after = ("after", "since", "following")
    # "after" as the clause's marker, or (as the small parser often has it) a preposition of "came"
    return any(c.dep_ == "mark" and c.lower_ in after for c in cv.children) or any(
        c.dep_ == "prep" and c.lower_ in after and c.i < cv.i for c in cv.head.children)


def _present_background(sent: SpacySpan | None, cue_at: int, dated: bool) -> bool:
    """"Government forces intensify air strikes on territory held by the group", "warplanes are carrying
    out air strikes over Aleppo in support of an offensive": a clause in the present tense (simple or
    progressive) with no day of its own tells a campaign or a trend, not an incident.  A headline speaks
    in the present of what happened ("Air raids kill 12"), so it is passed as dated."""
    cv = None if dated else _cue_verb(sent, cue_at)
    if cv is None:
        return False
    if cv.pos_ != "VERB" or cv.lemma_.lower() in _TOLL_VERBS or cv.lemma_.lower() in _SPEAKER_VERBS:
        return False
    if cv.tag_ in ("VBP", "VBZ"):
        return True
    return cv.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_.lower() == "be" and c.tag_ in ("VBP", "VBZ")
                                    for c in cv.children)


def _running_total(cv, dated: bool, placed: bool) -> bool:
    """"More than 300000 people have been killed and millions forced to flee": a toll in the present
    perfect with no time and no place of its own is a running total, not an incident."""
    if dated or placed or cv.lemma_.lower() not in ("kill", "die", "claim", "perish"):
        return False
    return any(c.dep_ == "aux" and c.lemma_.lower() == "have" and c.tag_ in ("VBP", "VBZ") for c in cv.children)


def _old_date_nearby(dates: list[DateMention], published: date | None) -> bool:
    """A date long before publication anywhere in the sentence, none of its own: background."""
    if published is None:
        return False
    for d in dates:
        if d.background:
            return True
        if d.date and d.precision in ("day", "week", "month", "year"):
            try:
                age = (published - date.fromisoformat(d.date[:10])).days
            except ValueError:
                continue
            if age > BACKGROUND_DAYS + (366 if d.precision == "year" else 31 if d.precision == "month" else 0):
                return True
    return False


def _is_month(tok) -> bool:
    """"On 7 May 2020": the small model sometimes parses the month as the modal "may"."""
    doc = tok.doc
    return tok.text == "May" and (tok.i > 0 and doc[tok.i - 1].like_num or tok.i + 1 < len(doc) and doc[tok.i + 1].like_num)


def _asserted(cue: Cue, sent: SpacySpan | None) -> bool:
    """False when the parse shows the cue negated, hypothetical, intended or denied."""
    if sent is None:
        return True
    base = sent[0].idx
    tok = next((t for t in sent if t.idx >= base + cue.start), None)
    if tok is None:
        return True
    # Walk up from the cue through its verbal heads (the cue may be a noun: "no airstrikes were reported").
    t = tok
    for _ in range(4):
        for child in t.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return False
            if child.dep_ in ("aux", "auxpass") and child.lower_ in _MODAL_AUX and not _is_month(child):
                return False
            if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
                return False
        if t.dep_ == "xcomp" or (t.dep_ == "pcomp" and t.head.lower_ in ("of", "against", "before")):
            # "threatened to attack", "warned of airstrikes", "denied carrying out strikes"
            if t.head.lemma_.lower() in _FRAME_VERBS or t.head.lower_ in ("of",):
                return False
        if t.head.lemma_.lower() in _FRAME_VERBS and t.dep_ in ("xcomp", "ccomp", "dobj", "pcomp") \
                and t.i > t.head.i:
            # the framed act follows its frame ("denied attacking"); a clause before a later verb
            # ("students protested ..., and also called for help") is reported as done
            return False
        if t.dep_ == "aux" and t.lower_ == "to" and t.head.dep_ in ("advcl", "acl", "xcomp"):
            return False
        # an infinitive ("an assault to recapture the town") has not happened yet, unless it follows an
        # aspectual verb ("began to shell")
        if (
            any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
            and t.head.lemma_.lower() not in _ASPECT
            # "workers gathered to protest", "blocked the road to demonstrate": the gathering is the protest
            and not (cue.label == "Peaceful protest" and t.head.lemma_.lower() in _GATHER)
            # "residents banged pots to protest", "did a motorcade to demand": an act done, in the past,
            # in order to protest is the protest itself (not "called on them to protest", a frame)
            and not (cue.label == "Peaceful protest" and t.head.tag_ == "VBD" and t.dep_ in ("advcl", "xcomp")
                     and t.head.lemma_.lower() not in _FRAME_VERBS | _NOT_YET)
            # "claimed to have shot down two drones": a perfect infinitive reports a done act
            and not any(c.dep_ == "aux" and c.lower_ == "have" for c in t.children)
        ):
            return False
        # Stop at the cue's own clause verb: what governs a higher clause does not govern this one
        # ("police fired tear gas to disperse students who had gathered to protest").
        if t.head.i == t.i or t.pos_ in ("VERB", "AUX"):
            break
        t = t.head
    return True


# Words by which a sentence reacts to an event told elsewhere rather than telling it: "a resolution
# condemning the air strike", "concerned by reports of the attack", "called for an investigation into
# the strikes", "to visit the site of the attack"; or denies it: "denied charges that the army used
# chemical weapons", "described the reports its army had used chemical weapons as untrue"; or tells it
# as an intent: "were threatening to strike two villages they have surrounded with missiles", "the army
# operation was aimed at the recapture of X".
_REACTION = {
    "condemn", "condemnation", "denounce", "deplore", "decry", "criticize", "criticise", "debate", "discuss",
    "investigate", "investigation", "probe", "inquiry", "verify", "concern", "concerned", "resolution",
    "cessation", "visit", "outrage", "deny", "denial", "describe", "threaten", "threat", "aim",
}


def _reaction_to(cue: Cue, sent: SpacySpan | None) -> bool:
    """Is the cue the object of a reaction (condemning, debating, investigating it) rather than told?"""
    if sent is None:
        return False
    tok = _token_at(sent, cue.start)
    if tok is None:
        return False
    return any(a.lemma_.lower() in _REACTION or a.lower_ in _REACTION for a in tok.ancestors)


_SUPPORT = {"back", "support", "aid", "assist", "cover", "help"}


def _in_support(cue: Cue, sent: SpacySpan | None) -> bool:
    """"Pro-regime fighters - backed by Russian air strikes - retook two villages": what backs the act
    told is no event of its own; the act it supports is."""
    if sent is None:
        return False
    tok = _token_at(sent, cue.start)
    if tok is None:
        return False
    return any(a.dep_ == "agent" and a.head.lemma_.lower() in _SUPPORT for a in tok.ancestors)


_GROUP_ACTS = {"fight", "fighting", "battle", "battling", "combat", "combating", "clash", "clashing"}


def _describes_a_group(cue: Cue, sent: SpacySpan | None) -> bool:
    """"rebels fighting against the government", "the coalition fighting IS", "the main force battling
    the extremists": a participle that says what a group does in general, not an event."""
    if sent is None or SUB_EVENT_TYPES.get(cue.label) != BATTLES:
        return False
    tok = _token_at(sent, cue.start)
    if tok is None or not tok.lower_.endswith("ing") or tok.lemma_.lower() not in _GROUP_ACTS:
        return False
    if tok.dep_ in ("pcomp", "advcl") and tok.head.lower_ == "with":
        # "the conflict has grown sectarian, with rebels battling the army": the setting, not an incident
        return True
    if tok.dep_ != "acl":
        return False
    return tok.head.pos_ in ("NOUN", "PROPN", "PRON") and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def _decide(events: list[Cue], modifiers: list[Cue], victims: str | None):
    """What events one sentence reports: [(sub_event_type, main cue, generic)]."""
    labelled = [c for c in events if c.weight >= LABEL_WEIGHT]
    if labelled:  # the report names its own category
        return [(labelled[0].label, labelled[0], False)]
    by_type: dict[str, list[Cue]] = {}
    for c in events:
        et = _TYPE_OF_LABEL.get(c.label)
        if et:
            by_type.setdefault(et, []).append(c)
    out: list[tuple[str, Cue, bool]] = []
    mods = {m.label for m in modifiers}

    protest = by_type.get(PROTESTS, [])
    riot = by_type.get(RIOTS, [])
    violent_mod = [m for m in modifiers if m.label == "@violent"]
    if protest or riot:
        main = max(protest + riot, key=lambda c: c.weight)
        if riot and not protest:
            best = max(riot, key=lambda c: c.weight)
            out.append((best.label, best, False))
        elif violent_mod and "@excessive" not in mods:
            out.append(("Violent demonstration", main, False))
        elif "@excessive" in mods:
            out.append(("Excessive force against protesters", main, False))
        elif "@intervention" in mods:
            out.append(("Protest with intervention", main, False))
        else:
            out.append(("Peaceful protest", main, False))
        if "@excessive" in mods or violent_mod:
            return out
        # A peaceful protest sentence may still report a separate attack; fall through only for weapons.
        by_type.pop(VAC, None)
        by_type.pop(BATTLES, None)
    elif violent_mod and any(v.text.lower().startswith("riot") for v in violent_mod):
        out.append(("Violent demonstration", violent_mod[0], False))
        return out

    expl = by_type.get(EXPLOSIONS, [])
    strong_expl = [c for c in expl if c.weight >= 3]
    battle = by_type.get(BATTLES, [])
    vac = by_type.get(VAC, [])
    armed_victims = bool(victims) and any(w in victims.lower() for w in _VICTIM_ARMED)

    territory = [c for c in battle if c.label == "@territory"]
    clash = [c for c in battle if c.label == "Armed clash" and c.weight >= 2]
    if strong_expl and clash and all(c.weight < 3 for c in clash):
        clash = []  # "fired mortars at the positions of": the firing is the shelling
    if clash:
        # Ground fighting with mortars or grenades is one clash (ACLED's coding); air strikes, chemical
        # and suicide attacks stay events of their own.
        strong_expl = [c for c in strong_expl if c.label in _SEPARATE_FROM_CLASH]
    if strong_expl:
        best = max(strong_expl, key=lambda c: (c.weight, -_EXPLOSION_ORDER.index(c.label)))
        out.append((best.label, best, False))
    if territory:
        out.append(("@territory", territory[0], False))
    elif clash:
        out.append(("Armed clash", max(clash, key=lambda c: c.weight), False))
    special_vac = [c for c in vac if c.label in ("Sexual violence", "Abduction/forced disappearance")]
    if special_vac:
        out.append((special_vac[0].label, special_vac[0], False))
    if not out:
        weak_expl = [c for c in expl if c.weight < 3]
        attack = [c for c in vac if c.label == "Attack"]
        weak_clash = [c for c in battle if c.label == "Armed clash"]
        downed = [c for c in by_type.get(STRATEGIC, []) if _DOWNED.fullmatch(c.text)]
        if weak_expl and not attack:
            out.append((weak_expl[0].label, weak_expl[0], True))
        elif attack and downed and not weak_expl:
            # "a helicopter was shot down near X, killing all five on board": the deaths are the downing's,
            # a fight with the aircraft, not a toll to join an air strike or a bombing told nearby
            out.append(("Armed clash", downed[0], False))
        elif attack or weak_clash:
            cue = (attack or weak_clash)[0]
            if armed_victims or (weak_clash and not attack):
                out.append(("Armed clash", cue, True))
            else:
                out.append(("Attack", cue, True))
            if weak_expl:
                out[0] = (weak_expl[0].label, weak_expl[0], False)
    if not out:
        strat = by_type.get(STRATEGIC, [])
        strat = [c for c in strat if c.weight >= 2 or c.label == "Other"]
        if strat:
            best = max(strat, key=lambda c: c.weight)
            out.append((best.label, best, False))
    return out


_DOWNED = re.compile(r"(?:shot|shoot|shooting)\s+down|downed", re.I)
_TYPE_OF_LABEL = {**SUB_EVENT_TYPES, "@territory": BATTLES}


def _rank_places(
    places: list[Place], cue_at: int, country_code: str | None = None, text: str = "",
    outside: set[int] | None = None,
) -> list[Place]:
    """Best place for the event first: resolved, in the report's country, not a part of another named
    place, most precise, named as the locality ("Surat city (Surat, Gujarat)", "Temixco, Morelos"),
    then nearest the trigger.  Events are coded at the town: "in Palanpur area of Surat city",
    "Barangay Kapitan Pepe, Cabanatuan" and "in Diliman, Quezon City" happened in the second town."""
    after = {id(p): next((q for q in places if q is not p and 0 < q.start - p.end <= 3), None) for p in places}

    def part_of_other(p: Place) -> bool:
        q = after[id(p)]
        if q is not None and (q.geo_precision or 3) == 1 and (p.geo_precision or 3) == 1 and q.country_code == p.country_code:
            return True
        if _SUBLOCALITY_BEFORE.search(text, max(0, p.start - 25), p.start) and not any(
                q.end < p.start and _SUBLOCALITY_AFTER.fullmatch(text, q.end, p.start - 1) for q in places):
            return True  # "the neighbourhood of Bab Amr"; but in "the Ndaba neighbourhood of Kolofata", the town
        after_kind = _SUBLOCALITY_AFTER.match(text, p.end)
        if not after_kind:
            return False
        if not re.match(r"\s+(?:areas?|district)\b", after_kind.group(0), re.I):
            return True  # "the Ndaba neighbourhood of Kolofata": always a part of the town
        # "Palanpur area of Surat city": a part of the town; "Yakhchal area of Nahri Saraj district":
        # a village of the district, which is where the event is coded
        # ... unless we can place the village and not the district. (ACLED codes the most precise
        # place it can locate; a village we cannot place is coded at the district we can.)
        holder = next((q for q in places if 0 < q.start - p.end <= 25), None)
        if holder is None:
            return True
        if not (p.resolved and not p.unlisted):
            return holder.resolved and not holder.unlisted
        return not (holder.unlisted or (holder.feature or "").startswith("A.")
                    or bool(_DISTRICT_AFTER.match(text, holder.end)))

    def qualified(p: Place) -> bool:
        if p.unlisted:
            return True  # placed by the region named with it
        q = after[id(p)]
        if q is not None and (q.geo_precision or 3) >= 2 and p.country_code and p.country_code == q.country_code:
            return True
        return bool(_LOCALITY_AFTER.match(text, p.end))

    def container(p: Place) -> bool:
        # "the countryside of Darbasiyah in Al-Hasakeh": the place after "X in" holds X; so do the
        # names in the bracket of "Kagara (Rafi LGA, Niger)"
        return any(q is not p and q.resolved and not is_facility(q.text)
                   and (_IN_BETWEEN.fullmatch(text, q.end, p.start)
                        or _IN_BRACKET.fullmatch(text, q.end, p.start)
                        # "in Shah Wali Kot district, Kandahar": the name after "X district," holds X
                        or _KIND_COMMA.fullmatch(text, q.end, p.start)
                        or _DISTRICT_WORD.search(q.text) and _COMMA.fullmatch(text, q.end, p.start))
                   for q in places)

    def key(p: Place):
        return (
            0 if p.resolved else 1,
            0 if not country_code or p.country_code == country_code else 1,
            # a place named in the event's own clause beats one elsewhere in the sentence
            1 if outside and id(p) in outside else 0,
            # a country is where an event is only when no place within it is named: "Hays city in western
            # Yemen (Hays, Al Hudaydah)" happened in Hays, though the bracket holds the district's name
            1 if (p.feature or "").startswith("A.PCL") else 0,
            _road_end(p, text),
            1 if part_of_other(p) or container(p) or _FROM_BEFORE.search(text, max(0, p.start - 30), p.start) else 0,
            1 if p.unlisted else p.geo_precision or 3,
            # "Yae Shin village, Myebon Township": of two towns we cannot place, the village
            1 if p.unlisted and _unlisted_is_district(p, text) else 0,
            0 if qualified(p) else 1,
            abs(p.start - cue_at),
        )

    return sorted(places, key=key)


# "the Tripoli-Beirut highway", "Khulna-Dhaka road": the towns a road joins, named as its name
_ROAD_WORD = re.compile(r"\s*(?:highway|road|expressway|motorway|railway|route)\b", re.I)
_ROAD_FIRST = re.compile(r"-[^\W\d][\w' ]{0,25}?\s*(?:highway|road|expressway|motorway|railway|route)\b", re.I)


def _road_end(p: Place, text: str) -> int:
    """0 for a place named as itself; 1 for the first town of a road's name ("Tripoli" of "the
    Tripoli-Beirut highway"), 2 for the last: a road is named after where it leads, not where it was
    blocked, so any other place of the sentence comes first, then the road's first town."""
    if p.start > 0 and text[p.start - 1] == "-" and _ROAD_WORD.match(text, p.end):
        return 2
    return 1 if _ROAD_FIRST.match(text, p.end) else 0


def _town_level(p: Place, text: str) -> bool:
    if p.unlisted:
        return not _unlisted_is_district(p, text)
    return p.resolved and p.geo_precision == 1


_ONE_BORDER = re.compile(r"(?:\s*\([^()]*\))?\s+(?:district\s+|county\s+|state\s+)?(?:border|boundary|frontier)\b(?!s)", re.I)


def _district(p: Place) -> bool:
    """A district the gazetteer knows (ACLED codes an event there at a point of its own)."""
    return p.resolved and (p.feature or "") in ("A.ADM2", "A.ADM3")


def _in_bracket(p: Place, text: str) -> bool:
    return text.rfind("(", 0, p.start) > text.rfind(")", 0, p.start)


def _listed_with(top: Place, places: list[Place], text: str) -> list[Place]:
    """The other towns or districts of a list that names `top` ("attacked A, B and C (District, Region)",
    "on the A (Region) and B (Region) fronts"); empty when `top` is in no list, the list is "between A
    and B" (one stretch of road) or "the A and B border" (one line), or any member is a province or
    a country."""
    members = sorted((p for p in places if not _in_bracket(p, text)), key=lambda p: p.start)
    runs = coordinated_runs(text, [(p.start, p.end) for p in members], _LIST_JOIN)
    run = next(([members[k] for k in r] for r in runs if any(members[k] is top for k in r)), [])
    if not run:
        return []
    if re.search(r"\bbetween\s+(?:the\s+)?(?:\w+\s+of\s+)?$", text[max(0, run[0].start - 40):run[0].start], re.I):
        return []
    if _ONE_BORDER.match(text, run[-1].end):
        return []  # "the A and B border": one line where two places meet
    if not all((_town_level(p, text) or _district(p)) and p.country_code == top.country_code for p in run):
        return []
    seen = {(top.unlisted_name or top.name or top.text).lower()}
    out = []
    for p in run:
        key = (p.unlisted_name or p.name or p.text).lower()
        if p is not top and key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _unlisted_is_district(p: Place, text: str) -> bool:
    return bool(_DISTRICT_WORD.search(p.text) or _DISTRICT_AFTER.match(text, p.end))


def victims_are_civilian(victims: str | None) -> bool:
    return bool(victims) and any(w in victims.lower() for w in _VICTIM_CIVIL)


def actor_is_armed(m: ActorMention | None) -> bool:
    return m is not None and m.kind in ARMED
