"""A figure and a moment as readers read them, in French: the big value of a figure card, what it counts, when.

Pure functions of the case model, shared by the pages, the drawings, the open data and the link-preview images.
"""

from __future__ import annotations

from typing import Any

from pionniers.common import french
from pionniers.model import schema


def figure_value(fig: Any) -> str:
    """The big line of a figure card: « plus de 33 000 », « 63 % à 80 % », « de 25 % à 8 % », « 16 h par mois »,
    « 450 000 par an », « toutes les 3 minutes » (a rate of one thing)."""
    if fig.wording:
        return fig.wording
    if fig.shape == "range":
        return f"{french.with_unit(fig.low, fig.unit)} à {french.with_unit(fig.high, fig.unit)}"
    if fig.shape == "change":
        return f"de {french.with_unit(fig.from_, fig.unit)} à {french.with_unit(fig.to, fig.unit)}"
    qualifier = french.QUALIFIERS[fig.qualifier]
    if fig.shape == "rate":
        if fig.value == 1 and fig.unit not in french.SYMBOL_UNITS and not qualifier:
            return french.period_phrase(fig.per)
        return f"{qualifier} {french.with_unit(fig.value, fig.unit)} {french.period_phrase(fig.per)}".strip()
    return f"{qualifier} {french.with_unit(fig.value, fig.unit)}".strip()


def figure_caption(fig: Any) -> str:
    """What is counted: « ménages surendettés aidés… », « dossier déposé »; after a quantity noun, with its
    « de »: « une dizaine » → « d’institutions bancaires », « 3,5 millions » → « de Français »."""
    caption = " ".join(w for w in (french.unit_words(fig.unit), fig.label or "") if w)
    return french.after_quantity(figure_value(fig), caption)


def time_phrase(time: schema.Time | None) -> str:
    if time is None:
        return ""
    if time.wording:
        return time.wording
    if time.as_of is not None:
        return f"en {french.moment(time.as_of)}"
    if time.since is not None:
        return f"depuis {french.moment(time.since)}"
    if time.by is not None:
        return f"d’ici {french.moment(time.by)}"
    if time.from_ is not None and time.to is not None:
        return f"de {french.moment(time.from_)} à {french.moment(time.to)}"
    return f"en {time.during}"


def figure_sentence(fig: Any) -> str:
    """One line for tables and open data: « plus de 33 000 ménages surendettés aidés… (depuis 2013) »."""
    when = time_phrase(fig.time)
    text = f"{figure_value(fig)} {figure_caption(fig)}".strip()
    return f"{text} ({when})" if when else text
