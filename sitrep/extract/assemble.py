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

from sitrep.extract.actors import ARMED, ActorMention, is_generic
from sitrep.extract.mentions import Mention, actor_is_armed, victims_are_civilian
from sitrep.geo import haversine_km
from sitrep.taxonomy import BATTLES, EXPLOSIONS, PROTESTS, RIOTS, STRATEGIC, VAC, event_type_of
from sitrep.types import Claim, Count, Location, Place, Span

JOIN_KM = 25.0
DISTRICT_KM = 8.0  # a district holds what lies at its point (its seat); farther, the gazetteer cannot tell


@dataclass
class _Event:
    mentions: list[Mention] = field(default_factory=list)
    folds: list[str] = field(default_factory=list)  # why other tellings were folded into this event
    place: Place | None = None
    place_inherited: bool = False
    named: Place | None = None  # the region the text names when `place` is the report's town inside it
    date: str | None = None
    date_precision: str | None = None
    date_span: Span | None = None
    date_reported: bool = False  # the date is the telling's ("a monitor said Saturday"): any own date wins

    @property
    def main(self) -> Mention:
        # the most specific mention decides the type; a protest takes its most severe telling
        return max(
            (m for m in self.mentions if not m.modifier),
            key=lambda m: (not m.generic, _PROTEST_SEVERITY.get(m.sub_event_type, 0), m.weight),
        )

    def killed(self) -> Count | None:
        return fold_counts(self._tolls([(m, m.killed) for m in self.mentions if m.killed]))

    def injured(self) -> Count | None:
        return fold_counts(self._tolls([(m, m.injured) for m in self.mentions if m.injured]))

    def _tolls(self, told: list[tuple[Mention, Count]]) -> list[tuple[Mention, Count]]:
        """The tolls that are this incident's own.  A toll told over several places ("19 killed in
        strikes on several towns") is not the figure of a town another telling names, nor are its
        parts ("six children were among the dead")."""
        if not any(m.summary for m, _ in told) or not any(_names_a_town(m) for m in self.mentions if not m.summary):
            return told
        own = [(m, c) for m, c in told if not m.summary]
        return own if any(not m.subset for m, _ in own) else []


def _names_a_town(m: Mention) -> bool:
    """Does the mention tell an incident at a place of its own below a province (not a part of a toll)?"""
    p = m.village or (m.places[0] if m.places and m.places[0].resolved else None)
    return not m.subset and p is not None and not (p.feature or "").startswith(("A.PCL", "A.ADM1"))


def assemble(
    mentions: list[Mention],
    text: str,
    published: date | None,
    focus: Place | None,
    country_name: str | None,
) -> list[Claim]:
    # a headline repeating a toll the story tells over several places sums them too
    summed = {m.killed.best for m in mentions if m.summary and m.killed and m.killed.best is not None}
    for m in mentions:
        if m.headline and m.killed and m.killed.best in summed:
            m.summary = True
    events: list[_Event] = []
    last_place: Place | None = None
    last_date: tuple[str | None, str | None, Span | None] | None = None
    for m in mentions:
        if m.modifier and not events:
            # "Residents pelted police with stones", "police dispersed people burning debris", told with no
            # protest before it: the crowd's act is the event itself
            m = replace(m, sub_event_type=_LONE_MODIFIER[m.sub_event_type], modifier=False)
        if m.modifier:
            _apply_modifier(events, m)
            continue
        if events and (m.anaphor or m.observed and not _elsewhere(m, events[-1], focus)) and not _another_day(m, events[-1]):
            # "The attack caused material damage", "The protest was called by a group from the capital":
            # the event just told, told again.  Its figures and day join it; its place only stands in for
            # a place the event did not name itself (a town in an organiser's name moves no protest)
            target = events[-1]
            own_place, _ = _own_place(m, focus)
            if own_place and target.place_inherited:
                target.place, target.place_inherited = own_place, False
            d = (m.date.date, m.date.precision, m.date.span) if m.date else (None, None, None)
            if d[0] and not _after(d[0], published) and _better_date(target, _reported(m, d), d[0]):
                target.date, target.date_precision, target.date_span = d
                target.date_reported = _reported(m, d)
            target.mentions.append(m)
            continue
        own_place, named = _own_place(m, focus)
        if own_place is None and events and _crowd_clash(m, events[-1]):
            # "They clashed with police" after a protest: the crowd turning violent, not a battle
            _apply_modifier(events, replace(m, sub_event_type="@violent", modifier=True), always=True)
            continue
        place = own_place or last_place or focus
        if place is None and m.places:
            # A place we cannot resolve at all still beats none: its name, with null coordinates.
            place = m.places[0]
        if m.date and m.date.date and not _after(m.date.date, published):
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
            target = _Event(place=place, place_inherited=own_place is None, date=d[0], date_precision=d[1], date_span=d[2],
                            named=named, date_reported=_reported(m, d))
            events.append(target)
        else:
            if own_place and (target.place_inherited or _more_precise(own_place, target.place)):
                target.place, target.place_inherited = own_place, False
            if m.date and m.date.date and _better_date(target, _reported(m, d), d[0]):
                target.date, target.date_precision, target.date_span = d
                target.date_reported = _reported(m, d)
        target.mentions.append(m)
        for other in m.also_at if own_place else []:
            # one event per place, as ACLED codes them; the figures stay with the first
            twin = replace(m, killed=None, injured=None, victims=None, also_at=[])
            events.append(_Event(mentions=[twin], place=other, date=d[0], date_precision=d[1], date_span=d[2]))
        if own_place:
            last_place = own_place
        if m.date and m.date.date and not _after(m.date.date, published):
            last_date = d
    events = fold_events(events, text)
    events = [e for e in events if not _recalled(e, events)]
    claims = [_to_claim(e, text, country_name) for e in events]
    return [c for c in claims if c is not None]


