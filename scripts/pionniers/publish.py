"""The JSON Schema, published from the pydantic models (schema.py) and committed as schema/cas.schema.json."""

from __future__ import annotations

import json

from . import schema
from .paths import Layout


def schema_text() -> str:
    return json.dumps(schema.json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schema_files(layout: Layout) -> int:
    layout.schema_file.parent.mkdir(parents=True, exist_ok=True)
    layout.schema_file.write_text(schema_text(), encoding="utf-8")
    print(f"{layout.rel(layout.schema_file)} réécrit depuis scripts/pionniers/schema.py.")
    return 0
