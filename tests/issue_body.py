"""An issue body as GitHub writes it when someone submits an issue form: for each field, `### <label>`, a blank
line, the answer (or `_No response_`), a blank line; checkboxes as `- [X] <option>` / `- [ ] <option>`; a text area
with `render:` inside a fenced code block; line ends as the API returns them (CRLF)."""

from __future__ import annotations

from pathlib import Path

import yaml

FORM = Path(__file__).resolve().parent.parent / ".github" / "ISSUE_TEMPLATE" / "proposer-un-cas.yml"


def render(answers: dict[str, object], form: Path = FORM, crlf: bool = True) -> str:
    """`answers`: field id → text, or for checkboxes the list of ticked option labels. Missing → no response."""
    body = yaml.safe_load(form.read_text(encoding="utf-8"))["body"]
    parts = []
    for item in body:
        if item["type"] == "markdown":
            continue
        attrs = item["attributes"]
        value = answers.get(item["id"])
        if item["type"] == "checkboxes":
            ticked = set(value or [])
            text = "\n".join(f"- [{'X' if o['label'] in ticked else ' '}] {o['label']}" for o in attrs["options"])
        elif not value:
            text = "_No response_"
        elif attrs.get("render"):
            text = f"```{attrs['render']}\n{value}\n```"
        else:
            text = str(value)
        parts.append(f"### {attrs['label']}\n\n{text}")
    out = "\n\n".join(parts) + "\n"
    return out.replace("\n", "\r\n") if crlf else out