def _elsewhere(m: Mention, e: _Event, focus: Place | None) -> bool:
    """Does the mention name a place of its own apart from the event's?"""
    own, _ = _own_place(m, focus)
    return own is not None and e.place is not None and _place_relation(own, e.place) == "apart"


def _own_place(m: Mention, focus: Place | None) -> tuple[Place | None, Place | None]:
    """(the place the mention names for its event, the region it names instead when that region only
    holds the report's focus town)."""
    own_place = m.places[0] if m.places and m.places[0].resolved else None
    if m.village is not None and (own_place is None or own_place.unlisted or (own_place.geo_precision or 3) >= 3):
        # a village the gazetteer lacks, named with the event, is its place by name, over a region; a town
        # it lies near or in ('X village near Town', 'X village in Town district') is where ACLED codes it
        own_place = m.village
    if own_place and _within(focus, own_place):
        # "killed in Syria" / "in Idlib province" in a report about one town there: that town, flagged
        # as inferred through geo_precision.
        return None, own_place
    return own_place, None


# a modifier told with no protest before it: the event it makes of the crowd's act
_LONE_MODIFIER = {
    "@intervention": "Protest with intervention",
    "@excessive": "Excessive force against protesters",
    "@violent": "Violent demonstration",
}
_PROTEST_UPGRADE = {
    # modifier -> (protest sub-types it upgrades, new sub-type)
    "@intervention": ({"Peaceful protest"}, "Protest with intervention"),
    "@excessive": ({"Peaceful protest", "Protest with intervention"}, "Excessive force against protesters"),
    "@violent": ({"Peaceful protest"}, "Violent demonstration"),
}


def _reported(m: Mention, d: tuple[str | None, str | None, Span | None]) -> bool:
    """Is the date `d` taken for `m` its own sentence's date told with a speech verb ("said Saturday")?"""
    return bool(m.date and m.date.reported and d[2] is m.date.span)


def _better_date(target: _Event, reported: bool, iso: str | None) -> bool:
    """Does a date found in another telling replace the event's?  When the event has none of its
    own words, or only a telling's date ("a monitor said Saturday") and the new one is the event's,
    on or before it (what was told on Saturday happened by Saturday)."""
    if target.date_span is None:
        return True
    return target.date_reported and not reported and bool(iso) and not _later(iso, target.date)


def _later(a: str | None, b: str | None) -> bool:
    try:
        return bool(a and b) and date.fromisoformat(a[:10]) > date.fromisoformat(b[:10])  # type: ignore[index]
    except ValueError:
        return False


def _after(iso: str, published: date | None) -> bool:
    """A date after the report's publication is no event's date: the report cannot tell it yet."""
    try:
        return published is not None and date.fromisoformat(iso[:10]) > published
    except ValueError:
        return False


def _apply_modifier(events: list[_Event], m: Mention, always: bool = False) -> None:
    """A later sentence saying police intervened (or protesters turned violent) upgrades the protest;
    `always` keeps the telling (and its figures) with the protest even when it changes no type."""
    if not events:
        return
    e = events[-1]
    kinds, new = _PROTEST_UPGRADE[m.sub_event_type]
    main = e.main
    if main.sub_event_type in kinds:
        main.sub_event_type = new
        e.mentions.append(m)
    elif always:
        e.mentions.append(m)


