"""Hand-written report sets for merge and store tests: Documents with the Claims an extractor would give."""

from __future__ import annotations

from sitrep.types import Claim, Count, Document, Extraction, Location, Span

SARAQIB = Location("Saraqib", "Idlib", "Syria", "SY", 35.8623, 36.8059, 169304, 1)
ARIHA = Location("Ariha", "Idlib", "Syria", "SY", 35.8137, 36.6095, 172408, 1)
IDLIB_PROVINCE = Location("Idlib", "Idlib", "Syria", "SY", 35.75, 36.6667, 169387, 3)
KABUL = Location("Kabul", "Kabul", "Afghanistan", "AF", 34.5281, 69.1723, 1138958, 1)


def report(doc_id: str, text: str, publisher: str, published: str = "2019-05-02", url: str | None = None) -> Document:
    return Document(id=doc_id, text=text, publisher=publisher, published=published, url=url, title=text[:40])


def claim(
    text: str,
    sub: str = "Air/drone strike",
    event_type: str = "Explosions/Remote violence",
    date: str | None = "2019-05-01",
    location: Location | None = SARAQIB,
    actor1: str | None = "Military Forces of Syria (2000-)",
    actor2: str | None = "Civilians (Syria)",
    killed: tuple[int | None, int | None, int | None] | None = None,
    injured: tuple[int | None, int | None, int | None] | None = None,
    sources: list[str] | None = None,
) -> Claim:
    return Claim(
        event_type=event_type,
        sub_event_type=sub,
        date=date,
        date_precision="day" if date else None,
        location=location,
        actor1=actor1,
        actor2=actor2,
        fatalities=Count(*killed, text=f"{killed[1]} killed") if killed else None,
        injuries=Count(*injured) if injured else None,
        sources=sources or [],
        evidence=[Span(0, len(text), text)],
    )


def extraction(doc: Document, *claims: Claim) -> Extraction:
    return Extraction(doc, list(claims))


def airstrike_three_outlets() -> list[Extraction]:
    """One airstrike on Saraqib told by three outlets: a monitor's 40, state media's 12, a wire's 25."""
    t1 = "Syrian government warplanes struck a market in Saraqib on Wednesday, killing 40 civilians, the Syrian Observatory for Human Rights said."
    t2 = "Twelve terrorists were killed when the army targeted their positions in Saraqib on Wednesday, state news agency SANA reported."
    t3 = "An air strike on a market in the town of Saraqib in Idlib province killed at least 25 people on Wednesday, rescue workers of the White Helmets said."
    return [
        extraction(report("monitor-1", t1, "Monitor Post", url="https://www.monitorpost.example/a/1?utm_source=x"),
                   claim(t1, killed=(40, 40, None), sources=["Syrian Observatory for Human Rights"])),
        extraction(report("state-1", t2, "SANA"),
                   claim(t2, actor2=None, killed=(12, 12, None))),
        extraction(report("wire-1", t3, "Wire Service", published="2019-05-01"),
                   claim(t3, killed=(25, 25, None), injured=(30, 30, None), sources=["White Helmets"])),
    ]  # fmt: skip


def two_attacks_one_town() -> list[Extraction]:
    """An air strike and a car bomb in Saraqib on the same day: two events."""
    t1 = "A government air strike hit a hospital in Saraqib on Friday, killing 5 people."
    t2 = "A car bomb exploded near a checkpoint in Saraqib on Friday, killing 3 fighters, activists said."
    day = "2019-05-10"
    return [
        extraction(report("strike-1", t1, "Outlet A", "2019-05-11"), claim(t1, date=day, killed=(5, 5, None))),
        extraction(
            report("bomb-1", t2, "Outlet B", "2019-05-11"),
            claim(t2, sub="Remote explosive/landmine/IED", date=day, actor1=None, actor2="Hayat Tahrir al-Sham", killed=(3, 3, None)),
        ),
    ]


def same_monitor_two_outlets() -> list[Extraction]:
    """Two outlets both quoting SOHR (once by acronym) on one shelling: one source, weak."""
    t1 = "Regime shelling on Ariha killed 7 civilians on Wednesday, the Syrian Observatory for Human Rights said."
    t2 = "Seven civilians died in shelling of Ariha on Wednesday according to SOHR."
    sub = "Shelling/artillery/missile attack"
    return [
        extraction(report("o1", t1, "Outlet One"), claim(t1, sub=sub, location=ARIHA, killed=(7, 7, None), sources=["Syrian Observatory for Human Rights"])),
        extraction(report("o2", t2, "Outlet Two"), claim(t2, sub=sub, location=ARIHA, killed=(7, 7, None), sources=["SOHR"])),
    ]  # fmt: skip


def kabul_bombing() -> list[Extraction]:
    t = "A suicide bomber killed 9 people at a wedding hall in Kabul on Thursday, officials said."
    return [extraction(report("kabul-1", t, "Outlet K", published="2019-05-03"),
                       claim(t, sub="Suicide bomb", date="2019-05-02", location=KABUL, actor1="Islamic State (Afghanistan)",
                             actor2="Civilians (Afghanistan)", killed=(9, 9, None)))]  # fmt: skip


def acknowledged_strike() -> list[Extraction]:
    """A Russian strike the Russian Defence Ministry itself announced, and a monitor's account."""
    t1 = "The Russian Defence Ministry said its aircraft struck a militant depot near Ariha on Wednesday."
    t2 = "Russian jets bombed a depot near Ariha on Wednesday, killing 2, the Syrian Observatory for Human Rights said."
    a = "Military Forces of Russia (2000-)"
    return [
        extraction(report("ru-1", t1, "Outlet R"), claim(t1, location=ARIHA, actor1=a, actor2=None, sources=["Russian Defence Ministry"])),
        extraction(report("ru-2", t2, "Outlet S"), claim(t2, location=ARIHA, actor1=a, actor2=None, killed=(2, 2, None), sources=["Syrian Observatory for Human Rights"])),
    ]  # fmt: skip


def all_sets() -> list[Extraction]:
    return airstrike_three_outlets() + two_attacks_one_town() + same_monitor_two_outlets() + kabul_bombing() + acknowledged_strike()


def views(extractions: list[Extraction]):
    """The merge view of every claim, as the store would build it."""
    from sitrep.merge import MergeClaim

    return [MergeClaim.from_claim(c, e.document, i) for e in extractions for i, c in enumerate(e.events)]
