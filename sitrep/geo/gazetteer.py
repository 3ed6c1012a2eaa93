"""Read side of the gazetteer: a read-only SQLite connection plus small in-memory caches.

Only demonyms, countries and capitals are loaded eagerly (a few hundred rows); name lookups go to
SQLite's primary-key index and are memoised, so load time and memory stay small while a long run
answers repeated names from the cache.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import NamedTuple

from sitrep.geo.names import fold, skeleton

_COLS = "id, name, lat, lon, cc, admin1, admin2, a1, a2, feature, population"


class Entry(NamedTuple):
    id: int
    name: str
    lat: float
    lon: float
    cc: str
    admin1: str | None
    admin2: str | None
    a1: int | None
    a2: int | None
    feature: str
    population: int


class Gazetteer:
    def __init__(self, path: Path, cache_size: int = 200_000):
        self.path = Path(path)
        self._cache_size = cache_size
        self._open()

    def _open(self) -> None:
        # one read-only connection shared by threads (the API serves from a pool): queries are
        # serialised by a lock, which costs little next to the memoised answers
        self._lock = threading.Lock()
        self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(self._db.execute("SELECT k, v FROM meta"))
        self.version = meta.get("version")
        self.capitals: dict[str, int] = json.loads(meta.get("capitals", "{}"))
        country_ids: dict[str, int] = json.loads(meta.get("countries", "{}"))
        self.demonyms: dict[str, int] = dict(self._db.execute("SELECT key, id FROM demonyms"))
        self._by_id: dict[int, Entry] = {}
        self._keys: dict[str, tuple[int, ...]] = {}
        self.countries: dict[str, Entry] = {}
        for cc, pid in country_ids.items():
            e = self.get(pid)
            if e is not None:
                self.countries[cc] = e

    def close(self) -> None:
        self._db.close()

    def __getstate__(self) -> dict:
        """Pickled for worker processes (Dask) as its path: each worker opens its own connection."""
        return {"path": self.path, "cache_size": self._cache_size}

    def __setstate__(self, state: dict) -> None:
        self.path = state["path"]
        self._cache_size = state["cache_size"]
        self._open()

    def get(self, pid: int) -> Entry | None:
        e = self._by_id.get(pid)
        if e is None:
            with self._lock:
                row = self._db.execute(f"SELECT {_COLS} FROM places WHERE id=?", (pid,)).fetchone()
            if row is None:
                return None
            e = Entry(*row)
            if len(self._by_id) < self._cache_size:
                self._by_id[pid] = e
        return e

    def ids(self, key: str) -> tuple[int, ...]:
        """Place ids for one name key (a fold() key, or "~" + skeleton)."""
        got = self._keys.get(key)
        if got is None:
            with self._lock:
                got = tuple(r[0] for r in self._db.execute("SELECT id FROM names WHERE key=?", (key,)))
            if len(self._keys) < self._cache_size:
                self._keys[key] = got
        return got

    def has(self, key: str) -> bool:
        return bool(self.ids(key))

    def candidates(self, name: str, variants: bool = True) -> list[tuple[Entry, bool]]:
        """Entries named `name`; with `variants`, also transliteration-skeleton matches.
        Returns (entry, exact) pairs, exact first."""
        key = fold(name)
        out: list[tuple[Entry, bool]] = []
        seen: set[int] = set()
        for pid in self.ids(key):
            e = self.get(pid)
            if e is not None:
                out.append((e, True))
                seen.add(pid)
        skel = skeleton(name)
        if variants and len(skel.replace(" ", "")) >= 4:
            for pid in self.ids("~" + skel):
                if pid not in seen:
                    e = self.get(pid)
                    if e is not None:
                        out.append((e, False))
        if variants and not out:
            # "Kotdiji" for Kot Diji, "Abu Kamal" for Abukamal: the same letters, spaced otherwise
            words = key.split()
            if len(words) > 1:
                spaced = ["".join(words)]
            elif len(key) >= 6:
                spaced = [f"{key[:k]} {key[k:]}" for k in range(3, len(key) - 2)]
            else:
                spaced = []
            for alt in spaced:
                for pid in self.ids(alt):
                    e = self.get(pid)
                    if e is not None and pid not in seen:
                        seen.add(pid)
                        out.append((e, False))
        return out

    def demonym(self, word: str) -> Entry | None:
        pid = self.demonyms.get(fold(word))
        return self.get(pid) if pid is not None else None

    def capital(self, cc: str) -> Entry | None:
        pid = self.capitals.get(cc)
        return self.get(pid) if pid is not None else None

    def country_name(self, cc: str | None) -> str | None:
        e = self.countries.get(cc or "")
        return e.name if e else None
