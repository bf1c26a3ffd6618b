"""What the drawings show, computed from the validated data: pure functions from a case (or the corpus) to plain
values — groups, lengths in percent, counts, sentences. The markup is in templates/_drawings.md.j2.

Every drawing states its scale and never makes one up: a change compares its own two values (same unit, from
zero), a range sits on 0–100 % when it is a share and on 0–its upper bound otherwise, a share is drawn against
100 %, and nothing else (a count of people next to a count of euros) is ever put on a common axis.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from pionniers.common import french, vocab
from pionniers.common.slug import slugify
from pionniers.model import places, schema
from pionniers.pages.wording import figure_caption, figure_value, time_phrase

# Where a source is silent (« non précisé »): shown as such in the diagram, its own bucket on the map.
UNSPECIFIED = schema.UNSPECIFIED


# --- who brings what -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    name: str
    slug: str
    role: str
    brings: str  # "" when the source does not say (shown as « non précisé »)


@dataclass(frozen=True)
class SectorGroup:
    sector: str  # vocabulary key (entreprise, association…)
    label: str  # « Entreprise » or « Entreprises »
    actors: tuple[Actor, ...]


def cocreation(case: schema.Case) -> list[SectorGroup]:
    """The case's organisations grouped by sector, sectors in the vocabulary's order, actors in the case's order."""
    sectors = vocab.load().sectors
    groups: dict[str, list[Actor]] = {key: [] for key in sectors}
    for org in case.organisations:
        brings = "" if places.is_unspecified(org.brings) else org.brings
        groups[org.sector].append(Actor(org.name, slugify(org.name), org.role, brings))
    return [SectorGroup(key, sectors[key].label if len(actors) == 1 else sectors[key].plural, tuple(actors))
            for key, actors in groups.items() if actors]


# --- figures ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    key: str  # what the bar is: « avant », « après », « objectif »
    value: str  # the value as printed (« 25 % »)
    length: str  # percent of the drawing's width, as written in the SVG (« 31.3 »)
    target: bool = False


@dataclass(frozen=True)
class Drawing:
    """A figure's drawing: its kind (change, range, share, target), its bars or band, the ends of its scale as
    printed, and the sentence that says all it shows (its text equivalent)."""

    kind: str
    text: str
    bars: tuple[Bar, ...] = ()
    band: tuple[str, str] = ("0", "0")  # start and width, percent
    scale: tuple[str, str] = ("", "")  # the scale's two ends as printed (« 0 », « 100 % »)
    deadline: str = ""


def _pct(part: float, whole: float) -> str:
    """A length in percent of the drawing's width, at most one decimal (« 31.3 », « 100 »)."""
    value = 0.0 if whole <= 0 else max(0.0, min(100.0, 100.0 * part / whole))
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _deadline(fig: Any) -> str:
    time = fig.time
    if time is not None and (time.by is not None or time.to is not None):
        return f"d’ici {french.moment(time.by if time.by is not None else time.to)}"
    return "échéance non précisée"


def _is_share(fig: Any, *values: float) -> bool:
    return fig.unit == "%" and all(0 <= v <= 100 for v in values)


def drawing(fig: Any) -> Drawing | None:
    """The drawing of a figure, or None when drawing it would add nothing true (a plain count or rate: its number
    says it all, and it has no scale to be drawn against)."""
    target = fig.status == "target"
    if fig.shape == "change":
        return _change(fig, target)
    if fig.shape == "range":
        return _range(fig)
    if fig.shape == "count" and _is_share(fig, fig.value):
        return _share(fig, target)
    if target:
        value = _plain(fig)
        return Drawing("target", f"Objectif, pas encore atteint : {value}, {_deadline(fig)}.", deadline=_deadline(fig))
    return None


def _plain(fig: Any) -> str:

    return " ".join(w for w in (figure_value(fig), figure_caption(fig)) if w)