# parties whose fight with police or troops is a battle, whoever gathered before
_FIGHTERS = {"rebel", "militia", "gang", "unidentified", "foreign"}


def _crowd_clash(m: Mention, e: _Event) -> bool:
    """Is `m` a clash told right after a protest, on its day, with no armed group named (the crowd
    fighting the police that came)?"""
    return (m.sub_event_type == "Armed clash" and not m.modifier and e.main.sub_event_type in _PROTEST_SEVERITY
            and not _another_day(m, e) and not any(a is not None and a.kind in _FIGHTERS for a in (m.actor1, m.actor2)))


def _find_event(events: list[_Event], m: Mention, place: Place | None, own_place: bool, d: str | None):
    for e in reversed(events):
        if not _types_join(e, m):
            continue
        if own_place and e.place and not e.place_inherited and (km(place, e.place) > JOIN_KM or _names_apart(place, e.place)):
            continue
        if d and e.date and d != e.date and (m.date and m.date.date) and e.date_span is not None and not e.date_reported:
            continue  # another day; a telling's date ("a monitor said Sunday") parts no tellings
        if _own_toll(m, e, own_place):
            continue
        return e
    return None


def _another_day(m: Mention, e: _Event) -> bool:
    """Does the mention carry a day of its own more than a day from the event's?"""
    if not (m.date and m.date.date and e.date):
        return False
    apart = _days_apart(m.date.date, e.date)
    return m.date.date != e.date if apart is None else apart > 1


def _own_toll(m: Mention, e: _Event, own_place: bool) -> bool:
    """Does the mention tell another incident by its figure?  Only when it names a place or a day of
    its own: a toll with neither ("the monitor had first given a toll of 34", "the Observatory gave a
    toll of 48"), a part of a toll or an addition to it tells the same incident again."""
    if m.subset or m.additive or not (own_place or (m.date and m.date.date)):
        return False
    k_new, k_old = m.killed, e.killed()
    return bool(k_new and k_old and not (k_new.cumulative or k_old.cumulative) and k_new.best != k_old.best)


def _types_join(e: _Event, m: Mention) -> bool:
    main = e.main
    if main.sub_event_type == m.sub_event_type:
        return True
    if main.sub_event_type in _PROTEST_SEVERITY and m.sub_event_type in _PROTEST_SEVERITY:
        return True  # one gathering, told as a protest, then as met by police or turning violent
    violent = {EXPLOSIONS, BATTLES, VAC}
    if m.generic and main.event_type in violent and m.event_type in violent:
        return True
    if m.generic and main.event_type in (RIOTS, PROTESTS) and m.event_type in violent:
        return True  # "4 injured", "one died" after a riot or a protest: its toll, not an attack of its own
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


def fold_counts(told: list[tuple[Mention, Count]]) -> Count | None:
    """One incident's figure from every telling of it, as {low, best, high}.

    A part ("six children were among the dead") never sets the figure, nor does a headline when the
    story gives one, nor a vague word ("dozens") when a telling gives a number.  `best` is the latest updated toll ("the toll rose to 76") if any, else the story's
    first figure; figures told as additions ("another three were killed") are added to it unless a
    figure told already covers the sum.  `low` and `high` are the smallest and largest figures told.
    """
    if not told:
        return None
    own = [(m, c) for m, c in told if not m.subset and c.best is not None] or told
    typed_parts = [(m, c) for m, c in told if m.subset and not m.generic and c.best is not None]
    if typed_parts and all(m.generic for m, _ in own):
        # "eight were killed in Rastan ... five of them died in air strikes": the air strike's own toll
        # is the part; the whole counted other attacks too
        own = typed_parts
    # a vague word ("dozens") counts only when no telling gives a number
    own = [(m, c) for m, c in own if not c.estimate] or own
    base = [(m, c) for m, c in own if not m.additive]
    added = [c for m, c in own if m.additive]
    updates = [c for m, c in base if c.cumulative]
    story = [c for m, c in base if not m.headline]
    if updates:
        best = max(updates, key=lambda c: c.best or 0)
    else:
        best = (story or [c for _, c in base] or [c for _, c in own])[0]
    values = [c.best for _, c in own if c.best is not None]
    # a headline's figure may sum several incidents of the report: only the story's figures cover the sum
    story_values = [c.best for m, c in own if c.best is not None and not m.headline] or values
    if added and base and best.best is not None:
        total = best.best + sum(c.best or 0 for c in added)
        if max(story_values) < total:
            best = replace(best, low=total, best=total, high=None, text=" + ".join(
                [best.text or str(best.best)] + [c.text or str(c.best) for c in added]))
            values.append(total)
    if best.best is None or not values:
        return best
    low, high = min(values), max(max(values), best.high or 0)
    return replace(best, low=min(low, best.low if best.low is not None else low), high=high if high > best.best else best.high)


