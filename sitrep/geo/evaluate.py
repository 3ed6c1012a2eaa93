"""Toponym scoring, as ../shared/eval/score_geo.py defines it: a predicted place matches the first
unused gold toponym whose span it overlaps; accuracy is the share of matched toponyms resolved within
161 km (an unresolved match counts as 20,000 km off)."""

from __future__ import annotations

from collections.abc import Iterable

from sitrep.geo.distance import haversine_km
from sitrep.types import Place

UNRESOLVED_KM = 20000.0


def score_toponyms(pairs: Iterable[tuple[list[dict], list[Place]]]) -> dict[str, float | list[float]]:
    """pairs: (gold toponyms {start, end, lat, lon}, predicted places) per document."""
    tp = npred = ngold = 0
    errors: list[float] = []
    for gold, places in pairs:
        npred += len(places)
        ngold += len(gold)
        used: set[int] = set()
        for g in gold:
            for j, p in enumerate(places):
                if j not in used and p.start < g["end"] and p.end > g["start"]:
                    used.add(j)
                    tp += 1
                    errors.append(haversine_km(g["lat"], g["lon"], p.lat, p.lon) if p.lat is not None else UNRESOLVED_KM)
                    break
    prec = tp / npred if npred else 0.0
    rec = tp / ngold if ngold else 0.0
    return {
        "precision": prec,
        "recall": rec,
        "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
        "acc161": sum(e <= 161 for e in errors) / len(errors) if errors else 0.0,
        "errors": errors,
    }
