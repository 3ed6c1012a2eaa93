"""Exports: ACLED CSV (ACLED's columns and codes), UCDP GED CSV (lethal organised violence by GED's
rules), GeoJSON (RFC 7946; QGIS and GDAL read it).

Each writer takes incident dicts with their claims (`list_incidents(with_claims=True)`), an optional
gazetteer (admin2 names and feature classes) and an optional Counter that receives, by reason, the
incidents a format leaves out (or, in GeoJSON, writes without coordinates): exports say what they
omit.  CSV cells are safe to open in a spreadsheet (see `common.safe_cell`).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from sitrep.store.exports.acled import ACLED_COLUMNS, acled_rows
from sitrep.store.exports.common import PlaceLookup, safe_row
from sitrep.store.exports.geojson import to_geojson
from sitrep.store.exports.ucdp import UCDP_COLUMNS, ucdp_rows

FORMATS = ("acled-csv", "ucdp-csv", "geojson")

__all__ = ["ACLED_COLUMNS", "FORMATS", "UCDP_COLUMNS", "acled_rows", "export", "summary", "to_csv", "to_geojson",
           "ucdp_rows"]  # fmt: skip


def to_csv(rows: Iterable[dict[str, Any]], columns: list[str], header: bool = True) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    if header:
        w.writeheader()
    for r in rows:
        w.writerow(safe_row({col: r.get(col, "") for col in columns}))
    return buf.getvalue()


def export(
    incidents: list[dict[str, Any]],
    fmt: str,
    gaz: PlaceLookup | None = None,
    left_out: Counter | None = None,
    base_url: str = "",
) -> str:
    if fmt == "acled-csv":
        return to_csv(acled_rows(incidents, gaz, left_out), ACLED_COLUMNS)
    if fmt == "ucdp-csv":
        return to_csv(ucdp_rows(incidents, gaz, left_out), UCDP_COLUMNS)
    if fmt == "geojson":
        return json.dumps(to_geojson(incidents, base_url, left_out), ensure_ascii=False, indent=1) + "\n"
    raise ValueError(f"unknown export format {fmt!r}")


def summary(n_incidents: int, fmt: str, left_out: Counter) -> str:
    """One line: how many incidents a file holds and what it left out, by reason."""
    if fmt == "geojson":
        written = n_incidents
    else:
        written = n_incidents - sum(left_out.values())
    noun = "incident" if n_incidents == 1 else "incidents"
    line = f"{written} of {n_incidents} {noun}"
    if left_out:
        verb = "written" if fmt == "geojson" else "left out"
        line += f"; {verb}: " + ", ".join(f"{n} {why}" for why, n in left_out.most_common())
    return line


def built_gazetteer(settings: Any) -> PlaceLookup | None:
    """The gazetteer when it is already built (exports never build it: they work without admin2)."""
    from sitrep.geo import built_gazetteer as built

    return built(settings)
