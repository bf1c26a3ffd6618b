"""Property-based tests: whatever a contributor (or an attacker) writes, validation answers and never crashes.

It either accepts the file (a case, no problem) or refuses it (no case, problems at a real line and column).
"""

from __future__ import annotations

import copy
import re
from typing import Any

import yaml
from pionniers_testkit import TODAY, VALID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pionniers.model.corpus import corpus_problems
from pionniers.model.validate import Checked, check_file

_LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
SETTINGS = settings(max_examples=200, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

VALID_FILES = sorted(VALID.glob("*.yml"))
VALID_BYTES = {p.stem: p.read_bytes() for p in VALID_FILES}
REFERENCE = check_file(VALID_BYTES["jean-louis-kiehl-cresus"], "tests/fixtures/valid/jean-louis-kiehl-cresus.yml",
                       today=TODAY)


def assert_answers(raw: bytes, name: str = "cas") -> Checked:
    """check_file must not raise, and its answer must be coherent. Corpus rules must not raise on it either."""
    path = f"tests/fixtures/generated/{name}.yml"
    checked = check_file(raw, path, today=TODAY)
    assert checked.path == path
    if checked.case is not None:
        assert checked.problems == []
        assert checked.loaded is not None
    else:
        assert checked.problems, "a file without a case must come with at least one problem"
    # YAML counts "\r\n", a lone "\r", U+2028 and U+2029 as line breaks; libyaml may point just past the last one
    last_line = len(_LINE_BREAKS.split(raw.decode("utf-8", "replace"))) + 1
    for problem in checked.problems:
        assert problem.path == path
        assert isinstance(problem.line, int) and isinstance(problem.col, int)
        assert 1 <= problem.line <= last_line, problem
        assert problem.col >= 1, problem
        assert problem.message.strip(), problem
        assert problem.text().startswith(f"{path}:{problem.line}:{problem.col}:")
        assert "\n" not in problem.github()
    for problem in corpus_problems([checked, REFERENCE]):
        assert problem.line >= 1 and problem.col >= 1
    return checked


# --- (a) mutations of valid cases ------------------------------------------------------------------------------

names = st.sampled_from(sorted(VALID_BYTES))

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
    st.sampled_from(["no", "yes", "on", "off", "0755", "2014-06-13", "12:30", "70 000", "3,5", "~", "null",
                     "javascript:alert(1)", "<script>alert(1)</script>", '{: onclick="x" }', "--8<-- \"f\"",
                     "[x](data:text/html,x)", "e\u0301", "\u202e", "\x07", "\ufeff", "&#58;", "2027", "", " "]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=12)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(_paths(value, prefix + (key,)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out.extend(_paths(value, prefix + (i,)))
    return out


def _parent(data: Any, path: tuple) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutated_data(draw) -> tuple[str, Any]:
    name = draw(names)
    data = copy.deepcopy(yaml.safe_load(VALID_BYTES[name]))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _parent(data, path)
        action = draw(st.sampled_from(["drop", "replace", "rename"]))
        if action == "drop":
            del parent[path[-1]]
        elif action == "replace":
            parent[path[-1]] = draw(values)
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=12))] = parent.pop(path[-1])
    return name, data


@SETTINGS
@given(mutated_data(), st.booleans(), st.booleans())
def test_mutated_data_never_raises(named, flow, unicode):
    name, data = named
    text = yaml.safe_dump(data, allow_unicode=unicode, default_flow_style=flow, sort_keys=False)
    assert_answers(text.encode("utf-8"), name)


@st.composite
def mutated_text(draw) -> tuple[str, bytes]:
    name = draw(names)
    lines = VALID_BYTES[name].decode("utf-8").split("\n")
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["insert", "duplicate", "indent", "dedent", "delete", "swap", "tab", "key"]))
        if action == "insert":
            at = draw(st.integers(min_value=0, max_value=len(lines[i])))
            chunk = draw(st.one_of(st.text(max_size=8), st.text(alphabet="-:[]{},&*!|>'\"%@`#?~ \t\\", max_size=6)))
            lines[i] = lines[i][:at] + chunk + lines[i][at:]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "indent":
            lines[i] = " " * draw(st.integers(min_value=1, max_value=5)) + lines[i]
        elif action == "dedent":
            lines[i] = lines[i][draw(st.integers(min_value=1, max_value=4)):]
        elif action == "delete" and len(lines) > 1:
            del lines[i]
        elif action == "swap":
            j = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "tab":
            lines[i] = "\t" + lines[i]
        elif action == "key":  # a key that is not plain text, at the top or among the fields of a nested mapping
            indent = " " * draw(st.sampled_from([0, 2, 4]))
            key = draw(st.sampled_from(["[a, b]", "{a: b}", "? [a]\n" + indent, "2014", "true", "~", '"title"', "title"]))
            lines.insert(i, f"{indent}{key}: x")
    raw = "\n".join(lines).encode("utf-8")
    if draw(st.booleans()):  # sometimes break the bytes themselves
        at = draw(st.integers(min_value=0, max_value=len(raw)))
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=4)) + raw[at:]
    return name, raw


@SETTINGS
@given(mutated_text())
def test_mutated_text_never_raises(named):
    name, raw = named
    assert_answers(raw, name)


@SETTINGS
@given(names, st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=3))
def test_truncated_file_never_raises(name, cut, copies):
    raw = VALID_BYTES[name]
    assert_answers((raw * copies)[: cut % (len(raw) * copies + 1)], name)


def test_unmutated_valid_files_are_accepted():
    for name, raw in VALID_BYTES.items():
        checked = assert_answers(raw, name)
        assert checked.case is not None, [p.text() for p in checked.problems]


# --- (b) arbitrary input ---------------------------------------------------------------------------------------


@SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(raw):
    assert_answers(raw)


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text):
    assert_answers(text.encode("utf-8", "surrogatepass"))


YAMLISH = st.lists(st.sampled_from(list("abcno019 \n\t-:[]{},&*!|>'\"%@`#?~.\\=<") + ["\r\n", "---", "...", "  ",
                                                                                         "- ", ": ", "\n  "]),
                   max_size=60).map("".join)


@SETTINGS
@given(YAMLISH)
def test_yaml_like_text_never_raises(text):
    assert_answers(text.encode("utf-8"))


yaml_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.one_of(st.text(max_size=8), st.integers(),
                                                                                   st.booleans()), inner, max_size=5)),
    max_leaves=25,
)


@SETTINGS
@given(yaml_values, st.sampled_from([None, True, False]), st.sampled_from([None, "'", '"', "|", ">"]))
def test_arbitrary_yaml_documents_never_raise(value, flow, style):
    text = yaml.dump(value, allow_unicode=True, default_flow_style=flow, default_style=style)
    assert_answers(text.encode("utf-8"))
