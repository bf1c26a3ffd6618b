"""The home page's featured cases, chosen by hand in `accueil.yml` at the repository's root: read safely (the case
loader, with positions), and every slug checked against the corpus, each problem at its line."""

from __future__ import annotations

import os
from pathlib import Path

from pionniers.common.near import closest
from pionniers.common.problems import Problem
from pionniers.model.load import load_text

FEATURED_MAX = 3
KEY = "a_la_une"


def read(path: Path, rel: str, slugs: set[str]) -> tuple[tuple[str, ...], list[Problem]]:
    """The featured slugs in `path` (none when the file is absent), and the problems of the file."""
    if not os.path.lexists(path):
        return (), []
    if path.is_symlink() or not path.is_file():
        return (), [Problem(rel, 1, 1, f"{rel} n’est pas un fichier ordinaire (lien symbolique, dossier…) : la "
                                       "construction ne suit aucun lien ; remplacez-le par le fichier lui-même", "")]
    raw = path.read_bytes()
    if not any(line.strip() and not line.lstrip().startswith("#") for line in raw.decode("utf-8", "replace").split("\n")):
        return (), [Problem(rel, 1, 1, f"{rel} est vide : écrivez « {KEY}: » puis, une par ligne commençant par "
                                       f"« - », 1 à {FEATURED_MAX} slugs de cas (ou supprimez le fichier : l’accueil "
                                       "n’aura alors pas de cas à la une)", KEY)]
    loaded, problems = load_text(raw, rel)
    if loaded is None:
        return (), problems
    for key in loaded.data:
        if key != KEY:
            problems.append(Problem(rel, *loaded.keys.get((key,), (1, 1)), f"champ inconnu « {key} » : seul « {KEY} » "
                                                                   "(la liste des cas à la une) est attendu", key))
    items = loaded.data.get(KEY)
    if not isinstance(items, list) or not items:
        where = (KEY,) if KEY in loaded.data else ()
        problems.append(Problem(rel, *loaded.position(where), f"« {KEY} » : une liste de 1 à {FEATURED_MAX} slugs de "
                                                             "cas est attendue, un par ligne commençant par « - »", KEY))
        return (), problems
    chosen: list[str] = []
    for i, slug in enumerate(items):
        where, field = (KEY, i), f"{KEY}[{i}]"
        if not isinstance(slug, str) or slug not in slugs:
            close = closest(str(slug), sorted(slugs), cutoff=0.7)
            hint = f" (vouliez-vous dire « {close} » ?)" if close else ""
            problems.append(Problem(rel, *loaded.position(where), f"cas « {slug} » introuvable{hint} : indiquez le "
                                                                  "slug d’un cas de cases/", field))
        elif slug in chosen:
            problems.append(Problem(rel, *loaded.position(where), f"« {slug} » est déjà à la une : retirez ce doublon",
                                    field))
        else:
            chosen.append(slug)
    if len(items) > FEATURED_MAX:
        problems.append(Problem(rel, *loaded.position((KEY, FEATURED_MAX)), f"{len(items)} cas à la une : "
                                                                            f"{FEATURED_MAX} au plus", KEY))
    return tuple(chosen), problems
