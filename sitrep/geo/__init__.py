"""Offline geocoder: gazetteer build and lookup, recognition, disambiguation in context.

    from sitrep.geo import Geocoder
    geo = Geocoder.load(settings)
    places = geo.find_places(text, doc=None)
"""

from sitrep.geo.geocoder import Geocoder

__all__ = ["Geocoder"]
