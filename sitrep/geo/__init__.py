"""Offline geocoder: gazetteer build and lookup, recognition, disambiguation in context.

    from sitrep.geo import Geocoder
    geo = Geocoder.load(settings)
    places = geo.find_places(text, doc=None)

Other stages use only what is exported here.
"""

from sitrep.geo.distance import haversine_km
from sitrep.geo.geocoder import Geocoder, built_gazetteer, ensure_gazetteer, gazetteer_path
from sitrep.geo.names import is_facility, place_key
from sitrep.geo.resolve import coordinated_runs

__all__ = [
    "Geocoder",
    "built_gazetteer",
    "coordinated_runs",
    "ensure_gazetteer",
    "gazetteer_path",
    "haversine_km",
    "is_facility",
    "place_key",
]