def _change(fig: Any, target: bool) -> Drawing:
    top = max(fig.from_, fig.to)
    before, after = french.with_unit(fig.from_, fig.unit), french.with_unit(fig.to, fig.unit)
    words = french.unit_words(fig.unit)
    unit = f" {words}" if words else ""
    second = "objectif" if target else "après"
    bars = (Bar("départ" if target else "avant", before, _pct(fig.from_, top)), Bar(second, after, _pct(fig.to, top), target))
    scale = ("0", french.with_unit(top, fig.unit))
    deadline = _deadline(fig) if target else ""
    if target:
        text = f"Point de départ : {before}{unit} ; objectif, pas encore atteint : {after}{unit}, {deadline}."
    else:
        text = f"Avant : {before}{unit} ; après : {after}{unit}."
    return Drawing("change", text + " Barres à l’échelle, à partir de zéro.", bars=bars, scale=scale,
                   deadline=deadline)


def _range(fig: Any) -> Drawing:
    share = _is_share(fig, fig.low, fig.high)
    top = 100 if share else fig.high
    low, high = french.with_unit(fig.low, fig.unit), french.with_unit(fig.high, fig.unit)
    scale = ("0", french.with_unit(top, fig.unit))
    text = f"Fourchette de {low} à {high}, sur une échelle de 0 à {scale[1]}."
    return Drawing("range", text, band=(_pct(fig.low, top), _pct(fig.high - fig.low, top)), scale=scale)


def _share(fig: Any, target: bool) -> Drawing:
    value = french.with_unit(fig.value, fig.unit)
    qualifier = french.QUALIFIERS[fig.qualifier]
    shown = f"{qualifier} {value}".strip()
    deadline = _deadline(fig) if target else ""
    text = (f"Objectif, pas encore atteint : {shown} sur 100 %, {deadline}." if target
            else f"{shown[0].upper()}{shown[1:]} sur 100 %.")
    return Drawing("share", text, bars=(Bar("objectif" if target else "part", shown, _pct(fig.value, 100), target),),
                   scale=("0", "100\u202f%"), deadline=deadline)


# --- one measure at several dates, or from several sources ---------------------------------------------------


@dataclass(frozen=True)
class MeasureItem:
    number: int  # the figure's number on the page (its card is #chiffre-<number>)
    value: str  # as printed (« plus de 33 000 »)
    when: str  # « en 2016 », or "" when its source gives no time
    source: str  # the source id


@dataclass(frozen=True)
class Measure:
    """Figures of a case that count the same thing (`measure`): a series over time when each has its own date, else
    the sources side by side (« divergent » when their values differ, « concordent » otherwise)."""

    name: str
    caption: str  # what is counted (« ménages accompagnés »)
    kind: str  # "series", "divergent" or "agree"
    items: tuple[MeasureItem, ...]
    drawing: Drawing | None = None


def _moment_key(time: schema.Time | None) -> tuple[int, int] | None:
    """When a figure holds, as (year, month) for sorting; None when it has no date of its own."""
    if time is None:
        return None
    moment = next((m for m in (time.as_of, time.since, time.by, time.to) if m is not None), None)
    if moment is None:
        return None
    if isinstance(moment, int):
        return (moment, 0)
    year, month = moment.split("-")
    return (int(year), int(month))


def _figure_number(fig: Any) -> float | None:
    return fig.value if fig.shape in ("count", "rate") else None


def measures(case: schema.Case) -> list[Measure]:
    """The case's measures with two figures or more, in the order of their first figure."""

    groups: dict[str, list[tuple[int, Any]]] = {}
    for number, fig in enumerate(case.figures, start=1):
        if fig.measure:
            groups.setdefault(fig.measure, []).append((number, fig))
    out: list[Measure] = []
    for name, members in groups.items():
        if len(members) < 2:
            continue
        keys = [_moment_key(fig.time) for _, fig in members]
        dated = all(k is not None for k in keys) and len(set(keys)) == len(keys)
        if dated:
            members = [m for _, m in sorted(zip(keys, members), key=lambda pair: pair[0])]  # type: ignore[arg-type]
        items = tuple(MeasureItem(n, figure_value(f), time_phrase(f.time), f.source) for n, f in members)
        first = members[0][1]
        caption = " ".join(w for w in (french.unit_words(first.unit), first.label or "") if w) or figure_caption(first)
        if dated:
            out.append(Measure(name, caption, "series", items, _series(members)))
        else:
            values = {(f.shape, figure_value(f)) for _, f in members}
            out.append(Measure(name, caption, "divergent" if len(values) > 1 else "agree", items))
    return out


