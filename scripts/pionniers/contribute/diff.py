"""`pionniers diff BASE`: what changed in the cases between a git revision and the working tree, as a reviewer reads
it — per case, the figures added, removed and changed (old → new, each with the source's words), and the cases
added, renamed (the new case lists the old slug among its aliases) or removed.

It compares the data as written, not validated: a case that no longer (or does not yet) pass validation is still
compared, so that a reviewer sees the change that broke it. Figures are paired when identical, then by what they
count (unit and label, in order): a changed value is a change, a changed unit is one figure removed and one added.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from pionniers.common.chars import visible
from pionniers.common.paths import Layout
from pionniers.contribute.revision import RevisionError, cases_at
from pionniers.model import schema
from pionniers.model.corpus import case_files, read_case
from pionniers.model.load import MAX_BYTES, load_text
from pionniers.pages import wording

_FIGURE = TypeAdapter(schema.Figure)


@dataclass(frozen=True)
class FigureChange:
    kind: str  # "ajouté", "retiré", "modifié"
    old: dict[str, Any] | None = None
    new: dict[str, Any] | None = None


@dataclass
class CaseChange:
    kind: str  # "ajouté", "retiré", "renommé", "modifié"
    slug: str
    title: str
    old_slug: str = ""
    figures: list[FigureChange] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)  # other top-level fields whose value changed


@dataclass(frozen=True)
class Comparison:
    base: str  # the revision as given
    commit: str
    changes: list[CaseChange]
    unreadable: tuple[str, ...] = ()  # files on either side that are not YAML mappings (validate says why)
    skipped: tuple[str, ...] = ()  # entries of the base named like a case that are not regular files (or nested)
    refused: tuple[str, ...] = ()  # entries of the working tree named like a case that are not read (validate says why)


# --- reading both sides -------------------------------------------------------------------------------------------


def _data(raw: bytes, path: str) -> dict[str, Any] | None:
    loaded, _ = load_text(raw, path)
    return loaded.data if loaded is not None else None


def _side(files: dict[str, bytes]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """{slug (the file's name): data} and the files that could not be read as a case at all."""
    cases: dict[str, dict[str, Any]] = {}
    unreadable: list[str] = []
    for path, raw in sorted(files.items()):
        data = _data(raw, path)
        if data is None:
            unreadable.append(path)
        else:
            cases[Path(path).name.removesuffix(".yml")] = data
    return cases, unreadable


def working_tree(layout: Layout) -> tuple[dict[str, bytes], list[str]]:
    """The case files of the working tree, and the entries named like one that are not read (a link, a file in a
    sub-folder…: validate says why)."""
    files, refused = case_files(layout)
    out: dict[str, bytes] = {}
    for path in files:
        try:
            out[layout.rel(path)] = read_case(path, MAX_BYTES)
        except OSError:
            continue  # not a regular file any more: validate reports it
    return out, [p.path for p in refused]


# --- comparing ----------------------------------------------------------------------------------------------------


def _figures(data: dict[str, Any]) -> list[dict[str, Any]]:
    figures = data.get("figures")
    return [f for f in figures if isinstance(f, dict)] if isinstance(figures, list) else []


def _subject(fig: dict[str, Any]) -> tuple[str, str]:
    return str(fig.get("unit", "")), str(fig.get("label", ""))


def compare_figures(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[FigureChange]:
    """Identical figures are left out; then figures counting the same thing are paired, in order."""
    old_left, new_left = list(old), list(new)
    for fig in new:
        if fig in old_left:
            old_left.remove(fig)
            new_left.remove(fig)
    changes: list[FigureChange] = []
    for fig in list(new_left):
        match = next((o for o in old_left if _subject(o) == _subject(fig)), None)
        if match is not None:
            old_left.remove(match)
            new_left.remove(fig)
            changes.append(FigureChange("modifié", match, fig))
    changes.extend(FigureChange("retiré", old=o) for o in old_left)
    changes.extend(FigureChange("ajouté", new=n) for n in new_left)
    return changes


def _title(data: dict[str, Any]) -> str:
    title = data.get("title")
    return title if isinstance(title, str) else ""


def _aliases(data: dict[str, Any]) -> list[str]:
    aliases = data.get("aliases")
    return [a for a in aliases if isinstance(a, str)] if isinstance(aliases, list) else []


def compare(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> list[CaseChange]:
    """Every case added, renamed, removed or modified, in the order of their slugs."""
    renamed = {alias: slug for slug in sorted(new) if slug not in old
               for alias in _aliases(new[slug]) if alias in old and alias not in new}
    changes: list[CaseChange] = []
    for slug in sorted(set(old) | set(new)):
        if slug in renamed:
            continue  # shown under its new slug
        before = old.get(slug)
        before_slug = slug
        if slug not in old:
            before_slug = next((a for a, s in renamed.items() if s == slug), "")
            before = old.get(before_slug) if before_slug else None
        after = new.get(slug)
        if after is None:
            changes.append(CaseChange("retiré", slug, _title(before or {})))
            continue
        if before is None:
            changes.append(CaseChange("ajouté", slug, _title(after), figures=compare_figures([], _figures(after))))
            continue
        figures = compare_figures(_figures(before), _figures(after))
        fields = sorted(k for k in set(before) | set(after) if k not in ("figures", "slug", "aliases")
                        and before.get(k) != after.get(k))
        if before_slug != slug:
            changes.append(CaseChange("renommé", slug, _title(after), before_slug, figures, fields))
        elif figures or fields or before.get("aliases") != after.get("aliases"):
            if before.get("aliases") != after.get("aliases"):
                fields = sorted(fields + ["aliases"])
            changes.append(CaseChange("modifié", slug, _title(after), figures=figures, fields=fields))
    return changes


def diff(layout: Layout, revision: str) -> Comparison:
    """The comparison between `revision` and the working tree. Raises RevisionError for a revision git cannot read."""
    snapshot = cases_at(layout.root, revision)
    old, old_bad = _side(snapshot.files)
    files, refused = working_tree(layout)
    new, new_bad = _side(files)
    return Comparison(revision, snapshot.commit, compare(old, new), tuple(old_bad + new_bad), snapshot.skipped,
                      tuple(refused))


# --- how a figure reads ---------------------------------------------------------------------------------------------


def describe(fig: dict[str, Any] | None) -> str:
    """A figure as its page would say it (« plus de 33 000 ménages (depuis 2013) »); a figure that does not validate,
    as its fields."""
    if fig is None:
        return ""
    try:  # the sentence does not depend on the evidence: a figure written before it was required reads too
        return wording.figure_sentence(_FIGURE.validate_python({"evidence": "-", **fig}))
    except (ValidationError, ValueError, TypeError, KeyError):
        shown = {k: v for k, v in fig.items() if k != "evidence"}
        return json.dumps(shown, ensure_ascii=False)[:300]


def evidence(fig: dict[str, Any] | None) -> str:
    value = fig.get("evidence") if fig else None
    return value if isinstance(value, str) else "(aucune)"


def counts(changes: list[CaseChange]) -> str:
    words = []
    for kind in ("ajouté", "renommé", "retiré", "modifié"):
        n = sum(1 for c in changes if c.kind == kind)
        words.append(f"{n} {kind}{'s' if n > 1 else ''}")
    total = len(changes)
    return f"{total} cas changé{'s' if total > 1 else ''} ({', '.join(words)})"


# --- output -------------------------------------------------------------------------------------------------------


def text_lines(result: Comparison) -> list[str]:
    """The comparison for a terminal: one line per fact, contributor text shown with its invisible characters
    visible (chars.visible), so that it can neither colour the terminal nor start a line of its own."""
    v = visible
    lines = [f"Cas de {v(result.base)} ({result.commit[:12]}) → arbre de travail : {counts(result.changes)}."]
    for change in result.changes:
        where = v(f"cases/{change.slug}.yml")
        if change.kind == "renommé":
            lines.append(f"cas renommé : {v(change.old_slug)} → {v(change.slug)} ({where}, « {v(change.title)} ») : "
                         f"l’ancienne adresse redirige")
        else:
            lines.append(f"cas {change.kind} : {where} (« {v(change.title)} »)")
        for fig in change.figures:
            if fig.kind == "modifié":
                lines.append(f"  chiffre modifié : {v(describe(fig.old))} → {v(describe(fig.new))}")
                lines.append(f"    preuve avant : « {v(evidence(fig.old))} »")
                lines.append(f"    preuve après : « {v(evidence(fig.new))} »")
            else:
                figure = fig.new if fig.kind == "ajouté" else fig.old
                lines.append(f"  chiffre {fig.kind} : {v(describe(figure))}")
                lines.append(f"    preuve : « {v(evidence(figure))} »")
        if change.fields:
            lines.append(f"  autres champs modifiés : {', '.join(v(f) for f in change.fields)}")
    for path in result.unreadable:
        lines.append(f"illisible comme un cas (voir pionniers validate) : {v(path)}")
    for path in result.skipped:
        lines.append(f"ignoré dans {v(result.base)} ({skipped_why(path)}) : {v(path)}")
    for path in result.refused:
        lines.append(f"ignoré dans l’arbre de travail (voir pionniers validate) : {v(path)}")
    return lines


def skipped_why(path: str) -> str:
    """Why an entry of the base named like a case was not compared."""
    return "dans un sous-dossier" if path.count("/") > 1 else "pas un fichier ordinaire"


def markdown(result: Comparison) -> str:
    """The comparison as a job summary (GitHub Markdown), through templates/diff.md.j2: every contributor text is
    made inert there, like on the site's pages."""
    from pionniers.pages.render import environment

    return environment().get_template("diff.md.j2").render(
        result=result, counts=counts(result.changes), describe=lambda f: visible(describe(f)),
        evidence=lambda f: visible(evidence(f)), visible=visible, skipped_why=skipped_why)


def run(layout: Layout, revision: str, fmt: str) -> int:
    """Print the comparison. 0 once compared (it informs); 2 when the revision cannot be read."""
    try:
        result = diff(layout, revision)
    except RevisionError as err:
        print(f"pionniers diff : {err}", file=sys.stderr)
        return 2
    if fmt == "markdown":
        sys.stdout.write(markdown(result))
    else:
        print("\n".join(text_lines(result)))
    return 0
