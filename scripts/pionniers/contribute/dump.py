"""Writing a case file from data: PyYAML's safe dumper only — never text put together by hand — with the choices that
make the file read back exactly by our loader (load.py) and read well by a person:

- a string our loader would not read back as the same plain text (« 2014 », « y », « 70 000 », « null », « 3,5 »)
  is written between double quotes; so is any string a plain scalar cannot hold;
- a string of several lines (a story) is a literal block (`|`), as people write them by hand;
- keys stay in the order given, and lines are never folded.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import yaml

from pionniers.model.load import _plain_type, french_number_hint

HEADER = "# yaml-language-server: $schema=../schema/cas.schema.json\n"
SOURCE_HEADER = "# yaml-language-server: $schema=../schema/source.schema.json\n"


class _Dumper(yaml.SafeDumper):
    """The safe dumper, with our string styles."""


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value.strip("\n"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value if value.endswith("\n") else value + "\n",
                                       style="|")
    if _plain_type(value) is not str or french_number_hint(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _float(dumper: yaml.SafeDumper, value: float) -> yaml.ScalarNode:
    """A float written out in decimals (0.000001, never 1.0e-06, which our loader refuses as YAML 1.1's)."""
    if not math.isfinite(value):
        return dumper.represent_float(value)  # .inf, .nan: validation refuses them with their own message
    text = format(Decimal(repr(value)), "f")
    return dumper.represent_scalar("tag:yaml.org,2002:float", text if "." in text else text + ".0")


_Dumper.add_representer(str, _string)
_Dumper.add_representer(float, _float)


def case_yaml(data: dict[str, Any]) -> str:
    """The text of a case file holding `data`, with the schema line editors use."""
    return HEADER + _yaml(data)


def source_yaml(data: dict[str, Any]) -> str:
    """The text of a source record (sources/<id>.yml) holding `data`, with the schema line editors use."""
    return SOURCE_HEADER + _yaml(data)


def _yaml(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6,
                     default_flow_style=False, indent=2)
