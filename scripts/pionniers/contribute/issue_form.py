"""The proposal form (.github/ISSUE_TEMPLATE/proposer-un-cas.yml) and the body GitHub writes when someone submits it.

GitHub renders a submitted issue form as Markdown: each field is a `### <label>` heading followed by the answer;
`_No response_` stands for an empty optional field; checkboxes are `- [X] <option>` (or `- [ ]`); a text area
with `render:` comes inside a fenced code block. The form file is the one source of the labels: each answer is
found under its field's label and known by the field's `id`, which is what the converter reads.

The body is untrusted text. A label heading must appear exactly once and in the form's order, so that nothing typed
inside one answer can pass for another field; the answers are returned as text, with the line each starts at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

FORM = Path(".github") / "ISSUE_TEMPLATE" / "proposer-un-cas.yml"
NO_RESPONSE = "_No response_"
MAX_BODY = 65536  # GitHub's own limit for an issue body
_CHECKBOX = re.compile(r"- \[( |x|X)?\] (.*)")
_FENCE = re.compile(r"(`{3,}|~{3,})[\w-]*")


class FormError(Exception):
    """The form definition itself is missing or unusable (a fault of the repository, not of the contributor)."""


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    type: str  # input, textarea, dropdown, checkboxes
    options: tuple[str, ...] = ()
    render: str = ""
    required: bool = False


@dataclass(frozen=True)
class Answer:
    text: str  # the answer, fences removed, "" when empty
    line: int  # 1-based line of the body where the answer starts (0 when the field is missing)
    checked: tuple[str, ...] = ()  # for checkboxes: the options ticked


@dataclass(frozen=True)
class Remark:
    """Something to fix, said to the contributor: the form field's label, the line inside the answer (1-based; 0 for
    the answer as a whole), the text of that line, and what to do."""

    label: str
    line: int
    text: str
    message: str


@dataclass
class Parsed:
    answers: dict[str, Answer] = field(default_factory=dict)
    remarks: list[Remark] = field(default_factory=list)


def load_form(path: Path) -> list[Field]:
    """The fields of the form, in order (its Markdown blocks are not fields)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise FormError(f"formulaire illisible ({path}) : {err}") from None
    fields = []
    for item in data.get("body", []) if isinstance(data, dict) else []:
        if item.get("type") == "markdown":
            continue
        attrs = item.get("attributes", {})
        options = tuple(o["label"] if isinstance(o, dict) else str(o) for o in attrs.get("options", []))
        fields.append(Field(item["id"], attrs["label"], item["type"], options, attrs.get("render", ""),
                            bool(item.get("validations", {}).get("required"))))
    if not fields:
        raise FormError(f"formulaire sans champ : {path}")
    return fields


def parse_body(body: str, fields: list[Field]) -> Parsed:
    """Every field's answer, or a remark naming the field when its heading is missing, repeated or out of place."""
    parsed = Parsed()
    if len(body) > MAX_BODY:
        parsed.remarks.append(Remark("", 0, "", f"texte de {len(body)} caractères : {MAX_BODY} au plus"))
        return parsed
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    headings = {f"### {f.label}": f for f in fields}
    where: dict[str, list[int]] = {f.id: [] for f in fields}
    for index, line in enumerate(lines):
        known = headings.get(line.rstrip())
        if known is not None:
            where[known.id].append(index)
    starts: list[tuple[int, Field]] = []
    for f in fields:
        found = where[f.id]
        if len(found) > 1:
            parsed.remarks.append(Remark(f.label, 0, "", f"le titre « ### {f.label} » apparaît {len(found)} fois : "
                                         "une ligne d’une réponse ne peut pas reprendre le titre d’un champ ; "
                                         "retirez-la ou reformulez-la"))
        elif not found:
            parsed.remarks.append(Remark(f.label, 0, "", "champ absent du texte de l’issue : remettez son titre "
                                         f"« ### {f.label} » suivi de la réponse (ou repartez du formulaire)"))
        else:
            starts.append((found[0], f))
    if [f.id for _, f in sorted(starts, key=lambda s: s[0])] != [f.id for _, f in starts]:
        parsed.remarks.append(Remark("", 0, "", "les champs ne sont plus dans l’ordre du formulaire : remettez-les "
                                     "dans leur ordre, ou repartez du formulaire"))
        return parsed
    if any(r.line == 0 and r.label for r in parsed.remarks):
        return parsed
    bounds = [s for s, _ in starts] + [len(lines)]
    for (start, f), end in zip(starts, bounds[1:]):
        chunk = lines[start + 1:end]
        first = start + 2
        while chunk and not chunk[0].strip():
            chunk, first = chunk[1:], first + 1
        while chunk and not chunk[-1].strip():
            chunk = chunk[:-1]
        parsed.answers[f.id] = _answer(f, chunk, first, parsed.remarks)
    return parsed


def _answer(f: Field, chunk: list[str], first: int, remarks: list[Remark]) -> Answer:
    text = "\n".join(chunk)
    if text.strip() == NO_RESPONSE or not text.strip():
        return Answer("", first)
    if f.type == "checkboxes":
        ticked = []
        for offset, line in enumerate(chunk, 1):
            match = _CHECKBOX.fullmatch(line.strip())
            if not match or match.group(2).strip() not in f.options:
                remarks.append(Remark(f.label, offset, line, "ligne inattendue : ce champ ne contient que les cases "
                                      "du formulaire, « - [X] » pour une case cochée, « - [ ] » sinon"))
            elif match.group(1) in ("x", "X"):
                ticked.append(match.group(2).strip())
        return Answer(text, first, tuple(ticked))
    if f.render and len(chunk) >= 2 and _FENCE.fullmatch(chunk[0].strip()):
        fence = _FENCE.fullmatch(chunk[0].strip()).group(1)  # type: ignore[union-attr]
        if chunk[-1].strip() == fence:
            inner = chunk[1:-1]
            return Answer("\n".join(inner), first + 1)
    return Answer(text, first)
