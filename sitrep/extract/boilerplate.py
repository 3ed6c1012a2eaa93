"""Find the parts of a report that are not its story: "Read more:" links, bylines, agency credits,
photo captions, share buttons, section headings.  They yield no events.

Works on lines (paragraphs), because that is how page furniture arrives in extracted text.
"""

from __future__ import annotations

import re

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
    if _PREFIX.match(s) or _CREDIT.match(s) or _BYLINE.match(s):
        return True
    words = s.split()
    # A short line without final punctuation is a heading ("Evacuations on hold"); the first line is the
    # title and is kept, since titles often state the event.
    return not first and len(words) <= 8 and not _TERMINAL.search(s) and not any(c.isdigit() for c in s)


def strip_trailing_credit(sentence: str) -> int:
    """Length of `sentence` without a run-on agency credit ("... the monitor said.--AFP")."""
    m = re.search(r"\s*(?:--|—)\s*[A-Z][A-Za-z]{1,20}\s*$", sentence)
    return m.start() if m else len(sentence)
