"""Where a case is, for the map: each place a case names belongs to one area — a region of today (drawn from
geo/regions.json), the whole of France, outside France, or « non précisé ».

Regions are places of their own; any other place goes through the documented table `vocab/places.yml` (a city, a
former region such as « Poitou-Charentes » → Nouvelle-Aquitaine, « Monde » → outside France). A place the table
does not know is a validation problem at its line (validate.case_rules), never a case silently left off the map.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml

from . import schema
from .addresses import slugify

# Where a source is silent (« non précisé »): a place of its own, off the map.
UNSPECIFIED = schema.UNSPECIFIED

# The areas off the map: (address, name shown, kind). Their addresses are also places' addresses (« France » →
# /territoires/france/, « non précisé » → /territoires/non-precise/), so a place's page and its area's are one.
NATIONAL, ABROAD, UNKNOWN = "france", "hors-de-france", "non-precise"
OFF_MAP = ((NATIONAL, "France entière", "national"), (ABROAD, "Hors de France", "international"),
           (UNKNOWN, "Lieu non précisé", "unspecified"))
# Places that name an off-map area without being in the table (besides the areas' own names).
OWN_NAMES = {"France": NATIONAL, "Monde": ABROAD, UNSPECIFIED: UNKNOWN}


@dataclass(frozen=True)
class Area:
    """A region (kind "region" or "overseas", with its outline and label point) or an area off the map."""

    slug: str
    name: str
    kind: str
    path: str = ""
    label: tuple[int, int] = (0, 0)

    @property
    def drawn(self) -> bool:
        return bool(self.path)


def fold(name: str) -> str:
    """A place without case, accents, spacing or punctuation differences (« ile de france » = « Île-de-France »)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


_FOLDED_UNSPECIFIED = fold(UNSPECIFIED)


@cache
def geometry() -> dict:
    """The outlines of today's regions (derived from pygal-maps-fr by scripts/derive_regions.py; LGPL v3+)."""
    return json.loads(resources.files("pionniers").joinpath("geo", "regions.json").read_text(encoding="utf-8"))


@cache
def areas() -> dict[str, Area]:
    """Every area by address: the 13 metropolitan regions, the 5 overseas ones, then the three off the map."""
    out: dict[str, Area] = {}
    for region in geometry()["regions"].values():
        slug = slugify(region["name"])
        out[slug] = Area(slug, region["name"], "overseas" if region["overseas"] else "region", region["path"],
                         tuple(region["label"]))
    for slug, name, kind in OFF_MAP:
        out[slug] = Area(slug, name, kind)
    return out


@cache
def table() -> dict[str, str]:
    """Folded place name -> area address: the regions' own names, the off-map names, then vocab/places.yml."""
    text = resources.files("pionniers").joinpath("vocab", "places.yml").read_text(encoding="utf-8")
    out = {fold(area.name): slug for slug, area in areas().items() if area.kind in ("region", "overseas")}
    out.update({fold(name): slug for name, slug in OWN_NAMES.items()})
    out.update({fold(name): slug for name, slug in (yaml.safe_load(text) or {}).items()})
    return out


def known_names() -> list[str]:
    """Every place name the map knows, as written (regions, the names off the map, vocab/places.yml): what a
    synthetic corpus may use."""
    text = resources.files("pionniers").joinpath("vocab", "places.yml").read_text(encoding="utf-8")
    names = [a.name for a in areas().values() if a.kind in ("region", "overseas")]
    return sorted({*names, *OWN_NAMES, *(yaml.safe_load(text) or {})})


def area_of(place: str) -> Area | None:
    """The area a place belongs to; None when the table does not know it (a validation problem)."""
    slug = table().get(fold(place))
    return areas()[slug] if slug else None


def is_unspecified(text: str) -> bool:
    """« non précisé » however it is written (« Non précisé », « non precise »). Long texts (what a partner brings,
    in a sentence) are told apart by their length before any folding: this runs for every organisation."""
    return len(text) <= 2 * len(UNSPECIFIED) and fold(text) == _FOLDED_UNSPECIFIED


@lru_cache(maxsize=1024)
def _closest_place(place: str) -> str | None:
    from .near import closest

    return closest(place, [a.name for a in areas().values()], cutoff=0.6)


def unknown_place_message(place: str) -> str:
    close = _closest_place(place)
    hint = f"vouliez-vous dire « {close} » ? " if close else ""
    return (f"lieu « {place} » inconnu de la carte : {hint}écrivez une région d’aujourd’hui, « France », « Monde » "
            f"ou « {UNSPECIFIED} », ou ajoutez ce lieu et sa région à scripts/pionniers/vocab/places.yml")
