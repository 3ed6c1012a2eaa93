"""Score predicted events against gold events (`sitrep eval`).

Matching, per document: a predicted and a gold event may pair when their places agree (<= 25 km, or the
same name when either lacks coordinates) and their dates agree (within one day; a gold date of null
accepts any).  Pairs are chosen greedily by agreement (sub-type 3, type 2, killed 1, injured 1).
Gold events marked `"required": false` absorb predictions without counting for recall.
Figures are compared on `best`, else `low`; no figure counts as 0 (ACLED's convention).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

from sitrep.geo import haversine_km


def load_records(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".json"):
        data = json.loads(text)
        return data if isinstance(data, list) else [data]
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _km(a: dict, b: dict) -> float:
    return haversine_km(a["lat"], a["lon"], b["lat"], b["lon"])


def _norm(s: str | None) -> str:
    return " ".join("".join(c.lower() if c.isalnum() else " " for c in (s or "")).split())


def _days(a: str | None, b: str | None) -> int:
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except (TypeError, ValueError):
        return 10**6


def _figure(c: dict | None) -> int:
    if not c:
        return 0
    for k in ("best", "low"):
        if c.get(k) is not None:
            return c[k]
    return 0


def place_ok(g: dict, p: dict) -> bool:
    gl, pl = g.get("location") or {}, p.get("location") or {}
    if not gl:
        return True
    if not pl:
        return False
    if gl.get("lat") is not None and pl.get("lat") is not None:
        return _km(gl, pl) <= 25
    return _norm(gl.get("name")) == _norm(pl.get("name"))


def date_ok(g: dict, p: dict) -> bool:
    return not g.get("date") or _days(g["date"], p.get("date")) <= 1


def _agreement(g: dict, p: dict) -> int:
    return (
        3 * (_norm(g.get("sub_event_type")) == _norm(p.get("sub_event_type")))
        + 2 * (g.get("event_type") == p.get("event_type"))
        + (_figure(g.get("fatalities")) == _figure(p.get("fatalities")))
        + (_figure(g.get("injuries")) == _figure(p.get("injuries")))
    )


def _span_hits(span, text: str, doc_text: str | None) -> bool:
    if isinstance(span, dict) and "start" in span and doc_text is not None:
        i = doc_text.find(text)
        return i >= 0 and span["start"] < i + len(text) and span["end"] > i
    s = _norm(span if isinstance(span, str) else span.get("text", ""))
    return len(s) >= 10 and (_norm(text) in s or s in _norm(text))


def score(golds: list[dict], preds: list[dict], texts: dict[str, str] | None = None) -> dict:
    by_id = {p["document"]["id"]: p for p in preds}
    n: Counter = Counter()
    f: Counter = Counter()
    misses = []
    for gd in golds:
        did = gd["document"]["id"]
        pe = list((by_id.get(did) or {}).get("events", []))
        ge = gd.get("events", [])
        cand = sorted(
            ((_agreement(g, p), i, j) for i, g in enumerate(ge) for j, p in enumerate(pe) if place_ok(g, p) and date_ok(g, p)),
            reverse=True,
        )
        used_g, used_p, pairs = set(), set(), []
        for _, i, j in cand:
            if i not in used_g and j not in used_p:
                used_g.add(i)
                used_p.add(j)
                pairs.append((ge[i], pe[j]))
        required = [g for g in ge if g.get("required", True)]
        n["gold"] += len(required)
        n["pred"] += len(pe) - sum(1 for g, _ in pairs if not g.get("required", True))
        n["tp"] += sum(1 for g, _ in pairs if g.get("required", True))
        misses += [(did, g.get("id")) for i, g in enumerate(ge) if i not in used_g and g.get("required", True)]
        for g, p in pairs:
            if not g.get("required", True):
                continue
            f["n"] += 1
            f["event_type"] += g.get("event_type") == p.get("event_type")
            f["sub_event_type"] += _norm(g.get("sub_event_type")) == _norm(p.get("sub_event_type"))
            gk, pk = _figure(g.get("fatalities")), _figure(p.get("fatalities"))
            f["fatalities"] += gk == pk
            if gk:
                f["nonzero_n"] += 1
                f["fatalities_nonzero"] += gk == pk
            f["injuries"] += _figure(g.get("injuries")) == _figure(p.get("injuries"))
            f["date"] += (not g.get("date")) or _days(g["date"], p.get("date")) == 0
            gl, pl = g.get("location") or {}, p.get("location") or {}
            f["location_25km"] += gl.get("lat") is None or (pl.get("lat") is not None and _km(gl, pl) <= 25)
        for m in gd.get("must_not", []):
            n["must_not"] += 1
            spans = [s for p in pe for s in (p.get("evidence") or [])]
            if any(_span_hits(s, m["text"], (texts or {}).get(did)) for s in spans):
                n["must_not_violated"] += 1
    prec = n["tp"] / n["pred"] if n["pred"] else 0.0
    rec = n["tp"] / n["gold"] if n["gold"] else 0.0
    out = {
        "documents": len(golds),
        "gold_events": n["gold"],
        "predicted": n["pred"],
        "matched": n["tp"],
        "precision": round(prec, 3),
        "recall": round(rec, 3),
        "f1": round(2 * prec * rec / (prec + rec), 3) if prec + rec else 0.0,
        "must_not_violated": f"{n['must_not_violated']}/{n['must_not']}",
    }
    for k in ("event_type", "sub_event_type", "fatalities", "injuries", "date", "location_25km"):
        out[k] = round(f[k] / f["n"], 3) if f["n"] else 0.0
    if f["nonzero_n"]:
        out["fatalities_nonzero"] = round(f["fatalities_nonzero"] / f["nonzero_n"], 3)
    out["misses"] = misses[:20]
    return out
