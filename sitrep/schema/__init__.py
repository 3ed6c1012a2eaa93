"""The output contract of `sitrep extract`: `event.schema.json` (JSON Schema 2020-12), shipped with the
package so that output can be checked anywhere (`sitrep schema` prints it)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


def schema_text() -> str:
    return resources.files(__package__).joinpath("event.schema.json").read_text(encoding="utf-8")


@cache
def event_schema() -> dict[str, Any]:
    return json.loads(schema_text())


def validator():
    """A jsonschema validator for one extraction result ({document, events})."""
    import jsonschema

    return jsonschema.Draft202012Validator(event_schema())
