"""A small hand-written store for API and browser tests: reports and the claims an extractor would give,
stored with Store.add_extraction (no spaCy).  Six incidents in five countries, one of them told by three
outlets, and one report that tries to inject markup."""

from __future__ import annotations

import shutil
from pathlib import Path

from sitrep.api import tokens
from sitrep.store import Store
from sitrep.types import Claim, Count, Document, Extraction, Location, Span

SARAQIB = Location("Saraqib", "Idlib", "Syria", "SY", 35.8623, 36.8059, 169304, 1)
ALEPPO = Location("Aleppo", "Aleppo", "Syria", "SY", 36.2021, 37.1343, 170063, 1)
KABUL = Location("Kabul", "Kabul", "Afghanistan", "AF", 34.5281, 69.1723, 1138958, 1)
MOGADISHU = Location("Mogadishu", "Banaadir", "Somalia", "SO", 2.0371, 45.3438, 53654, 1)
KHARTOUM = Location("Khartoum", "Khartoum", "Sudan", "SD", 15.5518, 32.5324, 379252, 1)
MAIDUGURI = Location("Maiduguri", "Borno", "Nigeria", "NG", 11.8464, 13.1603, 2331447, 1)

XSS = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def span(text: str, words: str) -> Span:
    at = text.index(words)
    return Span(at, at + len(words), words)


def doc(doc_id: str, text: str, publisher: str, published: str, title: str | None = None, url: str | None = None):
    return Document(id=doc_id, text=text, title=title or text[:50], publisher=publisher, published=published, url=url)


def claim(
    text: str,
    evidence: str,
    sub: str,
    event_type: str,
    date: str,
    location: Location,
    actor1: str | None,
    actor2: str | None = None,
    killed: int | None = None,
    killed_words: str | None = None,
    sources: list[str] | None = None,
) -> Claim:
    fe = {}
    if killed_words:
        fe["fatalities"] = span(text, killed_words)
    return Claim(
        event_type=event_type,
        sub_event_type=sub,
        date=date,
        date_precision="day",
        location=location,
        actor1=actor1,
        actor2=actor2,
        fatalities=Count(killed, killed, killed, text=killed_words) if killed is not None else None,
        injuries=None,
        sources=sources or [],
        evidence=[span(text, evidence)],
        field_evidence=fe,
    )


EXP, VAC, BAT, PRO = "Explosions/Remote violence", "Violence against civilians", "Battles", "Protests"
SYRIA = "Military Forces of Syria (2000-)"


