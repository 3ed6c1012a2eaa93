"""The HTTP API and the server behind the web dashboard (`sitrep serve`).

    from sitrep.api import create_app
"""

from __future__ import annotations


def create_app(*args, **kwargs):
    from sitrep.api.app import create_app as _create

    return _create(*args, **kwargs)


def app_from_env():
    """For `uvicorn --factory` multi-worker runs (`sitrep serve --workers N`): settings come from the
    environment."""
    from sitrep.config import Settings

    return create_app(Settings.from_env())


__all__ = ["app_from_env", "create_app"]
