"""`pionniers stale`: what needs a new review, oldest first, each at its file and line — the cases last reviewed more
than two years ago, and the figures older than five years. It informs a maintainer; it never blocks (exit 0).

A figure's date is the most recent one its data gives: `as_of`, the end of a period (`to`), a target's deadline
(`by`); for a count « since » a year, or a figure the source does not date, the year of its source's publication
when the source gives one, else the `since` year. A figure with no date at all is counted apart, never guessed.
A year stands for its last day, a month (« 2017-12 ») for its last day: a figure is only called old when even the
most favourable reading makes it so.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pionniers.common import french
from pionniers.common.paths import Layout
from pionniers.common.problems import Problem
from pionniers.model import schema
from pionniers.model.corpus import case_files, read_case, read_sources
from pionniers.model.load import MAX_BYTES
from pionniers.model.validate import check_file
from pionniers.pages import wording

REVIEW_YEARS = 2
FIGURE_YEARS = 5
_YEAR = re.compile(r"(?<![0-9])(1[89][0-9][0-9]|2[0-9][0-9][0-9])(?![0-9])")


@dataclass(frozen=True)
class Stale:
    """One thing to review: the date that makes it old (the sort key), and where it is, as a warning."""

    since: date
    problem: Problem


@dataclass(frozen=True)
class Report:
    found: list[Stale]
    files: int
    undated: int  # figures whose data gives no date at all
    invalid: int  # files skipped because they do not validate


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (28 February for a 29 February in a year that has none); the first day the
    calendar has when that is before it (« --date 0001-01-01 »)."""
    if day.year - years < date.min.year:
        return date.min
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def end_of(moment: int | str) -> date:
    """A year's last day; a month's (« 2017-12 ») last day."""
    if isinstance(moment, int):
        return date(moment, 12, 31)
    year, month = (int(part) for part in moment.split("-")[:2])
    return date(year, month, calendar.monthrange(year, month)[1])


def source_year(source: schema.Source) -> int | None:
    """The year a source's publication date names, if it names exactly one (« 13 juin 2014 » → 2014)."""
    years = set(_YEAR.findall(source.date)) if source.date != schema.UNSPECIFIED else set()
    return int(years.pop()) if len(years) == 1 else None


def figure_date(fig: Any, sources: dict[str, schema.Source]) -> tuple[date, str] | None:
    """The date a figure holds at, and how it is known; None when nothing dates it."""
    time = fig.time
    if time is not None:
        for moment, how in ((time.as_of, "en"), (time.to, "jusqu’en"), (time.by, "objectif pour")):
            if moment is not None:
                return end_of(moment), f"{how} {french.moment(moment)}"
    published = source_year(sources[fig.source]) if fig.source in sources else None
    if published is not None:
        return end_of(published), f"source publiée en {published}"
    if time is not None and time.since is not None:
        return end_of(time.since), f"depuis {french.moment(time.since)}, source non datée"
    return None


def stale_case(case: schema.Case, loaded: Any, path: str, today: date) -> tuple[list[Stale], int]:
    """What is old in one valid case, and how many of its figures carry no date."""
    found: list[Stale] = []
    reviewed = date.fromisoformat(case.reviewed)
    if reviewed < years_before(today, REVIEW_YEARS):
        line, col = loaded.position(("reviewed",))
        found.append(Stale(reviewed, Problem(
            path, line, col, f"dernière relecture le {french.long_date(case.reviewed)}, il y a plus de "
            f"{REVIEW_YEARS} ans : relisez le cas avec ses sources, puis mettez reviewed à la date du jour",
            "reviewed", "warning")))
    sources = {s.id: s for s in case.records}
    undated = 0
    for i, fig in enumerate(case.figures):
        dated = figure_date(fig, sources)
        if dated is None:
            undated += 1
            continue
        when, how = dated
        if when < years_before(today, FIGURE_YEARS):
            where = ("figures", i, "time") if fig.time is not None else ("figures", i)
            line, col = loaded.position(where)
            found.append(Stale(when, Problem(
                path, line, col, f"chiffre de plus de {FIGURE_YEARS} ans ({how}) : « {wording.figure_sentence(fig)} » ; "
                "cherchez une source plus récente",
                f"figures[{i}]", "warning")))
    return found, undated


def find_stale(layout: Layout, paths: list[Path] | None = None, *, today: date | None = None) -> Report:
    today = today or date.today()
    files, refused = case_files(layout, paths)
    registry = read_sources(layout, today)[0]
    found: list[Stale] = []
    undated = invalid = 0
    for path in files:
        rel = layout.rel(path)
        try:
            checked = check_file(read_case(path, MAX_BYTES), rel)
        except OSError:
            invalid += 1
            continue
        if checked.case is None or checked.loaded is None:
            invalid += 1
            continue
        mine, blank = stale_case(schema.with_records(checked.case, registry), checked.loaded, rel, today)
        found.extend(mine)
        undated += blank
    found.sort(key=lambda s: (s.since, s.problem.path, s.problem.line, s.problem.col))
    return Report(found, len(files), undated, invalid + len(refused))


def summary(report: Report) -> str:
    reviews = sum(1 for s in report.found if s.problem.field == "reviewed")
    figures = len(report.found) - reviews
    parts = [f"{reviews} cas à relire (relecture de plus de {REVIEW_YEARS} ans)",
             f"{figures} chiffre{'s' if figures > 1 else ''} de plus de {FIGURE_YEARS} ans"]
    text = f"{' ; '.join(parts)}, sur {report.files} fichier{'s' if report.files > 1 else ''} de cas"
    if report.undated:
        text += f" ; {report.undated} chiffre{'s' if report.undated > 1 else ''} sans aucune date, non examiné" \
                f"{'s' if report.undated > 1 else ''}"
    if report.invalid:
        text += f" ; {report.invalid} fichier{'s' if report.invalid > 1 else ''} invalide" \
                f"{'s' if report.invalid > 1 else ''} ignoré{'s' if report.invalid > 1 else ''} " \
                "(lancez `pionniers validate`)"
    return text + "."


def stale(layout: Layout, paths: list[Path], fmt: str, today: date | None = None) -> int:
    """Print what is old, oldest first, then one summary line. Always 0: it informs, it does not block."""
    report = find_stale(layout, paths, today=today)
    for item in report.found:
        print(item.problem.github() if fmt == "github" else item.problem.text())
    print(summary(report))
    return 0
