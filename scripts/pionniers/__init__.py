"""Pionniers: case studies of co-creation, validated and published as a static site.

The pipeline, one sub-package per stage; each may import only the stages before it (tests/test_layers.py fails on
any other import, and on any import circle):

    common      shared helpers (characters, problems, paths, French, escaping, vocabularies, slugs)
    model       what a case is and how it is read and checked, file by file and as a corpus
    pages       the pages, drawings, citations, open data and preview images, from a valid corpus
    site        generation into docs/, the published build (MkDocs or Zensical), its checks, search, preview
    contribute  the form's issues, new cases, diffs between revisions, stale figures
    cli         the `pionniers` command: the one module that imports every stage

Package data beside them: templates/ (Jinja2 pages), vocab/ (vocabularies), geo/ (the map), fonts/ (preview images).
"""
