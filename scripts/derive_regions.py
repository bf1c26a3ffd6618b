#!/usr/bin/env python3
"""Derive today's French regions (13 in metropolitan France, 5 overseas) from the former regions drawn in
pygal-maps-fr, and write scripts/pionniers/geo/regions.json. Run once by hand; the site never runs it.

The source: `fr.regions.svg` in the wheel pygal_maps_fr 1.1.0 (Kozea, GNU LGPL v3 or later), which draws the 22
metropolitan regions of before 2016 and the overseas ones. The 2016 reform merged whole former regions, so each
region of today is the union of former ones (table MERGES below). The result keeps the source's licence: see
scripts/pionniers/geo/LICENCE.md.

    python3 -m venv /tmp/geo && /tmp/geo/bin/pip install -c requirements.lock -e ".[carte]"
    /tmp/geo/bin/pip download --no-deps -d /tmp/geo/src pygal-maps-fr==1.1.0
    (cd /tmp/geo/src && unzip -o -q pygal_maps_fr-1.1.0-py3-none-any.whl)
    /tmp/geo/bin/python scripts/derive_regions.py /tmp/geo/src/pygal_maps_fr/fr.regions.svg

Curves are flattened (4 points per Bézier segment), the former regions of one region merged (a 1-unit buffer out
and back closes the slivers between their outlines), then simplified and written as integer SVG paths in a
600-unit-wide frame, with the point where the region's count is printed (its pole of inaccessibility).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from shapely.geometry import MultiPolygon, Polygon
from shapely.ops import polylabel, unary_union

# Today's region (INSEE code, name) -> the former regions (codes of the source file) it is made of.
MERGES: dict[tuple[str, str], tuple[str, ...]] = {
    ("11", "Île-de-France"): ("11",),
    ("24", "Centre-Val de Loire"): ("24",),
    ("27", "Bourgogne-Franche-Comté"): ("26", "43"),
    ("28", "Normandie"): ("23", "25"),
    ("32", "Hauts-de-France"): ("22", "31"),
    ("44", "Grand Est"): ("21", "41", "42"),
    ("52", "Pays de la Loire"): ("52",),
    ("53", "Bretagne"): ("53",),
    ("75", "Nouvelle-Aquitaine"): ("54", "72", "74"),
    ("76", "Occitanie"): ("73", "91"),
    ("84", "Auvergne-Rhône-Alpes"): ("82", "83"),
    ("93", "Provence-Alpes-Côte d’Azur"): ("93",),
    ("94", "Corse"): ("94",),
    ("01", "Guadeloupe"): ("01",),
    ("02", "Martinique"): ("02",),
    ("03", "Guyane"): ("03",),
    ("04", "La Réunion"): ("04",),
    ("06", "Mayotte"): ("06",),
}
OVERSEAS = {"01", "02", "03", "04", "06"}
TRANSLATE = (-42.932808, 96.039162)  # the source group's transform
SCALE = 0.3  # 2000 source units -> 600
SIMPLIFY = 0.6  # in output units
TOKEN = re.compile(r"[MmCcLlHhVvZz]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")


def rings(d: str) -> list[list[tuple[float, float]]]:
    """The closed rings of an SVG path (M, L, H, V, C and Z, absolute or relative), curves flattened."""
    toks = TOKEN.findall(d)
    i, cmd, x, y, start = 0, "", 0.0, 0.0, (0.0, 0.0)
    ring: list[tuple[float, float]] = []
    out: list[list[tuple[float, float]]] = []

    def num() -> float:
        nonlocal i
        i += 1
        return float(toks[i - 1])

    while i < len(toks):
        if toks[i].isalpha():
            cmd = toks[i]
            i += 1
            if cmd in "Zz":
                if ring:
                    out.append(ring)
                ring, (x, y) = [], start
            continue
        rel, c = cmd.islower(), cmd.lower()
        if c == "m":
            dx, dy = num(), num()
            x, y = (x + dx, y + dy) if rel else (dx, dy)
            if ring:
                out.append(ring)
            ring, start, cmd = [(x, y)], (x, y), ("l" if rel else "L")
        elif c == "l":
            dx, dy = num(), num()
            x, y = (x + dx, y + dy) if rel else (dx, dy)
            ring.append((x, y))
        elif c == "h":
            dx = num()
            x = x + dx if rel else dx
            ring.append((x, y))
        elif c == "v":
            dy = num()
            y = y + dy if rel else dy
            ring.append((x, y))
        elif c == "c":
            p = [num() for _ in range(6)]
            if rel:
                p = [p[0] + x, p[1] + y, p[2] + x, p[3] + y, p[4] + x, p[5] + y]
            for k in (1, 2, 3, 4):
                t = k / 4
                a, b, cc, dd = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t ** 2, t ** 3
                ring.append((a * x + b * p[0] + cc * p[2] + dd * p[4], a * y + b * p[1] + cc * p[3] + dd * p[5]))
            x, y = p[4], p[5]
        else:
            raise ValueError(f"commande de chemin non prise en charge : {cmd}")
    if ring:
        out.append(ring)
    return out


def shape(d: str) -> MultiPolygon | Polygon:
    polys = []
    for ring in rings(d):
        points = [((px + TRANSLATE[0]) * SCALE, (py + TRANSLATE[1]) * SCALE) for px, py in ring]
        if len(points) >= 3:
            polys.append(Polygon(points).buffer(0))
    return unary_union(polys)


def path(geometry: MultiPolygon | Polygon) -> str:
    """Integer SVG path data: absolute start of each ring, then relative steps."""
    parts = []
    polys = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    for poly in polys:
        for ring in (poly.exterior, *poly.interiors):
            points = [(round(px), round(py)) for px, py in ring.coords[:-1]]
            dedup = [p for k, p in enumerate(points) if k == 0 or p != points[k - 1]]
            if len(dedup) < 3:
                continue
            steps = " ".join(f"{bx - ax} {by - ay}" for (ax, ay), (bx, by) in zip(dedup, dedup[1:]))
            parts.append(f"M{dedup[0][0]} {dedup[0][1]}l{steps}z")
    return "".join(parts)


def main() -> None:
    source = Path(sys.argv[1])
    svg = source.read_text(encoding="utf-8")
    former = {code: shape(d) for code, d in re.findall(r'class="a(\d\d) region[^"]*">\s*<path[^>]*? d="([^"]+)"', svg)}
    regions = {}
    for (code, name), parts in MERGES.items():
        merged = unary_union([former[p] for p in parts]).buffer(1).buffer(-1)
        simple = merged.simplify(SIMPLIFY, preserve_topology=True)
        biggest = max(simple.geoms, key=lambda g: g.area) if isinstance(simple, MultiPolygon) else simple
        label = polylabel(biggest, tolerance=0.5)
        regions[code] = {"name": name, "overseas": code in OVERSEAS, "path": path(simple),
                         "label": [round(label.x), round(label.y)]}
    drawn = unary_union([former[p] for parts in MERGES.values() for p in parts]).bounds
    box = [int(drawn[0]) - 2, int(drawn[1]) - 2, int(drawn[2] - drawn[0]) + 5, int(drawn[3] - drawn[1]) + 5]
    target = Path(__file__).resolve().parent / "pionniers" / "geo" / "regions.json"
    doc = {"source": "pygal-maps-fr 1.1.0, fr.regions.svg (Kozea), GNU LGPL v3 ou ultérieure ; "
                     "régions de 2016 dérivées par scripts/derive_regions.py",
           "viewBox": box, "regions": regions}
    target.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{target} : {len(regions)} régions, {target.stat().st_size} octets")


if __name__ == "__main__":
    main()
