"""The package's layout: one sub-package per stage of the pipeline, each importing only the stages before it (as its
docstring's « May import: » line says), no import circle anywhere, and code that describes itself, not the issue
that asked for it. The map itself is printed by `scripts/module_map.py`."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import module_map  # noqa: E402  (scripts/module_map.py)

PACKAGE = ROOT / "scripts" / "pionniers"
STAGES = ("common", "model", "pages", "site", "contribute")


def test_the_package_has_no_import_circle() -> None:
    found = module_map.cycles(module_map.imports(PACKAGE))
    assert found == [], "import circles: " + " ; ".join(" → ".join(group) for group in found)


def test_every_import_follows_the_stages_rules() -> None:
    wrong = module_map.forbidden(module_map.imports(PACKAGE), module_map.rules(PACKAGE))
    assert wrong == [], "\n".join(wrong)


def test_the_stages_are_layered_as_the_readme_draws_them() -> None:
    rules = module_map.rules(PACKAGE)
    assert set(rules) == {f"pionniers.{s}" for s in STAGES}
    for i, name in enumerate(("common", "model", "pages")):
        assert rules[f"pionniers.{name}"] == {f"pionniers.{s}" for s in STAGES[:i]}
    earlier = {"pionniers.common", "pionniers.model", "pionniers.pages"}
    assert rules["pionniers.site"] == earlier and rules["pionniers.contribute"] == earlier


def test_every_module_belongs_to_a_stage_and_each_stage_says_what_it_owns() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "cli.py"], f"a module outside every stage: {top}"
    for name in STAGES:
        doc = (PACKAGE / name / "__init__.py").read_text(encoding="utf-8")
        assert re.search(r"^May import:", doc, flags=re.M), name
        modules = sorted(p.stem for p in (PACKAGE / name).glob("*.py") if p.stem != "__init__")
        named = set(re.findall(r"`([a-z_]+)`", doc))
        assert set(modules) <= named, f"pionniers.{name}'s docstring does not name {set(modules) - named}"


def test_nothing_but_the_command_line_imports_the_command_line() -> None:
    users = {i.module for i in module_map.imports(PACKAGE) if i.target == "pionniers.cli"}
    assert users == {"pionniers.__main__"}


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    package = tmp_path / "pionniers"
    for rel, text in files.items():
        path = package / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


def test_the_checks_catch_a_circle_made_inside_a_function_and_a_forbidden_import(tmp_path: Path) -> None:
    package = _package(tmp_path, {
        "__init__.py": "",
        "common/__init__.py": '"""Helpers.\n\nMay import: nothing else of pionniers.\n"""\n',
        "common/a.py": "def f():\n    from pionniers.model import b\n    return b\n",
        "model/__init__.py": '"""Model.\n\nMay import: `pionniers.common` (never `pionniers.site`).\n"""\n',
        "model/b.py": "from pionniers.common import a\nfrom . import c\n",
        "model/c.py": "from ..site import d\n",
        "site/__init__.py": '"""Site.\n\nMay import: `pionniers.common`, `pionniers.model`.\n"""\n',
        "site/d.py": "import pionniers.model.c\n",
    })
    found = module_map.imports(package)
    assert module_map.cycles(found) == [["pionniers.common.a", "pionniers.model.b"],
                                        ["pionniers.model.c", "pionniers.site.d"]]
    rules = module_map.rules(package)
    assert rules["pionniers.model"] == {"pionniers.common"}  # « never … » grants nothing
    assert module_map.forbidden(found, rules) == [
        "pionniers.common.a:2 imports pionniers.model.b (pionniers.common may import: nothing else of pionniers)",
        "pionniers.model.c:1 imports pionniers.site.d (pionniers.model may import: pionniers.common)",
    ]


def test_a_stage_without_its_rule_is_refused(tmp_path: Path) -> None:
    package = _package(tmp_path, {"__init__.py": "", "model/__init__.py": '"""Model, no rule."""\n'})
    with pytest.raises(ValueError, match="May import"):
        module_map.rules(package)


def test_the_map_lists_every_module_under_its_stage() -> None:
    text = module_map.describe(PACKAGE)
    for name in STAGES:
        assert re.search(rf"^pionniers\.{name}  \(\d+ modules", text, flags=re.M), name
    for path in PACKAGE.glob("*/*.py"):
        if path.stem != "__init__":
            assert re.search(rf"^    {path.stem} +\d+  → ", text, flags=re.M), path


def test_code_describes_itself_not_the_issue_that_asked_for_it() -> None:
    """« Links that never break (issue 12, point 2) » says nothing to a reader who has not read issue 12."""
    pattern = re.compile(r"\b(?:issue|ticket|task) ?#?\d+", re.I)
    paths = [ROOT / name for name in ("mkdocs.yml", "pagefind.yml", "pyproject.toml", ".pre-commit-config.yaml")]
    for folder in ("scripts", "tests", "docs/assets", "overrides", ".github"):
        paths += sorted((ROOT / folder).rglob("*"))
    kinds = {".py", ".j2", ".js", ".css", ".html", ".yml", ".yaml", ".toml"}
    found = []
    for path in paths:
        if path.suffix in kinds and path != Path(__file__) and "__pycache__" not in path.parts:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert found == [], "\n".join(found)
