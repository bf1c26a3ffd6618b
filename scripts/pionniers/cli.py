"""The `pionniers` command: wires the modules together, holds no rule of its own.

Exit status: 0 all good, 1 problems found, 2 wrong usage, 3 an internal error (a bug of ours, never the input).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import problems as problems_mod
from .chars import visible
from .paths import Layout, find_root


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
    serve = sub.add_parser("serve", help="générer, prévisualiser, régénérer à chaque enregistrement")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="adresse de l’aperçu (127.0.0.1:8000)")
    new = sub.add_parser("new", help="créer un fichier de cas à partir du modèle")
    new.add_argument("slug", help="identifiant du cas, par exemple prenom-nom-organisation")
    sub.add_parser("schema", help="réécrire schema/cas.schema.json et la référence des champs depuis le code")
    return parser


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
        from .build import build

        return build(layout)
    if args.command == "publish":
        from .publish import publish

        return publish(layout, args.site_dir)
    if args.command == "serve":
        from .serve import serve

        return serve(layout, args.dev_addr)
    if args.command == "new":
        from .scaffold import new_case

        return new_case(layout, args.slug)
    if args.command == "schema":
        from .export import write_schema_file

        return write_schema_file(layout)
    return 2


def _validate(layout: Layout, paths: list[Path], fmt: str) -> int:
    from .corpus import check_corpus

    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        print(f"pionniers : introuvable : {', '.join(visible(str(p)) for p in missing)}", file=sys.stderr)
        return 2
    corpus = check_corpus(layout, paths)
    report(corpus.problems, corpus.files, fmt)
    return 0 if corpus.ok else 1


def report(found: list[problems_mod.Problem], files: int, fmt: str = "text") -> None:
    """Print every problem, then one summary line."""
    for problem in found:
        print(problem.github() if fmt == "github" else problem.text())
    print(problems_mod.summary(found, files))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
