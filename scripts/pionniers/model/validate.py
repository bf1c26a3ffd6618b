"""Validation of one case file: load it, check it against the schema, then the rules that span several fields.

Pydantic reports errors as paths into the data; this module turns each into a Problem at the line and column of
the offending value, in French, with what was expected and how to fix it.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

from pionniers.common import french, near
from pionniers.common.problems import Problem
from pionniers.common.slug import slugify
from pionniers.model import addresses, prose, schema
from pionniers.model.load import Loaded, Path, dotted, french_number_hint, load_text



@dataclass(frozen=True)
class SiteLink:
    """A story's link to a page of this site, kept for the corpus check (does that page, that anchor exist?)."""

    line: int
    col: int
    field: str
    target: str


@dataclass(frozen=True)
class Checked:
    """The outcome for one file: the case if it is valid, where its values stand, its problems, the links to this
    site its stories hold, and the bytes read (published as they are, never read a second time)."""

    path: str
    case: schema.Case | None
    loaded: Loaded | None
    problems: list[Problem]
    links: tuple[SiteLink, ...] = ()
    raw: bytes = b""


def check_file(raw: bytes, path: str, *, today: date | None = None) -> Checked:
    """Everything that can be said about one file on its own (the corpus checks come after, in corpus.py)."""
    loaded, problems = load_text(raw, path)
    if loaded is None:
        return Checked(path, None, None, problems, raw=raw)
    context = {"today": today or date.today()}
    loader_refused = {(p.line, p.col) for p in problems}  # a value the loader refused is reported once
    case: schema.Case | None = None
    try:
        case = schema.Case.model_validate(loaded.data, context=context)
    except ValidationError as err:
        refused = {(p.line, p.col, p.field) for p in problems}  # a value the loader refused is reported once
        problems.extend(p for p in schema_problems(err, loaded, path) if (p.line, p.col, p.field) not in refused)
    if loaded.data.get("reviewed") == schema.REVIEW_PENDING if isinstance(loaded.data, dict) else False:
        problems[:] = [p for p in problems if p.field != "reviewed"]
        problems.append(Problem(path, *loaded.position(("reviewed",)), f"« {schema.REVIEW_PENDING} » : personne n’a "
                                "encore relu ce cas avec ses sources ; relisez-le (chaque chiffre et sa preuve), "
                                "puis écrivez la date du jour, entre guillemets (« \"2026-11-24\" »)", "reviewed"))
    found = case_rules(loaded.data, path)
    rule_problems = [Problem(path, *loaded.position(where), message, dotted(where)) for where, message in found
                     if loaded.position(where) not in loader_refused]
    problems.extend(rule_problems)
    problems.extend(draft_markers(raw, path, loaded))
    prose_found, links = prose_problems(loaded, path)
    problems.extend(prose_found)
    # A block the subset refuses as a whole (a rule, a table, a code block, raw HTML) is told what to write instead,
    # not also that it lacks a marker: a marker added to it would only hide the refusal.
    refused_blocks = {(p.line, p.col) for p in prose_found}
    problems.extend(p for p in marker_problems(loaded, path) if (p.line, p.col) not in refused_blocks)
    if problems:
        case = None
    # Let go of the node tree now, while it is still in the processor's cache: 5,000 trees kept until the corpus is
    # checked would double the memory used and cost more to free.
    return Checked(path, case, loaded.without_tree(), problems, tuple(links), raw)


def prose_problems(loaded: Loaded, path: str,
                   model: type[BaseModel] = schema.Case) -> tuple[list[Problem], list[SiteLink]]:
    """The Markdown subset's refusals in every story-like field, at their line and column in the file; and the
    links to this site those fields hold. `model`: the schema of the file (a case, or a learning path)."""
    problems: list[Problem] = []
    links: list[SiteLink] = []
    for where, text, inline in schema.prose_fields(loaded.data, model):
        if not suspect_prose(text):
            continue  # no syntax character that the subset could refuse or that could make a link
        findings, found_links = prose.check(text, inline=inline)
        lines = text.split("\n")
        for finding in findings:
            snippet = lines[finding.line][finding.col:finding.col + 12] if finding.line < len(lines) else ""
            line, col = loaded.text_position(where, finding.line, finding.col, snippet)
            problems.append(Problem(path, line, col, finding.message, dotted(where)))
        for link in found_links:
            snippet = lines[link.line][link.col:link.col + 12] if link.line < len(lines) else ""
            line, col = loaded.text_position(where, link.line, link.col, snippet)
            links.append(SiteLink(line, col, dotted(where), link.target))
    return problems, links