# -- one incident, one event ----------------------------------------------------------------------
# A report tells its main incident in the headline, the lead, the body and a recap, often with
# different tolls.  Events of one report are folded when they agree on type, day and place (the same
# place, or one inside the other), never when they lie at two different towns (ACLED's rule).

_BOMBS = {"Remote explosive/landmine/IED", "Suicide bomb"}


def fold_events(events: list[_Event], text: str) -> list[_Event]:
    """Drop summaries of several incidents, then fold the tellings of one incident into one event."""
    events = [e for e in events if not _summary(e, events)]
    out: list[_Event] = []
    for e in events:
        target = next((o for o in out if _same_incident(o, e)), None)
        if target is None:
            out.append(e)
            continue
        target.folds.append(_reason(target, e, text))
        target.mentions.extend(e.mentions)
        target.folds.extend(e.folds)
        if _finer(e, target):
            target.place, target.place_inherited, target.named = e.place, e.place_inherited, e.named
        if e.date_span is not None and _better_date(target, e.date_reported, e.date):
            target.date, target.date_precision, target.date_span = e.date, e.date_precision, e.date_span
            target.date_reported = e.date_reported
    return out


def _recalled(e: _Event, events: list[_Event]) -> bool:
    """Is `e` an earlier episode recalled as the setting of the report's incident?  It is when its own
    date words give only a week or vaguer ("riots in the previous week", "demonstrating since last
    week") and another event of the report is dated to a later day: the report tells that day's
    incident, and the vague, earlier one is how it came about."""
    if e.date_span is None or e.date_precision in (None, "day") or not e.date:
        return False
    return any(o is not e and o.date_precision == "day" and _later(o.date, e.date) for o in events)


def _summary(e: _Event, events: list[_Event]) -> bool:
    """Is `e` a summary of several incidents ("36 killed in air strikes on Aleppo province" over the
    villages hit)?  It is when two or more events of the report lie at distinct places inside its
    place, on its day, of a compatible type, and carry figures of their own."""
    where = _where(e)
    if where is None or e.killed() is None:
        return False
    inside = [o for o in events if o is not e and _where(o) is not None and o.killed() is not None
              and _types_compatible(e, o) and _days_agree(e, o) and _place_relation(where, _where(o)) == "contains"]
    distinct: list[Place] = []
    for o in inside:
        if all(_place_relation(_where(o), d) == "apart" for d in distinct):
            distinct.append(_where(o))
    return len(distinct) >= 2


def _where(e: _Event) -> Place | None:
    """The place an event's own words name: a region the report's town stood in for, else its place."""
    return e.named or e.place


def _same_incident(a: _Event, b: _Event) -> bool:
    if not (_types_compatible(a, b) and _days_agree(a, b)):
        return False
    pa, pb = _where(a), _where(b)
    if pa is None or pb is None:
        return True
    return _place_relation(pa, pb) != "apart"


def _types_compatible(a: _Event, b: _Event) -> bool:
    ma, mb = a.main, b.main
    sa, sb = ma.sub_event_type, mb.sub_event_type
    if sa == sb or (sa in _BOMBS and sb in _BOMBS):
        return True
    if sa in _PROTEST_SEVERITY and sb in _PROTEST_SEVERITY:
        return True
    violent = {EXPLOSIONS, BATTLES, VAC}
    return (ma.generic or mb.generic) and ma.event_type in violent and mb.event_type in violent


def _days_agree(a: _Event, b: _Event) -> bool:
    """Dates within a day; a date that only repeats the publication date (no date words) agrees."""
    if a.date_span is None or b.date_span is None or not a.date or not b.date:
        return True
    apart = _days_apart(a.date, b.date)
    return a.date == b.date if apart is None else apart <= 1


def _days_apart(a: str, b: str) -> int | None:
    """Days between two ISO dates (None when either does not read as one)."""
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


def _names_apart(a: Place | None, b: Place | None) -> bool:
    """Two places of which one has no point at all (a village known by name only) and the names differ."""
    if a is None or b is None or (a.lat is not None and b.lat is not None):
        return False
    return _name(a) != _name(b) and not (_is_region(a) if a.lat is not None else _is_region(b) if b.lat is not None else False)


