"""Open data from the validated corpus: cas.json, cas.csv, chiffres.csv, sources.json. Pure functions returning
text."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from pionniers.common import vocab
from pionniers.common.escape import csv_cell
from pionniers.common.paths import Layout
from pionniers.model import parcours, schema
from pionniers.model.sources import cited_by
from pionniers.pages import cite
from pionniers.pages.wording import figure_sentence, time_phrase

CASE_COLUMNS = ("slug", "url", "titre", "type", "annee_debut", "territoire", "echelle", "themes", "personnes",
                "organisations", "resume", "nb_chiffres", "derniere_relecture", "licence")
FIGURE_COLUMNS = ("cas", "url", "forme", "valeur", "borne_basse", "borne_haute", "de", "a", "par", "qualificatif",
                  "unite", "ce_qui_est_compte", "formulation", "temps_forme", "temps_valeur", "temps_fin", "temps_texte",
                  "statut", "source_id", "source_titre", "source_editeur", "source_auteur", "source_date", "preuve",
                  "phrase")


def case_url(slug: str, site_url: str = "") -> str:
    """A case's address: full when the site has one (`site_url`), else from the root of the site."""
    return cite.address(f"/cas/{slug}/", site_url)


def cases_json(cases: tuple[schema.Case, ...], site_url: str = "") -> str:
    """Every case, normalised (defaults filled, keys as in the case files) with its url and French labels."""
    v = vocab.load()
    items = []
    for case in cases:
        data = case.model_dump(mode="json", by_alias=True)
        data["url"] = case_url(case.slug, site_url)
        data["kind_label"] = v.kinds[case.kind].label
        data["theme_labels"] = [v.themes[t].label for t in case.themes]
        data["license"] = cite.TEXTS.spdx
        items.append(data)
    # No indent: the C encoder then does the work (five times faster at 1,000 cases).
    return json.dumps({"version": 1, "license": _licence(), "cases": items}, ensure_ascii=False,
                      sort_keys=True) + "\n"


def sources_json(records: dict[str, schema.Source], cases: tuple[schema.Case, ...]) -> str:
    """Every source record as written (its extracts included), with its page and the cases that cite it."""
    items = []
    citing = cited_by(cases)
    for ident, record in records.items():
        data = record.model_dump(mode="json", by_alias=True)
        data["page"] = f"/sources/{ident}/"
        data["cases"] = [case_url(c.slug) for c in citing.get(ident, [])]
        items.append(data)
    return json.dumps({"version": 1, "license": _licence(), "sources": items}, ensure_ascii=False,
                      sort_keys=True) + "\n"


def _licence() -> dict[str, str]:
    """What the open data says of its licence (the texts' one; the code's is MIT, see LICENSE)."""
    return {"spdx": cite.TEXTS.spdx, "name": cite.TEXTS.name, "url": cite.TEXTS.url,
            "attribution": cite.SITE}


def parcours_json(paths: parcours.Paths, site_url: str = "") -> str:
    """Every learning path, normalised, with its address and, for each step, the address it leads to (full when the
    site has one)."""
    items = []
    for item in paths.items:
        data = item.model_dump(mode="json", by_alias=True)
        data["url"] = cite.address(f"/parcours/{item.slug}/", site_url)
        data["license"] = cite.TEXTS.spdx
        for step, target in zip(data["steps"], paths.targets[item.slug]):
            step["url"] = cite.address(target.address, site_url)
            step["title"] = target.title
        items.append(data)
    return json.dumps({"version": 1, "license": _licence(), "parcours": items}, ensure_ascii=False,
                      sort_keys=True) + "\n"


def vocabularies_json(theme_cases: dict[str, int] | None = None) -> str:
    """The controlled vocabularies (kinds, sectors, scales, themes): each slug of cas.json with its French label and
    definition, and each theme with its number of cases (`cases`). The search box reads the theme labels from it
    for its theme filter, which lists only the themes with cases."""
    v = vocab.load()
    data = {name: {t.slug: {"label": t.label, "plural": t.plural, "definition": t.definition}
                   for t in getattr(v, name).values()}
            for name in ("kinds", "sectors", "scales", "themes")}
    for slug, entry in data["themes"].items():
        entry["cases"] = (theme_cases or {}).get(slug, 0)
    return json.dumps({"version": 1, **data}, ensure_ascii=False, sort_keys=True) + "\n"