def marker_problems(loaded: Loaded, path: str) -> list[Problem]:
    """Every block of the story (a paragraph, a list, a quotation) cites a source with a marker [^id], and every
    marker names a source of the case's `sources` list."""
    data = loaded.data
    story = data.get("story") if isinstance(data.get("story"), dict) else {}
    listed = [s for s in data.get("sources") or [] if isinstance(s, str)] if isinstance(data.get("sources"), list) else []
    example = f"[^{listed[0]}]" if listed else "[^identifiant-de-la-source]"
    known = frozenset(listed)
    problems: list[Problem] = []
    for key in schema.SECTIONS:
        text = story.get(key)
        if not isinstance(text, str):
            continue
        where = ("story", key)
        found, bare = prose.markers(text, skip=known)  # only the markers of unlisted sources are reported
        lines = text.split("\n")
        for line, col in bare:
            snippet = lines[line][col:col + 12] if line < len(lines) else ""
            problems.append(Problem(path, *loaded.text_position(where, line, col, snippet),
                                    f"paragraphe sans appel de note : ajoutez à sa fin l’identifiant de la source qui "
                                    f"l’appuie, par exemple {example} (chaque paragraphe du récit cite ses sources)",
                                    dotted(where)))
        for marker in found:
            if marker.source not in listed:
                known = ", ".join(listed) or "aucune"
                problems.append(Problem(path, *loaded.text_position(where, marker.line, marker.col, f"[^{marker.source}]"),
                                        f"appel de note [^{marker.source}] : aucune source « {marker.source} » dans "
                                        f"la liste sources du cas (sources du cas : {known}) ; "
                                        f"{_did_you_mean(marker.source, listed)}ajoutez-la à sources ou corrigez "
                                        "l’identifiant", dotted(where)))
    return problems


# Only a text with one of these can hold Markdown the subset refuses (a heading, a rule, a setext underline, an
# indented or fenced code block, HTML, an image, a table, strikethrough, a reference, a sign read as a bullet) or a
# link: most story paragraphs hold none and are spared the parse. A line's start is read past the quotation and list
# markers that may open it (« 1. -     code » holds a code block, « > 1. - 20 % » a sign read as a bullet). A
# property test checks that a text this misses has no finding. A source marker [^id] is no link (unless an address
# or a definition follows it): it alone does not call for the parse.
SUSPECT_PROSE = re.compile(r"[#<`~|=\t]|\[(?!\^[a-z0-9]+(?:-[a-z0-9]+)*\](?![(:]))|-\s*-|\*\s*\*\s*\*|_\s*_\s*_|"
                           r"(?m:^[ >*+0-9.)-]*-[ ]*$|^[ >*+0-9.)-]* {4}|^[ >*+0-9.)-]*[-+][ \t]\s*[0-9])")
# The same search, quicker on long texts: every alternative begins with a character of its own (a line start is
# the line feed before it, one being put in front of the text), so the regex engine skips at C speed to the next
# character that could begin a match instead of trying every alternative at every position. A property test checks
# that both searches agree.
_SUSPECT_QUICK = re.compile(r"#|<|`|~|\||=|\t|\[(?!\^[a-z0-9]+(?:-[a-z0-9]+)*\](?![(:]))|-\s*-|\*\s*\*\s*\*|_\s*_\s*_|"
                            r"\n(?:[ >*+0-9.)-]*-[ ]*(?m:$)|[ >*+0-9.)-]* {4}|[ >*+0-9.)-]*[-+][ \t]\s*[0-9])")


def suspect_prose(text: str) -> bool:
    """Whether SUSPECT_PROSE finds something in `text` (by the quicker search of the same)."""
    return _SUSPECT_QUICK.search("\n" + text) is not None


