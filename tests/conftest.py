"""Shared fixtures.  Expensive objects (spaCy pipeline, gazetteer) are built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the repo; tests that need it skip when it is absent."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def extractor():
    """The full extraction pipeline (spaCy model + gazetteer), loaded once for the whole run."""
    from sitrep.config import Settings
    from sitrep.extract.extractor import Extractor

    return Extractor.load(Settings.from_env())


@pytest.fixture(scope="session")
def schema_validator():
    """A validator for the output contract, event.schema.json as shipped in the package."""
    from sitrep.schema import validator

    return validator()


@pytest.fixture(scope="session")
def geocoder():
    """The geocoder (gazetteer built into the settings' cache on first use, ~30 s), once per run."""
    from sitrep.config import Settings
    from sitrep.geo import Geocoder

    return Geocoder.load(Settings.from_env())
