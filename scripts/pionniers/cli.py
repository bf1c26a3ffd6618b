"""The `pionniers` command: wires the modules together, holds no rule of its own.

Exit status: 0 all good, 1 problems found, 2 wrong usage, 3 an internal error (a bug of ours, never the input).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from pionniers.common import problems as problems_mod
from pionniers.common.chars import visible
from pionniers.common.paths import Layout, find_root


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors: exit 2, in French
        self.print_usage(sys.stderr)
        print(f"pionniers : erreur d’utilisation : {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="pionniers", description="Valider les cas, générer le site Pionniers.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    val = sub.add_parser("validate", help="vérifier les fichiers de cas (tous ceux de cases/ par défaut)")
    val.add_argument("paths", nargs="*", type=Path, help="fichiers ou dossiers à vérifier")
    val.add_argument("--format", choices=("text", "github"), default="text",
                     help="text (par défaut) ou github (annotations GitHub Actions)")
    sub.add_parser("build", help="valider puis écrire les pages générées et les données ouvertes dans docs/")
    pub = sub.add_parser("publish", help="le site publié : valider, générer, construire (strict), indexer, contrôler")
    pub.add_argument("--site-dir", type=Path, default=None, help="dossier du site construit (site/ par défaut)")
    pub.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs",
                     help="le moteur qui construit le site à partir de mkdocs.yml : mkdocs (par défaut) ou zensical")
    idx = sub.add_parser("index", help="indexer un site déjà construit (après `zensical build`) pour la recherche")
    idx.add_argument("--site-dir", type=Path, default=None, help="dossier du site construit (site/ par défaut)")
    serve = sub.add_parser("serve", help="générer, prévisualiser, régénérer à chaque enregistrement")
    serve.add_argument("--dev-addr", type=_dev_addr, default="127.0.0.1:8000", help="adresse de l’aperçu (127.0.0.1:8000)")
    new = sub.add_parser("new", help="créer un fichier de cas à partir du modèle")
    new.add_argument("slug", help="identifiant du cas, par exemple prenom-nom-organisation")
    sub.add_parser("schema", help="réécrire schema/cas.schema.json et la référence des champs depuis le code")
    stale = sub.add_parser("stale", help="ce qui demande une relecture : cas relus il y a plus de deux ans, chiffres "
                                         "de plus de cinq ans, du plus ancien au plus récent (n’échoue jamais)")
    stale.add_argument("paths", nargs="*", type=Path, help="fichiers ou dossiers à examiner (cases/ par défaut)")
    stale.add_argument("--format", choices=("text", "github"), default="text",
                       help="text (par défaut) ou github (avertissements GitHub Actions)")
    stale.add_argument("--date", type=_iso_date, default=None, help="date de référence AAAA-MM-JJ (aujourd’hui par défaut)")
    diff = sub.add_parser("diff", help="ce qui change dans les cas entre une révision git et l’arbre de travail : "
                                       "cas ajoutés, renommés, retirés, chiffres ajoutés, retirés, modifiés")
    diff.add_argument("base", help="la révision de référence : une branche, une étiquette ou un commit (origin/main)")
    diff.add_argument("--format", choices=("text", "markdown"), default="text",
                      help="text (par défaut) ou markdown (résumé d’une exécution GitHub Actions)")
    issue = sub.add_parser("from-issue", help="un formulaire de proposition (le texte d’une issue GitHub) → "
                                             "cases/<slug>.yml, validé ; sinon ce qu’il faut corriger, champ par champ")
    issue.add_argument("file", help="le texte de l’issue tel que GitHub l’écrit (« - » : l’entrée standard)")
    issue.add_argument("--issue", type=int, default=None, help="le numéro de l’issue (pour la réponse et la pull request)")
    issue.add_argument("--reply", type=Path, default=None, help="écrire la réponse à poster sur l’issue dans ce fichier")
    issue.add_argument("--pr-body", type=Path, default=None, help="écrire la description de la pull request dans ce fichier")
    issue.add_argument("--form", type=Path, default=None,
                       help="le formulaire (.github/ISSUE_TEMPLATE/proposer-un-cas.yml par défaut)")
    man = sub.add_parser("manifest", help="ajouter les nouvelles adresses du site à adresses-publiees.txt")
    man.add_argument("--retirer", nargs="+", default=[], metavar="ADRESSE",
                     help="retirer ces adresses du manifeste (elles ne seront plus garanties)")
    arc = sub.add_parser("archive", help="un zip du site entier, lisible hors ligne depuis le disque (file://)")
    arc.add_argument("--sortie", type=Path, default=None,
                     help="fichier zip à écrire (pionniers-hors-ligne.zip à la racine par défaut)")
    return parser


def _dev_addr(text: str) -> str:
    """HOST:PORT for the preview, the port a number from 1 to 65535."""
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isascii() or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise argparse.ArgumentTypeError(f"« {visible(text)} » : écrivez HÔTE:PORT, le port étant un nombre de 1 à "
                                         "65535 (par exemple 127.0.0.1:8001)")
    return text


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {visible(text)} » n’est pas une date AAAA-MM-JJ") from None


def main(argv: list[str] | None = None) -> int:
    """The command line. A bug of ours never shows a contributor a traceback: one French line and exit 3 instead
    (PIONNIERS_DEBUG=1 shows the traceback to whoever fixes it)."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as err:  # noqa: BLE001 — the last wall between a bug and a contributor's terminal
        if os.environ.get("PIONNIERS_DEBUG"):
            raise
        print(f"pionniers : erreur interne ({type(err).__name__}) : ce n’est pas votre fichier qui est en cause mais "
              "un défaut de Pionniers ; signalez-le en joignant la commande lancée (PIONNIERS_DEBUG=1 affiche le "
              "détail).", file=sys.stderr)
        return 3