PLACEHOLDER = "À COMPLÉTER"  # what `pionniers new` writes in every field a contributor must fill
# Marks of unfinished text: none may reach the published site, wherever it stands in the file (a value, a key, a
# comment). Written in capitals on purpose, so that the French word « brouillon » in a sentence is not one.
DRAFT_MARKERS = re.compile(r"(?<!\w)(?:[AÀ] COMPL[EÉ]TER|BROUILLON|TODO)(?!\w)")
_DRAFT_MESSAGES = {
    "COMPLETER": "ce champ du modèle n’a pas encore été rempli",
    "BROUILLON": "marque de brouillon : un cas publié n’en contient pas ; terminez le passage ou retirez la marque",
    "TODO": "marque de travail en cours : un cas publié n’en contient pas ; faites ce qu’elle annonce ou retirez-la",
}


def draft_markers(raw: bytes, path: str, loaded: Loaded) -> list[Problem]:
    """Every draft marker of the file at its own line and column, with the field whose text holds it (if any)."""
    text = loaded.text or raw.decode("utf-8", "replace")  # the loader decoded it already
    if "COMPL" not in text and "BROUILLON" not in text and "TODO" not in text:
        return []  # every marker holds one of these, in any Unicode form
    text = unicodedata.normalize("NFC", text)
    if not DRAFT_MARKERS.search(text):
        return []
    strings = sorted(((pos, where) for where, pos in loaded.values.items() if isinstance(_at(loaded.data, where), str)),
                     key=lambda item: item[0])
    starts = [pos for pos, _ in strings]
    found = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        for match in DRAFT_MARKERS.finditer(line):
            pos = (lineno, match.start() + 1)
            # The value that holds the marker is the last one to start before it, if its text has the marker (else
            # the marker is in a comment or a key): found by bisection, so that a file of markers costs n log n.
            nearest = bisect.bisect_right(starts, pos) - 1
            holder = strings[nearest][1] if nearest >= 0 else None
            if holder is not None and match.group() not in _at(loaded.data, holder):
                holder = None
            key = "COMPLETER" if "COMPL" in match.group() else match.group()
            found.append(Problem(path, *pos, f"« {match.group()} » : {_DRAFT_MESSAGES[key]}",
                                 dotted(holder) if holder else ""))
    return found


def _at(data: Any, where: Path) -> Any:
    for part in where:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def case_rules(data: dict[str, Any], path: str) -> list[tuple[Path, str]]:
    """Checks across fields of one case. Works on raw data so that it reports even when the schema also fails."""
    found: list[tuple[Path, str]] = []
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    slug = data.get("slug")
    if isinstance(slug, str) and slug != stem:
        found.append((("slug",), f"le slug « {slug} » doit être égal au nom du fichier « {stem} » : "
                                 f"renommez le fichier en {slug}.yml ou corrigez le slug"))
    if data.get("kind") in schema.PERSON_KINDS and not data.get("people"):
        found.append((("kind",), f"un cas de type « {data['kind']} » raconte l’histoire d’une personne : "
                                 "nommez-la dans people (name, role)"))
    sources = data.get("sources") if isinstance(data.get("sources"), list) else []
    ids: dict[str, int] = {}
    for i, source in enumerate(sources):
        if isinstance(source, str):
            if source in ids:
                found.append((("sources", i), f"source « {source} » en double (déjà sources[{ids[source]}]) : "
                                              "retirez ce doublon"))
            ids.setdefault(source, i)
    for part in ("figures", "quotes"):
        items = data.get(part) if isinstance(data.get(part), list) else []
        for i, item in enumerate(items):
            ref = item.get("source") if isinstance(item, dict) else None
            if isinstance(ref, str) and ref not in ids:
                known = ", ".join(sorted(ids)) or "aucune"
                found.append(((part, i, "source"), f"source « {ref} » introuvable dans sources "
                                                   f"{_did_you_mean(ref, ids)}(identifiants connus : {known})"))
    for part in ("related", "aliases"):
        items = data.get(part) if isinstance(data.get(part), list) else []
        for i, item in enumerate(items):
            if item == slug:
                found.append(((part, i), f"« {item} » est le slug de ce cas lui-même : retirez-le de {part}"))
    for part in ("themes", "related", "aliases"):
        items = data.get(part) if isinstance(data.get(part), list) else []
        first: dict[object, int] = {}
        for i, item in enumerate(items):
            if isinstance(item, str) and first.setdefault(item, i) != i:
                found.append(((part, i), f"« {item} » est déjà dans {part} ({part}[{first[item]}]) : "
                                         "retirez ce doublon"))
    found.extend(_address_rules(data))
    found.extend(_wording_rules(data))
    # Any place is accepted as written (places.py places it on the map, or lists it as « Lieu non localisé »).
    return found