def _csv(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    """CSV text; every cell through escape.csv_cell (a spreadsheet never runs a contributor's text as a formula)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


def for_spreadsheet(text: str) -> bytes:
    """The same table for a spreadsheet set to French (LibreOffice, Excel): cells separated by « ; », decimal
    commas (3,5), Windows line ends, and a byte-order mark so that the accents are read as UTF-8. Published beside
    the plain CSV (cas-tableur.csv, chiffres-tableur.csv), which keeps its address and its form."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in csv.reader(io.StringIO(text)):
        writer.writerow([_decimal_comma(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _decimal_comma(cell: str) -> str:
    """« 3.5 » → « 3,5 »: a number with a decimal point, as a French spreadsheet reads one; any other cell as is."""
    if cell[:1].isdigit() and cell.count(".") == 1 and cell.replace(".", "", 1).isdigit():
        return cell.replace(".", ",")
    return cell


def cases_csv(cases: tuple[schema.Case, ...], site_url: str = "") -> str:
    rows = [{
        "slug": c.slug, "url": case_url(c.slug, site_url), "titre": c.title, "type": c.kind,
        "annee_debut": c.start_year if c.start_year is not None else "", "territoire": c.territory.place,
        "echelle": c.territory.scale, "themes": ";".join(c.themes), "personnes": ";".join(p.name for p in c.people),
        "organisations": ";".join(o.name for o in c.organisations), "resume": c.summary,
        "nb_chiffres": len(c.figures), "derniere_relecture": c.reviewed, "licence": cite.TEXTS.spdx,
    } for c in cases]
    return _csv(CASE_COLUMNS, rows)


def _time_fields(time: schema.Time | None) -> dict[str, Any]:
    if time is None:
        return {"temps_forme": "", "temps_valeur": "", "temps_fin": "", "temps_texte": ""}
    for form in ("as_of", "since", "by", "during"):
        value = getattr(time, form)
        if value is not None:
            return {"temps_forme": form, "temps_valeur": value, "temps_fin": "", "temps_texte": time_phrase(time)}
    return {"temps_forme": "period", "temps_valeur": time.from_, "temps_fin": time.to, "temps_texte": time_phrase(time)}


def figures_csv(cases: tuple[schema.Case, ...], site_url: str = "") -> str:
    """One row per impact figure. Numbers stay numbers at their true scale (`valeur` 3500000), the source's way of
    writing them (« 3,5 millions », « une dizaine ») is in `formulation`, the source's own words that state the
    figure in `preuve`, and the French phrase in `phrase`: a reuser can sum `valeur` and check it against `preuve`."""
    rows = []
    for case in cases:
        sources = {s.id: s for s in case.records}
        for fig in case.figures:
            src = sources[fig.source]
            rows.append({
                "cas": case.slug, "url": case_url(case.slug, site_url), "forme": fig.shape,
                "valeur": getattr(fig, "value", ""), "borne_basse": getattr(fig, "low", ""),
                "borne_haute": getattr(fig, "high", ""), "de": getattr(fig, "from_", ""), "a": getattr(fig, "to", ""),
                "par": getattr(fig, "per", ""), "qualificatif": getattr(fig, "qualifier", ""), "unite": fig.unit,
                "ce_qui_est_compte": fig.label or "", "formulation": fig.wording or "", **_time_fields(fig.time),
                "statut": fig.status, "source_id": src.id, "source_titre": src.title,
                "source_editeur": src.publisher, "source_auteur": src.author, "source_date": src.date,
                "preuve": fig.evidence, "phrase": figure_sentence(fig),
            })
    return _csv(FIGURE_COLUMNS, rows)


def schema_text() -> str:
    """The JSON Schema of a case (schema.json_schema), as published in /donnees/ and committed in schema/."""
    return json.dumps(schema.json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def source_schema_text() -> str:
    """The JSON Schema of a source record (sources/<id>.yml), as published and committed in schema/."""
    return json.dumps(schema.json_schema(schema.Source), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def parcours_schema_text() -> str:
    """The JSON Schema of a learning path (parcours.json_schema), as published and committed in schema/."""
    return json.dumps(parcours.json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schema_file(layout: Layout) -> int:
    """`pionniers schema`: rewrite schema/cas.schema.json and schema/parcours.schema.json from the models."""
    layout.schema_file.parent.mkdir(parents=True, exist_ok=True)
    layout.schema_file.write_text(schema_text(), encoding="utf-8")
    paths_schema = layout.schema_file.parent / "parcours.schema.json"
    paths_schema.write_text(parcours_schema_text(), encoding="utf-8")
    source_schema = layout.schema_file.parent / "source.schema.json"
    source_schema.write_text(source_schema_text(), encoding="utf-8")
    print(f"{layout.rel(layout.schema_file)}, {layout.rel(source_schema)} et {layout.rel(paths_schema)} réécrits "
          "depuis le code (scripts/pionniers/model/schema.py, parcours.py).")
    return 0
