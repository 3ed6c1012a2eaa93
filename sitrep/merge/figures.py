"""An incident's figures (low/best/high killed and injured) and its grade, from its claims.

Figures rule (documented in docs/store.md):
1. A claim's count is read as a range: low defaults to best, best to low, high to best ("at least 40"
   gives 40/40/40 here: the open top end adds nothing we can count).  Claims without a figure are
   left out, not read as zero.
2. Claims are grouped by the source they rest on (the first attributed source, else the outlet):
   two outlets quoting one monitor give that monitor one voice.  Within a source the highest figure
   stands, because a source's later toll supersedes its earlier one and tolls rise.
3. low = the lowest low any source gives; high = the highest high; best = the median of the sources'
   best figures, taking the lower middle value when there are two (a figure someone actually reported,
   and the cautious one).

Grade (in the spirit of Airwars), the first that applies:
- contested: claims blame different actors;
- confirmed: a source speaks for the acting party (it acknowledged the event);
- contested: independent sources' figures conflict (ranges do not overlap and the highest best is at
  least 1.5x the lowest and 3 more);
- fair: two or more independent sources;
- weak: one source.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sitrep.merge.keys import name_key, same_party
from sitrep.merge.model import MergeClaim
from sitrep.types import Count

GRADES = ("confirmed", "fair", "weak", "contested")


@dataclass
class Figures:
    low: int | None = None
    best: int | None = None
    high: int | None = None
    # source key -> {"source", "low", "best", "high", "claim"}: the voice each source had
    by_source: dict[str, dict] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"low": self.low, "best": self.best, "high": self.high}

    @property
    def conflicting(self) -> bool:
        voices = list(self.by_source.values())
        if len(voices) < 2:
            return False
        bests = [v["best"] for v in voices]
        ranges_overlap = max(v["low"] for v in voices) <= min(v["high"] for v in voices)
        lo, hi = min(bests), max(bests)
        return not ranges_overlap and hi >= 1.5 * lo and hi - lo >= 3


@dataclass
class Grade:
    grade: str
    reasons: list[str]
    sources: list[str]  # the independent sources


def _range(c: Count) -> tuple[int, int, int] | None:
    low = c.low if c.low is not None else c.best
    best = c.best if c.best is not None else c.low
    if best is None or low is None:
        if c.high is None:
            return None
        low = best = c.high
    high = c.high if c.high is not None else best
    return min(low, best), best, max(high, best)


def _source_key(c: MergeClaim) -> tuple[str, str]:
    name = c.origin_sources[0]
    return name_key(name), name


def figures(claims: Iterable[MergeClaim], what: str = "killed") -> Figures:
    per_source: dict[str, dict] = {}
    for c in sorted(claims, key=lambda c: c.key):
        count = c.killed if what == "killed" else c.injured
        r = _range(count) if count is not None else None
        if r is None:
            continue
        key, name = _source_key(c)
        voice = {"source": name, "low": r[0], "best": r[1], "high": r[2], "claim": c.key}
        if key not in per_source or voice["best"] > per_source[key]["best"]:
            per_source[key] = voice
    if not per_source:
        return Figures()
    voices = list(per_source.values())
    bests = sorted(v["best"] for v in voices)
    return Figures(
        low=min(v["low"] for v in voices),
        best=bests[(len(bests) - 1) // 2],
        high=max(v["high"] for v in voices),
        by_source=per_source,
    )


def majority(values: Iterable[str | None]) -> str | None:
    """The most frequent non-empty value; ties go to the alphabetically first (order-independent)."""
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def independent_sources(claims: Iterable[MergeClaim]) -> dict[str, str]:
    out: dict[str, str] = {}
    for c in sorted(claims, key=lambda c: c.key):
        for s in c.origin_sources:
            k = name_key(s)
            if len(s) > len(out.get(k, "")):  # show the spelled-out name, not the acronym
                out[k] = s
    return out


def grade(claims: Sequence[MergeClaim], actor1: str | None = None) -> Grade:
    sources = independent_sources(claims)
    names = sorted(sources.values())
    actor1 = actor1 or majority(c.actor1 for c in claims)
    blamed = {name_key(c.actor1): c.actor1 for c in claims if c.actor1}
    if len(blamed) > 1:
        return Grade("contested", [f"claims blame different actors: {', '.join(sorted(blamed.values()))}"], names)
    if actor1:
        speakers = sorted({s for c in claims for s in c.sources if same_party(s, actor1)})
        if speakers:
            return Grade("confirmed", [f"acknowledged by the acting party ({actor1}) via {', '.join(speakers)}"], names)
    for what in ("killed", "injured"):
        f = figures(claims, what)
        if f.conflicting:
            parts = ", ".join(f"{v['source']}: {v['best']}" for v in f.by_source.values())
            return Grade("contested", [f"sources give conflicting {what} figures ({parts})"], names)
    if len(sources) >= 2:
        return Grade("fair", [f"{len(sources)} independent sources: {', '.join(names)}"], names)
    return Grade("weak", [f"one source only: {', '.join(names)}"], names)