# The numbers each shape of figure holds, in the order a wording says them.
_FIGURE_NUMBERS = {"count": ("value",), "rate": ("value",), "range": ("low", "high"), "change": ("from", "to")}


def _wording_rules(data: dict[str, Any]) -> list[tuple[Path, str]]:
    """A figure's display form (`wording`) that writes digits must write its number(s): « plus de 10 millions »
    shown for a value of 3 would print one figure and publish another in the open data."""
    found: list[tuple[Path, str]] = []
    figures = data.get("figures") if isinstance(data.get("figures"), list) else []
    for i, fig in enumerate(figures):
        if not isinstance(fig, dict) or not isinstance(fig.get("wording"), str):
            continue
        written = french.numbers_in(fig["wording"])
        if not written:
            continue  # « une dizaine »: words, not digits
        for key in _FIGURE_NUMBERS.get(str(fig.get("shape")), ()):
            value = fig.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and \
                    not any(math.isclose(value, n, rel_tol=1e-9) for n in written):
                found.append((("figures", i, "wording"),
                              f"la forme affichée « {fig['wording']} » ne dit pas le nombre de « {key} » "
                              f"({french.number(value)}) : le nombre s’écrit à sa vraie échelle (« 3,5 millions » → "
                              "3500000) ; corrigez l’un ou l’autre pour qu’ils disent la même chose"))
                break
    return found


def _address_rules(data: dict[str, Any]) -> list[tuple[Path, str]]:
    """Slugs and names that become addresses: none may be empty or overwrite an index or a generated folder."""
    found: list[tuple[Path, str]] = []
    reserved = ", ".join(sorted(addresses.RESERVED))
    candidates: list[tuple[Path, object]] = [(("slug",), data.get("slug"))]
    aliases = data.get("aliases")
    candidates += [(("aliases", i), a) for i, a in enumerate(aliases if isinstance(aliases, list) else [])]
    for where, value in candidates:
        if isinstance(value, str) and value in addresses.RESERVED:
            found.append((where, f"« {value} » est réservé (il écraserait une page d’index ou un dossier du site) : "
                                 f"choisissez un autre slug (réservés : {reserved})"))
    orgs = data.get("organisations")
    names: list[tuple[Path, object]] = [(("organisations", i, "name"), o.get("name"))
                                        for i, o in enumerate(orgs if isinstance(orgs, list) else [])
                                        if isinstance(o, dict)]
    territory = data.get("territory")
    if isinstance(territory, dict):
        names.append((("territory", "place"), territory.get("place")))
    for where, name in names:
        if not isinstance(name, str) or not name.strip():
            continue
        slug = slugify(name)
        if not slug:
            found.append((where, f"« {name} » ne donne aucune adresse (ni lettre ni chiffre, dans aucune écriture) : "
                                 "écrivez le nom de l’organisation ou du lieu en toutes lettres"))
        elif slug in addresses.RESERVED:
            found.append((where, f"« {name} » donnerait l’adresse réservée « {slug} » (page d’index ou dossier du "
                                 "site) : précisez le nom"))
    return found


# --- from pydantic errors to problems ----------------------------------------------------------------------------


