"""The documentation keeps up with the code: every command is in the README, every field in the reference."""

from __future__ import annotations

from pionniers.cli import _parser
from pionniers.model.schema import Case
from pionniers.pages.render import field_reference
from pionniers.site.sandbox import ROOT


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sub = next(a for a in _parser()._actions if a.dest == "command")
    for name in sub.choices:
        assert f"pionniers {name}" in readme, f"`pionniers {name}` n’est pas dans le README"


def test_field_reference_covers_every_field_of_the_schema() -> None:
    names = {name for name, _, _ in field_reference()}
    assert set(Case.model_fields) <= names
    assert {"figures[].value", "figures[].low", "figures[].from", "figures[].per", "figures[].time.since",
            "organisations[].brings", "territory.scale"} <= names
    assert all(description for _, description, _ in field_reference()), "un champ du schéma n’a pas de description"
