"""The GitHub workflows and the issue form are checked like code, offline: actionlint (with shellcheck on every `run:`
script), zizmor (static security analysis) and check-jsonschema (GitHub's schemas, built into the package), plus
the rules of the house that no linter knows: every action pinned to a commit hash with its tag beside it, contributor
text never inside `${{ }}` in a script, the README's install command, least-privilege permissions, one run at a time.

Each linter is first shown a deliberately broken workflow, so that a silent linter cannot pass for a clean one.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pionniers.site.sandbox import ROOT

BIN = Path(sys.executable).parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
INSTALL = 'python3 -m venv .venv && .venv/bin/pip install -q -c requirements.lock -e ".[test]"'
PIN = re.compile(r"^\s*(?:-\s+)?uses:\s*([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)\s*$")


def tool(name: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """A linter from the venv, with no token and no proxy in its environment: whatever it does, it does offline."""
    env = {"PATH": f"{BIN}{os.pathsep}/usr/bin:/bin", "HOME": str(cwd), "LANG": "C.UTF-8", "NO_COLOR": "1"}
    return subprocess.run([str(BIN / name), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def actionlint(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return tool("actionlint", "-no-color", "-shellcheck", str(BIN / "shellcheck"), "-pyflakes=", *args, cwd=cwd)


def zizmor(target: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return tool("zizmor", "--offline", "--no-progress", "--color=never", "--persona=auditor", target, cwd=cwd)


def workflow(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(data: dict) -> list[dict]:
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


# --- the linters see a broken workflow --------------------------------------------------------------------------

BROKEN = """\
name: Cassé
on:
  issues:
    types: [opened]
jobs:
  casse:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.issue.title }}" && cd $HOME/x
"""


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("casse")
    (repo / ".git").mkdir()
    (repo / ".github/workflows").mkdir(parents=True)
    (repo / ".github/workflows/casse.yml").write_text(BROKEN, encoding="utf-8")
    (repo / ".github/ISSUE_TEMPLATE").mkdir()
    (repo / ".github/ISSUE_TEMPLATE/casse.yml").write_text("name: Cassé\nbody:\n  - type: texte\n", encoding="utf-8")
    return repo


def test_the_linters_catch_a_broken_workflow(broken: Path) -> None:
    lint = actionlint(cwd=broken)
    assert lint.returncode == 1
    assert "github.event.issue.title" in lint.stdout and "SC2086" in lint.stdout, lint.stdout  # shellcheck ran
    audit = zizmor(".", cwd=broken)
    assert audit.returncode != 0
    for finding in ("template-injection", "unpinned-uses", "excessive-permissions", "artipacked"):
        assert finding in audit.stdout, (finding, audit.stdout)
    form = tool("check-jsonschema", "--builtin-schema", "vendor.github-issue-forms",
                str(broken / ".github/ISSUE_TEMPLATE/casse.yml"))
    assert form.returncode == 1 and "texte" in form.stdout, form.stdout


# --- and find nothing in ours -----------------------------------------------------------------------------------


def test_actionlint_with_shellcheck_is_clean() -> None:
    result = actionlint()
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_zizmor_is_clean_even_as_an_auditor() -> None:
    """The strictest persona (it shows pedantic findings and those that may be false positives too)."""
    result = zizmor(".")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout
    for path in WORKFLOWS:
        assert f"completed ./.github/workflows/{path.name}" in result.stderr, path.name


@pytest.mark.parametrize(("schema", "paths"), [
    ("vendor.github-workflows", WORKFLOWS),
    ("custom.github-workflows-require-timeout", WORKFLOWS),
    ("vendor.github-issue-forms", FORMS),
], ids=["workflows", "timeouts", "issue-forms"])
def test_github_schemas_accept_our_files(schema: str, paths: list[Path]) -> None:
    assert paths, f"aucun fichier pour {schema}"
    result = tool("check-jsonschema", "--builtin-schema", schema, *map(str, paths))
    assert result.returncode == 0, result.stdout + result.stderr


# --- rules of the house -------------------------------------------------------------------------------------------


def test_there_are_the_three_workflows() -> None:
    assert [p.name for p in WORKFLOWS] == ["proposition.yml", "publier.yml", "verifier.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_tag(path: Path) -> None:
    lines = [line for line in path.read_text(encoding="utf-8").split("\n") if re.match(r"^\s*(-\s+)?uses:", line)]
    assert lines, f"{path.name} n’utilise aucune action"
    for line in lines:
        assert PIN.match(line), f"{path.name} : action non épinglée à un commit (avec « # vX.Y.Z ») : {line.strip()}"


def test_one_action_one_pin() -> None:
    """The same action at the same hash everywhere: an upgrade is one decision, not one per file."""
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").split("\n"):
            match = PIN.match(line)
            if match:
                pins.setdefault(match.group(1), set()).add((match.group(2), match.group(3)))
    assert pins and all(len(found) == 1 for found in pins.values()), pins


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_inside_a_script(path: Path) -> None:
    """Values reach a script through `env:` only: an expression inside `run:` is pasted into the shell's code."""
    for step in steps(workflow(path)):
        assert "${{" not in step.get("run", ""), f"{path.name} : « ${{{{ }}}} » dans le script de « {step.get('name')} »"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_one_run_at_a_time(path: Path) -> None:
    data = workflow(path)
    assert "permissions" in data, f"{path.name} : pas de permissions au niveau du workflow"
    assert data["permissions"] in ({}, {"contents": "read"}), data["permissions"]
    assert data.get("concurrency", {}).get("group"), f"{path.name} : pas de concurrency"
    for name, job in data["jobs"].items():
        for scope, level in (job.get("permissions") or {}).items():
            assert level in ("read", "write"), (name, scope, level)
    for step in steps(data):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, f"{path.name} : le jeton resterait dans .git"


