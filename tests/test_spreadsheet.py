"""The open data opens right in a spreadsheet set to French: cas-tableur.csv and chiffres-tableur.csv beside the plain
CSV files, which keep their address and their form."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pionniers.pages import export
from pionniers.site.sandbox import ROOT, generate, make_project


def test_the_spreadsheet_variant_has_semicolons_a_bom_and_decimal_commas() -> None:
    plain = 'slug,valeur,titre\nalpha,3.5,"Un titre, avec virgule ; et point-virgule"\nbeta,70000,v1.2\n'
    data = export.for_spreadsheet(plain)
    assert data.startswith("\ufeff".encode("utf-8"))
    text = data.decode("utf-8-sig")
    assert "\r\n" in text and text.split("\r\n")[0] == "slug;valeur;titre"
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1] == ["alpha", "3,5", "Un titre, avec virgule ; et point-virgule"]
    assert rows[2] == ["beta", "70000", "v1.2"]  # only numbers get a decimal comma


def test_build_writes_both_forms_of_each_table(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", ROOT / "tests/fixtures/site")
    assert generate(project) == 0
    data = project / "docs" / "donnees"
    for name in ("cas", "chiffres"):
        plain = (data / f"{name}.csv").read_bytes()
        sheet = (data / f"{name}-tableur.csv").read_bytes()
        assert not plain.startswith(b"\xef\xbb\xbf") and b"\r\n" not in plain  # today's file, unchanged in form
        plain_rows = list(csv.reader(io.StringIO(plain.decode("utf-8"))))
        sheet_rows = list(csv.reader(io.StringIO(sheet.decode("utf-8-sig")), delimiter=";"))
        assert len(plain_rows) == len(sheet_rows) > 1 and plain_rows[0] == sheet_rows[0]
    assert "cas-tableur.csv" in (data / "index.md").read_text(encoding="utf-8")
