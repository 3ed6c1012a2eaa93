"""Casualty phrase grammar: table-driven, on sentences written for these tests."""

from __future__ import annotations

import pytest

from sitrep.extract.casualties import casualty_mentions, parse_quantity


def brief(sentence: str) -> list[tuple]:
    """(kind, low, best, high) per mention, in text order."""
    return [(m.kind, m.count.low, m.count.best, m.count.high) for m in casualty_mentions(sentence)]


K, INJ = "killed", "injured"

# sentence -> expected (kind, low, best, high) in order
CASES = [
    # digits and number words
    ("Five people were killed in the raid on the market.", [(K, 5, 5, 5)]),
    ("The shelling killed 1,200 people over the weekend.", [(K, 1200, 1200, 1200)]),
    ("Twenty-three soldiers died when their convoy hit a mine.", [(K, 23, 23, 23)]),
    ("A car bomb killed forty people near the bus station.", [(K, 40, 40, 40)]),
    ("One hundred and twenty villagers were killed.", [(K, 120, 120, 120)]),
    # modifiers
    ("At least 12 civilians were killed in the strikes.", [(K, 12, 12, None)]),
    ("More than 30 fighters were killed overnight.", [(K, 30, 30, None)]),
    ("Nearly 40 people died in the blaze after the raid.", [(K, None, 40, 40)]),
    ("The attack killed up to 9 people.", [(K, None, 9, 9)]),
    ("About 15 people were wounded by the blast.", [(INJ, None, 15, None)]),
    ("Around 60 people were hurt in the stampede.", [(INJ, None, 60, None)]),
    ("Some 25 militants were killed in the operation.", [(K, None, 25, None)]),
    # ranges
    ("Between 3 and 5 soldiers were killed at the post.", [(K, 3, 3, 5)]),
    ("The strike killed 3-4 people in the village.", [(K, 3, 3, 4)]),
    ("Three to five guards were injured in the riot.", [(INJ, 3, 3, 5)]),
    # vague words (ACLED values, estimate)
    ("Dozens of civilians were killed in the bombardment.", [(K, 12, 12, None)]),
    ("Hundreds of people were wounded in the clashes.", [(INJ, 100, 100, None)]),
    ("Several soldiers were killed in the ambush.", [(K, 10, 10, None)]),
    ("A dozen protesters were injured.", [(INJ, 12, 12, None)]),
    ("The militants killed tens of villagers.", [(K, 10, 10, None)]),
    ("Scores of people were killed in the fighting.", [(K, 20, 20, None)]),
    # counts of strikes or shells are not tolls
    ("Hundreds of air raids pounded the town, according to the monitor.", []),
    ("Dozens of rockets hit the city, killing three children.", [(K, 3, 3, 3)]),
    ("The army fired 82mm mortars at the positions near the river.", []),
    # single victims
    ("A man was shot dead at a checkpoint on the main road.", [(K, 1, 1, 1)]),
    ("A civilian was killed when a shell hit his house.", [(K, 1, 1, 1)]),
    ("The airstrike hit the school, killing a child.", [(K, 1, 1, 1)]),
    ("Two policemen killed in a roadside ambush.", [(K, 2, 2, 2)]),
    ("Gunmen assassinated a local councillor outside his home.", [(K, 1, 1, 1)]),
    ("The victim died in hospital later that night.", [(K, 1, 1, 1)]),
    ("The body of a woman was found near the canal.", [(K, 1, 1, 1)]),
    ("An elderly man's body was found in the orchard.", [(K, 1, 1, 1)]),
    ("Local elder Ahmed Khalil was shot dead by unknown gunmen.", [(K, 1, 1, 1)]),
    ("A 25-year-old man was killed in the crossfire.", [(K, 1, 1, 1)]),
    # active voice: the figure before the verb is the attacker
    ("Two gunmen killed a policeman near the bridge.", [(K, 1, 1, 1)]),
    ("Three soldiers killed four insurgents in the clash.", [(K, 4, 4, 4)]),
    # killed and injured together in one sentence
    ("The bomb killed 7 people and wounded 19 others.", [(K, 7, 7, 7), (INJ, 19, 19, 19)]),
    ("Officials said 4 dead and 11 injured after the explosion.", [(K, 4, 4, 4), (INJ, 11, 11, 11)]),
    ("The mortar round hit a market, leaving 6 people dead and 14 injured.", [(K, 6, 6, 6), (INJ, 14, 14, 14)]),
    ("Shells fell on the suburb, killing at least two people and wounding 15 others.",
     [(K, 2, 2, None), (INJ, 15, 15, 15)]),
    ("Four women were killed and another wounded when the device exploded.", [(K, 4, 4, 4), (INJ, 1, 1, 1)]),
    ("1 killed, two injured in the brawl.", [(K, 1, 1, 1), (INJ, 2, 2, 2)]),
    ("Six soldiers and one officer were killed at the base.", [(K, 6, 6, 6), (K, 1, 1, 1)]),
    # other death words
    ("Eleven bodies were found in a ditch outside the town.", [(K, 11, 11, 11)]),
    ("Nine people lost their lives in the attack on the convoy.", [(K, 9, 9, 9)]),
    ("The bombing caused 14 deaths in the old quarter.", [(K, 14, 14, 14)]),
    ("The strikes claimed 31 lives on Sunday.", [(K, 31, 31, 31)]),
    ("Militiamen shot two farmers to death in their field.", [(K, 2, 2, 2)]),
    ("Eight people were hurt when the roof collapsed after the strike.", [(INJ, 8, 8, 8)]),
    ("Two herders were kidnapped and killed by the gang.", [(K, 2, 2, 2)]),
    # subsets are not separate tolls
    ("Twenty civilians, including seven children, were killed in the raid.", [(K, 20, 20, 20)]),
    # numbers that are not tolls
    ("Security Council Resolution 2254 was cited by the envoy.", []),
    ("The 4th Division shelled the hills for 3 hours.", []),
    ("Prices rose 40 percent after the siege, killing trade.", []),
    ("The convoy of 30 trucks arrived at 10:30 on 9 May 2020.", []),
    ("He paid $500 to the smugglers.", []),
    ("The fighting in 2019 killed the peace plan.", []),
]


