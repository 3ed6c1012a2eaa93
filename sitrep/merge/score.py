"""Do two claims describe the same real event?  A score in [0, 1] with reasons, or a veto.

The rule, in order:
1. Vetoes (never the same event): claims of one report (the extractor already told them apart),
   incompatible kinds (a protest is not an airstrike), dates further apart than their precision allows,
   places further apart than their geo precision allows, different countries.
2. Otherwise a weighted sum of agreement signals (weights below): type, date, place, actors, text.
   Two claims are the same event when the score reaches THRESHOLD.  The weights make a matching
   sub-event type, day and town enough on their own (0.75), while a different sub-event type in the same
   town on the same day (two attacks) needs strong support from actors and wording to pass.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from sitrep.geo import haversine_km
from sitrep.merge.keys import name_key
from sitrep.merge.model import MergeClaim
from sitrep.taxonomy import BATTLES, EXPLOSIONS, PROTESTS, RIOTS, STRATEGIC, VAC

THRESHOLD = 0.70
W_TYPE, W_DATE, W_PLACE, W_ACTOR, W_TEXT = 0.30, 0.20, 0.25, 0.10, 0.15

# Farthest apart two places may be (km) for a given geo_precision (1 town, 2 near/part of, 3 region).
DISTANCE_KM: dict[int | None, float] = {1: 10.0, 2: 25.0, 3: 150.0, None: 25.0}
# How much an agreeing place says: two claims "in Idlib province" agree far less than "in Saraqib".
PLACE_SPECIFICITY: dict[int | None, float] = {1: 1.0, 2: 0.8, 3: 0.4, None: 0.6}

_VIOLENT = {BATTLES, EXPLOSIONS, VAC, RIOTS}
# Sub-types one event gets from different outlets: a car bomb is "a bombing" to one, "a suicide attack" to
# another.  (Air strike vs shelling is not here: both often hit one town on one day, as separate events.)
CONFUSABLE = [{"Suicide bomb", "Remote explosive/landmine/IED"}]


@dataclass
class Decision:
    score: float
    same: bool
    veto: str | None = None
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"score": round(self.score, 3), "same": self.same, "veto": self.veto, "reasons": self.reasons}



def _type(a: MergeClaim, b: MergeClaim) -> tuple[float | None, str]:
    if a.sub_event_type == b.sub_event_type:
        return 1.0, f"same sub-event type ({a.sub_event_type})"
    if {a.sub_event_type, b.sub_event_type} in CONFUSABLE:
        return 0.7, f"sub-types outlets often confuse ({a.sub_event_type} / {b.sub_event_type})"
    if a.event_type == b.event_type:
        return 0.3, f"same event type, different sub-types ({a.sub_event_type} / {b.sub_event_type})"
    pair = {a.event_type, b.event_type}
    if pair <= _VIOLENT:
        return 0.1, f"different violent types ({a.event_type} / {b.event_type})"
    if pair == {PROTESTS, RIOTS}:
        return 0.3, "protest and riot: a protest may turn violent"
    if STRATEGIC in pair or PROTESTS in pair:
        return None, f"incompatible types ({a.event_type} / {b.event_type})"
    return 0.0, "different types"


def _date(a: MergeClaim, b: MergeClaim) -> tuple[float | None, str]:
    if a.date is None or b.date is None:
        return 0.2, "date unknown in one claim"
    diff = abs((a.date - b.date).days)
    tol = max(a.date_tolerance, b.date_tolerance)
    if diff > tol:
        return None, f"dates {diff} days apart (tolerance {tol} at precision {a.date_precision}/{b.date_precision})"
    weight = 1.0 if tol <= 1 else 0.25  # agreeing on the week or month says little: mostly "no veto"
    return weight * (1 - diff / (tol + 1)), f"dates {diff} day(s) apart (tolerance {tol})"


def _place(a: MergeClaim, b: MergeClaim) -> tuple[float | None, str]:
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return None, f"different countries ({a.country_code} / {b.country_code})"
    if a.country_level or b.country_level:
        # "in Syria" is compatible with any place in Syria, and says next to nothing about which event.
        if a.country_code and a.country_code == b.country_code:
            return 0.2, f"same country ({a.country_code}), one claim placed only at country level"
        return 0.05, "one claim placed only at country level"
    specificity = min(PLACE_SPECIFICITY.get(a.geo_precision, 0.6), PLACE_SPECIFICITY.get(b.geo_precision, 0.6))
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return specificity, f"same place ({a.place_name}, precision {a.geo_precision}/{b.geo_precision})"
    if a.geo_precision == 1 and b.geo_precision == 1 and _different_places(a, b):
        # Both say "in this town" and name different towns: reports of one event name the same place
        # (ACLED codes neighbouring villages shelled on one day as separate events).
        return None, f"different towns ({a.place_name} / {b.place_name}), both placed at town level"
    if None not in (a.lat, a.lon, b.lat, b.lon):
        dist = haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
        limit = max(DISTANCE_KM.get(a.geo_precision, 25.0), DISTANCE_KM.get(b.geo_precision, 25.0))
        if dist > limit:
            return None, f"places {dist:.0f} km apart (limit {limit:.0f} km at precision {a.geo_precision}/{b.geo_precision})"
        return specificity * (1 - dist / (limit * 2)), f"places {dist:.1f} km apart (limit {limit:.0f} km)"
    if a.place_name and b.place_name and name_key(a.place_name) == name_key(b.place_name):
        return 0.8 * specificity, f"same place name ({a.place_name}), no coordinates"
    named = _named_in_text(a, b) or _named_in_text(b, a)
    if named:
        return 0.8 * PLACE_SPECIFICITY.get(named[1], 0.6), f"the place ({named[0]}) is named in the other report's evidence, unresolved there"
    if a.country_code and a.country_code == b.country_code:
        return 0.1, f"same country ({a.country_code}), place unresolved"
    return 0.05, "place unknown in one claim"


def _has_place(c: MergeClaim) -> bool:
    return c.lat is not None or c.geonameid is not None or bool(c.place_name)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _named_in_text(known: MergeClaim, other: MergeClaim) -> tuple[str, int | None] | None:
    """When only `known` has a place, whether `other`'s evidence names it (its geocoder missed it)."""
    if not _has_place(known) or _has_place(other) or not other.text:
        return None
    text = f" {_fold(other.text)} "
    for name in (known.place_text, known.place_name):
        if name and len(_fold(name)) >= 4 and f" {_fold(name)} " in text:
            return name, known.geo_precision
    return None


