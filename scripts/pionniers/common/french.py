"""French typography for figures, dates and times: pure functions used as template filters."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

NNBSP = "\u202f"  # narrow no-break space: thousands, and before % (as the French typographic tradition has it)
NBSP = "\u00a0"

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")
# Units printed glued to their number (with a narrow no-break space) rather than as words after it.
SYMBOL_UNITS = frozenset({"%", "€", "k€", "M€", "h", "km", "t"})
QUALIFIERS = {"exact": "", "at_least": "plus de", "about": "environ", "at_most": "au plus"}
FEMININE_PERIODS = ("minute", "heure", "semaine", "seconde", "année", "journée")


def number(value: float | int) -> str:
    """70000 → « 70 000 », 3.5 → « 3,5 », 3500000 → « 3,5 millions »."""
    if value >= 1_000_000 and round(value / 1_000_000, 2) * 1_000_000 == value:
        millions = value / 1_000_000
        whole, _, decimals = f"{millions:.2f}".rstrip("0").rstrip(".").partition(".")
        text = _group(int(whole)) + (f",{decimals}" if decimals else "")
        return f"{text}{NBSP}million{'s' if millions >= 2 else ''}"
    if isinstance(value, float) and not value.is_integer():
        # The shortest decimal that reads back as this float (repr), written out without an exponent: 1e-07 →
        # « 0,0000001 », 0.5 → « 0,5 », never « 0, ».
        whole, _, decimals = format(Decimal(repr(value)), "f").partition(".")
        return f"{_group(int(whole))},{decimals}" if decimals.strip("0") else _group(int(whole))
    return _group(int(value))


def _group(value: int) -> str:
    return f"{value:,}".replace(",", NNBSP)


def with_unit(value: float | int, unit: str) -> str:
    """The number with its unit when the unit is a symbol (63 %, 16 h); otherwise the number alone."""
    text = number(value)
    return f"{text}{NNBSP}{unit}" if unit in SYMBOL_UNITS else text


def unit_words(unit: str) -> str:
    """The unit as words after the number (« ménages »), or nothing when it is a symbol already printed."""
    return "" if unit in SYMBOL_UNITS else unit


def moment(value: int | str) -> str:
    """2013 → « 2013 »; "2017-12" → « décembre 2017 »."""
    if isinstance(value, int):
        return str(value)
    year, month = value.split("-")[:2]
    return f"{MONTHS[int(month) - 1]} {year}"


def long_date(iso: str) -> str:
    """"2026-11-24" → « 24 novembre 2026 » (« 1er » for the first of the month)."""
    day = date.fromisoformat(iso)
    num = "1er" if day.day == 1 else str(day.day)
    return f"{num} {MONTHS[day.month - 1]} {day.year}"


def period_phrase(per: str) -> str:
    """« par mois »; « toutes les 3 minutes » when the period has a number."""
    if per[:1].isdigit():
        word = per.split(" ", 1)[-1]
        every = "toutes les" if word.startswith(FEMININE_PERIODS) else "tous les"
        return f"{every} {per}"
    return f"par {per}"


# Nouns of quantity: the thing counted comes after them with « de » (« une dizaine d’institutions »).
QUANTITY_NOUNS = frozenset({"dizaine", "douzaine", "quinzaine", "vingtaine", "trentaine", "quarantaine",
                            "cinquantaine", "soixantaine", "centaine", "millier", "million", "milliard"})
_ELIDES = tuple("aeiouyhâàéèêëîïôöûùüœæAEIOUYHÂÀÉÈÊËÎÏÔÖÛÙÜŒÆ")


def after_quantity(value: str, counted: str) -> str:
    """`counted` as it follows `value`: with « de » (or « d’ » before a vowel or a mute h) when the value ends with
    a noun of quantity (« une dizaine », « 3,5 millions », « des milliers »), as it is otherwise."""
    words = value.replace(NBSP, " ").split()
    last = words[-1].lower().rstrip("s") if words else ""
    if not counted or last not in QUANTITY_NOUNS or counted.lower().startswith(("de ", "d’", "d'", "des ")):
        return counted
    return f"d’{counted}" if counted.startswith(_ELIDES) else f"de {counted}"


# A number as French writes it: « 70 000 » (any space between thousands), « 3,5 », then maybe a scale word.
_WRITTEN_NUMBER = re.compile(r"(?<![0-9,])([0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]+)(?:,([0-9]+))?"
                             r"(?:[ \u00a0\u202f]+(millions?|milliards?|mille)\b)?")
_SCALE_WORDS = {"million": 10**6, "millions": 10**6, "milliard": 10**9, "milliards": 10**9, "mille": 10**3}


def numbers_in(text: str) -> list[float]:
    """Every number written in digits in a French text, at its true scale: « plus de 3,5 millions en 2015 » →
    [3500000, 2015]. ASCII digits only; linear in the text."""
    found = []
    for whole, decimals, scale in _WRITTEN_NUMBER.findall(text):
        value = float(re.sub(r"[ \u00a0\u202f]", "", whole) + (f".{decimals}" if decimals else ""))
        found.append(value * _SCALE_WORDS.get(scale, 1))
    return found