@pytest.mark.parametrize("sentence,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_figures(sentence: str, expected: list[tuple]) -> None:
    assert brief(sentence) == expected


@pytest.mark.parametrize("sentence,kinds", [
    ("No one was killed in the attack on the depot.", [K]),
    ("There were no casualties, the ministry said.", [K, INJ]),
    ("The drone strike killed nobody, officials said.", [K]),
    ("Nobody was injured when the shell landed in a field.", [INJ]),
    ("The blast caused no injuries.", [INJ]),
    ("The rocket fell in an empty lot without causing casualties.", [K, INJ]),
])
def test_negatives_are_explicit_zero(sentence: str, kinds: list[str]) -> None:
    ms = casualty_mentions(sentence)
    assert sorted(m.kind for m in ms) == sorted(kinds)
    for m in ms:
        assert m.negated
        assert (m.count.low, m.count.best, m.count.high) == (0, 0, 0)


@pytest.mark.parametrize("sentence,victims", [
    ("At least 40 civilians were killed in the strikes.", "civilians"),
    ("Three children were killed by the blast.", "children"),
    ("Two women were wounded in the shelling.", "women"),
    ("The raid killed 5 soldiers.", "soldiers"),
    ("Seven fighters died in the clashes.", "fighters"),
    ("Four militants were killed.", "militants"),
    ("Nine people were hurt in the blast.", "people"),
    ("Two policemen were killed at the checkpoint.", "police"),
    ("The strike killed 3 Taliban militants.", "militants"),
    ("A child was killed by a stray bullet.", "children"),
])
def test_victim_kind(sentence: str, victims: str) -> None:
    ms = casualty_mentions(sentence)
    assert len(ms) == 1
    assert ms[0].victims == victims == ms[0].count.victims


@pytest.mark.parametrize("sentence,best", [
    ("The death toll rose to 112 on Sunday.", 112),
    ("The strikes brought the death toll to 57.", 57),
    ("The death toll from the bus bombing reached at least 80 on Monday.", 80),
    ("More than 3,000 people have been killed since the war began.", 3000),
    ("The number of dead has risen to 44.", 44),
])
def test_cumulative_tolls(sentence: str, best: int) -> None:
    ms = [m for m in casualty_mentions(sentence) if m.kind == K]
    assert len(ms) == 1
    assert ms[0].count.best == best
    assert ms[0].count.cumulative


def test_plain_toll_is_not_cumulative() -> None:
    (m,) = casualty_mentions("The blast killed 8 people in the market.")
    assert not m.count.cumulative and not m.count.estimate and not m.combined


def test_vague_words_are_estimates() -> None:
    (m,) = casualty_mentions("Dozens of people were killed in the strikes.")
    assert m.count.estimate
    (m,) = casualty_mentions("Seven people were killed in the strikes.")
    assert not m.count.estimate


@pytest.mark.parametrize("sentence,best,high", [
    ("The clashes left 30 casualties among the fighters.", 15, 30),
    ("Seven rebels were killed or wounded in the assault.", 3, 7),
    ("The shelling killed and injured a number of soldiers.", 10, 10),
    ("The strike reportedly killed/injured 40 fighters.", 20, 40),
])
def test_combined_casualties(sentence: str, best: int, high: int) -> None:
    (m,) = casualty_mentions(sentence)
    assert m.kind == K and m.combined and m.count.estimate
    assert (m.count.low, m.count.best, m.count.high) == (None, best, high)


def test_spans_are_absolute() -> None:
    sentence = "Shells hit the camp, killing at least four people."
    offset = 1000
    (m,) = casualty_mentions(sentence, offset)
    assert m.count.text == "at least four"
    assert m.count.span is not None
    assert m.count.span.start == offset + sentence.index("at least four")
    assert m.count.span.end == m.count.span.start + len("at least four")
    assert m.evidence is not None and "killing" in m.evidence.text


def test_no_cue_word_no_mention() -> None:
    assert casualty_mentions("About 2500 medical interns protested in the square.") == []
    assert casualty_mentions("") == []


@pytest.mark.parametrize("text,low,best,high,estimate", [
    ("at least forty", 40, 40, None, False),
    ("dozens", 12, 12, None, True),
    ("between 3 and 5", 3, 3, 5, False),
    ("1,200", 1200, 1200, 1200, False),
    ("twenty-three", 23, 23, 23, False),
    ("three to five", 3, 3, 5, False),
    ("nearly 40", None, 40, 40, False),
    ("about 40", None, 40, None, False),
    ("a dozen", 12, 12, None, True),
    ("hundreds", 100, 100, None, True),
    ("several", 10, 10, None, True),
    ("a few", 3, 3, None, True),
    ("more than 1.5 million", 1_500_000, 1_500_000, None, False),
])
def test_parse_quantity(text: str, low, best, high, estimate: bool) -> None:
    c = parse_quantity(text)
    assert c is not None
    assert (c.low, c.best, c.high, c.estimate) == (low, best, high, estimate)
    assert c.text == text


@pytest.mark.parametrize("text", ["", "the army", "82mm", "25-year-old", "dozens of rockets"])
def test_parse_quantity_rejects(text: str) -> None:
    assert parse_quantity(text) is None


@pytest.mark.parametrize("sentence,expected", [
    # headline style, no punctuation between tolls
    ("3 Civilians Killed 38 Injured in Rocket Attacks", [(K, 3, 3, 3), (INJ, 38, 38, 38)]),
    ("Two killed 6 injured in shelling of the old city", [(K, 2, 2, 2), (INJ, 6, 6, 6)]),
    ("Death toll from market bombing at least 75", [(K, 75, 75, None)]),
    # other phrasings
    ("The double bombing claimed the lives of 18 civilians.", [(K, 18, 18, 18)]),
    ("The gas attack killed as many as 900 people.", [(K, None, 900, 900)]),
    ("Border guards shoot dead six smugglers near the crossing.", [(K, 6, 6, 6)]),
    ("The video showed the beheadings of at least 11 men.", [(K, 11, 11, None)]),
    ("Fifteen young villagers had been killed, a priest said.", [(K, 15, 15, 15)]),
    ("Rockets hit the camp, leaving five civilians killed SANA reported.", [(K, 5, 5, 5)]),
    ("The strike killed 12 Daesh terrorists near the dam.", [(K, 12, 12, 12)]),
    ("Forty-five rebel and regime fighters have been killed in two days.", [(K, 45, 45, 45)]),
    ("The raids wounded 7 and killed 2 in the camp.", [(INJ, 7, 7, 7), (K, 2, 2, 2)]),
    ("The army said 30 insurgents and 4 soldiers died in the battle.", [(K, 30, 30, 30), (K, 4, 4, 4)]),
    ("The operation left 2 IS militants dead.", [(K, 2, 2, 2)]),
])
def test_more_phrasings(sentence: str, expected: list[tuple]) -> None:
    assert brief(sentence) == expected


@pytest.mark.parametrize("sentence,expected", [
    ("Jets bombed the camp, killing five women and a child.", [(K, 5, 5, 5), (K, 1, 1, 1)]),
    ("The raid killed 3 soldiers and 2 civilians.", [(K, 3, 3, 3), (K, 2, 2, 2)]),
    ("The raid killed 3 soldiers and 2 were wounded.", [(K, 3, 3, 3), (INJ, 2, 2, 2)]),
    ("Six children were among 19 civilians killed in the bombing.", [(K, 19, 19, 19)]),
    ("Four children were among the dead.", [(K, 4, 4, 4)]),
    ("Over 750 people, mostly women and children, have been killed.", [(K, 750, 750, None)]),
    ("The opposition accused the army of killing well over 1000 civilians.", [(K, 1000, 1000, None)]),
    ("Published September 24 2016 Ninety-two civilians were killed.", [(K, 92, 92, 92)]),
    # a figure with no noun of its own, then its part: the figure is the toll
    ("The monitor says another nine among them six girls were killed in the raids.", [(K, 9, 9, 9)]),
    ("Another nine including six girls died in the raids.", [(K, 9, 9, 9)]),
    # a figure after a kill word but told as the subject of a wound word
    ("Besides those killed at least 40 people were wounded in the blasts.", [(INJ, 40, 40, None)]),
    # a pronoun before a speech verb is the speaker, not a victim
    ("She said civilians had died in the raid.", []),
    # a bare figure set off after its people: "the victims - 14 - died"
    ("Most of the victims - 11 - died in the shelling of the market.", [(K, 11, 11, 11)]),
    ("The guards, 3, were wounded at the gate.", [(INJ, 3, 3, 3)]),
    # military communiques: "eliminated" people are killed
    ("The ministry said 45 militants were eliminated near the dam.", [(K, 45, 45, 45)]),
])
def test_coordination_and_subsets(sentence: str, expected: list[tuple]) -> None:
    assert brief(sentence) == expected


@pytest.mark.parametrize("sentence,best", [
    ("The conflict has killed more than 280000 people and displaced millions.", 280000),
    ("The war that has claimed over 300000 lives shows no sign of ending.", 300000),
    ("Hundreds of thousands of civilians have been killed in the war.", 100000),
])
def test_war_tolls_are_cumulative(sentence: str, best: int) -> None:
    ms = [m for m in casualty_mentions(sentence) if m.kind == K]
    assert [m.count.best for m in ms] == [best]
    assert ms[0].count.cumulative


def test_event_toll_in_a_war_sentence_is_not_cumulative() -> None:
    (m,) = casualty_mentions("The strike killed 12 people, the deadliest this month in the war.")
    assert not m.count.cumulative


def test_since_then_and_fractions() -> None:
    (m,) = casualty_mentions("Since then more than a quarter of a million people have been killed.")
    assert (m.count.best, m.count.cumulative) == (250000, True)
    assert parse_quantity("half a million").best == 500000


@pytest.mark.parametrize("sentence,aggregate", [
    ("The death toll rose to 112 on Sunday.", False),
    ("The strikes brought the death toll to 57.", False),
    ("More than 3,000 people have been killed since the war began.", True),
    ("So far 40 people have been killed in the province.", True),
    ("The conflict has killed more than 280000 people.", True),
])
def test_updated_toll_versus_aggregate(sentence: str, aggregate: bool) -> None:
    (m,) = [m for m in casualty_mentions(sentence) if m.kind == K]
    assert m.count.cumulative
    assert m.aggregate is aggregate


@pytest.mark.parametrize("sentence,expected", [
    ("More than 150 dead fish washed up on the shore.", []),
    ("Medics counted five dead soldiers at the post.", [(K, 5, 5, 5)]),
    ("The blast left 7 dead in the market.", [(K, 7, 7, 7)]),
    ("Twelve dead and 30 wounded, the hospital said.", [(K, 12, 12, 12), (INJ, 30, 30, 30)]),
])
def test_dead_as_adjective(sentence: str, expected: list[tuple]) -> None:
    assert brief(sentence) == expected


def test_shared_head_noun() -> None:
    ms = casualty_mentions("The monitor said 30 regime and 39 rebel fighters have been killed.")
    assert [(m.count.best, m.victims) for m in ms] == [(30, "fighters"), (39, "fighters")]


def test_martyrs_are_dead() -> None:
    assert brief("The blast near the mosque left 5 martyrs and 40 wounded.") == [(K, 5, 5, 5), (INJ, 40, 40, 40)]


def test_sentence_toll_sums_coordinated_figures() -> None:
    from sitrep.extract.casualties import sentence_toll

    ms = casualty_mentions("Six soldiers and one officer were killed and 3 others wounded at the base.")
    k = sentence_toll(ms, "killed")
    assert k is not None and (k.low, k.best, k.high) == (7, 7, 7)
    i = sentence_toll(ms, "injured")
    assert i is not None and i.best == 3
    ms = casualty_mentions("Jets bombed the camp, killing at least five women and a child.")
    k = sentence_toll(ms, "killed")
    assert k is not None and (k.low, k.best, k.high) == (6, 6, None)
    assert len({m.group for m in ms}) == 1


def test_sentence_toll_choices() -> None:
    from sitrep.extract.casualties import sentence_toll

    ms = casualty_mentions("No one was killed in the attack.")
    k = sentence_toll(ms, "killed")
    assert k is not None and k.best == 0
    assert sentence_toll(ms, "injured") is None
    ms = casualty_mentions("The strike killed 4 people; the conflict has killed more than 280000 since 2011.")
    k = sentence_toll(ms, "killed")
    assert k is not None and k.best == 4
    ms = casualty_mentions("The war has killed more than 280000 people.")
    assert sentence_toll(ms, "killed") is None
    ms = casualty_mentions("The strike killed 3 soldiers; later 2 civilians died of wounds.")
    k = sentence_toll(ms, "killed")
    assert k is not None and k.best == 3  # separate tolls: the first


@pytest.mark.parametrize("sentence,expected", [
    ("A dead man was thrown from a car near the toll booth.", [(K, 1, 1, 1)]),
    ("A decapitated body was found near the river.", [(K, 1, 1, 1)]),
    ("One body was recovered from the rubble.", [(K, 1, 1, 1)]),
    ("The governing body was found to have met.", []),
    ("He later succumbed to his wounds.", [(K, 1, 1, 1)]),
])
def test_single_bodies(sentence: str, expected: list[tuple]) -> None:
    assert brief(sentence) == expected


@pytest.mark.parametrize("sentence,expected", [
    ("The policeman was stabbed and later died in hospital.", [(K, 1, 1, 1)]),
    ("A landmine explosion killed a shepherd and his 12-year-old son.", [(K, 1, 1, 1), (K, 1, 1, 1)]),
    ("An IED struck an army patrol, causing one fatality and two injuries.", [(K, 1, 1, 1), (INJ, 2, 2, 2)]),
    ("Two soldiers sustained injuries in the exchange of fire.", [(INJ, 2, 2, 2)]),
    ("Two people were reportedly killed and several others injured.", [(K, 2, 2, 2), (INJ, 10, 10, None)]),
    ("One of the attackers was killed by return fire.", [(K, 1, 1, 1)]),
])
def test_other_regions_phrasing(sentence: str, expected: list[tuple]) -> None:
    assert brief(sentence) == expected


@pytest.mark.parametrize("sentence,expected", [
    ("It was not immediately clear whether anyone was hurt.", []),
    ("Casualties were not immediately known.", []),
    ("5 KILLED IN BLAST AT MARKET", [(K, 5, 5, 5)]),
    ("Nobody was killed but 4 people were injured.", [(K, 0, 0, 0), (INJ, 4, 4, 4)]),
])
def test_unknown_and_caps(sentence: str, expected: list[tuple]) -> None:
    assert brief(sentence) == expected


@pytest.mark.parametrize("sentence,expected", [
    ("The peace deal was killed by the hardliners.", []),
    ("He was shot dead outside his home.", [(K, 1, 1, 1)]),
    ("The 25-year-old was killed in the crossfire.", [(K, 1, 1, 1)]),
    ("The mayor, who was wounded in the attack, spoke to reporters.", [(INJ, 1, 1, 1)]),
])
def test_singular_subjects(sentence: str, expected: list[tuple]) -> None:
    assert brief(sentence) == expected


def test_war_monitor_is_no_war_total() -> None:
    (m,) = casualty_mentions("Air strikes on the market have killed at least 61 people, a war monitor said.")
    assert m.count.best == 61 and not m.aggregate


@pytest.mark.parametrize("sentence,kinds", [
    ("There were no deaths or injuries in the blast.", [K, INJ]),
    ("No one was killed or hurt, the army said.", [K, INJ]),
    ("None of the 5 soldiers were killed.", [K]),
])
def test_negatives_cover_both_kinds(sentence: str, kinds: list[str]) -> None:
    ms = casualty_mentions(sentence)
    assert [m.kind for m in ms] == kinds
    assert all(m.negated and m.count.best == 0 for m in ms)
