"""The map of the `pionniers` package: its stages, their modules, and who imports whom.

    .venv/bin/python scripts/module_map.py          # the map, then any import circle or forbidden import (exit 1)
    .venv/bin/python scripts/module_map.py --dot    # the same graph for Graphviz (dot -Tsvg)

Each sub-package of scripts/pionniers/ says in its docstring which stages it may import (a line « May import: »
naming them, or « nothing else of pionniers »): that line is the rule, read here, and tests/test_layers.py fails when
an import breaks it or closes a circle. Imports inside functions count as much as those at the top of a module.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent / "pionniers"
ROOT_NAME = "pionniers"
# The command line is the one module that may import every stage; __main__ only runs it.
TOP_MODULES = {"pionniers.cli": "*", "pionniers.__main__": "pionniers.cli"}


@dataclass(frozen=True)
class Import:
    """`module` imports `target` (a module of the package) at `line`."""

    module: str
    target: str
    line: int


def module_names(package: Path) -> dict[str, Path]:
    """Every module of the package by dotted name (a sub-package by the name of its __init__)."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _absolute(module: str, is_package: bool, level: int, name: str | None) -> str:
    if not level:
        return name or ""
    base = module.split(".")
    base = base[: len(base) - level + (1 if is_package else 0)]
    return ".".join(base + ([name] if name else []))


def imports(package: Path) -> list[Import]:
    """Every import of a module of the package by another, top-level or inside a function."""
    modules = module_names(package)
    found = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                base = _absolute(name, path.name == "__init__.py", node.level, node.module)
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.append(full if full in modules else base)
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            for target in targets:
                while target and target not in modules and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target in modules and target != name and target != ROOT_NAME:
                    found.append(Import(name, target, node.lineno))
    return sorted(set(found), key=lambda i: (i.module, i.line, i.target))


def stage(module: str) -> str:
    """The stage a module belongs to: its sub-package (« pionniers.model »), or the module itself at the top."""
    parts = module.split(".")
    return ".".join(parts[:2])


def rules(package: Path) -> dict[str, set[str]]:
    """What each stage may import, read from the « May import: » line of its docstring (besides itself)."""
    out: dict[str, set[str]] = {}
    for init in sorted(package.glob("*/__init__.py")):
        name = f"{ROOT_NAME}.{init.parent.name}"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        line = re.search(r"^May import:(.*)$", doc, flags=re.M)
        if line is None:
            raise ValueError(f"{init}: no « May import: » line in its docstring")
        said = re.split(r"\bnever\b", line.group(1), flags=re.I)[0]  # « (never `pionniers.site`) » is no permission
        out[name] = set(re.findall(r"`(pionniers\.[a-z_]+)`", said))
    return out


def cycles(found: list[Import]) -> list[list[str]]:
    """Every import circle among modules (each strongly connected group of two or more), sorted."""
    graph: dict[str, set[str]] = {}
    for item in found:
        graph.setdefault(item.module, set()).add(item.target)
        graph.setdefault(item.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm, on a graph of a few dozen modules
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.append(other)
                if other == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def forbidden(found: list[Import], allowed: dict[str, set[str]]) -> list[str]:
    """Each import that crosses stages against the rules, as « module:line imports target (stage may import …) »."""
    out = []
    for item in found:
        here, there = stage(item.module), stage(item.target)
        if here == there:
            continue
        if item.module in TOP_MODULES:
            rule = TOP_MODULES[item.module]
            if rule == "*" or item.target == rule:
                continue
            may = {rule}
        elif here in allowed:
            may = allowed[here]
            if there in may:
                continue
        else:
            may = set()
        said = ", ".join(sorted(may)) or "nothing else of pionniers"
        out.append(f"{item.module}:{item.line} imports {item.target} ({here} may import: {said})")
    return out


def describe(package: Path) -> str:
    """The map as text: each stage, its rule, its modules with their line counts and what each imports."""
    modules = module_names(package)
    found = imports(package)
    allowed = rules(package)
    by_module: dict[str, list[str]] = {}
    for item in found:
        if item.target not in by_module.setdefault(item.module, []):
            by_module[item.module].append(item.target)
    lines = []
    stages = sorted({stage(m) for m in modules if m != ROOT_NAME},
                    key=lambda s: (s in TOP_MODULES, len(allowed.get(s, ())), s != "pionniers.site", s))
    for name in stages:
        members = [m for m in modules if stage(m) == name and m != name] or [name]  # a top module is its own stage
        rule = ", ".join(sorted(allowed[name])) if name in allowed else (
            "every stage" if TOP_MODULES.get(name) == "*" else TOP_MODULES.get(name, ""))
        total = sum(len(modules[m].read_text(encoding="utf-8").splitlines()) for m in members)
        lines.append(f"{name}  ({len(members)} modules, {total} lines; may import: {rule or 'nothing else of pionniers'})")
        for module in members:
            targets = sorted(by_module.get(module, []))
            short = " ".join(t.removeprefix(ROOT_NAME + ".") for t in targets)
            count = len(modules[module].read_text(encoding="utf-8").splitlines())
            label = module.removeprefix(name + ".") if module != name else module.removeprefix(ROOT_NAME + ".")
            lines.append(f"    {label:15} {count:5}  → {short or '—'}")
    return "\n".join(lines)


def dot(package: Path) -> str:
    """The import graph in Graphviz's language, one cluster per stage."""
    modules = module_names(package)
    out = ["digraph pionniers {", "  rankdir=LR; node [shape=box, fontsize=10];"]
    for name in sorted({stage(m) for m in modules if m != ROOT_NAME}):
        out.append(f'  subgraph "cluster_{name}" {{ label="{name}";')
        out += [f'    "{m}";' for m in modules if stage(m) == name and m != name]
        out.append("  }")
    edges = {(i.module, i.target) for i in imports(package)
             if i.target in modules and stage(i.target) != i.target or stage(i.module) == i.module}
    out += [f'  "{module}" -> "{target}";' for module, target in sorted(edges)]
    out.append("}")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dot", action="store_true", help="le graphe pour Graphviz")
    args = parser.parse_args()
    if args.dot:
        print(dot(PACKAGE))
        return 0
    print(describe(PACKAGE))
    found = imports(PACKAGE)
    problems = [" → ".join(group) + " (import circle)" for group in cycles(found)]
    problems += forbidden(found, rules(PACKAGE))
    print()
    print("\n".join(problems) if problems else "No import circle; every import follows the stages' rules.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
