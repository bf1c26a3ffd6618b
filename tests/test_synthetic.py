"""The benchmark corpus (scripts/synthetic.py), cases and their source records, validates against today's schema and
is the same for the same seed:
the benchmark's figures are only comparable from one run to the next if both hold."""

from __future__ import annotations

import sys
from pathlib import Path

from pionniers.common.paths import Layout
from pionniers.model.corpus import check_corpus
from pionniers.site.sandbox import TODAY, make_project

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import synthetic  # noqa: E402


def test_a_synthetic_corpus_validates_and_reads_like_french(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", [], sources=tmp_path / "aucune")  # only the corpus's own records
    paths = synthetic.write_corpus(project / "cases", 40)
    corpus = check_corpus(Layout(project), today=TODAY)
    assert [p.text() for p in corpus.problems] == []
    assert len(corpus.cases) == 40 == len(paths)
    text = " ".join(p.read_text(encoding="utf-8") for p in paths)
    assert "’" in text  # elisions written back (« l’accès »)
    assert {f.shape for c in corpus.cases for f in c.figures} == {"count", "range", "change", "rate"}
    # The records: all written and valid, each cited; some by several cases (a source's page lists them).
    assert set(corpus.sources) == {p.stem for p in (project / "sources").glob("*.yml")}
    citing = {ident: [c.slug for c in corpus.cases if ident in c.sources] for ident in corpus.sources}
    assert all(citing.values()) and max(len(slugs) for slugs in citing.values()) >= 2
    assert any(c.unknowns for c in corpus.cases) and any(f.measure for c in corpus.cases for f in c.figures)


def test_same_seed_same_corpus_other_seed_other_corpus() -> None:
    assert synthetic.cases(5, seed=3) == synthetic.cases(5, seed=3)
    assert synthetic.cases(5, seed=3) != synthetic.cases(5, seed=4)
    assert synthetic.corpus(5, seed=3)[1] == synthetic.corpus(5, seed=3)[1]  # the records too
