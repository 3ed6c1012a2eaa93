"""The extraction pipeline: Document -> Extraction (events as Claims).

    boilerplate -> sentences (fast splitter) -> triage (trigger cues) -> the whole model on kept
    sentences, tokens alone on the rest (nlp.Pipelines.annotate) -> places (geocoder, whole document)
    -> mentions per kept sentence -> events per document

The model (tagger, parser, lemmatizer, entity recognizer) runs only on the sentences that triage
keeps, batched across the documents of a batch; in the rest of a report the geocoder finds places by
the gazetteer scan and patterns, for context (focus and country).  A report with no cue is not parsed.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sitrep.config import Settings
from sitrep.extract.actors import ActorLexicon
from sitrep.extract.assemble import assemble
from sitrep.extract.boilerplate import (
    boilerplate_spans,
    headline_span,
    inline_furniture,
    strip_trailing_credit,
)
from sitrep.extract.casualties import figures_refused
from sitrep.extract.dates import parse_published
from sitrep.extract.mentions import MentionFinder, SentenceContext, names_a_government
from sitrep.extract.nlp import Pipelines, load_pipelines
from sitrep.extract.sources import SourceResolver, carry_attribution, normalize_source
from sitrep.extract.triggers import TriggerLexicon
from sitrep.types import MAX_COUNT, Document, Extraction, Place, ReportError

# Mentions joined into events together (assemble compares them pairwise); a longer report is
# assembled window by window, so its work grows linearly.  Reports of the dev sets have at most ~30.
ASSEMBLE_WINDOW = 300
# CPU seconds a report may take after its parse: a base and a share per KB of text (real reports take
# ~0.01-0.05 s per KB here).  A report over it fails with its reason instead of stalling the batch.
BUDGET_BASE_S = 30.0
BUDGET_PER_KB_S = 0.5


class OverBudget(Exception):
    pass


class Budget:
    """The CPU time a report may still spend (process time, so a busy machine does not fail it)."""

    def __init__(self, chars: int):
        self.limit = BUDGET_BASE_S + BUDGET_PER_KB_S * chars / 1000
        self.start = time.process_time()

    def check(self) -> None:
        used = time.process_time() - self.start
        if used > self.limit:
            raise OverBudget(f"over its time budget ({used:.0f} s of CPU, limit {self.limit:.0f} s for its length)")


@dataclass
class _Prepared:
    doc: Document
    sentences: list[tuple[int, int]]  # kept (triaged) sentence offsets
    places: list[Place]
    furniture: list[tuple[int, int]] = field(default_factory=list)  # in-line furniture cut from sentences
    headline: tuple[int, int] | None = None  # where the title stands in the text


class Extractor:
    """Holds everything loaded once per process: spaCy pipelines, geocoder, lexicons."""

    def __init__(self, settings: Settings, pipelines: Pipelines, geocoder, triggers: TriggerLexicon, actors: ActorLexicon):
        self.settings = settings
        self.nlp = pipelines
        self.geo = geocoder
        self.triggers = triggers
        self.finder = MentionFinder(triggers, actors)

    @classmethod
    def load(cls, settings: Settings | None = None) -> Extractor:
        from sitrep.geo import Geocoder

        settings = settings or Settings.from_env()
        pipelines = load_pipelines(settings.spacy_model, max_chars=settings.max_report_bytes)
        return cls(
            settings,
            pipelines,
            Geocoder.load(settings, nlp=pipelines.parser),  # one model in memory, shared
            TriggerLexicon.load(),
            ActorLexicon.load(),
        )

    # -- public API ---------------------------------------------------------------------------------

    def extract(self, doc: Document) -> Extraction:
        result = next(iter(self.extract_many([doc])))
        if isinstance(result, ReportError):
            raise result
        return result

    def extract_many(self, docs: Iterable[Document | ReportError]) -> Iterator[Extraction | ReportError]:
        """Results in input order; a document that fails yields a ReportError, the rest go on."""
        batch: list[Document | ReportError] = []
        for d in docs:
            batch.append(d)
            if len(batch) >= self.settings.batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    # -- stages -------------------------------------------------------------------------------------

    def _run_batch(self, batch: list[Document | ReportError]) -> Iterator[Extraction | ReportError]:
        prepared: list[_Prepared | ReportError] = []
        for d in batch:
            if isinstance(d, ReportError):
                prepared.append(d)
                continue
            try:
                prepared.append(self._prepare(d))
            except Exception as e:  # noqa: BLE001 - one bad report must not stop the batch
                prepared.append(ReportError(d.id, f"extraction failed: {type(e).__name__}: {e}"))
        # The model runs once over the kept sentences of all reports of the batch; the rest of each
        # report is only tokenized (nlp.Pipelines.annotate), and reports with no cue are done already.
        todo = [p for p in prepared if isinstance(p, _Prepared) and p.sentences]
        parsed = self.nlp.annotate((p.doc.text, _segments(p.doc.text, p.sentences)) for p in todo)
        for p in prepared:
            if isinstance(p, ReportError):
                yield p
                continue
            try:
                if not p.sentences:
                    yield Extraction(document=p.doc, events=[])
                    continue
                sdoc = next(parsed)
                budget = Budget(len(p.doc.text))
                p.places = self.geo.find_places(p.doc.text, sdoc)
                budget.check()
                sents = [(s, e, sdoc.char_span(s, e, alignment_mode="expand")) for s, e in p.sentences]
                yield self._events(p, sents, budget)
            except Exception as e:  # noqa: BLE001 - one bad report must not stop the batch
                yield ReportError(p.doc.id, f"extraction failed: {type(e).__name__}: {e}")

    def _prepare(self, doc: Document) -> _Prepared:
        text = doc.text
        skip = boilerplate_spans(text)
        inline = inline_furniture(text, doc.title)
        headline = headline_span(text, doc.title)
        cuts = sorted(headline) if headline else []
        sdoc = self.nlp.splitter(text)
        kept: list[tuple[int, int]] = []
        for sent in sdoc.sents:
            start, end = sent.start_char, sent.end_char
            if any(s <= start < e for s, e in skip):
                continue
            for s1, e1 in _split_lines(text, start, end):
                if any(s <= s1 < e for s, e in skip):
                    continue
                # the title repeated before the story is a sentence of its own; furniture is cut out
                for s0, e0 in _pieces(text, s1, e1, inline, cuts):
                    e0 = s0 + strip_trailing_credit(text[s0:e0])
                    if e0 - s0 >= 3 and self.triggers.triage(text[s0:e0]):
                        kept.append((s0, e0))
        return _Prepared(doc, kept, [], inline, headline)

    def _events(self, p: _Prepared, sents, budget: Budget) -> Extraction:
        doc = p.doc
        published = parse_published(doc.published)
        story = [pl for pl in p.places if not any(s <= pl.start < e for s, e in p.furniture)
                 and not names_a_government(doc.text, pl)]
        focus = _focus_place(story, _lead_end(doc))
        country, cc = _focus_country(story)
        sources = SourceResolver(doc.text, publisher=doc.publisher, country=cc)
        mentions = []
        places = sorted(p.places, key=lambda pl: pl.start)
        starts = [pl.start for pl in places]
        for start, end, parsed in sents:
            budget.check()
            head = p.headline is not None and p.headline[0] <= start and end <= p.headline[1]
            here = places[bisect_left(starts, start):bisect_left(starts, end)]  # the sentence's places
            ctx = SentenceContext(doc.text, start, end, parsed, here, published, cc, headline=head)
            mentions.extend(self.finder.find(ctx, sources))
        carry_attribution(mentions, sources.closing_credit())
        claims = []
        for k in range(0, len(mentions), ASSEMBLE_WINDOW):  # joins mentions pairwise: bounded windows
            budget.check()
            claims.extend(assemble(mentions[k:k + ASSEMBLE_WINDOW], doc.text, published, focus, country))
        notes = [f"figure {f!r} is beyond any plausible count ({MAX_COUNT:,}): not read as a count"
                 for start, end, _ in sents for f in figures_refused(doc.text[start:end])]
        notes += _drop_implausible_sums(claims)
        for c in claims:
            c.document_id = doc.id
            c.sources = [s for s in c.sources if not _same_as_publisher(s, doc.publisher)]
            loc = c.location
            if loc is not None and loc.geo_precision in (2, 3) and loc.geonameid:
                # a province-level event is coded at the province's seat, as ACLED does
                seat = self.geo.seat(loc.geonameid)
                if seat is not None:
                    loc.lat, loc.lon = seat
        return Extraction(document=doc, events=claims, notes=notes)


def _pieces(text: str, start: int, end: int, furniture: list[tuple[int, int]], cuts: list[int]) -> Iterator[tuple[int, int]]:
    """A sentence less the furniture inside it, split at `cuts` (where a repeated title ends)."""
    bounds = [(start, end)]
    for fs, fe in furniture:
        if fe <= start or fs >= end:
            continue
        bounds = [piece for s, e in bounds for piece in ((s, min(e, fs)), (max(s, fe), e))]
    for c in cuts:
        bounds = [piece for s, e in bounds for piece in (((s, c), (c, e)) if s < c < e else ((s, e),))]
    for s, e in bounds:
        while s < e and (text[s].isspace() or text[s] in ".,;:-–—|"):
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            yield s, e


def _segments(text: str, kept: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """The report cut into segments that tile it: the kept sentences (parsed) and what lies between.
    A kept sentence takes the whitespace after it, which the tokenizer gives its last token as when
    the whole report is tokenized at once."""
    out: list[tuple[int, int, bool]] = []
    pos = 0
    for s, e in sorted(kept):
        s = max(s, pos)
        while e < len(text) and text[e].isspace():
            e += 1
        if s > pos:
            out.append((pos, s, False))
        if e > s:
            out.append((s, e, True))
        pos = max(pos, e)
    if pos < len(text):
        out.append((pos, len(text), False))
    return out


def _drop_implausible_sums(claims: list) -> list[str]:
    """Each figure is at most MAX_COUNT, but figures added up ("9,000,000 soldiers and 9,000,000
    civilians", tellings of one incident) can pass it: such a total is no count either.  Dropped, and
    said; the events stay."""
    notes = []
    for c in claims:
        for kind in ("fatalities", "injuries"):
            n = getattr(c, kind)
            if n is not None and any(v is not None and v > MAX_COUNT for v in (n.low, n.best, n.high)):
                setattr(c, kind, None)
                c.field_evidence.pop(kind, None)
                notes.append(f"{kind} {n.text!r} add up beyond any plausible count ({MAX_COUNT:,}): not kept")
    return notes


def _split_lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A sentence never spans a line break: headlines and paragraphs end at newlines."""
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        # trim whitespace
        s, e = pos, stop
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            yield s, e
        pos = stop + 1


def _focus_place(places: list[Place], lead_end: int = 0) -> Place | None:
    """The document's main place: the resolved town named most, a mention in the headline or lead
    (text before `lead_end`) counting three times; the first named wins a tie."""
    towns = [p for p in places if p.resolved and not p.demonym and not p.unlisted and (p.geo_precision or 3) <= 2]
    if not towns:
        return None
    counts: dict[object, int] = {}
    for p in towns:
        key = p.geonameid or p.name
        counts[key] = counts.get(key, 0) + (3 if p.start < lead_end else 1)
    return max(towns, key=lambda p: (counts[p.geonameid or p.name], -p.start))


def _lead_end(doc: Document) -> int:
    """End of the headline and first sentence: where a report names its main place."""
    text = doc.text
    first = text.find(". ", min(len(text), len(doc.title or "") + 40))
    end = first if first > 0 else min(len(text), 400)
    return min(end, 600)


def _focus_country(places: list[Place]) -> tuple[str | None, str | None]:
    """The report's main country (name, code): the one its places and demonyms point to most."""
    counts: dict[tuple[str, str | None], int] = {}
    for p in places:
        if p.resolved and p.country:
            k = (p.country, p.country_code)
            counts[k] = counts.get(k, 0) + (1 if p.demonym else 2)
    if not counts:
        return None, None
    return max(counts, key=counts.get)


def _same_as_publisher(source: str, publisher: str | None) -> bool:
    """The schema keeps the publisher itself out of `sources` ("sana" publishing a SANA report)."""
    if not publisher:
        return False
    a, b = source.lower(), normalize_source(publisher).lower()
    return a == b or a.startswith(b) or b.startswith(a)