def _series(members: list[tuple[int, Any]]) -> Drawing | None:
    """Bars, one per date, on a common scale from zero: only for numbers of one shape and one unit."""
    numbers = [_figure_number(f) for _, f in members]
    units = {f.unit for _, f in members}
    if any(n is None for n in numbers) or len(units) != 1 or len({f.shape for _, f in members}) != 1:
        return None

    unit = units.pop()
    top = max(n for n in numbers if n is not None)
    bars = tuple(Bar(time_phrase(f.time), figure_value(f), _pct(n or 0, top), f.status == "target")
                 for (_, f), n in zip(members, numbers))
    text = " ; ".join(f"{b.key} : {b.value}" for b in bars)
    return Drawing("series", f"Au fil du temps — {text}. Barres à l’échelle, à partir de zéro.", bars=bars,
                   scale=("0", french.with_unit(top, unit)))


# --- the corpus over time and space -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Year:
    year: int
    cases: tuple[schema.Case, ...]
    x: str  # where its bar starts, percent of the chart's width
    height: str  # its bar's height in the chart's units (BAR_ROOM for the busiest year)
    centre: str  # the middle of its slot, percent (where its count is printed)


@dataclass(frozen=True)
class Timeline:
    years: list[Year]  # every year from the first start to the last, empty ones included: the axis is true
    undated: list[schema.Case]  # the cases whose sources give no start year, listed apart
    width: str  # of one bar, percent
    ticks: list[tuple[str, int]]  # (centre of the year's slot, percent; year) printed under the axis
    counts: bool = False  # the number of cases printed above each bar (when the slots are wide enough)


BAR_ROOM = 52  # the chart's units above its axis (room left for the counts over the bars)


def timeline(cases: tuple[schema.Case, ...]) -> Timeline:
    """The cases by start year, on an axis of years (one slot a year, bars from zero, heights proportional to the
    number of cases started that year), with the first and last years and each decade printed under it."""
    by_year: dict[int, list[schema.Case]] = {}
    undated: list[schema.Case] = []
    for case in cases:
        if case.start_year is None:
            undated.append(case)
        else:
            by_year.setdefault(case.start_year, []).append(case)
    undated.sort(key=lambda c: (c.title, c.slug))
    if not by_year:
        return Timeline([], undated, "0", [], False)
    first, last = min(by_year), max(by_year)
    slots = last - first + 1
    most = max(len(c) for c in by_year.values())
    years = [Year(y, tuple(sorted(by_year.get(y, []), key=lambda c: (c.title, c.slug))),
                  _pct(y - first + 0.15, slots), _number(BAR_ROOM * len(by_year.get(y, [])) / most),
                  _pct(y - first + 0.5, slots))
             for y in range(first, last + 1)]
    every = 1 if slots <= 12 else 5 if slots <= 40 else 10
    shown = sorted({first, last, *(y for y in range(first, last + 1) if y % every == 0)})
    if every > 1:  # the first and last years, and the round years not too close to them to be read
        shown = [y for y in shown if y in (first, last) or min(y - first, last - y) >= every / 2]
    ticks = [(_pct(y - first + 0.5, slots), y) for y in shown]
    return Timeline(years, undated, _pct(0.7, slots), ticks, slots <= 30)


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class MapArea:
    area: places.Area
    count: int
    level: int  # 0 (no case) to 4 (the most cases), for the shade; the count is printed too


def map_areas(cases: tuple[schema.Case, ...]) -> list[MapArea]:
    """Every area with its number of cases, in the map's order (regions, overseas, then off the map)."""
    counts = Counter(places.area_of(c.territory.place).slug for c in cases)  # validated: every place has an area
    most = max([counts[a.slug] for a in places.areas().values() if a.drawn] + [1])
    out = []
    for area in places.areas().values():
        n = counts.get(area.slug, 0)
        level = 0 if n == 0 else 1 + min(3, (3 * n) // most)
        out.append(MapArea(area, n, level))
    return out


def case_area(case: schema.Case) -> places.Area:
    return places.area_of(case.territory.place)  # type: ignore[return-value]