def schema_problems(err: ValidationError, loaded: Loaded, path: str,
                     model: type[BaseModel] = schema.Case) -> list[Problem]:
    by_place: dict[Path, list[dict[str, Any]]] = {}
    for error in err.errors(include_url=False):
        where = _clean_loc(error["loc"], loaded.data, error["type"])
        by_place.setdefault(where, []).append(error)
    problems = []
    for where, errors in by_place.items():
        error = _most_telling(errors)
        message = _message(error, where, loaded.data, model)
        if error["type"] == "extra_forbidden" and where in loaded.keys:
            line, col = loaded.keys[where]
        elif error["type"] == "missing":
            line, col = loaded.position(where[:-1])
        elif error["type"] == "union_tag_invalid" and where + ("shape",) in loaded.values:
            line, col = loaded.values[where + ("shape",)]
        else:
            line, col = loaded.position(where)
        problems.append(Problem(path, line, col, message, dotted(where)))
    return problems


def _clean_loc(loc: tuple[Any, ...], data: Any, kind: str) -> Path:
    """Keep the parts of a pydantic location that are real keys or indexes; drop union and validator tags."""
    out: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif isinstance(part, str) and isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(part, str) and last and kind == "missing" and isinstance(node, dict):
            out.append(part)
    return tuple(out)


