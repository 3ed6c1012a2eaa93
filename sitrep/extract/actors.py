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
        for e in self.entries:
            for m in e.rx.finditer(text):
                if m.end() == m.start():
                    continue
                if any(f.start < m.end() and m.start() < f.end for f in found):
                    continue  # an earlier (more specific) entry already covers these words
                named = m.groupdict().get("named")
                found.append(ActorMention(e, m.start(), m.end(), named))
        found.sort(key=lambda f: f.start)
        # "the NAF rebel forces", "Houthi fighters": a generic word right after a named actor is that actor.
        return [
            f for i, f in enumerate(found)
            if not (i and f.entry.country_code == "*" and found[i - 1].entry.country_code != "*"
                    and 0 <= f.start - found[i - 1].end <= 1)
        ]


_AGENT_DEPS = {"nsubj", "agent", "poss", "compound", "amod", "nmod"}
_TARGET_DEPS = {"dobj", "nsubjpass", "pobj", "attr", "appos", "conj", "obj"}
_TARGET_PREPS = {"on", "against", "at", "into", "targeting", "upon", "toward", "towards"}


def assign_roles(
    sent: SpacySpan | None,
    sent_offset: int,
    mentions: list[ActorMention],
    trigger_char: int | None,
) -> tuple[ActorMention | None, ActorMention | None]:
    """(actor1, actor2) among the mentions of one sentence.

    `sent` is the parsed sentence (its token.idx values are relative to `sent_offset`); mention and
    trigger offsets are relative to the sentence text too.
    """
    if not mentions:
        return None, None
    if sent is None:
        return mentions[0], (mentions[1] if len(mentions) > 1 else None)
    base = sent[0].idx
    roles: dict[int, str] = {}
    for i, m in enumerate(mentions):
        tok = _head_token(sent, base + m.start, base + m.end)
        if tok is None:
            continue
        roles[i] = _role(tok)
    # "clashes between X and Y", "fighting between X and Y"
    low = sent.text.lower()
    between = re.search(r"\bbetween\b", low)
    if between and len(mentions) >= 2:
        after = [m for m in mentions if m.start >= between.start()]
        if len(after) >= 2:
            return after[0], after[1]
    actor1 = next((m for i, m in enumerate(mentions) if roles.get(i) == "agent" and m.kind in ARMED | {"protesters", "rioters"}), None)
    actor2 = next(
        (m for i, m in enumerate(mentions) if roles.get(i) == "target" and m is not actor1),
        None,
    )
    if actor1 is None:
        armed = [m for m in mentions if m.kind in ARMED and m is not actor2]
        actor1 = armed[0] if armed else None
    if actor2 is None:
        rest = [m for m in mentions if m is not actor1 and m.entry.name != (actor1.entry.name if actor1 else None)]
        actor2 = rest[0] if rest else None
    return actor1, actor2


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
    """'agent', 'target' or '' for the token heading an actor mention."""
    t = tok
    for _ in range(4):
        dep = t.dep_
        if dep in ("nsubj", "agent", "poss"):
            return "agent"
        if dep == "pobj" and t.head.dep_ == "agent":
            return "agent"
        if dep == "pobj" and t.head.lower_ == "by":
            return "agent"
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
