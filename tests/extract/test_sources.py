"""Source attribution and normalization: table-driven, on sentences written here."""

from __future__ import annotations

import pytest

from sitrep.extract.sources import SourceResolver, carry_attribution, known_sources, normalize_source


def names(sentence: str, doc: str | None = None, publisher: str | None = None) -> list[str]:
    r = SourceResolver(doc if doc is not None else sentence, publisher=publisher)
    return [m.name for m in r.sources_in(sentence)]


SOHR = "Syrian Observatory for Human Rights"
SANA = "Syrian Arab News Agency"
AFP = "Agence France-Presse"

CASES = [
    ("Ten people died, according to the Britain-based Syrian Observatory for Human Rights.", [SOHR]),
    ("The SOHR said eight fighters were killed near the airport.", [SOHR]),
    ("Rami Abdel Rahman, who heads the group, said the toll would rise.", [SOHR]),
    ("A commander told AFP that the road was cut.", [AFP]),
    ("A resident told Agence France-Presse the shelling had stopped.", ["Residents", AFP]),
    ("Syrian state television said troops had entered the town.", ["Syrian state television"]),
    ("SANA reported that a car bomb exploded near the stadium.", [SANA]),
    ("A bomb went off, the state-run Syrian News Agency (SANA) reported.", [SANA]),
    ("A medic told Reuters the hospital was overwhelmed.", ["Medics", "Reuters"]),
    ("Activists said the shelling continued through the night.", ["Activists"]),
    ("Local sources reported heavy clashes near the dam.", ["Local sources"]),
    ("Police said two suspects were arrested.", ["Police"]),
    ("The Pentagon said the strike targeted a senior commander.", ["Pentagon"]),
    ("The Houthi-run Al Masirah TV said the raid hit a farm.", ["Al Masirah"]),
    ("The White Helmets said rescuers pulled six people from the rubble.", ["Syrian Civil Defence"]),
    ("Residents said the army entered the village at dawn.", ["Residents"]),
    ("The Associated Press reported the attack.", ["Associated Press"]),
    ("Five soldiers were killed, security sources said.", ["Security sources"]),
    ("Witnesses said the gunmen fled on motorbikes.", ["Witnesses"]),
    ("The Aleppo Police Command said a car bomb exploded.", ["Aleppo Police Command"]),
    ("US President John Doe said the attack was barbaric.", ["John Doe"]),
]


@pytest.mark.parametrize("sentence,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_sources(sentence: str, expected: list[str]) -> None:
    assert names(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Syrian troops shelled the town at dawn.",
    "The army pushed into the southern districts.",
    "Pentagon officials are expected to visit next month",
    "Hundreds of air raids took place overnight.",
])
def test_no_source(sentence: str) -> None:
    assert names(sentence) == []


def test_military_needs_an_attribution_frame() -> None:
    assert names("The SDF attacked the village.") == []
    assert names("The SDF said it repelled the attack.") == ["Syrian Democratic Forces"]


DOC = (
    "At least 40 civilians were killed on Friday, according to the Syrian Observatory for Human Rights.\n"
    "The Observatory said the strikes continued after dark.\n"
    "Later, the monitor said four more people had died."
)


def test_observatory_resolves_to_full_name_named_earlier() -> None:
    r = SourceResolver(DOC)
    line2 = DOC.split("\n")[1]
    (m,) = r.sources_in(line2, DOC.index(line2))
    assert m.name == SOHR and m.kind == "monitor"
    assert m.span.text == "The Observatory"
    assert m.span.start == DOC.index("The Observatory")
    line3 = DOC.split("\n")[2]
    assert [x.name for x in r.sources_in(line3, DOC.index(line3))] == [SOHR]


def test_weak_alias_without_context_is_not_resolved() -> None:
    doc = "Flooding hit the region. The monitor said nothing about it."
    assert SOHR not in names("The monitor said nothing about it.", doc)


def test_state_television_follows_document_country() -> None:
    doc = "Iraqi forces entered Mosul. State television said the advance continued in Iraq."
    assert names("State television said the advance continued in Iraq.", doc) == ["Iraqi state television"]
    doc = "Syrian forces entered Douma. State television said the advance continued."
    assert names("State television said the advance continued.", doc) == ["Syrian state television"]


