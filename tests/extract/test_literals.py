import re

import pytest

from sitrep.extract.actors import ActorLexicon
from sitrep.extract.literals import folded, may_match, required_literals
from sitrep.extract.triggers import TriggerLexicon


def test_the_words_of_each_alternative():
    assert required_literals(r"air ?strikes?|warplanes?", re.I) == ("strike", "warplane")
    assert required_literals(r"(?:the )?remains of (?:\w+ ){0,2}men", re.I) == ("remains of ",)
    # a repeat at least once still needs its words; an optional one does not
    assert required_literals(r"(?:gun)+fire", re.I) == ("fire",)
    assert required_literals(r"\d+ ?mm\b", re.I) == ("mm",)


def test_no_words_when_a_branch_has_none():
    assert required_literals(r"\w+|bomb", re.I) is None
    assert required_literals(r"[a-z]+", re.I) is None


def test_case_insensitive_words_are_lower_case():
    assert required_literals(r"\bATGMs?\b", re.I) == ("atgm",)
    assert required_literals(r"(?-i:[A-Z]\w+) Brigade", re.I) == (" brigade",)


def test_characters_that_fold_onto_ascii_turn_the_test_off():
    # "ſ" is an "s" to IGNORECASE but not to str.lower: no test may rule a pattern out then
    assert re.search(r"strikes", "air ſtrikes", re.I)
    assert folded("air ſtrikes") is None
    assert may_match(folded("air ſtrikes"), ("strikes",))
    assert not may_match(folded("AIR RAIDS"), ("strikes",))
    assert may_match(folded("AIR STRIKES"), ("strikes",))


SENTENCES = [
    "Warplanes pounded the village at dawn, killing 4.",
    "Syrian army troops shelled rebel positions with 120mm mortars.",
    "SDF fighters recaptured the town from ISIS, activists said.",
    "The U.S.-led coalition denied any AIR STRIKE near Raqqa.",
    "Police ARRESTED 12 protesters after they blocked the road with burning tyres.",
    "Unknown gunmen kidnapped two residents; the Houthis blamed Saudi-led forces.",
    "A roadside bomb exploded as a Turkish military convoy passed.",
    "Property destruction: looters set fire to a shop.",
    "İdlib was hit by a chemıcal attack, the Kurdish-led forces said.",
    "Nothing of note happened on Tuesday.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_triggers_find_what_a_scan_of_every_row_finds(sentence):
    lex = TriggerLexicon.load()
    every = TriggerLexicon.load()
    every._words = [None] * len(every.rows)  # no test: every row scanned
    assert lex.cues(sentence) == every.cues(sentence)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_actors_find_what_a_scan_of_every_entry_finds(sentence):
    lex = ActorLexicon.load()
    every = ActorLexicon.load()
    every._words = [None] * len(every.entries)
    assert lex.mentions(sentence) == every.mentions(sentence)
    assert lex.mentions(sentence.upper()) == every.mentions(sentence.upper())


def test_headline_found_with_the_words_the_text_holds():
    from sitrep.extract.boilerplate import headline_span

    title = "Shelling kills four in Homs as talks stall in Geneva"
    # the page repeats only the first five words of the title, then the story
    text = "Shelling kills four in Homs: four people died on Thursday."
    s, e = headline_span(text, title)
    assert text[s:e] == "Shelling kills four in Homs"
    # the whole title, whatever its case
    text = "SHELLING KILLS FOUR IN HOMS AS TALKS STALL IN GENEVA Four people died on Thursday."
    s, e = headline_span(text, title)
    assert text[s:e] == text[:52]
    # too few of its words: none
    assert headline_span("Shelling kills people in Homs.", title) is None
    # a character that folds onto ASCII ("ſ" for s) still matches
    s, e = headline_span("Shelling killſ four in Homs today.", title)
    assert (s, e) == (0, 27)
