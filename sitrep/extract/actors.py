"""Actors: who acted and on whom, with ACLED-style normalized names (data/actors.tsv).

Mentions are found by the lexicon; roles come from the dependency parse of the event sentence:
a subject, a passive agent ("by X") or a possessor/modifier of the trigger ("regime airstrikes",
"the army's assault") is the actor; an object or a target ("on X", "against X", victims) is acted on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Span as SpacySpan

from sitrep.config import PACKAGE_DATA
from sitrep.extract.literals import folded, may_match, required_literals
from sitrep.extract.nlp import clause_verb, token_at_char


@dataclass(frozen=True)
class ActorEntry:
    name: str
    kind: str
    country_code: str  # "*" for generic words
    rx: re.Pattern


@dataclass
class ActorMention:
    entry: ActorEntry
    start: int  # offsets within the searched text
    end: int
    named: str | None = None  # the name captured by a "{named}" entry

    def name(self, country: str | None) -> str:
        if "{named}" in self.entry.name and self.named:
            return self.entry.name.format(named=self.named)
        if "{country}" not in self.entry.name:
            return self.entry.name
        if country:
            return self.entry.name.format(country=country)
        # Without a country: "Military Forces" / "Civilians" (the scorer and people still read them).
        return re.sub(r"\s*(?:of )?\(?\{country\}\)?", "", self.entry.name).strip()

    @property
    def kind(self) -> str:
        return self.entry.kind


ARMED = {"state", "police", "rebel", "militia", "unidentified", "gang", "foreign"}


class ActorLexicon:
    def __init__(self, entries: list[ActorEntry]):
        self.entries = entries
        # Words each entry's matches must contain: an entry whose words a text lacks is not scanned
        # (literals.py; same mentions, in ~0.3 of the time).
        self._words = [required_literals(e.rx.pattern, e.rx.flags) for e in entries]

    @classmethod
    def load(cls, path: Path | None = None) -> ActorLexicon:
        path = path or PACKAGE_DATA / "actors.tsv"
        entries = []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 4:
                raise ValueError(f"{path}:{n}: expected 4 tab-separated columns")
            name, kind, cc, pattern = parts
            entries.append(ActorEntry(name, kind, cc, re.compile(rf"(?<![\w-])(?:{pattern})", re.IGNORECASE)))
        return cls(entries)

    def mentions(self, text: str) -> list[ActorMention]:
        found: list[ActorMention] = []
        low = folded(text)
        for e, words in zip(self.entries, self._words, strict=True):
            if not may_match(low, words):
                continue
            for m in e.rx.finditer(text):
                if m.end() == m.start():
                    continue
                if any(f.start < m.end() and m.start() < f.end for f in found):
                    continue  # an earlier (more specific) entry already covers these words
                named = m.groupdict().get("named")
                found.append(ActorMention(e, m.start(), m.end(), named))
        found.sort(key=lambda f: f.start)
        # "the NAF rebel forces", "Houthi fighters", "Daesh terrorists": a generic word right after a named
        # actor is that actor; so is one naming its group after it ("the jihadist Islamic State",
        # "terrorists of the so-called Jaish al-Islam", "militants from Boko Haram")
        return [
            f for i, f in enumerate(found)
            if not (i and is_generic(f) and not is_generic(found[i - 1]) and 0 <= f.start - found[i - 1].end <= 1)
            and not (i + 1 < len(found) and is_generic(f) and not is_generic(found[i + 1])
                     and _OF_GROUP.fullmatch(text, f.end, found[i + 1].start))
        ]


_OF_GROUP = re.compile(r"\s+(?:(?:of|from)\s+(?:the\s+)?(?:so[- ]called\s+)?)?", re.I)


def is_generic(m: ActorMention) -> bool:
    """A word for any country's actors ("militants", "soldiers"), named after the report's country."""
    return "{country}" in m.entry.name


_AGENT_DEPS = {"nsubj", "agent", "poss", "compound", "amod", "nmod"}
_TARGET_DEPS = {"dobj", "nsubjpass", "pobj", "attr", "appos", "conj", "obj"}
_TARGET_PREPS = {"on", "against", "at", "into", "targeting", "upon", "toward", "towards"}


def assign_roles(
    sent: SpacySpan | None,
    sent_offset: int,
    mentions: list[ActorMention],
    trigger_char: int | None,
) -> tuple[ActorMention | None, ActorMention | None]:
    """(actor1, actor2) of the event whose trigger starts at `trigger_char`, among the mentions of one
    sentence.  A sentence may tell several events ("regime jets bombed A while rebels shelled B"):
    each takes the actors of its own clause, then those nearest its trigger.

    `sent` is the parsed sentence (its token.idx values are relative to `sent_offset`); mention and
    trigger offsets are relative to the sentence text too.
    """
    mentions = [m for m in mentions if not _place_descriptor(sent, m)]
    if not mentions:
        return None, None
    if sent is None:
        return mentions[0], (mentions[1] if len(mentions) > 1 else None)
    base = sent[0].idx
    trig = token_at_char(sent, base + trigger_char) if trigger_char is not None else None
    roles: dict[int, str] = {}
    closeness: dict[int, tuple[int, int]] = {}
    for i, m in enumerate(mentions):
        tok = _head_token(sent, base + m.start, base + m.end)
        if tok is None:
            closeness[i] = (2, 10_000)
            continue
        # "Israeli airstrikes were reported": the actor named in the trigger's own words acted
        inside = trigger_char is not None and m.start <= trigger_char < m.end
        roles[i] = "agent" if inside else _role(tok)
        # the trigger's own clause first; within it, the order of the sentence (a subject comes first)
        closeness[i] = (0 if trig is None or _same_clause(tok, trig) else 1, 0)
    # "clashes between X and Y", "fighting between X and Y": the "between" nearest the trigger
    low = sent.text.lower()
    betweens = [b.start() for b in re.finditer(r"\bbetween\b", low)]
    if betweens and len(mentions) >= 2:
        at = trigger_char if trigger_char is not None else 0
        b0 = min(betweens, key=lambda b: abs(b - at))
        after = [m for m in mentions if m.start >= b0]
        if len(after) >= 2:
            return after[0], after[1]
    order = sorted(range(len(mentions)), key=lambda i: closeness[i])
    ranked = [mentions[i] for i in order]
    doers = ARMED | {"protesters", "rioters"}
    # an agent of the trigger's clause, else of the sentence; a target likewise
    actor1 = next((mentions[i] for i in order if roles.get(i) == "agent" and mentions[i].kind in doers), None)
    actor2 = next((mentions[i] for i in order if roles.get(i) == "target" and mentions[i] is not actor1
                   and (actor1 is None or mentions[i].entry.name != actor1.entry.name)), None)
    if actor1 is None:
        # who holds a place named ("a village held by IS") did not act; it may be the side attacked
        armed = [mentions[i] for i in order if mentions[i].kind in ARMED and mentions[i] is not actor2
                 and roles.get(i) != "holder"]
        actor1 = armed[0] if armed else None
    if actor2 is None:
        rest = [m for m in ranked if m is not actor1 and m.entry.name != (actor1.entry.name if actor1 else None)]
        actor2 = rest[0] if rest else None
    return actor1, actor2


# "rebel-held areas", "opposition-controlled town", "Iran-backed militias", "gang-raped": a word
# qualifying another, not who acted
_HELD = re.compile(r"-?(?:held|controlled|besieged|dominated)\b|-[a-z]+ed\b")


_HOLD_VERBS = {"hold", "control", "besiege", "run", "dominate", "occupy", "seize", "capture", "surround"}


def _place_descriptor(sent: SpacySpan | None, m: ActorMention) -> bool:
    if sent is None:
        return False
    return bool(_HELD.match(sent.text, m.end))


def _same_clause(tok, trig) -> bool:
    """Is the actor's token in the trigger's clause: under the trigger's clause verb, and not inside a
    clause of its own below it?"""
    cv = clause_verb(trig)
    t = tok
    for _ in range(12):
        if t.i == cv.i:
            return True
        # a clause of its own: subordinate, or a coordinate one with its own subject ("jets bombed A and
        # rebels shelled B"); "kidnapped and killed by X" shares its agent
        if t.pos_ in ("VERB", "AUX") and (t.dep_ in ("advcl", "relcl", "ccomp") or t.dep_ == "conj" and any(
                c.dep_ in ("nsubj", "nsubjpass") for c in t.children)):
            return False
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _head_token(sent: SpacySpan, start: int, end: int):
    toks = [t for t in sent if t.idx >= start and t.idx < end]
    if not toks:
        return None
    # the token whose head lies outside the mention is its syntactic head
    for t in toks:
        if not (start <= t.head.idx < end) or t.head == t:
            return t
    return toks[-1]


def _role(tok) -> str:
    """'agent', 'target', 'holder' (of a place: "a village held by X") or '' for the token heading an
    actor mention."""
    t = tok
    for _ in range(4):
        dep = t.dep_
        if dep in ("nsubj", "agent", "poss"):
            return "agent"
        if dep == "pobj" and (t.head.dep_ == "agent" or t.head.lower_ == "by"):
            # "a village held by IS militants": who holds the place, not who acted
            return "holder" if t.head.head.lemma_.lower() in _HOLD_VERBS else "agent"
        if dep in ("compound", "amod", "nmod") and t.head.pos_ == "NOUN":
            t = t.head
            continue
        if dep == "pobj" and t.head.lower_ in _TARGET_PREPS and t.head.dep_ != "ROOT":
            return "target"
        if dep in ("dobj", "nsubjpass", "obj"):
            return "target"
        if dep == "pobj" and t.head.lower_ in ("of", "in"):
            t = t.head.head
            continue
        if dep in ("conj", "appos"):
            t = t.head
            continue
        return ""
    return ""
