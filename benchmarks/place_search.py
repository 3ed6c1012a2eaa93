"""Place names in a store: how many are not ASCII, and how well place search (sitrep.geo.place_key) joins
spellings of one place without joining different places.

    .venv/bin/sitrep extract --jsonl ../shared/corpus/acled-dev/texts.jsonl --format jsonl > acled.jsonl
    .venv/bin/sitrep ingest acled.jsonl --db acled.db
    .venv/bin/python benchmarks/place_search.py acled.db

For each distinct incident place name used as a search, "finds another place" counts the names whose
key also matches incidents of a different place (another GeoNames id and another folded name); "report
spelling = gazetteer name" counts the claims' (report spelling, gazetteer name) pairs that differ after
folding and still share a key.  For the plain transliteration skeleton, for place_key, and for place_key
also compared with the incidents' gazetteer names (incidents.gazetteer_key).
"""

from __future__ import annotations

import sqlite3
import sys
from collections import defaultdict
from collections.abc import Callable

from sitrep.geo.names import fold, place_key, skeleton


def finds_other_places(rows: list[tuple], key: Callable[[str], str | None], by_gazetteer: bool) -> list[tuple]:
    """(name, [other places' names]) for every name whose search hits another place's incidents."""
    index: dict[str | None, list[tuple]] = defaultdict(list)
    for r in rows:
        index[key(r[1])].append(r)
        if by_gazetteer and r[2] and key(r[2]) != key(r[1]):
            index[key(r[2])].append(r)
    places: dict[str, set] = defaultdict(set)
    for r in rows:
        places[r[1]].add(r[3])
    out = []
    for name in sorted(places):
        other = sorted({r[1] for r in index[key(name)] if fold(r[1]) != fold(name) and r[3] not in places[name]})
        if other:
            out.append((name, other))
    return out


def main(db_path: str) -> None:
    db = sqlite3.connect(db_path)
    rows = db.execute(
        "SELECT i.id, i.location_name, i.gazetteer_name, c.geonameid FROM incidents i LEFT JOIN "
        "(SELECT incident_id, min(geonameid) AS geonameid FROM claims GROUP BY incident_id) c "
        "ON c.incident_id = i.id WHERE i.status = 'active' AND i.location_name IS NOT NULL").fetchall()
    pairs = {(a, b) for a, b in db.execute("SELECT location_name, gazetteer_name FROM claims "
                                           "WHERE gazetteer_name IS NOT NULL AND active") if fold(a) != fold(b)}
    names = {r[1] for r in rows}
    print(f"incidents with a place name: {len(rows)}; distinct names: {len(names)}")
    print(f"  not ASCII: {sum(1 for r in rows if not r[1].isascii())}; "
          f"with a gazetteer name: {sum(1 for r in rows if r[2])}, spelled otherwise: "
          f"{sum(1 for r in rows if r[2] and r[2] != r[1])}")
    for label, key, by_gaz in (("skeleton", lambda n: skeleton(n) or None, False), ("place_key", place_key, False),
                               ("place_key + gazetteer key", place_key, True)):
        other = finds_other_places(rows, key, by_gaz)
        same = sum(1 for a, b in pairs if key(a) == key(b))
        by_gazetteer = sum(1 for r in rows if r[2] and (by_gaz or key(r[2]) == key(r[1])))
        print(f"{label}: names whose search finds another place {len(other)} of {len(names)}; claims' report "
              f"spelling = gazetteer name {same} of {len(pairs)} pairs; incidents a search for their gazetteer "
              f"name finds {by_gazetteer} of {sum(1 for r in rows if r[2])}")
        for name, others in other:
            print(f"    {name!r} also finds {others}")


if __name__ == "__main__":
    main(sys.argv[1])
