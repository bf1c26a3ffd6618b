"""One impact figure written on one line of the proposal form, read into the data of a figure — or refused, with the
column and what to write instead. Nothing is guessed: a line this grammar does not read is reported, never
approximated. The same grammar is documented in the form (.github/ISSUE_TEMPLATE/proposer-un-cas.yml) and in
CONTRIBUTING.md; the tests hold the three together.

    valeur | unité | ce qui est compté | quand | statut | source | mots exacts de la source

    plus de 33 000 | ménages surendettés | aidés et accompagnés |  | atteint | 1 | + 33 000 ménages surendettés aidés
    63 à 80 | % | des bénéficiaires sortis du surendettement |  | atteint | 1 | 63% à 80% des bénéficiaires …
    de 140 000 à 240 000 | personnes | en insertion | d’ici 2022 | objectif | 2 | passer de 140 000 à 240 000 …
    16 par mois | h | de bénévolat | depuis 2013 | atteint | 1 | 16 h par mois …

The last column takes the rest of the line, so that the source's words may hold a « | » of their own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

COLUMNS = ("valeur", "unité", "ce qui est compté", "quand", "statut", "source", "mots exacts de la source")
STATUSES = {"atteint": "achieved", "objectif": "target", "contexte": "context"}
# Words of approximation the sources use, and the number each stands for (the page shows the words).
APPROXIMATE = {"une dizaine": 10, "une douzaine": 12, "une quinzaine": 15, "une vingtaine": 20, "une trentaine": 30,
               "une quarantaine": 40, "une cinquantaine": 50, "une centaine": 100, "un millier": 1000}
QUALIFIERS = {"plus de": "at_least", "au moins": "at_least", "+": "at_least", "environ": "about", "au plus": "at_most"}
SCALES = {"million": 10**6, "millions": 10**6, "milliard": 10**9, "milliards": 10**9}
MONTHS = {m: i for i, m in enumerate(("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                                      "septembre", "octobre", "novembre", "décembre"), start=1)}

_NUMBER = r"[0-9]{1,3}(?: [0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?"
_SCALED = re.compile(rf"({_NUMBER})(?: ({'|'.join(SCALES)}))?")
_MOMENT = re.compile(rf"(?:({'|'.join(MONTHS)}) )?([0-9]{{4}})")
_DURATION = re.compile(r"[0-9]+(?:,[0-9]+)? (?:ans?|mois|semaines?|jours?|heures?)")
_SOURCE = re.compile(r"(?:source ?)?([0-9]{1,2})")
VALUE_HELP = ("écrivez un nombre (« 70 000 », « 3,5 millions »), « plus de 33 000 », « environ 60 000 », "
              "« une dizaine », une fourchette « 63 à 80 », une évolution « de 25 à 8 » ou un rythme « 16 par mois »")
TIME_HELP = ("écrivez « en 2015 », « depuis 2013 », « d’ici 2020 », « de 2011 à 2014 », « en 5 ans », « fin 2017 » "
             "(un mois aussi : « depuis mars 2013 »), ou laissez la colonne vide si la source ne date pas le chiffre")


class LineError(ValueError):
    """A figure line that cannot be read: which column, and what to write instead."""

    def __init__(self, column: int, message: str) -> None:
        super().__init__(message)
        self.column = column  # 1-based; 0 for the line as a whole
        self.message = message


@dataclass(frozen=True)
class FigureLine:
    data: dict[str, Any]  # the figure, keys in the order a case file writes them
    source: int  # the number of the source it cites (1 = the first line of « Sources »)


def normalise(text: str) -> str:
    """NFC, apostrophes unified, every kind of space (no-break ones included) one plain space, trimmed."""
    text = unicodedata.normalize("NFC", text).replace("'", "’").replace("`", "’")
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def as_written(text: str) -> str:
    """A source's own words (a figure's evidence, a quotation): NFC and trimmed, every character kept as typed (an
    apostrophe, a no-break space), since they must be found as they are in the source."""
    return unicodedata.normalize("NFC", text).strip()


def fold(text: str) -> str:
    """Lowercase without accents, for the closed vocabularies (statuses, sectors, labels)."""
    decomposed = unicodedata.normalize("NFKD", normalise(text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Digits a number of the form may have: what the case file's loader reads back (load.py: 24 characters at most).
DIGITS_MAX = 15


def number(text: str, column: int = 1) -> tuple[int | float, bool]:
    """« 70 000 » → 70000, « 3,5 millions » → 3500000; and whether a scale word was used (the display form then
    keeps the source's words)."""
    match = _SCALED.fullmatch(text)
    if not match:
        if re.fullmatch(r"[0-9]+\.[0-9]+", text):
            raise LineError(column, f"« {text} » : écrivez les décimales avec une virgule (« {text.replace('.', ',')} ») "
                                    "et les milliers avec une espace (« 70 000 »)")
        raise LineError(column, f"nombre illisible « {text} » : {VALUE_HELP}")
    digits, scale = match.groups()
    if sum(ch.isdigit() for ch in digits) > DIGITS_MAX:
        raise LineError(column, f"« {text} » : {DIGITS_MAX} chiffres au plus ; un chiffre d’impact s’écrit à l’échelle "
                                "de la source (« 3,5 millions »), sans décimales au-delà de ce qu’elle donne")
    value = float(digits.replace(" ", "").replace(",", ".")) if "," in digits else int(digits.replace(" ", ""))
    if scale:
        scaled = value * SCALES[scale]
        value = int(scaled) if float(scaled).is_integer() else scaled
    return value, bool(scale)


def value_fields(text: str, unit: str) -> dict[str, Any]:
    """The first column: the figure's shape, its number(s), qualifier and display form."""
    raw = text
    if unit == "%":
        text = re.sub(r" ?%", "", text)
    elif "%" in text:
        raise LineError(1, f"« {raw} » contient « % » mais l’unité (colonne 2) est « {unit} » : mettez « % » dans la "
                           "colonne de l’unité, et le nombre seul ici")
    low = fold(text)
    if low in APPROXIMATE:
        return {"shape": "count", "value": APPROXIMATE[low], "qualifier": "about", "wording": raw}
    rate = re.fullmatch(r"(.+?) par (.+)", text) or re.fullmatch(r"()(toutes les|tous les) ([0-9]+ .+)", text)
    if rate:
        if rate.group(2) in ("toutes les", "tous les"):
            return {"shape": "rate", "value": 1, "per": rate.group(3)}
        fields = count_fields(rate.group(1), raw)
        return {"shape": "rate", **{k: v for k, v in fields.items() if k != "shape"}, "per": rate.group(2)}
    change = re.fullmatch(r"de (.+) à (.+)", text)
    if change:
        return {"shape": "change", "from": number(change.group(1))[0], "to": number(change.group(2))[0]}
    span = re.fullmatch(r"(.+) à (.+)", text)
    if span:
        low_value, high_value = number(span.group(1))[0], number(span.group(2))[0]
        return {"shape": "range", "low": low_value, "high": high_value}
    return count_fields(text, raw)


def count_fields(text: str, raw: str) -> dict[str, Any]:
    qualifier = "exact"
    for words, meaning in sorted(QUALIFIERS.items(), key=lambda item: -len(item[0])):
        if text.startswith(words + " ") or words == "+" and text.startswith("+"):
            qualifier, text = meaning, text[len(words):].strip()
            break
    value, scaled = number(text)
    fields: dict[str, Any] = {"shape": "count", "value": value}
    if qualifier != "exact":
        fields["qualifier"] = qualifier
    if scaled:
        fields["wording"] = raw
    return fields


def moment(text: str, column: int = 4) -> int | str:
    """« 2013 » → 2013, « mars 2013 » → "2013-03"."""
    match = _MOMENT.fullmatch(text)
    if not match:
        raise LineError(column, f"date illisible « {text} » : {TIME_HELP}")
    month, year = match.groups()
    return f"{year}-{MONTHS[month]:02d}" if month else int(year)


def time_fields(text: str) -> dict[str, Any] | None:
    """The fourth column: when the figure holds, in one of the forms a case file knows."""
    low = text.lower()
    if low in ("", "-", "—"):
        return None
    for prefix, key in (("depuis ", "since"), ("d’ici à ", "by"), ("d’ici ", "by")):
        if low.startswith(prefix):
            return {key: moment(low[len(prefix):])}
    period = re.fullmatch(r"de (.+) à (.+)", low)
    if period:
        return {"from": moment(period.group(1)), "to": moment(period.group(2))}
    if low.startswith("en ") and _DURATION.fullmatch(low[3:]):
        return {"during": text[3:]}
    if low.startswith("en "):
        return {"as_of": moment(low[3:])}
    vague = re.fullmatch(r"(fin|début|mi-|mi) ?([0-9]{4})", low)
    if vague:
        return {"as_of": int(vague.group(2)), "wording": text}
    raise LineError(4, f"« {text} » : {TIME_HELP}")


def parse(line: str) -> FigureLine:
    """One line of the « Chiffres d’impact » field. Raises LineError."""
    raw = line.split("|", len(COLUMNS) - 1)
    cells = [normalise(cell) for cell in raw[:-1]] + [as_written(raw[-1])]
    if len(cells) != len(COLUMNS):
        raise LineError(0, f"{len(COLUMNS)} colonnes attendues, séparées par « | », et {len(cells)} trouvée"
                           f"{'s' if len(cells) > 1 else ''} : {' | '.join(COLUMNS)} (laissez vide une colonne sans "
                           "objet, mais gardez ses « | »)")
    value, unit, label, when, status, source, evidence = cells
    if not unit:
        raise LineError(2, "unité manquante : ce que l’on compte (« ménages », « % », « h »)")
    fields = value_fields(value, unit) if value else None
    if fields is None:
        raise LineError(1, f"valeur manquante : {VALUE_HELP}")
    if fold(status) not in STATUSES:
        raise LineError(5, f"statut « {status} » inconnu : écrivez atteint, objectif ou contexte (un chiffre qui "
                           "décrit le problème plutôt que le résultat)")
    match = _SOURCE.fullmatch(fold(source))
    if not match or int(match.group(1)) < 1:
        raise LineError(6, f"source « {source} » illisible : écrivez le numéro de la source dans le champ « Sources » "
                           "(1 pour la première ligne)")
    if len(evidence) >= 2 and evidence[0] + evidence[-1] in ("«»", '""', "“”"):
        evidence = evidence[1:-1].strip()
    if not evidence:
        raise LineError(7, "preuve manquante : recopiez les mots exacts de la source qui donnent ce chiffre")
    data: dict[str, Any] = dict(fields)
    data["unit"] = unit
    if label:
        data["label"] = label
    time = time_fields(when)
    if time is not None:
        data["time"] = time
    data["status"] = STATUSES[fold(status)]
    data["source"] = f"source-{int(match.group(1))}"
    data["evidence"] = evidence
    return FigureLine(data, int(match.group(1)))