def _different_places(a: MergeClaim, b: MergeClaim) -> bool:
    if a.geonameid is not None and b.geonameid is not None:
        return a.geonameid != b.geonameid
    if a.place_name and b.place_name:
        return name_key(a.place_name) != name_key(b.place_name)
    return False


def _actors(a: MergeClaim, b: MergeClaim) -> tuple[float, str]:
    score, notes = 0.0, []
    for role, x, y, w in (("actor1", a.actor1, b.actor1, 0.7), ("actor2", a.actor2, b.actor2, 0.3)):
        if x and y:
            if name_key(x) == name_key(y):
                score += w
                notes.append(f"same {role} ({x})")
            else:
                score -= w  # contested attribution is possible, so a penalty, not a veto
                notes.append(f"different {role} ({x} / {y})")
    return score, "; ".join(notes) or "actors not both known"


def _text(a: MergeClaim, b: MergeClaim) -> tuple[float, str]:
    if not a.text or not b.text:
        return 0.3, "no evidence text to compare"
    sim = fuzz.token_set_ratio(a.text.lower(), b.text.lower()) / 100.0
    return sim, f"evidence text similarity {sim:.2f}"


def same_event(a: MergeClaim, b: MergeClaim) -> Decision:
    """Pure and symmetric: same_event(a, b) == same_event(b, a)."""
    if a.key > b.key:  # symmetric by construction: always score in key order
        a, b = b, a
    if a.document_key == b.document_key:
        return Decision(0.0, False, "claims of one report: the extractor told them apart")
    reasons: list[str] = []
    total = 0.0
    for part, weight in ((_type, W_TYPE), (_date, W_DATE), (_place, W_PLACE)):
        value, why = part(a, b)
        if value is None:
            return Decision(0.0, False, why, reasons + [why])
        total += weight * value
        reasons.append(why)
    for part, weight in ((_actors, W_ACTOR), (_text, W_TEXT)):
        value, why = part(a, b)
        total += weight * value
        reasons.append(why)
    total = max(0.0, min(1.0, total))
    return Decision(total, total >= THRESHOLD, None, reasons)


def may_match(c: MergeClaim) -> bool:
    """Whether a claim could reach THRESHOLD with anything: with neither date nor place it cannot."""
    has_place = c.lat is not None or c.geonameid is not None or bool(c.place_name)
    return c.date is not None or has_place