def _most_telling(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """Of several errors at one place (one per union branch), the one that says most."""
    for error in errors:
        if not error["type"].endswith(("_type", "is_instance_of")) and error["type"] != "string_pattern_mismatch":
            return error
    for error in errors:
        if error["type"] == "string_pattern_mismatch":
            return error
    return errors[0]


def _message(error: dict[str, Any], where: Path, data: dict[str, Any],
             model: type[BaseModel] = schema.Case) -> str:
    kind, value = error["type"], error.get("input")
    ctx = error.get("ctx") or {}
    name = next((part for part in reversed(where) if isinstance(part, str)), "le fichier")
    node = _schema_at(where, data, model)
    if kind == "missing":
        hint = node.get("description", "") if node else ""
        return f"champ obligatoire « {name} » manquant : ajoutez-le. {hint}".strip()
    if kind == "extra_forbidden":
        allowed = sorted(_schema_at(where[:-1], data, model).get("properties", {}))
        return (f"champ inconnu « {name} » : {_did_you_mean(name, allowed)}"
                f"champs possibles ici : {', '.join(allowed)}")
    if kind == "literal_error":
        allowed = _literal_values(node)
        return (f"valeur « {value} » inconnue pour « {name} » : {_did_you_mean(str(value), allowed)}"
                f"valeurs possibles : {', '.join(allowed)}")
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        shapes = ", ".join(schema.FIGURE_SHAPES)
        if kind == "union_tag_not_found":
            return f"champ « shape » manquant : indiquez la forme du chiffre ({shapes})"
        return f"forme « {ctx.get('tag')} » inconnue : {_did_you_mean(str(ctx.get('tag')), schema.FIGURE_SHAPES)}" \
               f"formes possibles : {shapes}"
    if kind == "string_type":
        quoted = " : mettez-le entre guillemets" if isinstance(value, (int, float, bool)) else ""
        return f"texte attendu pour « {name} », trouvé {_describe(value)}{quoted}"
    if kind == "int_type" and isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return (f"nombre entier attendu pour « {name} », trouvé {value} : écrivez {int(value)}, sans « .0 »")
    if kind in ("int_type", "float_type", "int_parsing", "float_parsing"):
        hint = french_number_hint(value) if isinstance(value, str) else None
        if hint:
            return f"nombre attendu pour « {name} » : écrivez {hint} (sans espace, point décimal)"
        return f"nombre attendu pour « {name} », trouvé {_describe(value)} : écrivez-le en chiffres, sans guillemets"
    if kind == "bool_type":
        return f"true ou false attendu pour « {name} », trouvé {_describe(value)}"
    if kind == "list_type":
        return f"liste attendue pour « {name} » : une ligne par élément, commençant par « - »"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"groupe de champs attendu pour « {name} » (des lignes « clé: valeur » indentées dessous)"
    if kind == "string_too_long":
        return (f"« {name} » est trop long : {ctx.get('max_length')} caractères au plus, "
                f"ici {len(value) if isinstance(value, str) else '?'} ; raccourcissez-le")
    if kind == "string_too_short":
        return f"« {name} » ne peut pas être vide : écrivez un texte ou retirez le champ s’il est facultatif"
    if kind == "too_short":
        return f"« {name} » doit contenir au moins {ctx.get('min_length')} élément : ajoutez-en un"
    if kind == "too_long":
        return f"« {name} » contient trop d’éléments ({ctx.get('max_length')} au plus)"
    if kind == "string_pattern_mismatch":
        return _pattern_message(name, value, ctx.get("pattern", ""))
    if kind in ("greater_than_equal", "greater_than"):
        return f"« {name} » doit être un nombre positif ou nul, trouvé {value}"
    if kind in ("less_than_equal", "less_than"):
        limit = ctx.get("le", ctx.get("lt"))
        shown = french.number(limit) if isinstance(limit, (int, float)) else limit
        return (f"« {name} » vaut au plus {shown} : un chiffre d’impact s’écrit à sa vraie échelle, "
                f"mais {_describe(value)} dépasse tout ce qu’une source peut compter ; vérifiez les zéros")
    if kind == "finite_number":
        return f"« {name} » doit être un nombre fini"
    if kind == "value_error":
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        return f"« {name} » : {message}"
    return f"« {name} » : valeur refusée (règle « {kind} ») : vérifiez-la avec la référence des champs"


def _pattern_message(name: str, value: Any, pattern: str) -> str:
    if pattern == schema.SLUG_PATTERN:
        return (f"« {value} » n’est pas un slug valide pour « {name} » : minuscules sans accent, chiffres et "
                "tirets simples (par exemple jean-louis-kiehl-cresus)")
    if pattern == schema.DATE_PATTERN:
        return f"date « {value} » mal écrite pour « {name} » : écrivez-la \"AAAA-MM-JJ\", entre guillemets"
    if pattern == schema.MONTH_PATTERN:
        return (f"« {value} » pour « {name} » : écrivez une année (2013) ou un mois entre guillemets (\"2017-12\") ; "
                "une formulation comme « fin 2017 » va dans wording")
    return f"« {value} » n’a pas la forme attendue pour « {name} »"


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"le booléen {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"le nombre {value}"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "un groupe de champs"
    if value is None:
        return "une valeur vide"
    return f"le texte « {value} »"


def _did_you_mean(word: str, options: Any) -> str:
    close = near.closest(word, options, cutoff=0.6)
    return f"vouliez-vous dire « {close} » ? " if close else ""


@cache
def _published_schema(model: type[BaseModel] = schema.Case) -> dict[str, Any]:
    return model.model_json_schema(by_alias=True)


def _schema_at(where: Path, data: Any, model: type[BaseModel] = schema.Case) -> dict[str, Any]:
    """The JSON Schema node describing the value at `where` (used for allowed keys and descriptions)."""
    root = _published_schema(model)
    defs = root.get("$defs", {})

    def resolve(node: dict[str, Any], value: Any) -> dict[str, Any]:
        while True:
            if "$ref" in node:
                node = defs[node["$ref"].rsplit("/", 1)[-1]]
            elif "oneOf" in node or "anyOf" in node:
                options = node.get("oneOf") or node.get("anyOf")
                mapping = node.get("discriminator", {}).get("mapping", {})
                tag = value.get("shape") if isinstance(value, dict) else None
                if isinstance(tag, str) and tag in mapping:
                    node = defs[mapping[tag].rsplit("/", 1)[-1]]
                    continue
                fitting = [o for o in options if "$ref" in o or "properties" in o or "items" in o or "enum" in o
                           or "const" in o]
                if not fitting:
                    return node
                node = fitting[0]
            else:
                return node

    node: dict[str, Any] = resolve(root, data)
    value: Any = data
    for part in where:
        if isinstance(part, int):
            node = node.get("items", {})
            value = value[part] if isinstance(value, list) and part < len(value) else None
        else:
            props = node.get("properties", {})
            node = props.get(part, {})
            value = value.get(part) if isinstance(value, dict) else None
        node = resolve(node, value)
    return node


def _literal_values(node: dict[str, Any]) -> list[str]:
    if "enum" in node:
        return [str(v) for v in node["enum"]]
    if "const" in node:
        return [str(node["const"])]
    return []
