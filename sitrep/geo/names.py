"""Name keys: how a written place name becomes something we can look up.

Two keys per name, both computed the same way at build time and at query time:

* `fold(name)`: ASCII-folded, lower case, apostrophes dropped, other punctuation as spaces.
  "Dar‘ā" and "Dara'a" differ here; "Ḩalab" and "Halab" do not.
* `skeleton(name)`: a deliberately lossy transliteration key for Arabic/Persian/Pashto-style
  romanisations, where the same name is spelled many ways: the articles al-/el-/ad-/ash-... are
  dropped (also when fused, "Ezzor"), every run of vowels becomes one "a", kh/gh/q/ph fold to k/g/k/f,
  a final ta marbuta "-ah" is dropped and doubled letters collapse.  "Hodeidah", "Hudaydah",
  "Al Hudaydah" -> "hadad"; "Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor" -> "dar zar".  A skeleton match is weaker evidence than a fold match; the resolver
  penalises it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

_APOS = re.compile(r"[’'`ʿʾ‘ʻʼ´]")
_NONWORD = re.compile(r"[^a-z0-9]+")
# Arabic definite article in its assimilated forms, as a separate or hyphen-joined word.
ARTICLES = frozenset(
    "al el il ul ad ed ah an en ar er as es at et ath adh ash esh az ez ax".split()
)
_FUSED_ARTICLE = re.compile(r"^[ae]([dnrstz]|sh|th|dh)\1?(?=[a-z]{3})")
_VOWELS = re.compile(r"[aeiou][aeiouwy]*|(?<=[a-z])[wy](?=[aeiou])")
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def fold(name: str) -> str:
    s = unidecode(_APOS.sub("", name)).lower()
    s = _APOS.sub("", s)  # unidecode turns some marks into apostrophes
    return _NONWORD.sub(" ", s).strip()


def _skel_word(w: str) -> str:
    w = w.replace("ou", "u").replace("ee", "i").replace("kh", "k").replace("gh", "g")
    w = w.replace("q", "k").replace("ph", "f")
    if len(w) > 3 and w[-1] == "h" and w[-2] in "aeiou":  # ta marbuta: "Raqqah" = "Raqqa"
        w = w[:-1]
    head, tail = w[0], w[1:]
    if head in "aeiou":
        head = "a"
    # any run of vowels (and w/y between them) is one "a": Hudaydah = Hodeidah, Dayr = Deir
    return _DOUBLE.sub(r"\1", _VOWELS.sub("a", head + tail))


def _without_articles(name: str) -> list[str]:
    """The folded words of a name without Arabic articles, separate ("al Duma") or fused ("Ezzor")."""
    words = fold(name).split()
    out = []
    for i, w in enumerate(words):
        if w in ARTICLES and len(words) > 1:
            continue
        if i > 0 or len(words) == 1:
            fused = _FUSED_ARTICLE.match(w)
            if fused and w[fused.end() - 1] == w[fused.end()]:  # "ezzor", "assuwayda"
                w = w[fused.end() - 1 :]
        out.append(w)
    return out


@lru_cache(maxsize=200_000)
def skeleton(name: str) -> str:
    return " ".join(_skel_word(w) for w in _without_articles(name))


# A run of vowels, with a w/y that closes it ("ay" in "Bayda", not the consonant y of "Ayoun")
_VOWEL_RUN = re.compile(r"[aeiou]+(?:[wy](?![aeiou]))?")
_VOWEL_CLASS = {"a": "a", "e": "a", "i": "i", "o": "u", "u": "u"}
_CONSONANTS = re.compile(r"[b-df-hj-np-tvxz]")  # not w or y: they come and go between spellings
_DIGRAPH = re.compile(r"([cdgkstz])h")  # one sound: "sh", "th", "dh", "kh", "zh"


def _vowel_word(w: str) -> str:
    """A word with each vowel run reduced to its class: a/e (fatha, "Deraa" = "Daraa"), i, o/u
    (damma, "Douma" = "Duma"); digraphs, ta marbuta and doubled letters as in the skeleton."""
    w = w.replace("ou", "u").replace("oo", "u").replace("ee", "i").replace("kh", "k").replace("gh", "g")
    w = w.replace("q", "k").replace("ph", "f")
    w = re.sub(r"(?<=[^aeiou])y(?=[aeiou])", "i", w)  # "Kyiv" = "Kiev"
    if len(w) > 3 and w[-1] == "h" and w[-2] in "aeiou":
        w = w[:-1]
    return _DOUBLE.sub(r"\1", _VOWEL_RUN.sub(lambda m: _VOWEL_CLASS[m.group()[0]], w))


# Words that name the kind of an administrative unit; "Idlib Governorate" is also "Idlib".
ADMIN_WORDS = frozenset(
    """governorate province state region district county municipality municipio department
    departamento prefecture oblast raion rayon krai okrug division parish canton commune
    subdistrict sub-district nahiya muhafazah wilayah wilaya velayat emirate territory lga
    area council city capital metropolitan autonomous republic local government of the de del
    township upazila upazilla tehsil taluka taluk partido woreda""".split()
)
# Words that make a name a site rather than a settlement: "Bloubergstrand beach", "Banque du Liban".
_FACILITY = re.compile(
    r"\b(?:beach|bank|banque|square|street|road|avenue|highway|hospital|clinic|university|school|college|"
    r"mosque|church|temple|market|office|ministry|headquarters|building|prison|jail|palace|court|"
    r"stadium|park|hotel|company|station|plaza|mall|parliament|embassy|roundabout|bridge|airport|port|"
    r"factory|plant|farm|hall|house|tower|center|centre|"
    r"officer|minister|council|committee|commission|authority|police|army|forces|party|movement|"
    r"seray|saray|serail|sarai|union|consulate|federation|association|syndicate|organi[sz]ation|"
    r"agency|directorate|department|institute|foundation)s?\b", re.I)


def is_facility(name: str) -> bool:
    """Does the name say site ("X Hospital", "X Square") rather than settlement?"""
    return bool(_FACILITY.search(name))


def strip_admin_words(name: str) -> str:
    """'Municipio de Cuauhtémoc' -> 'Cuauhtémoc'; 'Idlib Governorate' -> 'Idlib'; keeps the name if
    nothing would be left."""
    words = name.split()
    kept = [w for w in words if w.lower().strip(",.") not in ADMIN_WORDS]
    return " ".join(kept) if kept else name


def place_key(name: str | None) -> str | None:
    """The key a search compares place names by, so "Douma", "Duma", "Dūmā" and "al-Duma" are one name.

    A name of three consonants or more is compared by its skeleton ("Hodeidah" = "Hudaydah", "Mosul" =
    "Mawsil").  In a shorter name the vowels are most of what tells places apart, and the skeleton
    would make "Quetta" find "Quito" and "Douma" find "Dama": it keeps each vowel's class instead
    (a/e, i, o/u), "Duma" = "Douma" but not "Dama".  The two kinds of key never meet ("=" marks the
    short one)."""
    if not name:
        return None
    skel = skeleton(name)
    sounds = _DIGRAPH.sub(r"\1", _DOUBLE.sub(r"\1", skel.replace(" ", "")))
    if len(_CONSONANTS.findall(sounds)) >= 3:
        return skel
    short = " ".join(_vowel_word(w) for w in _without_articles(name))
    return f"={short}" if short else None
