"""Geo fixtures: the session-wide `geocoder` (tests/conftest.py) and its gazetteer."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def gazetteer(geocoder):
    return geocoder.gaz
