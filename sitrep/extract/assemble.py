"""Mentions of one document -> events (`Claim`s).

Sentences often tell one event in pieces: a toll in one, the weapon in the next, the source in a third.
Mentions join an event when they agree on type (or one is only a generic "killed"), place (within
25 km, or no place of their own) and date, and do not carry different figures of their own.
Fields missing from a mention are inherited from the event before it (a report's later sentences
rarely repeat the place), then from the document's focus place, and the date from publication.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sitrep.extract.actors import ARMED
from sitrep.extract.mentions import Mention, actor_is_armed, victims_are_civilian
from sitrep.geo.distance import haversine_km
from sitrep.taxonomy import BATTLES, EXPLOSIONS, PROTESTS, RIOTS, STRATEGIC, VAC, event_type_of
from sitrep.types import Claim, Count, Location, Place, Span

JOIN_KM = 25.0


@dataclass
class _Event:
    mentions: list[Mention] = field(default_factory=list)
    place: Place | None = None
    place_inherited: bool = False
    date: str | None = None
    date_precision: str | None = None
    date_span: Span | None = None

    @property
    def main(self) -> Mention:
        # the most specific mention decides the type; a protest takes its most severe telling
        return max(
            (m for m in self.mentions if not m.modifier),
            key=lambda m: (not m.generic, _PROTEST_SEVERITY.get(m.sub_event_type, 0), m.weight),
        )

    def killed(self) -> Count | None:
        return _best_count([m.killed for m in self.mentions if m.killed])

    def injured(self) -> Count | None:
        return _best_count([m.injured for m in self.mentions if m.injured])


def assemble(
    mentions: list[Mention],
    text: str,
    published: date | None,
    focus: Place | None,
    country_name: str | None,
) -> list[Claim]:
    events: list[_Event] = []
    last_place: Place | None = None
    last_date: tuple[str | None, str | None, Span | None] | None = None
    for m in mentions:
        if m.modifier:
            _apply_modifier(events, m)
            continue
        own_place = m.places[0] if m.places and m.places[0].resolved else None
        if own_place and _within(focus, own_place):
            # "killed in Syria" / "in Idlib province" in a report about one town there: that town, flagged
            # as inferred through geo_precision.
            own_place = None
        place = own_place or last_place or focus
        if place is None and m.places:
            # A place we cannot resolve at all still beats none: its name, with null coordinates.
            place = m.places[0]
        if m.date and m.date.date:
            d = (m.date.date, m.date.precision, m.date.span)
        elif last_date:
            d = last_date
        elif published:
            # No date words: the report's own date, flagged as approximate (week).
            d = (published.isoformat(), "week", None)
        else:
            d = (None, None, None)
        if events and m.event_type == STRATEGIC and own_place is None and not (m.date and m.date.date):
            # "He was arrested last month" after a protest over it: background to the event told, with
            # no place or date of its own, not a new event.
            continue
        target = _find_event(events, m, place, own_place is not None, d[0])
        if target is None:
            target = _Event(place=place, place_inherited=own_place is None, date=d[0], date_precision=d[1], date_span=d[2])
            events.append(target)
        else:
            if own_place and (target.place_inherited or _more_precise(own_place, target.place)):
                target.place, target.place_inherited = own_place, False
            if m.date and m.date.date and target.date_span is None:
                target.date, target.date_precision, target.date_span = d
        target.mentions.append(m)
        for other in m.also_at if own_place else []:
            # one event per place, as ACLED codes them; the figures stay with the first
            twin = replace(m, killed=None, injured=None, victims=None, also_at=[])
            events.append(_Event(mentions=[twin], place=other, date=d[0], date_precision=d[1], date_span=d[2]))
        if own_place:
            last_place = own_place
        if m.date and m.date.date:
            last_date = d
    claims = [_to_claim(e, text, country_name) for e in events]
    return [c for c in claims if c is not None]


_PROTEST_UPGRADE = {
    # modifier -> (protest sub-types it upgrades, new sub-type)
    "@intervention": ({"Peaceful protest"}, "Protest with intervention"),
    "@excessive": ({"Peaceful protest", "Protest with intervention"}, "Excessive force against protesters"),
    "@violent": ({"Peaceful protest"}, "Violent demonstration"),
}


def _apply_modifier(events: list[_Event], m: Mention) -> None:
    """A later sentence saying police intervened (or protesters turned violent) upgrades the protest."""
    if not events:
        return
    e = events[-1]
    kinds, new = _PROTEST_UPGRADE[m.sub_event_type]
    main = e.main
    if main.sub_event_type in kinds:
        main.sub_event_type = new
        e.mentions.append(m)


def _find_event(events: list[_Event], m: Mention, place: Place | None, own_place: bool, d: str | None):
    for e in reversed(events):
        if not _types_join(e, m):
            continue
        if own_place and e.place and not e.place_inherited and km(place, e.place) > JOIN_KM:
            continue
        if d and e.date and d != e.date and (m.date and m.date.date) and e.date_span is not None:
            continue
        k_new, k_old = m.killed, e.killed()
        if k_new and k_old and not (k_new.cumulative or k_old.cumulative) and k_new.best != k_old.best:
            continue
        return e
    return None


def _types_join(e: _Event, m: Mention) -> bool:
    main = e.main
    if main.sub_event_type == m.sub_event_type:
        return True
    if main.sub_event_type in _PROTEST_SEVERITY and m.sub_event_type in _PROTEST_SEVERITY:
        return True  # one gathering, told as a protest, then as met by police or turning violent
    violent = {EXPLOSIONS, BATTLES, VAC}
    if m.generic and main.event_type in violent and m.event_type in violent:
        return True
    if all(x.generic for x in e.mentions) and m.event_type in violent and main.event_type in violent:
        return True
    return False


_PROTEST_SEVERITY = {
    "Peaceful protest": 1, "Protest with intervention": 2, "Violent demonstration": 3,
    "Excessive force against protesters": 4,
}
_NO_TARGET = {
    "Peaceful protest", "Change to group/activity", "Other", "Headquarters or base established",
    "Non-violent transfer of territory", "Disrupted weapons use",
}


def _within(focus: Place | None, region: Place) -> bool:
    """Is the document's focus town a more precise place inside `region` (a country or province)?"""
    if focus is None or (region.geo_precision or 1) < 3 or (focus.geo_precision or 3) >= 3:
        return False
    if region.unlisted:
        return False  # "Kamianka, Donetsk": a town we cannot place, not the region it is placed by
    if focus.country_code != region.country_code:
        return False
    is_country = (region.feature or "").startswith("A.PCL")
    return is_country or (bool(region.admin1) and region.admin1 == focus.admin1)


