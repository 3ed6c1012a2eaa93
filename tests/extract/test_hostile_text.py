"""Hostile report text (issue 14): figures beyond any plausible count are not read (and the extractor
says so), never an OverflowError; evidence spans are always the characters they cover."""

from __future__ import annotations

import pytest

from sitrep.extract.casualties import casualty_mentions, figures_refused, parse_quantity, sentence_toll
from sitrep.types import MAX_COUNT, Document


def _figures(sentence: str) -> list[tuple]:
    return [(m.kind, m.count.best) for m in casualty_mentions(sentence)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Clashes left 1000000000000000000000000000000 wounded.",
        "Clashes left 1,000,000,000,000 wounded.",
        "Clashes left " + "9" * 5000 + " wounded.",  # over Python's 4,300-digit limit for int()
        "Clashes left 3-" + "9" * 5000 + " wounded.",
        "Clashes left " + "9" * 400 + ".5 million wounded.",  # float('9' * 400) is inf
        "Clashes left one hundred hundred hundred hundred hundred hundred wounded.",
        "Clashes left twenty million wounded.",
    ],
)
def test_a_figure_beyond_any_plausible_count_is_not_read(sentence):
    assert _figures(sentence) == []
    assert figures_refused(sentence)


def test_plausible_figures_beside_an_implausible_one_are_read():
    s = "Clashes left 1000000000000000000000000000000 wounded and 4 dead."
    assert _figures(s) == [("killed", 4)]
    assert _figures("The war has killed 500,000 people.")[0][1] == 500_000
    assert parse_quantity("ten million").best == MAX_COUNT
    assert figures_refused("The war has killed 500,000 people.") == []


def test_a_summed_figure_spans_its_parts():
    s = "An airstrike on the market killed 45 soldiers and 20 civilians on Monday."
    k = sentence_toll(casualty_mentions(s), "killed", s)
    assert (k.best, k.text) == (65, "45 + 20")
    assert s[k.span.start : k.span.end] == k.span.text == "45 soldiers and 20"


def test_a_summed_figure_with_an_offset_spans_its_parts():
    doc = "Headline.\nAn airstrike on the market killed 45 soldiers and 20 civilians on Monday."
    start = doc.index("An")
    k = sentence_toll(casualty_mentions(doc[start:], offset=start), "killed", doc)
    assert doc[k.span.start : k.span.end] == k.span.text == "45 soldiers and 20"


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "An airstrike on Aleppo killed 45 soldiers and 20 civilians on Monday.",
        "Shelling in Idlib on Tuesday killed between 9 and 2 civilians and 4 soldiers, the monitor said.",
        "Clashes in Homs on Monday killed 45 + 20 soldiers, officials said.",
        "Gunmen killed five women and a child in Gao on Tuesday.",
    ],
)
def test_every_span_of_an_extraction_is_the_text_it_covers(extractor, text):
    (r,) = extractor.extract_many([Document(id="t", text=text, published="2018-04-06")])
    assert r.events
    for c in r.events:
        spans = [*c.evidence, *c.field_evidence.values()]
        spans += [n.span for n in (c.fatalities, c.injuries) if n is not None and n.span is not None]
        for sp in spans:
            assert text[sp.start : sp.end] == sp.text


@pytest.mark.slow
def test_the_extractor_says_which_figure_it_did_not_read(extractor):
    text = "Clashes in Homs on Monday left 1000000000000000000000000000000 wounded and 4 dead."
    (r,) = extractor.extract_many([Document(id="t", text=text, published="2018-04-06")])
    (e,) = r.events
    assert e.fatalities.best == 4 and e.injuries is None
    (note,) = r.notes
    assert "'1000000000000000000000000000000' is beyond any plausible count" in note


@pytest.mark.parametrize(
    "text",
    [
        "It happened " + "9" * 5000 + " days ago.",  # int() of 5,000 digits: ValueError
        "It happened 999999 weeks ago.",  # before year 1: OverflowError
        "It happened 999999 months ago.",  # was a loop of one step per month
        "It happened 99999 years ago.",
        "Two days later, 99999 weeks after the siege, it ended.",
    ],
)
def test_absurd_relative_dates_resolve_to_no_date(text):
    import time
    from datetime import date

    from sitrep.extract.dates import date_mentions

    t0 = time.monotonic()
    for pub in (date(2018, 4, 6), date(1900, 1, 1)):
        for d in date_mentions(text, pub):
            assert d.date is None or date.fromisoformat(d.date).year >= 1
    assert time.monotonic() - t0 < 0.5


@pytest.mark.slow
def test_a_report_with_an_absurd_date_is_extracted(extractor):
    text = "An airstrike killed 5 people in Aleppo " + "9" * 5000 + " days ago, the monitor said."
    (r,) = extractor.extract_many([Document(id="t", text=text, published="2018-04-06")])
    assert not isinstance(r, Exception), r


@pytest.mark.slow
def test_figures_adding_up_beyond_any_plausible_count_are_not_kept(extractor):
    text = "Clashes in Homs on Monday killed 9,000,000 soldiers and 9,000,000 civilians, officials said."
    (r,) = extractor.extract_many([Document(id="t", text=text, published="2018-04-06")])
    (e,) = r.events
    assert e.fatalities is None and "fatalities" not in e.field_evidence
    assert any("add up beyond any plausible count" in n for n in r.notes)