def test_publisher_is_not_repeated() -> None:
    s = "Reuters reported that three people were killed, the Observatory said."
    doc = "The Syrian Observatory for Human Rights counts the dead. " + s
    assert names(s, doc, publisher="Reuters") == [SOHR]
    assert names(s, doc) == ["Reuters", SOHR]


@pytest.mark.parametrize("raw,canonical", [
    ("SOHR", SOHR),
    ("the Britain-based Syrian Observatory for Human Rights", SOHR),
    ("Syrian News Agency (SANA)", SANA),
    ("the state-run Syrian News Agency (SANA)", SANA),
    ("SANA", SANA),
    ("AFP", AFP),
    ("Agence France-Press", AFP),
    ("Agence France Presse", AFP),
    ("AP", "Associated Press"),
    ("dpa", "Deutsche Presse-Agentur"),
    ("White Helmets", "Syrian Civil Defence"),
    ("a medic", "Medics"),
    ("local sources", "Local sources"),
    ("The Aleppo Police Command", "Aleppo Police Command"),
])
def test_normalize_source(raw: str, canonical: str) -> None:
    assert normalize_source(raw) == canonical


def test_sources_file_is_well_formed() -> None:
    srcs = known_sources()
    assert len(srcs) > 50
    canon = [s.canonical for s in srcs]
    assert len(canon) == len(set(canon))
    kinds = {"monitor", "agency", "state media", "media", "government", "military", "ngo", "un", "other"}
    assert {s.kind for s in srcs} <= kinds
    assert all(s.country is None or len(s.country) == 2 for s in srcs)


@pytest.mark.parametrize("sentence,expected", [
    ("The Hama Health Directorate, which runs the hospital, said nine people died.", ["Hama Health Directorate"]),
    ("Two rockets hit the town, Governor Talal Haddad said on Tuesday.", ["Talal Haddad"]),
    ("The Kurdish Asayesh on Monday said the checkpoint was attacked.", ["Kurdish Asayesh"]),
    ("Damascus said the strikes were an aggression.", []),  # a lone place name is not a source
    ("Tweet Views said nothing.", []),
])
def test_unknown_names_are_cleaned(sentence: str, expected: list[str]) -> None:
    assert names(sentence) == expected


@pytest.mark.parametrize("sentence,expected", [
    ("The figures were given by AP.", ["Associated Press"]),
    ("Three died, the U.N. said.", ["United Nations"]),
    ("The toll was confirmed by Agence France-Presse.", [AFP]),
])
def test_alias_at_sentence_end(sentence: str, expected: list[str]) -> None:
    assert names(sentence) == expected


def test_spans_match_the_text() -> None:
    doc = "Intro line.\nThe region’s governor, Omar Haddad said the market was hit, activists said."
    line = doc.split("\n")[1]
    off = doc.index(line)
    ms = SourceResolver(doc).sources_in(line, off)
    assert ms
    for m in ms:
        assert m.span.end > m.span.start
        assert doc[m.span.start:m.span.end] == m.span.text


@pytest.mark.parametrize("raw,expected", [
    ("state television", "State television"),
    ("the Observatory", "Observatory"),
    ("Syrian state TV", "Syrian state television"),
])
def test_normalize_weak_alias_without_context(raw: str, expected: str) -> None:
    assert normalize_source(raw) == expected


def test_anaphora_resolves_to_latest_named_source() -> None:
    doc = ("A blast hit the port, the Anadolu Agency reported.\n"
           "The agency said nine people were wounded.\n"
           "The Syrian Network for Human Rights said the toll was higher.\n"
           "The rights group said children were among the dead.\n"
           "The agency was not available.")
    r = SourceResolver(doc)
    lines = doc.split("\n")
    got = [[m.name for m in r.sources_in(line, doc.index(line))] for line in lines]
    assert got[1] == ["Anadolu Agency"]
    assert got[3] == ["Syrian Network for Human Rights"]
    assert got[4] == []  # no attribution verb after it


def test_possessive_speaker_is_cleaned() -> None:
    s = "Prime Minister Ivo Kesic's office said the protest was peaceful."
    assert names(s) == ["Ivo Kesic"]


@pytest.mark.parametrize("sentence,expected", [
    ("Human rights groups said the army had killed civilians.", ["Rights groups"]),
    ("Reports on social media said the attackers burned the market.", ["Social media"]),
    ("Doctors at the hospital said three people died.", ["Doctors"]),
    ("According to a hospital source, 12 people were admitted.", ["Medical sources"]),
])
def test_more_roles(sentence: str, expected: list[str]) -> None:
    assert names(sentence) == expected