def _more_precise(a: Place, b: Place | None) -> bool:
    return b is None or (a.geo_precision or 3) < (b.geo_precision or 3)


def km(a: Place | None, b: Place | None) -> float:
    if a is None or b is None or a.lat is None or b.lat is None:
        return 0.0
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def _best_count(counts: list[Count]) -> Count | None:
    """An event's figure from its mentions: the highest own (non-cumulative) figure, else a running toll."""
    if not counts:
        return None
    own = [c for c in counts if not c.cumulative] or counts
    return max(own, key=lambda c: (c.best if c.best is not None else -1, c.low or 0))


def _to_claim(e: _Event, text: str, country_name: str | None) -> Claim | None:
    main = e.main
    sub = main.sub_event_type
    country = (e.place.country if e.place else None) or country_name
    a1, a2, a2_kind = _actors(e, country)
    if sub == "@territory":
        sub = "Government regains territory" if _state_actor(e) else "Non-state actor overtakes territory"
    killed, injured = e.killed(), e.injured()
    # An attack on armed men is a clash in ACLED's coding; on civilians it is violence against civilians.
    if sub == "Attack" and main.generic:
        victims = next((m.victims for m in e.mentions if m.victims), None)
        if a2_kind in ARMED and not victims_are_civilian(victims):
            sub = "Armed clash"
    if sub == "Attack" and not a2:
        a2 = _civilians(country)
    if sub == "Attack" and not a1:
        a1 = f"Unidentified Armed Group ({country})" if country else "Unidentified Armed Group"
    et = event_type_of(sub)
    if sub in _NO_TARGET or (et == PROTESTS and a2_kind not in ("police", "state")):
        # A peaceful protest, a deployment, a release: ACLED names no one acted on; a protest met by
        # force is acted on by that force.
        a2 = None
    if et in (PROTESTS, RIOTS):
        # ACLED names the crowd by what it did: protesters, or rioters once it turned violent.
        crowd = "Protesters" if et == PROTESTS else "Rioters"
        a1 = f"{crowd} ({country})" if country else crowd
    evidence = _evidence(e, text)
    sources = []
    for m in e.mentions:
        for s in m.sources:
            if s.name not in sources:
                sources.append(s.name)
    fe: dict[str, Span] = {"event_type": main.cue}
    if e.place and not e.place_inherited:
        fe["location"] = Span(e.place.start, e.place.end, text[e.place.start : e.place.end])
    if e.date_span:
        fe["date"] = e.date_span
    if killed and killed.span:
        fe["fatalities"] = killed.span
    if injured and injured.span:
        fe["injuries"] = injured.span
    src_spans = [s.span for m in e.mentions for s in m.sources]
    if src_spans:
        fe["sources"] = src_spans[0]
    location = Location.from_place(e.place) if e.place else None
    if location and e.place_inherited and e.place and (e.place.geo_precision or 1) < 3:
        # Place carried over from context, not named with the event: say so through precision.
        location.geo_precision = max(location.geo_precision or 1, 2)
    confidence = _confidence(e, main)
    return Claim(
        event_type=et,
        sub_event_type=sub,
        date=e.date,
        date_precision=e.date_precision,
        location=location,
        actor1=a1,
        actor2=a2,
        fatalities=killed,
        injuries=injured,
        sources=sources,
        evidence=evidence,
        confidence=confidence,
        field_evidence=fe,
    )