def _run(args: argparse.Namespace) -> int:
    layout = Layout(find_root())
    if args.command == "validate":
        return _validate(layout, args.paths, args.format)
    if args.command == "build":
        from pionniers.site.build import build

        return build(layout)
    if args.command == "publish":
        from pionniers.site.publish import publish

        return publish(layout, args.site_dir, engine=args.engine)
    if args.command == "index":
        return _index(layout, args.site_dir or layout.root / "site")
    if args.command == "serve":
        from pionniers.site.serve import serve

        return serve(layout, args.dev_addr)
    if args.command == "new":
        from pionniers.contribute.scaffold import new_case

        return new_case(layout, args.slug)
    if args.command == "stale":
        from pionniers.contribute.stale import stale

        missing = _missing(args.paths)
        return missing or stale(layout, args.paths, args.format, args.date)
    if args.command == "diff":
        from pionniers.contribute.diff import run

        return run(layout, args.base, args.format)
    if args.command == "from-issue":
        from pionniers.contribute.from_issue import run as convert_issue

        return convert_issue(layout, args.file, args.issue, args.reply, args.pr_body, args.form)
    if args.command == "schema":
        from pionniers.pages.export import write_schema_file

        return write_schema_file(layout)
    if args.command == "manifest":
        return _manifest(layout, args.retirer)
    if args.command == "archive":
        from pionniers.site.archive import archive

        return archive(layout, args.sortie)
    return 2


def _manifest(layout: Layout, retire: list[str]) -> int:
    """`pionniers manifest`: add every address the site now publishes; remove only those named with --retirer."""
    from pionniers.site import manifest
    from pionniers.model.corpus import check_corpus

    corpus = check_corpus(layout)
    if not corpus.ok:
        problems_mod.report(corpus.problems, corpus.files)
        print("Manifeste inchangé : corrigez ces problèmes d’abord.", file=sys.stderr)
        return 1
    change = manifest.update(manifest.read(layout.manifest), manifest.current(corpus, layout.docs), retire)
    if change.unknown:
        print(f"pionniers : absente(s) du manifeste, rien retiré : {', '.join(change.unknown)}", file=sys.stderr)
        return 2
    manifest.write(layout.manifest, change.entries)
    for entry in change.removed:
        print(f"retirée : {entry}")
    print(f"{layout.rel(layout.manifest)} : {len(change.added)} adresse(s) ajoutée(s), {len(change.removed)} "
          f"retirée(s), {len(change.entries)} au total.")
    return 0


def _missing(paths: list[Path]) -> int:
    """2 (with a French line) when a path given on the command line does not exist, else 0."""
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        print(f"pionniers : introuvable : {', '.join(visible(str(p)) for p in missing)}", file=sys.stderr)
        return 2
    return 0


def _validate(layout: Layout, paths: list[Path], fmt: str) -> int:
    from pionniers.model.corpus import check_corpus

    if _missing(paths):
        return 2
    corpus = check_corpus(layout, paths)
    problems_mod.report(corpus.problems, corpus.files, fmt)
    return 0 if corpus.ok else 1


def _index(layout: Layout, site: Path) -> int:
    from pionniers.site.search import index_site

    if not (site / "index.html").is_file():
        print(f"pionniers : aucun site construit dans {site} : lancez d’abord `mkdocs build` ou `zensical build`",
              file=sys.stderr)
        return 2
    result = index_site(layout.root, site)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        print("pionniers index : l’indexation Pagefind a échoué.", file=sys.stderr)
        return 1
    print(f"Index de recherche écrit dans {site / 'pagefind'}.")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