@pytest.mark.parametrize("name", ["verifier.yml", "publier.yml", "proposition.yml"])
def test_install_is_the_readme_command(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    installs = [s["run"] for s in steps(workflow(GITHUB / "workflows" / name)) if "pip install" in s.get("run", "")]
    assert installs, name
    wanted = INSTALL if name != "proposition.yml" else INSTALL.replace(' -e ".[test]"', " -e .")
    assert wanted in readme
    assert all(run.strip() == wanted for run in installs), installs


def test_checks_and_deployment_run_the_same_build() -> None:
    def commands(name: str) -> list[str]:
        return [s["run"] for s in steps(workflow(GITHUB / "workflows" / name)) if "run" in s and "diff" not in s["run"]]

    assert commands("verifier.yml") == commands("publier.yml")
    pull = workflow(GITHUB / "workflows/verifier.yml")
    assert list(pull["on"]) == ["pull_request"]
    assert any(s.get("uses", "").startswith("actions/upload-artifact@") and s["with"]["path"] == "site/"
               for s in steps(pull))
    deploy = workflow(GITHUB / "workflows/publier.yml")
    assert deploy["on"]["push"]["branches"] == ["main"]
    assert deploy["jobs"]["deployer"]["permissions"] == {"pages": "write", "id-token": "write"}
    used = [s.get("uses", "").split("@")[0] for s in steps(deploy)]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(used)
    publish = next(s for s in steps(deploy) if s.get("run", "").endswith("pionniers publish"))
    assert publish["env"]["PIONNIERS_SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"


def test_the_issue_text_reaches_the_conversion_only_through_the_environment() -> None:
    data = workflow(GITHUB / "workflows/proposition.yml")
    assert data["on"] == {"issues": {"types": ["opened", "edited", "reopened"]}}
    text = (GITHUB / "workflows/proposition.yml").read_text(encoding="utf-8")
    uses = [line.strip() for line in text.split("\n") if "github.event.issue.body" in line or "github.event.issue.title" in line]
    assert uses == ["ISSUE_BODY: ${{ github.event.issue.body }}"], uses
    convert = next(s for s in steps(data) if s.get("id") == "convertir")
    assert '"$ISSUE_BODY"' in convert["run"] and "pionniers from-issue" in convert["run"]
    assert not any("TOKEN" in name for name in convert["env"]), "the conversion step must hold no token"
    job = data["jobs"]["convertir"]
    assert "proposition de cas" in job["if"] and job["environment"] == "propositions"
    form = yaml.safe_load(FORMS[0].read_text(encoding="utf-8"))
    assert form["labels"] == ["proposition de cas"]
    answer = next(s for s in steps(data) if s.get("name") == "Répondre sur l’issue")
    assert answer["env"]["GH_TOKEN"] == "${{ github.token }}" and "--body-file" in answer["run"]


def test_the_readme_lists_every_pin() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").split("\n"):
            match = PIN.match(line)
            if match:
                action, commit, tag = match.groups()
                assert f"| `{action}` | {tag} | `{commit}` |" in readme, (action, tag, commit)