def _state_actor(e: _Event) -> bool:
    a = next((m.actor1 for m in e.mentions if m.actor1), None)
    return a is not None and a.kind in ("state", "foreign", "police")


def _civilians(country: str | None) -> str | None:
    return "Civilians"  if not country else f"Civilians ({country})"


def _actors(e: _Event, country: str | None) -> tuple[str | None, str | None, str | None]:
    """(actor1 name, actor2 name, actor2 kind) for an event."""
    a1 = next((m.actor1 for m in e.mentions if m.actor1), None)
    a2 = next((m.actor2 for m in e.mentions if m.actor2 and (a1 is None or m.actor2.entry is not a1.entry)), None)
    name1 = a1.name(country) if a1 else None
    name2 = a2.name(country) if a2 else None
    victims = next((m.victims for m in e.mentions if m.victims), None)
    kind2 = a2.kind if a2 else None
    if victims_are_civilian(victims) and (a2 is None or not actor_is_armed(a2)):
        name2, kind2 = _civilians(country), "civilians"
    if name1 and name1 == name2:
        name2 = kind2 = None
    return name1, name2, kind2


def _evidence(e: _Event, text: str) -> list[Span]:
    seen: set[tuple[int, int]] = set()
    spans = []
    for m in sorted(e.mentions, key=lambda m: m.sent_start):
        key = (m.sent_start, m.sent_end)
        if key in seen:
            continue
        seen.add(key)
        spans.append(Span(m.sent_start, m.sent_end, text[m.sent_start : m.sent_end]))
    return spans


def _confidence(e: _Event, main: Mention) -> float:
    c = 0.35 + 0.1 * min(main.weight, 4)
    if e.place and not e.place_inherited:
        c += 0.1
    if e.date_span is not None:
        c += 0.05
    if main.generic:
        c -= 0.15
    return round(max(0.05, min(0.99, c)), 2)
