"""End to end, as a newcomer walks it, in a temporary clone of the repository: a proposal through the issue form (with
mistakes first, then fixed), and a case started with `pionniers new` and edited by hand. Each ends with the case
validated, published, found on its page, in /cas/, on its theme, organisation and territory pages and in the open
data, and shown as added by `pionniers diff`.

The commands are the installed ones (`.venv/bin/pionniers`), run in the clone: the clone's files (cases, form,
configuration) and this working tree's code. Uncommitted changes of the working tree are carried into the clone, so
that what is tested is what is being written, committed or not.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from issue_body import render
from pionniers.site.sandbox import ROOT

PIONNIERS = Path(sys.executable).parent / "pionniers"
GIT_ENV = {"GIT_AUTHOR_NAME": "Essai", "GIT_AUTHOR_EMAIL": "essai@example.org", "GIT_COMMITTER_NAME": "Essai",
           "GIT_COMMITTER_EMAIL": "essai@example.org"}


def sh(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_COLOR="1", **GIT_ENV)
    env.pop("PIONNIERS_SITE_URL", None)
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def pionniers(clone: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return sh(str(PIONNIERS), *args, cwd=clone)


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    dest = tmp_path / "pionniers"
    assert sh("git", "clone", "--quiet", str(ROOT), str(dest), cwd=tmp_path).returncode == 0
    changed = sh("git", "diff", "--name-only", "HEAD", cwd=ROOT).stdout.split()
    changed += sh("git", "ls-files", "--others", "--exclude-standard", cwd=ROOT).stdout.split()
    for name in changed:
        source, target = ROOT / name, dest / name
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
        elif target.exists():
            target.unlink()
    if changed:
        sh("git", "add", "-A", cwd=dest)
        sh("git", "commit", "--quiet", "-m", "état de travail", cwd=dest)
    assert sh("git", "status", "--porcelain", cwd=dest).stdout == ""
    return dest


def found_everywhere(clone: Path, slug: str, title: str, theme: str, organisation: str, territory: str) -> None:
    """The published case where a reader looks for it."""
    site = clone / "site"

    def page(path: str) -> str:
        return (site / path / "index.html").read_text(encoding="utf-8")

    assert f'href="{slug}/"' in page("cas"), "absent de /cas/"
    assert "<title>" in page(f"cas/{slug}") and 'id="defi"' in page(f"cas/{slug}")
    for where in (f"themes/{theme}", f"organisations/{organisation}", f"territoires/{territory}"):
        assert f"../../cas/{slug}/" in page(where), f"absent de /{where}/"
    cases = json.loads((site / "donnees/cas.json").read_text(encoding="utf-8"))["cases"]
    assert [c["title"] for c in cases if c["slug"] == slug] == [title]
    figures = list(csv.DictReader(io.StringIO((site / "donnees/chiffres.csv").read_text(encoding="utf-8"))))
    assert [row["forme"] for row in figures if row["cas"] == slug], "aucun chiffre dans chiffres.csv"
    assert (site / f"donnees/cas/{slug}.yml").is_file()


def published_and_shown_as_added(clone: Path, slug: str) -> None:
    validate = pionniers(clone, "validate")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    publish = pionniers(clone, "publish")
    assert publish.returncode == 0, publish.stdout + publish.stderr
    diff = pionniers(clone, "diff", "HEAD")
    assert diff.returncode == 0, diff.stderr
    assert diff.stdout.splitlines()[1].startswith(f"cas ajouté : cases/{slug}.yml (« "), diff.stdout
    assert "  chiffre ajouté : " in diff.stdout and "    preuve : « " in diff.stdout
    assert "1 cas changé (1 ajouté, 0 renommé, 0 retiré, 0 modifié)" in diff.stdout.splitlines()[0]


RULES = ["J’ai écrit le récit avec mes propres mots.",
         "Je n’ai rien ajouté que les sources ne disent pas, et j’ai écrit «\u00a0non précisé\u00a0» là où elles se taisent.",
         "Chaque chiffre a sa source et les mots exacts qui le donnent."]
FORM = {
    "title": "Lucie Essai et Roue Libre Essai : des vélos réparés, des emplois créés",
    "slug": "lucie-essai-roue-libre",
    "kind": "Entrepreneur social Ashoka",
    "summary": "Lucie Essai fonde Roue Libre Essai, un atelier où des personnes éloignées de l’emploi réparent des vélos.",
    "people": "Lucie Essai | fondatrice de Roue Libre Essai",
    "organisations": "Roue Libre Essai | association | porteur | l’accompagnement des salariés\n"
                     "Transports Essai | entreprise | partenaire | des vélos à réparer",
    "start_year": "2015",
    "place": "Villeurbanne",
    "scale": "Locale",
    "themes": ["L’insertion par le recyclage"],
    # Each paragraph ends with the number of its source (its line in « Sources »), as the form asks.
    "challenge": "Des habitants restent longtemps sans emploi.[^1]\n\nLes vélos abandonnés s’entassent.[^1]",
    "innovation": "Lucie Essai ouvre un atelier de réparation en 2015.[^1]",
    "co_creation": "L’entreprise de transport confie ses vélos ; l’association encadre les salariés.[^1]",
    "results": "Plus de 120 personnes ont travaillé à l’atelier.[^1]",
    "figures": "plus de 120 | personnes | employées à l’atelier | depuis 2015 | atteint | 1 | plus de 120 personnes "
               "employées depuis 2015",
    "sources": "Roue Libre Essai, un atelier qui embauche | Journal d’essai | non précisé | 3 mars 2020",
    "questions": "Que gagne l’entreprise de transport ?",
    "rules": RULES,
}


def test_a_proposal_through_the_form(clone: Path) -> None:
    mistakes = {**FORM,
                "slug": "Lucie Essai",
                "organisations": FORM["organisations"].replace(" | des vélos à réparer", " |"),
                "figures": "beaucoup | personnes | employées à l’atelier | depuis 2015 | atteint | 1 | plus de 120",
                "challenge": "## Le problème\n\n" + FORM["challenge"],
                "themes": []}
    (clone.parent / "issue.md").write_text(render(mistakes), encoding="utf-8")
    first = pionniers(clone, "from-issue", "../issue.md", "--issue", "42", "--reply", "../reponse.md")
    assert first.returncode == 1, first.stdout + first.stderr
    answer = (clone.parent / "reponse.md").read_text(encoding="utf-8")
    for named in ("«\u00a0Identifiant du cas\u00a0»", "« Organisations », ligne 2", "« Thèmes »", "« Le défi », ligne 1",
                  "« Chiffres d’impact », ligne 1"):
        assert named.replace("\u00a0", " ") in answer, (named, answer)
    assert "par exemple « lucie-essai »" in answer and "nombre illisible « beaucoup »" in answer
    assert "écrivez « non précisé » si la source ne le dit pas" in answer and "titre Markdown interdit" in answer
    assert sh("git", "status", "--porcelain", cwd=clone).stdout == "", "nothing is written while there is a mistake"

    (clone.parent / "issue.md").write_text(render(FORM), encoding="utf-8")
    second = pionniers(clone, "from-issue", "../issue.md", "--issue", "42", "--reply", "../reponse.md",
                       "--pr-body", "../pr.md")
    assert second.returncode == 0, second.stdout + second.stderr
    assert (clone / "cases/lucie-essai-roue-libre.yml").is_file()
    assert "Closes #42" in (clone.parent / "pr.md").read_text(encoding="utf-8")
    # Nobody has reviewed it yet: validation says so until a maintainer does, and writes the date.
    proposed = clone / "cases/lucie-essai-roue-libre.yml"
    pending = pionniers(clone, "validate")
    assert pending.returncode == 1 and "personne n’a encore relu ce cas" in pending.stdout, pending.stdout
    proposed.write_text(proposed.read_text(encoding="utf-8").replace("reviewed: à relire", 'reviewed: "2026-11-24"'),
                        encoding="utf-8")
    published_and_shown_as_added(clone, "lucie-essai-roue-libre")
    found_everywhere(clone, "lucie-essai-roue-libre", FORM["title"], "insertion-recyclage", "roue-libre-essai",
                     "villeurbanne")


# What a newcomer types over each « À COMPLÉTER » of the template `pionniers new` writes.
FILLED = {
    "À COMPLÉTER : titre du cas": "Paul Essai et la Cantine Essai : cuisiner pour s’insérer",
    "À COMPLÉTER : prénom et nom": "Paul Essai",
    "À COMPLÉTER : rôle dans le cas": "fondateur de la Cantine Essai",
    "À COMPLÉTER : nom de l’organisation": "Cantine Essai",
    "À COMPLÉTER : porteur, partenaire…": "porteur",
    "À COMPLÉTER : ce qu’elle apporte selon la source, ou non précisé": "non précisé",
    "À COMPLÉTER : le lieu que la source nomme, ou non précisé": "Roubaix",
    "À COMPLÉTER : une phrase qui résume le cas (300 caractères au plus).":
        "Paul Essai ouvre une cantine où des personnes éloignées de l’emploi apprennent à cuisiner.",
    "À COMPLÉTER : le problème social, concrètement.": "Des jeunes quittent l’école sans métier.",
    "À COMPLÉTER : ce que le pionnier a fait autrement, et quand.": "Une cantine qui forme en servant des repas.",
    "À COMPLÉTER : qui travaille avec qui, et ce que chacun apporte.": "La cantine travaille seule ; la source ne "
                                                                       "nomme pas de partenaire.",
    "À COMPLÉTER : ce qui a changé, chiffres à l’appui.": "Environ 40 jeunes formés chaque année.",
    "À COMPLÉTER : personnes, ménages, %…": "jeunes",
    "À COMPLÉTER : ce qui est compté": "formés",
    "À COMPLÉTER : les mots exacts de la source qui donnent ce chiffre, recopiés aussi dans ses extraits":
        "environ 40 jeunes formés chaque année",
    "À COMPLÉTER : une question pour la discussion en cours": "Qu’apporte la cantine à ses clients ?",
    "À COMPLÉTER : une question que les sources laissent ouverte (ou retirez unknowns)":
        "Combien de jeunes formés trouvent un emploi ensuite ?",
}
# And over each « À COMPLÉTER » of the source record it writes beside the case (sources/<slug>-1.yml).
FILLED_RECORD = {
    "À COMPLÉTER : titre du document, tel qu’il l’écrit": "La Cantine Essai forme des jeunes",
    "À COMPLÉTER : éditeur, ou non précisé": "Journal d’essai",
    "À COMPLÉTER : auteur, ou non précisé": "non précisé",
    "À COMPLÉTER : date de publication telle que le document la donne, ou non précisé": "non précisé",
    "À COMPLÉTER : un passage du document, recopié mot pour mot": "À Roubaix, environ 40 jeunes formés chaque année.",
}


def test_a_case_started_with_pionniers_new(clone: Path) -> None:
    made = pionniers(clone, "new", "paul-essai-cantine")
    assert made.returncode == 0, made.stdout + made.stderr
    path, record = clone / "cases/paul-essai-cantine.yml", clone / "sources/paul-essai-cantine-1.yml"
    first = pionniers(clone, "validate", "cases/paul-essai-cantine.yml")  # the record it cites is checked with it
    assert first.returncode == 1
    unfilled = {(line.split(":")[0], line.split("] ")[0].split(" [")[-1]) for line in first.stdout.splitlines()[:-1]}
    case, source = "cases/paul-essai-cantine.yml", "sources/paul-essai-cantine-1.yml"
    assert {(case, "title"), (case, "people[0].name"), (case, "organisations[0].brings"), (case, "territory.place"),
            (case, "summary"), (case, "story.results"), (case, "figures[0].evidence"), (source, "date"),
            (source, "extraits[0]")} <= unfilled, unfilled
    assert first.stdout.splitlines()[-1].endswith("dans 2 fichiers sur 2 vérifiés."), first.stdout
    filled = record.read_text(encoding="utf-8")
    for placeholder, words in FILLED_RECORD.items():
        assert placeholder in filled, placeholder
        filled = filled.replace(placeholder, words)
    record.write_text(filled, encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    for placeholder, words in FILLED.items():
        assert placeholder in text, placeholder
        text = text.replace(placeholder, words)
    text = text.replace("value: 0\n", "value: 40\n").replace("qualifier: exact", "qualifier: about")
    text = text.replace("time: {since: 2013}", "time: {during: \"1 an\", wording: \"chaque année\"}")
    text = text.replace("themes:\n  - integration-emploi", "themes:\n  - integration-emploi\n  - entrepreneuriat")
    path.write_text(text, encoding="utf-8")
    published_and_shown_as_added(clone, "paul-essai-cantine")
    found_everywhere(clone, "paul-essai-cantine", FILLED["À COMPLÉTER : titre du cas"], "entrepreneuriat",
                     "cantine-essai", "roubaix")
