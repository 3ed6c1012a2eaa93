"""Find the parts of a report that are not its story: "Read more:" links, bylines, agency credits,
photo captions, share buttons, section headings.  They yield no events.

Works on lines (paragraphs), because that is how page furniture arrives in extracted text.
"""

from __future__ import annotations

import re

from sitrep.extract.literals import folded

# A line that starts like this is furniture, whatever follows.
_PREFIX = re.compile(
    r"^\s*(?:read (?:more|also)|related(?: (?:articles?|stories|content|coverage))?|see also|also read|watch(?: video)?|"
    r"listen|more on this|recommended|advertisement|photo|image|picture|caption|video|source|credit|"
    r"file photo|click here|follow us|subscribe|sign up|share (?:this|on)|copyright|©|\(c\)|all rights reserved|"
    r"tags?|keywords|topics|reporting by|additional reporting|writing by|editing by|edited by|compiled by|"
    r"contact the author|email the author|this (?:article|story) (?:was|has been|is)|last (?:updated|modified))\b"
    r"\s*[:|\-–—]?",
    re.IGNORECASE,
)
# Agency sign-offs such as "mm/bw (AFP, AP, dpa, Reuters)" or "jm/rc (Reuters, AP)" or "--AFP".
_CREDIT = re.compile(
    r"^\s*(?:[a-z]{1,4}(?:/[a-z]{1,4})+\s*(?:\([^)]{0,80}\))?|(?:--|—)\s*[A-Z][A-Za-z]{1,20}|\((?:AFP|AP|Reuters|dpa|ANSA|IANS|PTI)[^)]{0,40}\))\s*$"
)
_BYLINE = re.compile(r"^\s*(?:by|from)\s+[A-Z][\w.'-]+(?:\s+(?:[A-Z][\w.'-]+|and|&|,))*\s*(?:[|,–—-].{0,60})?$")
_TERMINAL = re.compile(r"[.!?…\"'”’)]\s*$")
LONG_LINE_WORDS = 60


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of boilerplate lines in `text`."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for i, line in enumerate(text.split("\n")):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        if _is_boilerplate(line, first=(i == 0)):
            spans.append((start, end))
    return spans


def _is_boilerplate(line: str, first: bool) -> bool:
    s = line.strip()
    words = s.split()
    if _PREFIX.match(s) and len(words) <= LONG_LINE_WORDS or _CREDIT.match(s) or _BYLINE.match(s):
        # a long line is a whole page flattened into one: its furniture is cut inside it instead
        return True
    # A short line without final punctuation is a heading ("Evacuations on hold"); the first line is the
    # title and is kept, since titles often state the event.
    return not first and len(words) <= 8 and not _TERMINAL.search(s) and not any(c.isdigit() for c in s)


def strip_trailing_credit(sentence: str) -> int:
    """Length of `sentence` without a run-on agency credit ("... the monitor said.--AFP")."""
    m = re.search(r"\s*(?:--|—)\s*[A-Z][A-Za-z]{1,20}\s*$", sentence)
    return m.start() if m else len(sentence)


# -- furniture inside a line -----------------------------------------------------------------------
# Pages flattened to one line keep their furniture in the running text: "Posted on April 19 2017 by
# A. Writer <title> <story>", "AFP Friday 22 Jul 2016", "Tags Aleppo Syria <story>", "MOSCOW (Sputnik)".
# These ranges are cut out of the sentences they sit in; the story around them stays.

_MON = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
        r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\.?,?\s+)"
_FULL_DATE = (
    rf"(?:{_WDAY}?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON},?\s+\d{{4}}|{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s*\d{{4}})"
    r"|\d{1,2}[-./]\d{1,2}[-./](?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)"
    r"(?:\s+(?:at\s+)?\d{1,2}:?\d\d(?:\s*(?:GMT|UTC|am|pm|[A-Z]{3}))?(?:\s*-\s*(?:GMT|UTC)\s+\d{1,2}:?\d\d)?)?"
)
_AGENCY = r"(?:AFP|AP|Reuters|dpa|ANSA|IANS|PTI|Xinhua|Sputnik|TASS|SANA|Anadolu|UPI|RIA Novosti)"
_PUBLISHED = (r"(?:(?:posted|published|updated|last\s+updated?|last\s+modified|date\s+of\s+publication)"
              r"(?:\s+(?:on|at))?\s*:?\s*)")
