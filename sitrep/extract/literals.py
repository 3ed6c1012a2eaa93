"""A cheap test before a case-insensitive regex: words that any match must contain.

The trigger and actor lexicons are dozens of case-insensitive patterns, each behind a word-start
look-behind, so Python's `re` tries every one at every character of every sentence (it finds no
literal prefix to skip ahead with).  Yet each pattern can only match where one of a few words occurs:
"air ?-?strikes?|air ?raids?|warplanes?" needs "air" or "warplane".  `required_literals` reads those
words off the parsed pattern, and `folded` lower-cases a text once so that a substring test (done in C)
rules a pattern out before its scan.

Exact, not a heuristic: under IGNORECASE an ASCII letter of the pattern matches only its two ASCII
cases, or one of four other characters (long s, dotless i, dotted capital I, the Kelvin sign).  A text
holding none of those contains a match's literal words in its lower-cased form; a text holding one
gets no test (`folded` returns None) and every pattern is scanned as before.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

# Characters that IGNORECASE matches to an ASCII letter other than its own two cases
# (found by trying every code point against a-z): "ſ" ~ s, "ı" and "İ" ~ i, "K" (Kelvin) ~ k.
_FOLDS_TO_ASCII = re.compile("[\u017f\u0131\u0130\u212a]")
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)


def required_literals(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Lower-case words at least one of which every match of `pattern` contains, or None when the
    pattern has no such words (then it has to be scanned)."""
    found = _required(sre_parse.parse(pattern, flags))
    return tuple(sorted(found)) if found else None


def folded(text: str) -> str | None:
    """`text` lower-cased for `required_literals` tests; None when it holds a character that the
    tests would miss (then no pattern may be ruled out)."""
    return None if _FOLDS_TO_ASCII.search(text) else text.lower()


def may_match(low: str | None, words: tuple[str, ...] | None) -> bool:
    """False only when a pattern with these required words cannot match the text `low` was folded from."""
    return low is None or words is None or any(w in low for w in words)


def _required(seq) -> set[str] | None:
    """For a parsed sequence: the alternatives (a set of words) of the most selective thing every
    match holds: a run of ASCII literals, or a group, alternation or repeat (at least once) whose
    every branch holds words.  Anything else (classes, optional parts, look-arounds) breaks a run."""
    options: list[set[str]] = []
    run = ""
    for op, av in seq:
        if op is sre.LITERAL and av < 128:
            run += chr(av).lower()
            continue
        if run:
            options.append({run})
            run = ""
        inner: set[str] | None = None
        if op is sre.SUBPATTERN:
            inner = _required(av[3])
        elif op is sre.BRANCH:
            branches = [_required(b) for b in av[1]]
            if all(branches):
                inner = set().union(*branches)  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            inner = _required(av[2])
        if inner:
            options.append(inner)
    if run:
        options.append({run})
    if not options:
        return None
    # the longest shortest word; of equals, the fewest words
    return max(options, key=lambda s: (min(map(len, s)), -len(s)))
