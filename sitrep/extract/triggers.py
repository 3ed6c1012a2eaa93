"""Trigger cues: words that signal an ACLED sub-event type, read from `data/triggers.tsv`.

`TriggerLexicon.cues(text)` finds every cue in a sentence (cheap regex work, used for triage before
the parser runs); the classifier decides what the cues add up to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sitrep.config import PACKAGE_DATA
from sitrep.extract.literals import folded, may_match, required_literals
from sitrep.taxonomy import SUB_EVENT_TYPES

MODIFIERS = {"@intervention", "@excessive", "@violent"}
SPECIAL = MODIFIERS | {"@territory"}


@dataclass(frozen=True)
class Cue:
    label: str  # an ACLED sub-event type, or one of SPECIAL
    weight: int
    start: int  # offsets within the text searched
    end: int
    text: str

    @property
    def modifier(self) -> bool:
        return self.label in MODIFIERS


class TriggerLexicon:
    def __init__(self, rows: list[tuple[str, int, str]]):
        self.rows = []
        for label, weight, pattern in rows:
            if label not in SUB_EVENT_TYPES and label not in SPECIAL:
                raise ValueError(f"triggers: unknown sub-event type {label!r}")
            self.rows.append((label, weight, re.compile(rf"(?<![\w-])(?:{pattern})", re.IGNORECASE | re.MULTILINE)))
        # Words each row's matches must contain: a row whose words a sentence lacks is not scanned
        # (literals.py; same cues, in ~0.4 of the time).
        self._words = [required_literals(rx.pattern, rx.flags) for _, _, rx in self.rows]
        # Modifiers take part in triage too: "Police dispersed the crowd" changes the protest before it.
        # One regex for all rows with the word-start check said once, not once per row at every
        # character: the same answers, in ~0.6 of the time.
        self._any = re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{p})" for _, _, p in rows) + ")", re.IGNORECASE)

    @classmethod
    def load(cls, path: Path | None = None) -> TriggerLexicon:
        path = path or PACKAGE_DATA / "triggers.tsv"
        rows = []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                raise ValueError(f"{path}:{n}: expected 3 tab-separated columns")
            rows.append((parts[0], int(parts[1]), parts[2]))
        return cls(rows)

    def triage(self, text: str) -> bool:
        """Does this sentence hold any event cue at all?  (Decides whether the parser runs.)"""
        return self._any.search(text) is not None

    def cues(self, text: str) -> list[Cue]:
        out: list[Cue] = []
        low = folded(text)
        for (label, weight, rx), words in zip(self.rows, self._words, strict=True):
            if not may_match(low, words):
                continue
            for m in rx.finditer(text):
                out.append(Cue(label, weight, m.start(), m.end(), m.group(0)))
        return _drop_nested(out)


def _drop_nested(cues: list[Cue]) -> list[Cue]:
    """Of overlapping cues keep the heaviest and longest: one of a label, and none lighter inside a
    heavier one of another label ("shot" of "shot down two drones" is no shooting)."""
    cues.sort(key=lambda c: (-c.weight, -(c.end - c.start), c.start))
    kept: list[Cue] = []
    for c in cues:
        if any(
            k.start < c.end and c.start < k.end and (k.label == c.label or (k.weight > c.weight and not c.modifier))
            for k in kept
        ):
            continue
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept
