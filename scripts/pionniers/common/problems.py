"""A problem found in a case file, and the two ways of printing a list of them (terminal, GitHub annotations)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Literal

from pionniers.common.chars import visible

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong, at a place a contributor can find: path relative to the repo, 1-based line and column."""

    path: str
    line: int
    col: int
    message: str
    field: str = ""
    severity: Severity = "error"

    def text(self) -> str:
        """One line for a terminal: a contributor's text inside cannot colour it, move the cursor or add a line."""
        where = f"{visible(self.path)}:{self.line}:{self.col}"
        field = f" [{visible(self.field)}]" if self.field else ""
        label = "attention\u00a0: " if self.severity == "warning" else ""
        return f"{where}:{field} {label}{french_spaces(visible(self.message))}"

    def github(self) -> str:
        """A GitHub Actions annotation, on one line: the contributor's text can neither end the command early nor
        start another (`::` only ever opens this line; line breaks and `%` are encoded, control characters shown)."""
        # https://docs.github.com/actions/reference/workflow-commands-for-github-actions#setting-an-error-message
        title = f"Pionniers : {self.field}" if self.field else "Pionniers"
        message = _data(french_spaces(visible(self.message)))
        return (f"::{self.severity} file={_property(visible(self.path))},line={self.line},col={self.col},"
                f"title={_property(visible(title))}::{message}")


_BEFORE = re.compile(r"(?<=\S) ([:;!?»])")  # a plain space before « : ; ! ? » »
_AFTER = re.compile(r"« ")


def french_spaces(text: str) -> str:
    """French typography for a message: a no-break space inside « » and before : ; ! ? (« Guyane » stays on one
    line with its quotes). What the message quotes keeps its own characters; only these spaces change."""
    return _BEFORE.sub("\u00a0\\1", _AFTER.sub("«\u00a0", text))


def _data(value: str) -> str:
    """A workflow command's message: `%`, CR and LF encoded as GitHub decodes them."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    """A workflow-command property: a comma, colon or line break in it must neither split it nor end the command."""
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def sort(problems: Iterable[Problem]) -> list[Problem]:
    """Sorted by path, then line, then column: the order a contributor reads their files in."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.col, p.field, p.message))


def summary(problems: list[Problem], files: int) -> str:
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if not problems:
        checked = "fichier de cas vérifié" if files <= 1 else "fichiers de cas vérifiés"
        return f"{files} {checked} : aucun problème."
    parts = []
    if errors:
        parts.append(f"{errors} problème{'s' if errors > 1 else ''}")
    if warnings:
        parts.append(f"{warnings} avertissement{'s' if warnings > 1 else ''}")
    touched = len({p.path for p in problems})
    return f"{' et '.join(parts)} dans {touched} {'fichier' if touched == 1 else 'fichiers'} sur {files} vérifiés."


def report(found: list[Problem], files: int, fmt: str = "text") -> None:
    """Print every problem (as terminal lines, or GitHub annotations with `fmt="github"`), then one summary line."""
    for problem in found:
        print(problem.github() if fmt == "github" else problem.text())
    print(summary(found, files))
