"""The HTTP API and the server behind the web dashboard (`sitrep serve`).

    from sitrep.api import create_app
"""

from __future__ import annotations


def create_app(*args, **kwargs):
    from sitrep.api.app import create_app as _create

    return _create(*args, **kwargs)


__all__ = ["create_app"]