def test_acronym_follows_document_country() -> None:
    doc = "Clashes in Mindanao, Philippines. The AFP said two NPA rebels were killed."
    line = "The AFP said two NPA rebels were killed."
    r = SourceResolver(doc)
    assert [m.name for m in r.sources_in(line, doc.index(line))] == ["Armed Forces of the Philippines"]
    assert names("Three died in Aleppo, Syria, AFP reported.") == [AFP]


def test_short_acronyms_need_context() -> None:
    assert "Middle East News Agency" not in names("Growth in the MENA region slowed, the IMF said.")
    assert names("Egypt: MENA reported that 3 soldiers died in Sinai.") == ["Middle East News Agency"]


@pytest.mark.parametrize("slug,canonical", [
    ("sana", SANA), ("sohr", SOHR), ("alarabiya", "Al Arabiya"), ("asharqalawsat", "Asharq Al-Awsat"),
    ("trt", "TRT World"), ("manar", "Al-Manar"), ("nna", "National News Agency"), ("reuters", "Reuters"),
])
def test_publisher_slugs_normalize(slug: str, canonical: str) -> None:
    assert normalize_source(slug) == canonical


def test_publisher_slug_is_not_repeated() -> None:
    s = "Rockets hit the square, SANA reported."
    r = SourceResolver(s, publisher="sana")
    assert r.sources_in(s) == []


@pytest.mark.parametrize("sentence,expected", [
    ("After the United States said the talks failed, fighting resumed.", ["United States"]),
    ("Professor Lina Haddad said the war was long.", ["Lina Haddad"]),
    ("The CEO said profits rose.", []),
])
def test_name_cleaning(sentence: str, expected: list[str]) -> None:
    assert names(sentence) == expected


def test_unnamed_monitor_is_the_monitor_the_report_names() -> None:
    doc = ("Shelling killed nine people in the old town on Friday, a monitoring group said.\n"
           "The Syrian Observatory for Human Rights said two of them were nurses.\n"
           "Four more died in a second strike, a war monitor said.")
    r = SourceResolver(doc)
    lines = doc.split("\n")
    got = [[m.name for m in r.sources_in(line, doc.index(line))] for line in lines]
    assert got == [[SOHR], [SOHR], [SOHR]]


def test_unnamed_monitor_stays_unnamed_when_the_report_names_none_or_two() -> None:
    assert names("Nine people died in the raid, a monitoring group said.") == []
    doc = ("The Syrian Observatory for Human Rights and the Syrian Network for Human Rights gave tolls. "
           "Nine people died in the raid, a monitoring group said.")
    line = "Nine people died in the raid, a monitoring group said."
    assert [m.name for m in SourceResolver(doc).sources_in(line, doc.index(line))] == []


class _Told:
    def __init__(self, sources: list, headline: bool = False) -> None:
        self.sources, self.headline = sources, headline


def test_a_sentence_without_a_source_continues_the_attribution_before_it() -> None:
    doc = "The Observatory said eight people died in the market strike, the Syrian Observatory for Human Rights said."
    (sohr,) = SourceResolver(doc).sources_in(doc)
    title, first, second, third = _Told([], headline=True), _Told([sohr]), _Told([]), _Told([])
    carry_attribution([title, first, second, third])
    assert [m.name for m in second.sources] == [SOHR] and [m.name for m in third.sources] == [SOHR]
    assert title.sources == []  # the headline takes no attribution from the story


def test_a_new_attribution_replaces_the_carried_one() -> None:
    doc = "Residents said the convoy was hit, SANA reported."
    sana = next(m for m in SourceResolver(doc).sources_in(doc) if m.name == SANA)
    sohr_doc = "Six died, the Syrian Observatory for Human Rights said."
    (sohr,) = SourceResolver(sohr_doc).sources_in(sohr_doc)
    told = [_Told([sohr]), _Told([]), _Told([sana]), _Told([])]
    carry_attribution(told)
    assert [[m.name for m in t.sources] for t in told] == [[SOHR], [SOHR], [SANA], [SANA]]


