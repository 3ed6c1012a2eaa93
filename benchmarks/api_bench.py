"""API benchmark: filtered GET /api/v1/incidents against a SQLite store of 10,000 incidents.

    .venv/bin/python benchmarks/api_bench.py [--db PATH] [--incidents 10000] [--requests 4000]
                                             [--concurrency 8] [--workers 1]

1. Builds the store once (kept at --db and reused): synthetic reports and claims, stored through
   Store.add_extraction, so documents, claims, full-text index, merging and grades are the real thing.
   About 1 in 8 reports retells an earlier event from another outlet and merges into its incident.
2. Starts `sitrep serve` in its own process (uvicorn, --workers N).
3. A light asyncio HTTP/1.1 keep-alive client (raw sockets: the load generator shares the 2 cores, so
   it must cost little) sends --requests filtered list requests from --concurrency connections, cycling
   through a mix of filters (country, date range, type, admin1, actor, min killed, grade, full-text,
   sort, pages).  Reports requests/s and latency percentiles.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitrep.types import Claim, Count, Document, Extraction, Location, Span  # noqa: E402

CITIES = [
    ("Aleppo", "Aleppo", "Syria", "SY", 36.20, 37.13), ("Idlib", "Idlib", "Syria", "SY", 35.93, 36.63),
    ("Deir ez-Zor", "Deir ez-Zor", "Syria", "SY", 35.33, 40.14), ("Kabul", "Kabul", "Afghanistan", "AF", 34.53, 69.17),
    ("Kandahar", "Kandahar", "Afghanistan", "AF", 31.61, 65.71), ("Mogadishu", "Banaadir", "Somalia", "SO", 2.04, 45.34),
    ("Kismayo", "Lower Juba", "Somalia", "SO", -0.36, 42.55), ("Maiduguri", "Borno", "Nigeria", "NG", 11.85, 13.16),
    ("Kaduna", "Kaduna", "Nigeria", "NG", 10.52, 7.44), ("Khartoum", "Khartoum", "Sudan", "SD", 15.55, 32.53),
    ("El Fasher", "North Darfur", "Sudan", "SD", 13.63, 25.35), ("Goma", "North Kivu", "DR Congo", "CD", -1.68, 29.22),
    ("Bunia", "Ituri", "DR Congo", "CD", 1.56, 30.25), ("Sanaa", "Amanat al Asimah", "Yemen", "YE", 15.35, 44.21),
    ("Taiz", "Taiz", "Yemen", "YE", 13.58, 44.02), ("Mosul", "Nineveh", "Iraq", "IQ", 36.34, 43.13),
    ("Gao", "Gao", "Mali", "ML", 16.27, -0.04), ("Ouagadougou", "Centre", "Burkina Faso", "BF", 12.37, -1.52),
    ("Kharkiv", "Kharkiv", "Ukraine", "UA", 49.99, 36.23), ("Donetsk", "Donetsk", "Ukraine", "UA", 48.02, 37.80),
    ("Tripoli", "Tripoli", "Libya", "LY", 32.89, 13.19), ("Peshawar", "Khyber Pakhtunkhwa", "Pakistan", "PK", 34.01, 71.58),
    ("Myitkyina", "Kachin", "Myanmar", "MM", 25.38, 97.40), ("Cabo Delgado", "Cabo Delgado", "Mozambique", "MZ", -12.33, 39.32),
]  # fmt: skip
KINDS = [
    ("Battles", "Armed clash", "clashed with", "fighters"),
    ("Explosions/Remote violence", "Air/drone strike", "struck", "an air strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "shelled", "shelling"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "detonated", "a roadside bomb"),
    ("Violence against civilians", "Attack", "attacked", "gunmen"),
    ("Violence against civilians", "Abduction/forced disappearance", "abducted", "kidnappers"),
    ("Protests", "Peaceful protest", "marched in", "protesters"),
    ("Riots", "Violent demonstration", "rioted in", "rioters"),
    ("Strategic developments", "Arrests", "arrested", "security forces"),
]
ACTORS = ["Military Forces of {c}", "Police Forces of {c}", "Unidentified Armed Group ({c})", "Rebel Militia ({c})",
          "Islamic State ({c})", "Protesters ({c})", "Rioters ({c})"]  # fmt: skip
OUTLETS = ["Wire Service", "Monitor Post", "Daily Courier", "Radio Free Hills", "Evening Herald", "News Agency"]
ATTRIBUTED = ["local officials", "a monitoring group", "medics", "the army", "residents", "a rescue service"]
WORDS = ["market", "checkpoint", "convoy", "village", "school", "hospital", "mosque", "bridge", "camp", "wedding"]
# Filler vocabulary: each word lands in roughly 10% of the reports, as ordinary news words do.
FILLER = """
according added after afternoon agency aid airport ambulance announced area armed army arrived attack
authorities away base battle believed border building calm capital casualties ceasefire central children
city civil claimed clashes coalition command commander community confirmed conflict control council
counted crisis crossing curfew damage dead death district displaced early east eastern elections
emergency envoy escalation evening evacuated families fighting fire fled food forces front fuel governor
ground group gunfire heavy helicopter highway homes humanitarian hundreds injured international killed
late leaders least local main medical members militants military ministry monitor morning motorcycle
negotiations night north northern observers offensive officials operation opposition outskirts patrol
peace people police political positions power president province reinforcements refugees region
reported reporters residents rockets roads rubble rural security sources spokesman statement street
strike supplies suspected talks tensions territory town troops truce united village violence volunteers
water weapons west western witnesses wounded youth""".split()


def synthetic(n_reports: int, seed: int = 7):
    rnd = random.Random(seed)
    start = date(2023, 1, 1)
    events = []
    for i in range(n_reports):
        if events and rnd.random() < 0.125:  # another outlet's account of an earlier event
            ev = dict(rnd.choice(events))
            ev["killed"] = max(0, ev["killed"] + rnd.randint(-2, 4)) if ev["killed"] is not None else None
        else:
            city = rnd.choice(CITIES)
            kind = rnd.choice(KINDS)
            jitter = (rnd.uniform(-1.5, 1.5), rnd.uniform(-1.5, 1.5))
            ev = {
                "city": city,
                "town": f"{city[0]} district {rnd.randint(1, 400)}",
                "lat": round(city[4] + jitter[0], 4),
                "lon": round(city[5] + jitter[1], 4),
                "kind": kind,
                "date": start + timedelta(days=rnd.randint(0, 729)),
                "actor1": rnd.choice(ACTORS).format(c=city[2]),
                "killed": None if kind[0] in ("Protests", "Strategic developments") else int(rnd.paretovariate(1.3)) - 1,
                "word": rnd.choice(WORDS),
            }
            events.append(ev)
        outlet = OUTLETS[i % len(OUTLETS)]
        source = rnd.choice(ATTRIBUTED)
        et, sub, verb, who = ev["kind"]
        toll = f", killing {ev['killed']} people" if ev["killed"] else ""
        sentence = f"{who.capitalize()} {verb} a {ev['word']} in {ev['town']} on {ev['date']:%B %d}{toll}, {source} said."
        text = f"{ev['city'][0].upper()} ({outlet}) - {sentence} Report {i} of the {ev['city'][3]} desk. " + " ".join(
            rnd.choice(FILLER) for _ in range(12)
        )
        loc = Location(ev["town"], ev["city"][1], ev["city"][2], ev["city"][3], ev["lat"], ev["lon"], None, 1)
        at = text.index(sentence)
        killed = None
        if ev["killed"]:
            words = f"killing {ev['killed']} people"
            k = text.index(words)
            killed = Count(ev["killed"], ev["killed"], ev["killed"], words, Span(k, k + len(words), words))
        claim = Claim(
            event_type=et, sub_event_type=sub, date=ev["date"].isoformat(), date_precision="day", location=loc,
            actor1=ev["actor1"], actor2=None, fatalities=killed, injuries=None, sources=[source],
            evidence=[Span(at, at + len(sentence), sentence)],
        )  # fmt: skip
        doc = Document(id=f"bench-{i}", text=text, title=sentence[:60], publisher=outlet,
                       published=(ev["date"] + timedelta(days=1)).isoformat())  # fmt: skip
        yield Extraction(doc, [claim])


def build(db: Path, target: int) -> dict:
    from sitrep.store import Store

    store = Store.open(str(db))
    have = store.stats()["incidents"]
    t0 = time.perf_counter()
    n = have_docs = store.stats()["documents"]
    if have < target:
        gen = synthetic(10**7)
        for _ in range(have_docs):
            next(gen)
        while store.stats()["incidents"] < target:
            for _ in range(500):
                store.add_extraction(next(gen))
                n += 1
            print(f"  {n} reports -> {store.stats()['incidents']} incidents", file=sys.stderr)
    stats = store.stats()
    store.close()
    return {**stats, "build_s": time.perf_counter() - t0}


def query_mix(n: int, seed: int = 11) -> list[str]:
    rnd = random.Random(seed)
    countries = sorted({c[3] for c in CITIES})
    admin1 = sorted({c[1] for c in CITIES})
    out = []
    makers = [
        lambda: {"country": rnd.choice(countries)},
        lambda: (lambda d: {"since": d.isoformat(), "until": (d + timedelta(days=30)).isoformat()})(
            date(2023, 1, 1) + timedelta(days=rnd.randint(0, 700))
        ),
        lambda: {"type": rnd.choice(KINDS)[0], "min_killed": rnd.choice([1, 5, 10])},
        lambda: {"admin1": rnd.choice(admin1)},
        lambda: {"actor": rnd.choice(["military", "islamic state", "police", "rebel"])},
        lambda: {"grade": rnd.choice(["weak", "fair", "contested"]), "country": rnd.choice(countries)},
        lambda: {"q": rnd.choice(FILLER + WORDS)},
        lambda: {"q": f"{rnd.choice(FILLER)} {rnd.choice(WORDS)}", "country": rnd.choice(countries)},
        lambda: {"sub_type": rnd.choice(KINDS)[1], "sort": "-killed"},
        lambda: {"country": rnd.choice(countries), "since": "2024-01-01", "offset": rnd.choice([0, 50, 100])},
    ]
    for i in range(n):
        out.append("/api/v1/incidents?" + urlencode(makers[i % len(makers)]()))
    return out


async def load(host: str, port: int, paths: list[str], concurrency: int) -> tuple[list[float], int, float]:
    """Send every path once over `concurrency` keep-alive connections; latencies in seconds."""
    queue = list(reversed(paths))
    latencies: list[float] = []
    errors = 0

    async def worker():
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, port)
        while queue:
            path = queue.pop()
            t0 = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: application/json\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - t0)
            if status != 200:
                errors += 1
        writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors, time.perf_counter() - t0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="/tmp/sitrep-api-bench.db")
    ap.add_argument("--incidents", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=4000)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--no-index", action="store_true", help="SQL only (SITREP_API_INDEX_MAX=0)")
    args = ap.parse_args()

    print(f"store: {args.db}", file=sys.stderr)
    built = build(Path(args.db), args.incidents)
    print(f"store: {built}", file=sys.stderr)

    port = free_port()
    env = {**os.environ, "SITREP_READ_OPEN": "1"}
    if args.no_index:
        env["SITREP_API_INDEX_MAX"] = "0"
    cmd = [sys.executable, "-m", "sitrep.cli", "serve", "--db", args.db, "--port", str(port),
           "--workers", str(args.workers), "--quiet"]  # fmt: skip
    server = subprocess.Popen(cmd, env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("server did not start") from None
                time.sleep(0.2)
        asyncio.run(load("127.0.0.1", port, query_mix(300, seed=1), args.concurrency))  # warm-up
        load_before = os.getloadavg()[0]
        lat, errors, wall = asyncio.run(load("127.0.0.1", port, query_mix(args.requests), args.concurrency))
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    lat.sort()
    pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000  # noqa: E731
    print(
        f"workers={args.workers} index={'off' if args.no_index else 'on'} concurrency={args.concurrency} "
        f"requests={len(lat)} errors={errors} load average before/after: {load_before:.1f}/{os.getloadavg()[0]:.1f}\n"
        f"throughput: {len(lat) / wall:.0f} requests/s\n"
        f"latency ms: p50 {pct(0.50):.1f}  p90 {pct(0.90):.1f}  p99 {pct(0.99):.1f}  max {lat[-1] * 1000:.1f}  "
        f"mean {statistics.mean(lat) * 1000:.1f}"
    )
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
