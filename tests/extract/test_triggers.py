import pytest

from sitrep.extract.triggers import TriggerLexicon
from sitrep.taxonomy import SUB_EVENT_TYPES


@pytest.fixture(scope="module")
def lex():
    return TriggerLexicon.load()


@pytest.mark.parametrize(
    "sentence,label",
    [
        ("Warplanes pounded the village at dawn.", "Air/drone strike"),
        ("A drone strike hit a car on the highway.", "Air/drone strike"),
        ("Mortar shells landed on the old quarter.", "Shelling/artillery/missile attack"),
        ("A roadside bomb went off as the convoy passed.", "Remote explosive/landmine/IED"),
        ("A suicide bomber blew himself up at the gate.", "Suicide bomb"),
        ("Someone threw a grenade into the courtyard.", "Grenade"),
        ("Residents described a chemical attack with chlorine gas.", "Chemical weapon"),
        ("Rebels clashed with troops near the airport.", "Armed clash"),
        ("Government forces recaptured the town.", "@territory"),
        ("Gunmen kidnapped three aid workers.", "Abduction/forced disappearance"),
        ("Teachers protested outside parliament.", "Peaceful protest"),
        ("Police arrested the suspects.", "Arrests"),
        ("The two sides signed a ceasefire agreement.", "Agreement"),
        ("Engineers defused an explosive device.", "Disrupted weapons use"),
        ("Looters ransacked the shops.", "Looting/property destruction"),
        ("Rebels fired 23mm and 14.5mm guns at the houses.", "Shelling/artillery/missile attack"),
        ("Police destroyed 40 hectares of poppy fields.", "Looting/property destruction"),
        ("Farmers blocked with their tractors the coastal highway.", "Peaceful protest"),
        ("Drivers met outside city hall to demonstrate.", "Peaceful protest"),
    ],
)
def test_cue_labels(lex, sentence, label):
    assert label in {c.label for c in lex.cues(sentence)}
    assert lex.triage(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["The minister visited the capital on Tuesday.", "Prices of bread rose sharply this month.", "The film premiered in Cannes."],
)
def test_no_cue_in_ordinary_news(lex, sentence):
    assert not lex.triage(sentence)


def test_every_label_is_in_the_taxonomy(lex):
    for label, _, _ in lex.rows:
        assert label in SUB_EVENT_TYPES or label.startswith("@")


def test_cue_offsets_point_at_the_words(lex):
    s = "Heavy shelling hit the town."
    c = next(c for c in lex.cues(s) if c.label.startswith("Shelling"))
    assert s[c.start : c.end].lower() == "shelling"


@pytest.mark.parametrize("sentence", [
    "Warplanes struck the market at dawn.",
    "The anti-shelling campaign drew a crowd.",  # a cue word after a hyphen is no cue
    "Residents fled the counter-attack near the bridge.",
    "Nothing happened in the town on Sunday.",
    "Two IEDs exploded.\nA mortar fell.",
    "Protesters gathered outside parliament.",
])
def test_triage_says_whether_there_is_any_cue(lex, sentence):
    assert lex.triage(sentence) == bool(lex.cues(sentence))
    assert lex.triage(sentence) == (sentence.split()[0] not in ("The", "Nothing"))


def test_rounds_of_talks_are_no_gunfire(lex):
    assert not [c for c in lex.cues("Two rounds of peace talks in Geneva failed to produce a breakthrough.")
                if c.label == "Armed clash"]
    assert [c for c in lex.cues("The two sides exchanged several rounds of fire near the checkpoint.")
            if c.label == "Armed clash"]


def test_battle_lines_are_no_battle(lex):
    assert not [c for c in lex.cues("Some 30000 people could be moved across battle lines over the next 60 days.")
                if c.label == "Armed clash"]
    assert [c for c in lex.cues("Rebels and troops battled near the airport.") if c.label == "Armed clash"]


@pytest.mark.parametrize(
    "sentence,label",
    [
        # protests told by what the crowd did rather than by the word "protest"
        ("Taxi drivers held a motorcade through the centre on Friday.", "Peaceful protest"),
        ("Neighbours banged pots from their windows.", "Peaceful protest"),
        ("Party activists took out a procession in the market town.", "Peaceful protest"),
        ("Students formed a human chain along the avenue.", "Peaceful protest"),
        ("Mourners shouted anti-government slogans at the funeral.", "Peaceful protest"),
        # violence against a person told in the passive, or by beating
        ("A reporter was assaulted by two guards at the station.", "Attack"),
        ("Soldiers beat a shop owner for staying open late.", "Attack"),
        ("Unknown men fired shots at the mayor's car.", "Attack"),
        # weapons told without the usual noun
        ("Troops fired heavy and medium weapons at the hamlet.", "Shelling/artillery/missile attack"),
        ("A stray shell fell in a farmyard.", "Shelling/artillery/missile attack"),
        ("The air force bombed insurgent camps in the forest.", "Air/drone strike"),
        ("A helicopter dropped bombs on the hill.", "Air/drone strike"),
        ("Militants set off explosives under the culvert.", "Remote explosive/landmine/IED"),
        ("The army re-captured the port town.", "@territory"),
        ("Customs officers seized crates of army munitions at the port.", "Disrupted weapons use"),
        # property taken or wrecked
        ("Raiders stole about thirty cows from the ranch.", "Looting/property destruction"),
        ("Gunmen seized a pickup truck belonging to the councillor.", "Looting/property destruction"),
        ("Saboteurs destroyed the village water scheme.", "Looting/property destruction"),
    ],
)
def test_cue_labels_for_acts_told_without_the_usual_word(lex, sentence, label):
    assert label in {c.label for c in lex.cues(sentence)}


@pytest.mark.parametrize(
    "sentence",
    ["The band played a beat for the crowd.", "She destroyed her opponent in the debate.", "The shell company was dissolved."],
)
def test_new_vocabulary_leaves_ordinary_sentences_alone(lex, sentence):
    assert not lex.triage(sentence)