def _place_relation(a: Place, b: Place) -> str:
    """'same', 'contains' (a holds b), 'within' (b holds a) or 'apart'."""
    if a.lat is None or b.lat is None:
        # a village known by name only: the same by name; inside a region; apart from any town
        if _name(a) == _name(b):
            return "same"
        if a.lat is not None and _is_region(a):
            return "contains"
        if b.lat is not None and _is_region(b):
            return "within"
        return "apart"
    if a.unlisted or b.unlisted:
        if a.unlisted and b.unlisted:
            return "same" if _name(a) == _name(b) else "apart"
        town, other = (b, a) if a.unlisted else (a, b)
        # a village the gazetteer lacks is a place of its own, inside only the region it is placed by
        if _is_region(town) and _holds(town, other):
            return "contains" if town is a else "within"
        return "apart"
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return "same"
    if _holds(a, b):
        return "contains"
    if _holds(b, a):
        return "within"
    return "apart"


def _holds(big: Place, small: Place) -> bool:
    if (big.feature or "").startswith("A.PCL"):
        return bool(big.country_code) and big.country_code == small.country_code
    if (big.feature or "").startswith("A.ADM1") or (big.geo_precision or 1) >= 3 and not (big.feature or "").startswith("A."):
        return bool(big.admin1) and big.admin1 == small.admin1 and big.country_code == small.country_code
    if _is_region(big):
        # a district: its admin1 is the province's, so only nearness tells what it holds
        return (small.geo_precision or 1) <= (big.geo_precision or 1) and km(big, small) < DISTRICT_KM
    # a part of a town ("the Marjeh district of Aleppo") is placed at the town's point
    bp, sp = big.geo_precision or 1, small.geo_precision or 1
    return sp > bp and km(big, small) < 2.0


def _is_region(p: Place) -> bool:
    return (p.geo_precision or 1) >= 3 or (p.feature or "").startswith("A.")


def _name(p: Place) -> str:
    return (p.unlisted_name or p.name or p.text).lower()


def _finer(e: _Event, target: _Event) -> bool:
    """Does `e` name a more precise place than `target` (a town inside its province)?"""
    if e.place is None or e.place_inherited:
        return False
    if target.place is None or target.place_inherited:
        return True
    return _place_relation(_where(target), _where(e)) == "contains"


def _reason(target: _Event, e: _Event, text: str) -> str:
    """Why `e` was folded into `target`, for the output's `folds`."""
    first = e.mentions[0]
    told = text[first.sent_start:first.sent_end]
    pt, pe = _where(target), _where(e)
    where = "same place" if pt is None or pe is None else {
        "same": "same place", "contains": "inside its place", "within": "its place holds the event's",
    }.get(_place_relation(pt, pe), "same place")
    tolls = [c.best for c in (target.killed(), e.killed()) if c is not None and c.best is not None]
    figure = f"; tolls {tolls[0]} and {tolls[1]} kept as one range" if len(tolls) == 2 and tolls[0] != tolls[1] else ""
    kind = "the headline" if first.headline else "a later telling"
    return f"{kind} \"{told[:80]}\": {where}, same day, {e.main.sub_event_type}{figure}"


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
    if sub == "Attack" and not a1 or sub in _BOMBS and _unclaimed(e):
        # ACLED codes an attack or a bombing no group is named for to an unidentified armed group
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
        fe["location"] = Span.of(text, e.place.start, e.place.end)
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
        folds=list(e.folds),
    )


def _unclaimed(e: _Event) -> bool:
    """Is no group named for the event: no actor, or only a word for any armed group ("terrorists",
    "militants")?"""
    a = _first_actor1(e)
    return a is None or (a.kind == "rebel" and is_generic(a))


def _first_actor1(e: _Event) -> ActorMention | None:
    """The event's actor: the first group a telling names ("terrorists of the Army of Islam fired"), over
    a word for any armed group told before it ("shells fired by terrorists")."""
    told = [m.actor1 for m in e.mentions if m.actor1]
    return next((a for a in told if not is_generic(a)), told[0] if told else None)


def _state_actor(e: _Event) -> bool:
    a = next((m.actor1 for m in e.mentions if m.actor1), None)
    return a is not None and a.kind in ("state", "foreign", "police")


def _civilians(country: str | None) -> str | None:
    return "Civilians"  if not country else f"Civilians ({country})"


def _actors(e: _Event, country: str | None) -> tuple[str | None, str | None, str | None]:
    """(actor1 name, actor2 name, actor2 kind) for an event."""
    a1 = _first_actor1(e)
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
        spans.append(Span.of(text, m.sent_start, m.sent_end))
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
