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


@lru_cache(maxsize=200_000)
def skeleton(name: str) -> str:
    words = fold(name).split()
    out = []
    for i, w in enumerate(words):
        if w in ARTICLES and len(words) > 1:
            continue
        if i > 0 or len(words) == 1:
            fused = _FUSED_ARTICLE.match(w)
            if fused and w[fused.end() - 1] == w[fused.end()]:  # "ezzor", "assuwayda"
                w = w[fused.end() - 1 :]
        out.append(_skel_word(w))
    return " ".join(out)


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
    """The key a search compares place names by: the transliteration skeleton, so "Douma", "Duma",
    "Dūmā" and "al-Duma" are one name."""
    return (skeleton(name) or None) if name else None