# a dateline: "Posted on April 19 2017", "AFP Friday 22 Jul 2016", "10.10.2017(updated 1601 10.10.2017)
# Get short URL 1721", "Published August 1 2016 SEND <link>", "Last Update: Tuesday 22 November 2016 KSA 23:28"
_DATELINE = re.compile(
    rf"(?:{_AGENCY}\s+)?{_PUBLISHED}?{_FULL_DATE}"
    r"(?:\s*\((?:updated\s+)?[^()]{0,40}\))?(?:\s*get\s+short\s+url(?:\s+\d+)*)?(?:\s+send\s+\S+)?",
    re.I,
)
_FULL_DATE_RX = re.compile(_FULL_DATE, re.I)
_BYLINE_AFTER = re.compile(r"\s+by\s+((?:[A-Z][\w.'-]*\s+){1,4})")
# "MOSCOW (Sputnik)", "BEIRUT August 21 (The Associated Press)", "DAMASCUS, Syria (AP) -"
_CITY_DATELINE = re.compile(
    rf"\b[A-Z]{{3,}}(?:[ -][A-Z]{{3,}})?(?:,\s*[A-Z][a-z]+)?\s*(?:(?i:{_MON})\s+\d{{1,2}}\s*)?"
    r"\((?:[^()]{0,30}\b(?:AFP|AP|Reuters|Sputnik|Press|News|Agency|Agencies|TASS|SANA|Xinhua|dpa|UPI)\b[^()]{0,20})\)"
    r"\s*[-—–:]*"
)
# "Tags Aleppo Syria human rights <story>": the tag list ends where the story's first sentence opens
_TAGS = re.compile(r"\bTags\s+")
_OPENER = re.compile(
    r"\b(?:(?:At (?:least|most)|More than|Nearly|Almost|Around|About|Some|Dozens|Scores|Hundreds|Thousands|Several|"
    r"Overnight|The|An?|In|On|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|One|\d+)\s+\w"
    # or a capitalized word (and one lowercase word) before a verb or a joining word: "Warplanes carried out",
    # "Anti-government activists say", "Russian and regime warplanes"
    r"|[A-Z][\w-]*\s+(?:[a-z][\w-]*\s+)?(?:were|was|have|has|had|is|are|say|says|said|carried|killed|hit|struck|"
    r"launched|attacked|and|of|on|in)\b)"
)
TAG_WORDS = 25  # a longer run after "Tags" is a story whose opening we cannot find: only the word goes
# "Related <headline> <headline>": links to other stories, to the end of the sentence
_RELATED = re.compile(r"(?:\b(?:Print\s+)?Tweet\b(?:\s+Views\s+\d+)?\s+)?\b(?:\d+\s+)?Related\s+[^.!?]*(?:[.!?]|$)")
_SOCIAL = re.compile(r"\b(?:Print\s+Tweet|Views\s+\d+|Comment via \w+|Community standards|Slideshow\s*\(\d+\s+Images?\))",
                     re.I)
# a caption and its credit: "<picture description>. (TRT World and Agencies)", "... (Reuters Photo)"
_CAPTION_CREDIT = re.compile(
    r"[.!?]\s*\((?:[^()]{0,40}\b(?:Agencies|Photo|Photos|Getty|EPA|File)\b[^()]{0,20})\)"
)

# a long line that opens with a caption ("Photo: ... . <story>"): its first sentence
_LEADING_CAPTION = re.compile(r"(?m)^\s*(?:photo|image|picture|caption|file photo)\b\s*[:|\-–—]?[^.!?\n]*[.!?]", re.I)


def inline_furniture(text: str, title: str | None = None) -> list[tuple[int, int]]:
    """Character ranges of furniture inside lines: datelines, bylines, share buttons, tag lists,
    "Related" links, city datelines and captions with their credits."""
    spans: list[tuple[int, int]] = []
    head_end = min(len(text), 700)
    for m in _DATELINE.finditer(text, 0, head_end):
        # a dateline opens a line, or follows an agency or a "published" cue (part of the match);
        # anywhere else a date is the story's ("Around 8 May 2020, ...")
        line_start = text.rfind("\n", 0, m.start()) + 1
        cued = not _FULL_DATE_RX.match(text, m.start())
        if not (cued or not text[line_start:m.start()].strip()):
            continue
        end = m.end()
        by = _BYLINE_AFTER.match(text, end)
        if by and m.group(0).lower().startswith(("posted", "published")) or by and m.start() < 3:
            end = _byline_end(text, by, title)
        spans.append((m.start(), end))
    spans.extend((m.start(), m.end()) for m in _CITY_DATELINE.finditer(text))
    for m in _TAGS.finditer(text):
        limit = m.end() + sum(len(w) + 1 for w in text[m.end():].split(" ", TAG_WORDS)[:TAG_WORDS])
        opener = _OPENER.search(text, m.end(), min(len(text), limit))
        spans.append((m.start(), opener.start() if opener else m.end()))
    spans.extend((m.start(), m.end()) for m in _RELATED.finditer(text))
    spans.extend((m.start(), m.end()) for m in _SOCIAL.finditer(text))
    for m in _LEADING_CAPTION.finditer(text):
        spans.append((m.start(), m.end()))
    for m in _CAPTION_CREDIT.finditer(text):
        start = max(text.rfind(". ", 0, m.start()) + 2, text.rfind("\n", 0, m.start()) + 1)
        spans.append((start, m.end()))
    return _union(spans)


def _byline_end(text: str, by: re.Match, title: str | None) -> int:
    """Where "by <names>" ends: at the title when the title follows, else after the names."""
    at = headline_span(text, title)
    if at and by.start() < at[0] <= by.end() + 80:
        return at[0]
    return by.end()


def headline_span(text: str, title: str | None) -> tuple[int, int] | None:
    """Where the report's title stands in the first lines of its text (pages often repeat it before
    the story, with no full stop between them), or None."""
    words = re.findall(r"\w+", (title or "").split(" | ")[0])
    if words and words[0].lower() == "title":
        words = words[1:]
    if len(words) < 3:
        return None
    # A match holds each of its words: the first word missing from the text's head bounds how many
    # words can match, and no pattern is compiled for more (the same answer, most titles compiled once)
    low = folded(text[:800])
    missing = next((k for k, w in enumerate(words) if low is not None and w.isascii() and w.lower() not in low),
                   len(words))
    for n in range(min(len(words), missing), max(2, min(5, len(words)) - 1), -1):
        rx = re.compile(r"\b" + r"\W+".join(re.escape(w) for w in words[:n]) + r"\b", re.I)
        m = rx.search(text, 0, min(len(text), 800))
        if m:
            return m.start(), m.end()
    return None


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(sp for sp in spans if sp[1] > sp[0]):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