@pytest.mark.parametrize("text", [
    "Rescuers searched the rubble. AP Photo Jane Roe Three people were killed in the town.",
    "A boy walks past a damaged school (Photo AFP) Six civilians were killed in the raid.",
    "AFP 2024 Jane Roe Army kills dozens of militants near the dam.",
    "REUTERS Jane Roe Kurdish forces killed 23 militants near the dam.",
    "Reuters/Jane Roe A man walks past a burned bus.",
])
def test_a_picture_credit_is_not_a_source(text: str) -> None:
    assert names(text) == []


def test_an_agency_is_still_a_source_next_to_a_credit() -> None:
    assert names("AP Photo Jane Roe Three people died in the blast, AFP reported.") == [AFP]
    # an acronym is written in capitals anyway: no credit line by its capitals alone
    assert names("Rockets hit the town on Monday. SANA Jane Roe wrote that six people were killed.") == [SANA]


def test_an_outlet_named_like_a_town_counts_only_when_it_tells_the_claim() -> None:
    assert names("Clashes erupted in al-Mayadin on Friday, killing four fighters.") == []
    assert names("Lebanese channel Al-Mayadin reported that 18 civilians were killed.") == ["Al-Mayadeen"]


def test_a_weak_alias_follows_the_country_the_places_give() -> None:
    # more Russian words than Syrian ones, but the report is about a town in Syria
    text = ("Russian jets and Russian helicopters struck the town on Monday in a Russian offensive, killing "
            "nine people in Syria, a local civil defence source said.")
    assert names(text) == []  # by word counts alone the report looks Russian
    r = SourceResolver(text, country="SY")
    assert [m.name for m in r.sources_in(text)] == ["Syrian Civil Defence"]


@pytest.mark.parametrize("sentence,expected", [
    ("Nine people died overnight, according to the Syrian Obervatory for Human Rights.", [SOHR]),
    ("Nine people died, Rami Abdel-Rahman said.", [SOHR]),
    ("Nine people died, the Syrian Democratic Forces said.", ["Syrian Democratic Forces"]),  # a name of its own
])
def test_a_known_source_misspelled_is_still_that_source(sentence: str, expected: list[str]) -> None:
    assert names(sentence) == expected


@pytest.mark.parametrize("sentence,expected", [
    ("A source at Homs Police Command said that two men were shot dead.", ["Homs Police Command"]),
    ("A source in Homs province said that two men were shot dead.", ["Unnamed sources"]),
    ("A source at the hospital said that two men died.", ["Unnamed sources"]),
])
def test_a_source_at_a_named_body_is_that_body(sentence: str, expected: list[str]) -> None:
    assert names(sentence) == expected


def test_the_center_is_the_centre_named_before() -> None:
    doc = ("The Russian coordination center stated that the truce was broken twice. "
           "In a statement the center said that rebels shelled the city, killing four civilians.")
    line = "In a statement the center said that rebels shelled the city, killing four civilians."
    assert [m.name for m in SourceResolver(doc).sources_in(line, doc.index(line))] == ["Russian Reconciliation Centre"]
    assert names("Shells hit the city center, the center said.") == []  # no centre named before


def test_an_adjective_before_a_role_is_no_name() -> None:
    assert names("Leading Syrian opposition figure Omar Haddad said 90 people were killed.") == []


@pytest.mark.parametrize("sentence,expected", [
    ("Opposition figure George Sabra said 90 people were killed.", ["Syrian National Coalition"]),
    ("Colonel John Dorrian, a coalition spokesman, said the strike hit a depot.", ["US-led coalition"]),
    ("Raed al-Saleh said rescuers pulled 12 bodies from the rubble.", ["Syrian Civil Defence"]),
])
def test_a_spokesperson_speaks_for_the_body(sentence: str, expected: list[str]) -> None:
    assert names(sentence) == expected


def test_a_closing_credit_names_the_report_s_outlet() -> None:
    text = ("Army units shelled militants east of Deir Ezzor in Syria. Two trucks were destroyed near the "
            "airport, Sana reported. 512-33")
    assert [m.name for m in SourceResolver(text).closing_credit()] == [SANA]
    assert SourceResolver("Army units shelled militants. The minister said.").closing_credit() == []


def test_a_closing_credit_is_carried_to_the_sentences_before_any_attribution() -> None:
    text = "Army units shelled militants east of Deir Ezzor in Syria. Two trucks were destroyed, Sana reported."
    closing = SourceResolver(text).closing_credit()
    first, second = _Told([]), _Told([])
    carry_attribution([first, second], closing)
    assert [m.name for m in first.sources] == [SANA]
