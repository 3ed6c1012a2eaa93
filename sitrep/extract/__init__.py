"""Extract stage: Document -> events (Claims) per the ACLED taxonomy, with evidence spans.

    from sitrep.extract import Extractor
    ex = Extractor.load(settings)          # spaCy + geocoder + lexicons, once per process
    for result in ex.extract_many(docs):   # Extraction | ReportError, in input order
        ...

Modules: triggers (cues), mentions (one sentence -> event mentions), casualties, dates, sources,
actors, boilerplate, assemble (mentions -> events), pipeline (batching), commands (CLI).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sitrep.extract.extractor import Extractor


def __getattr__(name: str):
    # Lazy: importing sitrep.extract must not load spaCy (keeps `sitrep --help` fast).
    if name == "Extractor":
        from sitrep.extract.extractor import Extractor

        return Extractor
    raise AttributeError(name)


__all__ = ["Extractor"]
