"""Linking a quantity to its victims and cue: "five civilians were killed", "killing a child",
"5 soldiers and 1 officer"; builds `CasualtyMention`s."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.extract.casualties.lexicon import (
    AFTER_DEAD,
    AUX,
    KILL_VERBS,
    OBJECTS,
    PRONOUN_SINGLE,
    TRANSITIVE,
    cue_at,
    cumulative_context,
    is_object_start,
    person_noun,
)
from sitrep.extract.casualties.numbers import Quantity, Token, read_quantity, tokenize
from sitrep.types import Count, Span


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


# ----------------------------------------------------------------------------------------- matching


def make_mention(toks: list[Token], text: str, offset: int, q: Quantity, kind: str, victims: str | None, ev_start: int,
        ev_end: int, cumulative: bool) -> CasualtyMention:
    s, e = toks[q.start].start, toks[q.end - 1].end
    qtext = text[s:e]
    combined = kind == "combined"
    aggregate = cumulative_context(toks, min(q.start, ev_start), max(q.end, ev_end))
    cumulative = cumulative or aggregate
    if combined:
        top = q.best if q.high is None else q.high
        # ACLED halves an unsplit killed-and-injured figure (rounded down); its vague "plural" value stays
        best = q.best if q.estimate and q.best == 10 else (q.low if q.low is not None else q.best or 0) // 2
        count = Count(low=None, best=best, high=top, text=qtext,
                      span=Span.of(text, s, e, offset), estimate=True, cumulative=cumulative,
                      victims=victims)
    else:
        count = Count(low=q.low, best=q.best, high=q.high, text=qtext, span=Span.of(text, s, e, offset),
                      estimate=q.estimate, cumulative=cumulative, victims=victims)
    es, ee = toks[ev_start].start, toks[ev_end - 1].end
    return CasualtyMention(kind="killed" if combined else kind, count=count, victims=victims,
                           combined=combined, evidence=Span.of(text, es, ee, offset),
                           aggregate=aggregate)


def single_victim(toks: list[Token], i: int, any_noun: bool) -> tuple[Quantity, str | None, int] | None:
    """'a man', 'an elderly civilian', 'the victim', 'one of the attackers', 'him': one victim."""
    n = len(toks)
    if i >= n:
        return None
    w = toks[i].low
    possessive_her = w == "her" and i + 1 < n and toks[i + 1].text[:1].isalpha() and toks[i + 1].low not in (
        "and", "in", "on", "at", "near", "with", "while", "after", "before", "when", "as")  # "her husband"
    if w in PRONOUN_SINGLE and not possessive_her:
        return Quantity(1, 1, 1, i, i + 1, single=True), "people", i + 1
    if w in ("another", "one") and i + 1 < n and cue_at(toks, i + 1) and toks[i + 1].low not in KILL_VERBS:
        return Quantity(1, 1, 1, i, i + 1, single=True), None, i + 1
    if w in ("a", "an", "the", "his", "her", "their", "one") or (w == "another" and i + 1 < n and not toks[i + 1].low[:1].isdigit()):
        if w == "one" and i + 1 < n and toks[i + 1].low == "of":
            return None  # "one of the X" is a quantity (1) handled by the caller
        if i + 1 < n and toks[i + 1].low in ("number", "few", "dozen", "handful", "total", "hundred",
                                                 "thousand", "score", "further", "large", "minimum"):
            return None
        for j in range(i + 1, min(n, i + 6)):
            p = person_noun(toks[j])
            if p and not p[1]:
                if j + 1 < n and person_noun(toks[j + 1]) and not person_noun(toks[j + 1])[1]:
                    continue  # "a police officer": take the last noun
                return Quantity(1, 1, 1, i, j + 1, single=True), p[0], j + 1
            if p and p[1]:
                if j + 1 < n and person_noun(toks[j + 1]):
                    continue  # "a militia leader"
                return None
            if cue_at(toks, j) or toks[j].low in AUX or toks[j].low in (",", ".", ";", "and", "or", "of", "in", "on", "at", "by", "with"):
                if any_noun and j > i + 1 and w in ("a", "an"):
                    return Quantity(1, 1, 1, i, j, single=True), None, j
                return None
        return None
    return None


def victim_after(toks: list[Token], j: int, limit: int = 5) -> tuple[str | None, int, bool]:
    """Look for a person noun within `limit` tokens of j: (kind, end index, is_object)."""
    n = len(toks)
    for k in range(j, min(n, j + limit)):
        w = toks[k].low
        p = person_noun(toks[k])
        if p:
            # take the last of consecutive person nouns ("police officers")
            while k + 1 < n and person_noun(toks[k + 1]):
                k += 1
                p = person_noun(toks[k])
            return p[0], k + 1, False
        if w in OBJECTS:
            return None, k + 1, True
        if cue_at(toks, k) or w in AUX or w in (",", ".", ";", ":", "and", "or", "in", "on", "at",
                                                  "by", "with", "after", "when", "while", "as", "during",
                                                  "near", "from", "(", ")", '"', "including"):
            return None, j, False
    return None, j, False



_AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "man", "woman")
_SUBJ_STOP = {",", ";", ":", '"', "“", "”", "and", "but", "that", "which", "while", "when", "after", "before",
              "said", "says", "where", "whether", "if", "(", ")", "."}
_NOT_NAME = {"the", "a", "an", "this", "that", "it", "in", "on", "at", "but", "and", "however", "meanwhile",
             "later", "earlier", "moreover", "also", "there", "then", "today", "yesterday", "his", "her", "their",
             "its", "one", "some", "another", "no", "none", "nobody", "anyone", "someone", "everyone"}


def singular_subject(toks: list[Token], k: int) -> tuple[int, tuple[str | None, bool] | None] | None:
    """Walk back from token k over the subject of "was killed": (index, person info) when the subject
    is one person (a person noun, a name, he/she, "the 25-year-old", ", who"), else None."""
    for m in range(k, max(-1, k - 9), -1):
        t = toks[m]
        w = t.low
        if w in ("he", "she", "other", "another") or (w == "who" and m == k) or "year-old" in w:
            return m, person_noun(t)
        if w in ("they", "we", "them", "you", "i", "it", "there", "this", "what", "which", "toll", "number",
                 "figure", "none", "nobody", "anyone", "anybody", "someone", "somebody", "everyone",
                 "everybody", "no-one"):
            return None
        p = person_noun(t)
        if p:
            return None if p[1] else (m, p)
        if m == k and w.isalpha() and w.endswith(_AGENT_SUFFIXES) and not w.endswith("ment"):
            return m, None  # an agent noun: "a drug trafficker was killed"
        if w in _SUBJ_STOP:
            return None
        if t.text[:1].isupper() and w not in _NOT_NAME:
            return m, None
    return None


def coordinated_objects(toks: list[Token], text: str, offset: int, kind: str, k: int,
                         out: list[CasualtyMention], used: set[int], lead: CasualtyMention) -> None:
    """'killing five women and a child': further objects of the same verb, each its own figure."""
    n = len(toks)
    while k + 1 < n and toks[k].low in ("and", ","):
        j = k + 1
        if toks[j].low == "and" and toks[k].low == ",":
            j += 1
        q = read_quantity(toks, j)
        if q is not None and not q.mods:
            victim_kind, vend, obj = victim_after(toks, q.end)
            if obj or victim_kind is None:
                return
            end = max(q.end, vend)
        else:
            s1 = single_victim(toks, j, any_noun=False)
            if s1 is None:
                return
            q, victim_kind, end = s1
        if any(x in used for x in range(q.start, end)):
            return
        if end < n and (toks[end].low in AUX or cue_at(toks, end)):
            return  # "... and 2 were wounded": a new clause with its own verb
        out.append(make_mention(toks, text, offset, q, kind, victim_kind, q.start, end, False))
        out[-1].group = lead.group = id(lead)
        used.update(range(q.start, end))
        k = end


def link_head(toks: list[Token], q: Quantity, after: int, victim_kind: str | None, single: bool) -> tuple[Quantity, str | None, int] | None:
    """(quantity, victims, end of its noun phrase) when a figure is followed by a person noun."""
    if single:
        return q, victim_kind, after
    n = len(toks)
    for k in range(after, min(n, after + 5)):
        p = person_noun(toks[k])
        if p:
            while k + 1 < n and person_noun(toks[k + 1]):
                k += 1
                p = person_noun(toks[k])
            return q, p[0], k + 1
        if toks[k].low in OBJECTS or cue_at(toks, k) or (toks[k].low in AUX and not _acronym(toks[k])):
            return None
        if (toks[k].low in ("and", ",") and k + 1 < n and k - after <= 2 and read_quantity(toks, k + 1) is not None
                and all(t.text.isalpha() for t in toks[after:k])):
            return q, None, k  # "30 regime and 39 rebel fighters": the head comes with the next figure
    return None


def _acronym(tok: Token) -> bool:
    return len(tok.text) > 1 and tok.text.isupper() and tok.text.isalpha()


def link_forward(toks: list[Token], q: Quantity, after: int, victim_kind: str | None, single: bool
                 ) -> tuple[str, str | None, int] | None:
    """From the end of a quantity, walk to a cue: (kind, victims, end of cue) or None."""
    apposed = _apposed_to(toks, q, after)
    if apposed is not None:
        # "most of the victims - 14 - died": the figure counts the people named before it
        return _walk_to_cue(toks, after, after + 1, apposed, True, False)
    head = _victim_head(toks, after, victim_kind, single)
    if head is None:
        return None
    j, victim_kind, has_head = head
    return _walk_to_cue(toks, after, j, victim_kind, has_head, single)


_APPOSITION = ("-", "–", "—", ",", "(")
_CLOSE = {"-": "-", "–": "–", "—": "—", ",": ",", "(": ")"}


def _apposed_to(toks: list[Token], q: Quantity, after: int) -> str | None:
    """The kind of people a bare figure set off after their noun counts ("the victims - 14 - died",
    "the dead, 14, were"), or None."""
    if q.start < 2 or after >= len(toks) or toks[q.start - 1].text not in _APPOSITION:
        return None
    if toks[after].text != _CLOSE[toks[q.start - 1].text]:
        return None
    p = person_noun(toks[q.start - 2])
    if p is None and toks[q.start - 2].low != "dead":
        return None
    return p[0] if p else "people"


def _victim_head(toks: list[Token], after: int, victim_kind: str | None, single: bool
                 ) -> tuple[int, str | None, bool] | None:
    """The victim noun after a quantity ("five civilians", "of them", "rebel and regime fighters"):
    (the token after it, its kind, whether there is one), or None when the figure counts no people."""
    n = len(toks)
    j = after
    has_head = single
    if not single:
        # "of them", "of whom", "of the victims"
        if j < n and toks[j].low == "of" and j + 1 < n and toks[j + 1].low in ("them", "whom", "those", "the", "these"):
            j += 2
            if toks[j - 1].low in ("the", "these") and j < n:
                p = person_noun(toks[j])
                if p:
                    victim_kind, has_head = p[0], True
                    j += 1
                elif toks[j].low not in ("dead", "wounded", "injured", "killed"):
                    return None
            else:
                has_head = True
        else:
            for k in range(j, min(n, j + 6)):
                p = person_noun(toks[k])
                if p:
                    while True:
                        while k + 1 < n and person_noun(toks[k + 1]):
                            k += 1
                            p = person_noun(toks[k])
                        # "rebel and regime fighters": a coordinated modifier before the real head
                        nxt = next((m for m in range(k + 2, min(n, k + 5)) if person_noun(toks[m])), None)
                        if (nxt is not None and k + 1 < n and toks[k + 1].low in ("and", "or")
                                and all(toks[m].low.isalpha() and not cue_at(toks, m) and toks[m].low not in AUX
                                        and read_quantity(toks, m) is None and single_victim(toks, m, False) is None
                                        for m in range(k + 2, nxt))):
                            k = nxt
                            p = person_noun(toks[k])
                            continue
                        break
                    victim_kind, has_head, j = p[0], True, k + 1
                    break
                w = toks[k].low
                if (_acronym(toks[k]) and w not in ("and", "or")) or toks[k].text == "/":
                    continue
                if w == "and" and k > j and k + 1 < n and not read_quantity(toks, k + 1) and toks[k + 1].low.isalpha():
                    continue  # "70 regime and rebel fighters"
                if re.match(r"^\d", w) or read_quantity(toks, k) is not None:
                    break  # another figure
                if (w.endswith("s") and w.isalpha() and w not in OBJECTS and len(w) > 3
                        and not cue_at(toks, k) and w not in AUX and k + 1 < n
                        and (toks[k + 1].low in AUX or cue_at(toks, k + 1))):
                    victim_kind, has_head, j = w, True, k + 1  # an unlisted plural noun: "two pilots were killed"
                    break
                if w in OBJECTS or cue_at(toks, k) or w in AUX or not re.match(r"^[\w'-]+$", toks[k].text) or w in ("and", "or", "of", "from", "to", "in", "on", "at", "by", "for", "with"):
                    break
                if w in ("bodies", "corpses"):
                    break
            if has_head and j < n and toks[j].low == "of" and not cue_at(toks, j + 1):
                # "members of the same family", "fighters of the Free Syrian Army"
                for k in range(j + 1, min(n, j + 6)):
                    if cue_at(toks, k) or toks[k].low in AUX or toks[k].low in (",", ".", ";"):
                        j = k
                        break
    return j, victim_kind, has_head


_SPEECH = {"said", "reported", "confirmed", "believed", "thought"}


def _headless_subset(toks: list[Token], j: int, steps: int) -> bool:
    """"a further nine, among them eight women, were killed": a figure with no noun of its own, then
    its part; the figure before the part is the toll."""
    if steps != 0 or toks[j].low not in ("among", "including") or j + 1 >= len(toks):
        return False
    k = j + 2 if toks[j + 1].low == "them" else j + 1
    return read_quantity(toks, k) is not None


def _walk_to_cue(toks: list[Token], after: int, j: int, victim_kind: str | None, has_head: bool, single: bool
                 ) -> tuple[str, str | None, int] | None:
    """Between head and cue: auxiliaries, adverbs, lists of further person nouns, a skipped subset."""
    n = len(toks)
    passive = False
    steps = 0
    while j < n and steps < 8:
        cue = cue_at(toks, j)
        if cue:
            return _at_cue(toks, j, cue, after, victim_kind, has_head, single, passive, steps)
        w = toks[j].low
        if w == "among" and j + 1 < n and toks[j + 1].low not in ("them", "whom", "those", "the"):
            return None  # "six children were among 19 civilians killed": the total follows
        if (has_head or _headless_subset(toks, j, steps)) and (w in ("including", "among", "includ", "mostly", "mainly", "most", "many", "some")
                         or (w in ("-", "–", "—", "(") and j + 1 < n and toks[j + 1].low in ("including", "among"))):
            # "15 civilians, among them 11 children, were killed": skip the subset
            k = j + 1
            while k < n and k < j + 10 and not cue_at(toks, k) and toks[k].low not in (
                    "were", "was", "have", "has", "had", "are", "-", "–", "—", ")", ",", "."):
                k += 1
            if k < n and toks[k].low in ("-", "–", "—", ")", ","):
                k += 1
            if k < n and k > j + 1:
                j = k
                steps += 1
                continue
            return None
        if single and steps == 0 and (w not in AUX or w in _SPEECH):
            return None  # "He said civilians had died": the speaker, not a victim
        if w in ("was", "were", "been", "being", "be", "got"):
            passive = True
        if w in AUX or w == ",":
            pass
        elif w in ("and", "or") and has_head and j + 1 < n and (person_noun(toks[j + 1]) or "-" in toks[j + 1].low):
            pass
        elif has_head and (person_noun(toks[j]) or ("-" in w and w[:1].isalpha())):
            pass
        elif w in ("civilian", "confirmed", "reported", "more", "further", "additional", "new", "other") and not single:
            pass
        elif (not single and w.isalpha() and w.islower() and j + 1 < n
              and toks[j + 1].low in ("deaths", "fatalities", "casualties", "injuries")):
            pass  # "6 military fatalities"
        elif w.endswith("ed") and j + 1 < n and toks[j + 1].low == "and" and (
                cue_at(toks, j + 2) or (j + 3 < n and toks[j + 2].low in AUX and cue_at(toks, j + 3))):
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


def _at_cue(toks: list[Token], j: int, cue: tuple[str, int], after: int, victim_kind: str | None,
            has_head: bool, single: bool, passive: bool, steps: int) -> tuple[str, str | None, int] | None:
    """The walk reached a cue at token j: is the figure its toll?"""
    n = len(toks)
    kind, cend = cue
    w = toks[j].low
    if w in ("bodies", "corpses", "body") and not has_head and not single:
        return kind, "people", cend  # "two bodies were found"
    if w == "death" or (w == "body" and not toks[j - 1].low.endswith("'s")):
        return None
    if (w == "dead" and not has_head and not single and j == after and cend < n
            and toks[cend].text.isalpha() and toks[cend].text.islower() and toks[cend].low not in AFTER_DEAD
            and not toks[cend].low.endswith("ly") and read_quantity(toks, cend) is None):
        # "dead" before a noun is an adjective: "150 dead fish" is no toll, "five dead soldiers" is
        p = person_noun(toks[cend])
        if not p:
            return None
        return kind, p[0], cend + 1
    if ((w in TRANSITIVE or toks[cend - 1].low in TRANSITIVE) and not passive and (has_head or single)
            and is_object_start(toks, cend)):
        return None  # active voice: the figure is the attacker
    if w in ("killing", "wounding", "injuring", "kill", "kills", "wound", "injure", "injures", "hurting"):
        return None
    if single and w in ("deaths", "fatalities", "injuries", "casualties", "casualty", "death", "fatality",
                        "injury"):
        return None
    if not has_head and w in ("deaths", "fatalities", "injuries", "casualties", "casualty") and steps > 0:
        return None
    return kind, victim_kind, cend


def parse_quantity(text: str) -> Count | None:
    """Read a standalone number phrase: 'at least forty', 'dozens', 'between 3 and 5', '1,200'."""
    toks = tokenize(text)
    if not toks:
        return None
    q = read_quantity(toks, 0)
    if q is None:
        s = single_victim(toks, 0, any_noun=False)
        if s is None:
            return None
        q = s[0]
    rest = toks[q.end:]
    victims = None
    for t in rest:
        p = person_noun(t)
        if p:
            victims = p[0]
    if any(t.low in OBJECTS for t in rest):
        return None
    s, e = toks[q.start].start, toks[q.end - 1].end
    return Count(low=q.low, best=q.best, high=q.high, text=text[s:e], span=Span.of(text, s, e),
                 estimate=q.estimate, victims=victims)
