from sitrep.extract.boilerplate import boilerplate_spans, strip_trailing_credit

TEXT = """Shelling hits border town
Rockets struck the town of Kilis on Monday, killing two people, officials said.
Read more: Ministers meet to discuss the refugee crisis
Border tensions
By Jane Doe and Ali Khan
Photo: Smoke rises over the town after the strike.
ab/cd (AFP, Reuters)"""


def _lines(text):
    return [text[s:e] for s, e in boilerplate_spans(text)]


def test_furniture_lines_are_boilerplate():
    found = _lines(TEXT)
    assert "Read more: Ministers meet to discuss the refugee crisis" in found
    assert "Border tensions" in found  # a section heading
    assert "By Jane Doe and Ali Khan" in found
    assert "Photo: Smoke rises over the town after the strike." in found
    assert "ab/cd (AFP, Reuters)" in found


def test_story_and_title_are_kept():
    found = _lines(TEXT)
    assert "Shelling hits border town" not in found  # first line: the title
    assert not any("Rockets struck" in f for f in found)


def test_trailing_credit_is_cut():
    s = "Two fighters were killed in clashes, a monitor said.--AFP"
    assert s[: strip_trailing_credit(s)] == "Two fighters were killed in clashes, a monitor said."
    assert strip_trailing_credit("No credit here.") == len("No credit here.")
