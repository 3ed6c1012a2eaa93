"""A generated batch of extraction results (the JSONL `sitrep extract --format jsonl` prints, with
the report text kept): events told by one to three outlets each, across towns and days."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from sitrep.types import Claim, Count, Document, Extraction, Location, Span

OUTLETS = ["Outlet A", "Outlet B", "Outlet C"]


def extractions(n_events: int) -> list[Extraction]:
    out = []
    for ev in range(n_events):
        town = ev % 40
        loc = Location(f"Town {town}", "Province", "Syria", "SY", 33.0 + town * 0.4, 36.0 + (town % 5) * 0.3, 900000 + town, 1)
        day = (date(2019, 1, 1) + timedelta(days=ev // 7)).isoformat()
        sub = "Air/drone strike" if ev % 2 else "Shelling/artillery/missile attack"
        for k in range(1 + ev % 3):
            text = f"Report {ev}-{k}: an attack on Town {town} on {day} killed {10 + ev % 7 + k} people, {OUTLETS[k]} said."
            doc = Document(id=f"r{ev}-{k}", text=text, publisher=OUTLETS[k], published=day)
            c = Claim(
                event_type="Explosions/Remote violence",
                sub_event_type=sub,
                date=day,
                date_precision="day",
                location=loc,
                actor1="Military Forces of Syria (2000-)",
                actor2="Civilians (Syria)",
                fatalities=Count(10 + ev % 7 + k, 10 + ev % 7 + k, None),
                injuries=None,
                sources=[],
                evidence=[Span(0, len(text), text)],
            )
            out.append(Extraction(doc, [c]))
    return out


def write_jsonl(path: Path, items: list[Extraction]) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for e in items:
            d = e.to_dict()
            d["document"]["text"] = e.document.text
            f.write(json.dumps(d) + "\n")
    return path
