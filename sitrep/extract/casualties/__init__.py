"""Casualty figures: who was killed or injured, and how many, in one sentence.

    casualty_mentions("Shells fell on Damascus, killing at least four people and wounding 20 others.")
    -> [killed Count(low=4, best=4, high=None, text="at least four", victims="people"),
        injured Count(low=20, best=20, high=20, text="20", victims="others")]

Pure regex/token grammar over the sentence text (no spaCy): fast enough to run on every sentence.

API:
  casualty_mentions(text, offset=0) -> [CasualtyMention(kind, count, victims, negated, combined,
      evidence, aggregate, group)]; Count.span and evidence are absolute (offset + local position).
  sentence_toll(mentions, kind) -> Count | None: one figure per sentence and kind for an event
      (coordinated figures summed, aggregates ignored, split figures before combined ones).
  parse_quantity(text) -> Count | None: a standalone number phrase ("at least forty", "dozens").

How a figure is tied to a death or injury word (only such figures are tolls):
  A. quantity [adjectives] [person noun] [aux/adverbs] CUE   "At least 40 civilians were killed",
     "two policemen killed", "1 killed, three injured", "leaving 5 people dead", "N bodies were found",
     "3 deaths", "two people lost their lives", "a man was shot dead", "the victim died"
  B. CUE quantity [person noun]                               "killing at least four people",
     "killed 2 soldiers and wounded 3", "assassinated a pastor", "the bodies of two men",
     "claimed the lives of 12 people"
  C. toll phrases                                             "the death toll rose to 112" (cumulative)
  D. "<singular subject> was killed" with no figure           "Ali was shot dead" -> 1
  E. explicit negatives -> 0, negated=True                    "no casualties", "no one was killed",
                                                              "killed nobody", "without injuries"
A transitive cue with an object after it is active voice, so the figure before it is the attacker,
not a victim ("two gunmen killed a policeman" -> 1 killed, not 2).  Numbers that are ages
("a 25-year-old man"), calibres ("82mm"), dates, times, money, percentages, years, resolution or unit
numbers ("Resolution 2254", "the 4th Division") are never read as quantities, and a figure whose
head noun is not a person ("hundreds of air raids", "dozens of rockets") is never a toll.

Count conventions (schema `count`):
  exact "40"                         low=40 best=40 high=40
  "at least / more than / over 40"   low=40 best=40 high=None   (the stated figure, as ACLED codes it)
  "nearly / almost / up to 40"       low=None best=40 high=40
  "about / around / some 40"         low=None best=40 high=None
  ranges "3-5", "between 3 and 5", "three to five", "3 or 4"   low=3 best=3 high=5 (lowest, as ACLED)
Vague words follow ACLED's coding rules and are marked Count.estimate=True, so that a merge stage can
prefer any precise figure: "several", "many", "numerous", "multiple", "a number of" -> 10 (ACLED's
rule for "several/many/plural"); "dozens" -> 12; "hundreds" -> 100; "thousands" -> 1000 (ACLED);
"tens" -> 10, "scores" -> 20, "a dozen" -> 12, "two dozen" -> 24, "a few"/"a handful" -> 3,
"tens/hundreds of thousands" -> 10000/100000 (ours); "an unknown number of" -> 10 (as ACLED's notes
code it).  They are coded low=best=<value>, high=None.  We do give a best value: ACLED itself codes these words
with these numbers; only a toll it cannot read at all ("others were wounded", "the soldiers were
killed") is coded 0 by ACLED, and for those we return no mention (no figure), never a guess.

"casualties" (and "killed or wounded", "killing and injuring ...", "killed/injured") counts killed and
injured together, so it says only that at most N were killed.  ACLED's coders halve such a figure,
rounded down ("Dozens of fatalities and injuries coded as 6"; "7 ... killed and wounded ... reported
as half, rounded down to 3"), except that a vague "a number of / several" keeps its plural value 10.
So these mentions are kind="killed", combined=True, Count(low=None, best=N // 2, high=N,
estimate=True); a merge stage should let any split figure win over them.
A running total has Count.cumulative=True.  Two kinds are told apart by CasualtyMention.aggregate:
  - an updated toll of one event ("the death toll rose to 112", "bringing the toll to 57"):
    cumulative=True, aggregate=False -- usually the best figure for that event;
  - a total over many events or a long period ("... have been killed since 2012", "so far", "to date",
    "in total", "since then", "the war has killed 280000"): cumulative=True, aggregate=True -- never
    an event's figure.

Subsets are not separate tolls: "20 civilians, including seven children, were killed" -> 20;
"six children were among 19 civilians killed" -> 19.  Coordinated figures each get a mention:
"5 soldiers and 1 officer were killed" -> 5 and 1, "killing five women and a child" -> 5 and 1.
Bare plurals after ACLED's phrasing ("incurring fatalities", "inflicting heavy casualties") are the
vague plural value 10.  Count.victims is the kind of victim when stated, normalised to a plural:
civilians, people, children, women, men, soldiers, police, fighters, militants, others, or the stated
plural noun ("students", "journalists", ...).
"""

from sitrep.extract.casualties.linking import CasualtyMention, parse_quantity
from sitrep.extract.casualties.passes import casualty_mentions, figures_refused, sentence_toll

__all__ = ["CasualtyMention", "casualty_mentions", "figures_refused", "parse_quantity", "sentence_toll"]
