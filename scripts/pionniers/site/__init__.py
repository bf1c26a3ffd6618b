"""The site: generation of every page and data file into docs/ (`build`), the published build with MkDocs or
Zensical, its second wall on the built HTML (`sitecheck`), the Pagefind index (`search`) and the address manifest
(`manifest`) (`publish`, `mkdocs_feed`), the live preview (`serve`,
`preview`), the offline archive (`archive`) and a scratch project for tests and benchmarks (`sandbox`).

May import: `pionniers.common`, `pionniers.model`, `pionniers.pages` (never `pionniers.contribute`).
"""
