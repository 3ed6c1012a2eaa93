"""English calendar words and the Arabic articles English news writes in place and person names."""

from __future__ import annotations

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")  # fmt: skip
# Abbreviations as written in news ("Sept. 3", "3 Jan 2020"); "may" has none.
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                       "sept": 9, "oct": 10, "nov": 11, "dec": 12}  # fmt: skip
# name or abbreviation (lower case) -> month number
MONTHS: dict[str, int] = {**{m: i for i, m in enumerate(MONTH_NAMES, 1)}, **MONTH_ABBREVIATIONS}

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAYS: dict[str, int] = {d: i for i, d in enumerate(WEEKDAY_NAMES)}  # Monday is 0, as datetime's
WEEKDAY_ABBREVIATIONS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Regular-expression alternations (no groups), longest spellings first.
MONTH_PATTERN = "|".join(m.capitalize() for m in MONTH_NAMES)
MONTH_ABBREVIATION_PATTERN = r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
WEEKDAY_PATTERN = "|".join(d.capitalize() for d in WEEKDAY_NAMES)

# Arabic definite articles as transliterated ("al-Bab", "ash-Sheikh", "ar-Raqqa", "ad-Dana").
ARABIC_ARTICLES = frozenset({"al", "el", "as", "ash", "ad", "ar", "at", "az", "an", "es", "ed", "ez"})