def extractions() -> list[Extraction]:
    t1 = (
        "BEIRUT - Syrian government warplanes struck a market in Saraqib on Wednesday, killing 40 civilians, "
        "the Syrian Observatory for Human Rights said. Rescuers were still searching the rubble."
    )
    t2 = "Twelve terrorists were killed when the army targeted their positions in Saraqib on Wednesday, state news agency SANA reported."
    t3 = (
        "An air strike on a market in the town of Saraqib in Idlib province killed at least 25 people on Wednesday, "
        "rescue workers of the White Helmets said."
    )
    t4 = "KABUL - A suicide bomber killed 30 people at a wedding hall in Kabul on Friday, police said. Islamic State claimed the attack."
    t5 = "MOGADISHU - Al-Shabaab fighters clashed with Somali army troops near Mogadishu on Thursday; five soldiers were killed."
    t6 = "Thousands of protesters marched peacefully in Khartoum on Saturday demanding civilian rule."
    t7 = "Boko Haram gunmen killed eight villagers near Maiduguri on Thursday, residents said."
    t8 = "Suspected Boko Haram militants attacked a village outside Maiduguri on Thursday and killed eight people, an aid worker told Radio Borno."
    t9 = f"ALEPPO - {XSS} Shelling killed three people in Aleppo on Tuesday, a local monitor said."
    return [
        Extraction(
            doc("monitor-1", t1, "Monitor Post", "2019-05-02", url="https://monitorpost.example/a/1"),
            [claim(t1, "Syrian government warplanes struck a market in Saraqib on Wednesday, killing 40 civilians",
                   "Air/drone strike", EXP, "2019-05-01", SARAQIB, SYRIA, "Civilians (Syria)", 40, "killing 40 civilians",
                   ["Syrian Observatory for Human Rights"])],
        ),
        Extraction(
            doc("state-1", t2, "SANA", "2019-05-02"),
            [claim(t2, "Twelve terrorists were killed when the army targeted their positions in Saraqib",
                   "Air/drone strike", EXP, "2019-05-01", SARAQIB, SYRIA, None, 12, "Twelve terrorists were killed")],
        ),
        Extraction(
            doc("wire-1", t3, "Wire Service", "2019-05-01"),
            [claim(t3, "An air strike on a market in the town of Saraqib in Idlib province killed at least 25 people",
                   "Air/drone strike", EXP, "2019-05-01", SARAQIB, SYRIA, "Civilians (Syria)", 25, "killed at least 25 people",
                   ["White Helmets"])],
        ),
        Extraction(
            doc("kabul-1", t4, "Kabul Daily", "2019-05-03"),
            [claim(t4, "A suicide bomber killed 30 people at a wedding hall in Kabul", "Suicide bomb", EXP, "2019-05-03",
                   KABUL, "Islamic State (Afghanistan)", "Civilians (Afghanistan)", 30, "killed 30 people", ["police"])],
        ),
        Extraction(
            doc("mog-1", t5, "Horn Wire", "2019-05-02"),
            [claim(t5, "Al-Shabaab fighters clashed with Somali army troops near Mogadishu", "Armed clash", BAT,
                   "2019-05-02", MOGADISHU, "Al Shabaab", "Military Forces of Somalia (2017-)", 5, "five soldiers were killed")],
        ),
        Extraction(
            doc("khartoum-1", t6, "Nile Post", "2019-05-04"),
            [claim(t6, "Thousands of protesters marched peacefully in Khartoum", "Peaceful protest", PRO, "2019-05-04",
                   KHARTOUM, "Protesters (Sudan)")],
        ),
        Extraction(
            doc("borno-1", t7, "Lagos Times", "2019-05-03"),
            [claim(t7, "Boko Haram gunmen killed eight villagers near Maiduguri", "Attack", VAC, "2019-05-02",
                   MAIDUGURI, "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", "Civilians (Nigeria)", 8,
                   "killed eight villagers", ["residents"])],
        ),
        Extraction(
            doc("borno-2", t8, "Radio Borno", "2019-05-03"),
            [claim(t8, "Suspected Boko Haram militants attacked a village outside Maiduguri on Thursday and killed eight people",
                   "Attack", VAC, "2019-05-02", MAIDUGURI, "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
                   "Civilians (Nigeria)", 8, "killed eight people", ["aid worker"])],
        ),
        Extraction(
            doc("evil-1", t9, "Evil Gazette <b>bold</b>", "2019-04-30", title=f"Aleppo {XSS}",
                url="javascript:alert(1)"),
            [claim(t9, "Shelling killed three people in Aleppo", "Shelling/artillery/missile attack", EXP, "2019-04-30",
                   ALEPPO, f"Unidentified Armed Group {XSS}", "Civilians (Syria)", 3, "killed three people")],
        ),
    ]  # fmt: skip


def build(path: Path) -> dict:
    """Store the reports in a new SQLite database at `path` and make one token per role."""
    store = Store.open(f"sqlite:///{path}")
    for e in extractions():
        store.add_extraction(e)
    secrets = {role: tokens.create_token(store.engine, f"{role}-tester", role)[1] for role in tokens.ROLES}
    revoked_id, secrets["revoked"] = tokens.create_token(store.engine, "gone", "admin")
    tokens.revoke(store.engine, revoked_id)
    store.close()  # checkpoints the WAL: the file alone is the database
    return secrets


def copy(template: Path, dest: Path) -> Path:
    shutil.copyfile(template, dest)
    return dest
